"""The record is the truth: revisions are exact snapshots, what was published stays as published,
and a race or a repeated click never loses a step or answers 500."""
from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from eventsite.minutes.workflow import compare_records, revision_record
from eventsite.models import (
    Attendance, DiscussionPoint, DocumentStatus, Minutes, Participation, PressRelease, db,
)

URL = "/forums/technoprom-2016/cluster-round-table/minutes"
SESSION_URL = "/forums/technoprom-2016/cluster-round-table/"


def _minutes() -> Minutes:
    db.session.expire_all()
    return db.session.execute(db.select(Minutes)).scalar_one()


def _save(client, summary: str):
    minutes = db.session.execute(db.select(Minutes)).scalar_one_or_none()
    version = minutes.version if minutes else 1
    return client.post(URL + "/summary", data={"summary": summary, "version": version})


def _pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def _point(title: str) -> DiscussionPoint:
    return db.session.execute(db.select(DiscussionPoint).filter_by(title=title)).scalar_one()


@pytest.fixture
def organiser(client, auth, round_table):
    auth.login_as("organiser")
    return client


def _change_the_record():
    """Edit a point, drop one, and change someone's attendance, straight in the record."""
    _point("Joint IT-Bio projects").body = "Common projects are no longer a focal area."
    db.session.delete(_point("Key vectors of development"))
    pyotr = db.session.execute(
        db.select(Participation).where(Participation.attendance == Attendance.absent)).scalar_one()
    pyotr.attendance = Attendance.attended
    db.session.commit()


def test_restoring_a_revision_gives_back_exactly_that_revision(organiser):
    _save(organiser, "First wording.")
    _change_the_record()
    _save(organiser, "Second wording.")
    assert organiser.post(URL + "/revisions/1/restore").status_code == 302

    minutes = _minutes()
    assert minutes.revision == 3
    restored, original = revision_record(minutes.revisions[2]), revision_record(minutes.revisions[0])
    assert [row.op for row in compare_records(original, restored)] == ["equal"] * len(
        compare_records(original, restored))
    page = organiser.get(URL + "/compare?old=1&new=3").get_data(as_text=True)
    assert "0 lines differ" in page
    # the draft page shows the restored content, attendance and points included
    page = organiser.get(URL).get_data(as_text=True)
    assert "Common projects are a focal area" in page and "no longer a focal area" not in page
    assert "Key vectors of development" in page
    assert "revision 3" in page and "This draft is a restored revision" in page


def test_a_restored_draft_follows_the_record_again_when_asked(organiser):
    _save(organiser, "First wording.")
    _change_the_record()
    organiser.post(URL + "/revisions/1/restore")
    response = organiser.post(URL + "/follow-record", data={"version": _minutes().version})
    assert response.status_code == 302
    page = organiser.get(URL).get_data(as_text=True)
    assert "no longer a focal area" in page and "This draft is a restored revision" not in page
    assert _minutes().revisions[-1].reason == "Takes the session's record as it is now"


def test_the_minutes_page_and_the_revision_page_agree_on_what_a_number_is(organiser):
    _save(organiser, "First wording.")
    page = organiser.get(URL).get_data(as_text=True)
    assert "· revision 1" in page and "draft, not yet a revision" not in page

    _change_the_record()
    page = organiser.get(URL).get_data(as_text=True)
    # the live draft now differs from revision 1: it is not called revision 1
    assert "· revision 1" not in page and "draft, not yet a revision" in page
    assert "no longer a focal area" in page
    kept = organiser.get(URL + "/revisions/1").get_data(as_text=True)
    assert "Common projects are a focal area" in kept and "no longer a focal area" not in kept


@pytest.fixture
def published(organiser, round_table):
    _point("Joint IT-Bio projects").body = "The programme is worth 500 million roubles."
    db.session.commit()
    _save(organiser, "The round table discussed the Cluster.")
    organiser.post(URL + "/approve")
    organiser.post(URL + "/publish")
    assert _minutes().status is DocumentStatus.published
    return organiser


def test_an_edit_after_publication_changes_no_published_document(published, client, auth):
    pdf_before = published.get(URL + ".pdf").data
    point = _point("Joint IT-Bio projects")
    response = published.post(
        f"/forums/technoprom-2016/cluster-round-table/points/{point.id}/edit",
        data={"kind": "decision", "title": point.title, "body": "The programme is worth 5 billion roubles.",
              "speaker_id": 0, "tags": "", "status": "open", "version": point.version})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert "5 billion" in _point("Joint IT-Bio projects").body

    # staff see the live record and what differs from the published minutes
    staff = published.get(SESSION_URL).get_data(as_text=True)
    assert "5 billion" in staff
    assert "The record differs from the published minutes" in staff and "500 million" in staff
    assert "Start a correction" in staff
    # the organiser's pages warn that edits do not change the published minutes
    points = published.get("/forums/technoprom-2016/cluster-round-table/points").get_data(as_text=True)
    assert "The minutes are published" in points

    # the published PDF is unchanged, and so is the page the public reads
    assert "500 million" in _pdf_text(published.get(URL + ".pdf").data)
    assert _pdf_text(published.get(URL + ".pdf").data) == _pdf_text(pdf_before)
    auth.logout()
    public = client.get(SESSION_URL).get_data(as_text=True)
    assert "500 million" in public and "5 billion" not in public
    assert "As recorded in the published minutes" in public


@pytest.mark.parametrize("step", ["approve", "publish"])
def test_a_second_click_on_a_step_is_a_success_not_an_error(organiser, step):
    _save(organiser, "Summary.")
    organiser.post(URL + "/approve")
    if step == "publish":
        organiser.post(URL + "/publish")
    revisions = len(_minutes().revisions)
    response = organiser.post(URL + f"/{step}", follow_redirects=True)
    assert response.status_code == 200
    done = {"approve": "approved", "publish": "published"}[step]
    assert f"These minutes were {done} already." in response.get_data(as_text=True)
    assert len(_minutes().revisions) == revisions


def _race_once(table: str):
    """Another request commits a change of the row between our read and our UPDATE."""
    other = db.engine.connect()
    fired = []

    @sa.event.listens_for(db.session, "before_flush")
    def commit_meanwhile(session, context, instances):
        if not fired:
            fired.append(True)
            other.execute(sa.text(f"UPDATE {table} SET version = version + 1"))
            other.commit()

    return other, commit_meanwhile


def test_a_racing_transition_on_a_press_release_is_a_409_not_a_500(client, auth, round_table, users):
    release = PressRelease(session=round_table, headline="Headline", body="Body.", status=DocumentStatus.draft,
                           revision=0)
    db.session.add(release)
    db.session.commit()
    auth.login_as("press")
    other, listener = _race_once("press_release")
    try:
        response = client.post(f"/press-releases/{release.id}/approve", data={"version": release.version})
    finally:
        sa.event.remove(db.session, "before_flush", listener)
        other.close()
    assert response.status_code == 409
    assert "Someone else changed this press release at the same time" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(PressRelease, release.id).status is DocumentStatus.draft


def test_a_racing_summary_save_shows_the_conflict_and_keeps_the_typed_text(organiser):
    _save(organiser, "First wording.")
    other, listener = _race_once("minutes")
    try:
        response = _save(organiser, "My careful second wording.")
    finally:
        sa.event.remove(db.session, "before_flush", listener)
        other.close()
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "My careful second wording." in page
    assert _minutes().summary == "First wording."
