"""A queue that does not answer costs speed, not the work: the file is made inside the site."""
from __future__ import annotations

import socket

import pytest

from eventsite.models import DocumentArtifact, db

URL = "/forums/technoprom-2016/cluster-round-table/minutes"


@pytest.fixture
def app_config():
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return {"QUEUE_URL": f"redis://127.0.0.1:{port}/0"}


def test_when_the_queue_does_not_answer_publishing_still_keeps_the_file(client, auth, round_table):
    auth.login_as("organiser")
    assert client.post(URL + "/approve").status_code == 302
    assert client.post(URL + "/publish").status_code == 302
    kept = list(db.session.execute(db.select(DocumentArtifact).order_by(DocumentArtifact.id)).scalars())
    assert len(kept) == 2
    download = client.get(URL + ".pdf")
    assert download.status_code == 200 and download.data == kept[-1].pdf
