"""A refused stale edit is a pause, not a dead end: saving the same form again replaces the saved version."""
from __future__ import annotations

import re

from eventsite.models import db

BASE = "/forums/tp/clusters/points"


def test_after_a_stale_edit_is_refused_saving_again_keeps_the_second_text(client, auth, make):
    auth.login_as("organiser")
    session = make.session(forum=make.forum(slug="tp"), slug="clusters")
    point = make.point(session, body="Original text")
    db.session.commit()
    form = {"kind": "statement", "speaker_id": 0, "status": "open", "version": 1}
    assert client.post(f"{BASE}/{point.id}/edit", data={**form, "body": "First text"}).status_code == 302

    refused = client.post(f"{BASE}/{point.id}/edit", data={**form, "body": "Second text"})
    assert refused.status_code == 409
    # the form now carries the version the second organiser has seen beside their own
    version = re.search(r'name="version" type="hidden" value="(\d+)"', refused.text).group(1)
    assert version == "2"

    again = client.post(f"{BASE}/{point.id}/edit", data={**form, "version": version, "body": "Second text"})
    assert again.status_code == 302
    db.session.refresh(point)
    assert point.body == "Second text"


def test_a_refused_edit_marks_only_what_differs(client, auth, make):
    auth.login_as("organiser")
    session = make.session(forum=make.forum(slug="tp"), slug="clusters")
    point = make.point(session, body="Original text")  # no speaker
    db.session.commit()
    form = {"kind": "statement", "speaker_id": 0, "status": "open", "version": 1}
    client.post(f"{BASE}/{point.id}/edit", data={**form, "body": "First text"})
    refused = client.post(f"{BASE}/{point.id}/edit", data={**form, "body": "Second text"})
    assert refused.status_code == 409
    differing = re.findall(r'<th scope="row">([^<]+) <span class="badge">differs</span>', refused.text)
    assert differing == ["Text"]
