"""An embargo keeps a published release out of every public place until its time, then lets it in.

Time is moved by setting embargo_until in the future or the past; nothing sleeps.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from eventsite.models import db
from eventsite.press import workflow
from press_fixtures import technoprom_session

BASE = "/forums/technoprom-2016/it-bio-cluster-round-table"


@pytest.fixture
def release(make, users):
    session = technoprom_session(make)
    release = workflow.create_press_release(session, users["press"])
    workflow.approve_press_release(release, users["press"])
    workflow.publish_press_release(release, users["press"])
    release.embargo_until = datetime.now(timezone.utc) + timedelta(hours=2)
    db.session.commit()
    return release


def _lift(release):
    release.embargo_until = datetime.now(timezone.utc) - timedelta(minutes=1)
    db.session.commit()


def test_embargoed_release_is_absent_from_the_session_page_until_its_time(client, release):
    assert client.get(f"{BASE}/press-release").status_code == 404
    _lift(release)
    assert "Programmes will be accepted until 26 September 2016." in client.get(f"{BASE}/press-release").get_data(as_text=True)


def test_embargoed_release_is_absent_from_its_newsroom_page_until_its_time(client, release):
    url = f"/newsroom/{release.id}-{workflow.release_slug(release)}"
    assert client.get(url).status_code == 404
    _lift(release)
    assert client.get(url).status_code == 200


def test_embargoed_release_is_absent_from_the_newsroom_until_its_time(client, release):
    assert release.headline not in client.get("/newsroom").get_data(as_text=True)
    _lift(release)
    assert release.headline in client.get("/newsroom").get_data(as_text=True)


def test_embargoed_release_is_absent_from_the_feed_until_its_time(client, release):
    assert release.headline not in client.get("/newsroom.atom").get_data(as_text=True)
    _lift(release)
    assert release.headline in client.get("/newsroom.atom").get_data(as_text=True)


def test_embargoed_release_pdf_is_not_found_until_its_time(client, release):
    assert client.get(f"{BASE}/press-release.pdf").status_code == 404
    assert client.get(f"/newsroom/{release.id}.pdf").status_code == 404
    _lift(release)
    response = client.get(f"{BASE}/press-release.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"


def test_the_press_office_sees_an_embargoed_release_with_a_banner(client, auth, release):
    auth.login_as("press")
    page = client.get(f"{BASE}/press-release").get_data(as_text=True)
    assert "Under embargo" in page
    local = release.embargo_until.astimezone(release.session.forum.zone)
    assert f"EMBARGOED UNTIL {local.day} {local:%B %Y, %H:%M} (Asia/Novosibirsk)" in page


def test_the_embargo_is_entered_in_the_forums_zone(client, auth, make, users):
    session = technoprom_session(make)
    release = workflow.create_press_release(session, users["press"])
    db.session.commit()
    auth.login_as("press")
    client.post(f"/press-releases/{release.id}/edit", data={
        "headline": release.headline, "dateline": release.dateline, "language": "en", "body": release.body,
        "embargo_local": "2016-06-10T18:00", "version": release.version, "action": "save"})
    db.session.refresh(release)
    # Novosibirsk was UTC+6 until 24 July 2016
    assert release.embargo_until == datetime(2016, 6, 10, 12, 0, tzinfo=timezone.utc)
    assert workflow.embargo_text(release) == "10 June 2016, 18:00 (Asia/Novosibirsk)"


def test_a_draft_is_never_public(client, make, users):
    session = technoprom_session(make)
    workflow.create_press_release(session, users["press"])
    db.session.commit()
    assert client.get(f"{BASE}/press-release").status_code == 404
    assert client.get("/newsroom").get_data(as_text=True).count("Technoprom-2016.") == 0
