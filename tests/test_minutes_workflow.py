"""draft → approved → published; locking, corrections, revisions, comparison, restore, correction requests."""
from __future__ import annotations

import time

import pytest

from eventsite.models import (
    AuditEntry, CorrectionRequest, CorrectionStatus, DocumentStatus, Minutes, MinutesRevision, db,
)
from queue_fixtures import idle_queue, idle_queue_app_config, redis_url  # noqa: F401 (fixtures: app_config)

URL = "/forums/technoprom-2016/cluster-round-table/minutes"


def _minutes() -> Minutes | None:
    db.session.expire_all()
    return db.session.execute(db.select(Minutes)).scalar_one_or_none()


def _save(client, summary: str, version: int | None = None):
    if version is None:
        minutes = _minutes()
        version = minutes.version if minutes else 1
    return client.post(URL + "/summary", data={"summary": summary, "version": version})


@pytest.fixture
def organiser(client, auth, round_table):
    auth.login_as("organiser")
    return client


@pytest.fixture
def published(organiser):
    """Minutes saved (r1), approved (r2) and published (r3)."""
    _save(organiser, "The round table discussed the Cluster.")
    organiser.post(URL + "/approve")
    organiser.post(URL + "/publish")
    assert _minutes().status is DocumentStatus.published
    return organiser


def test_the_organiser_saves_the_summary_of_a_draft(organiser):
    response = _save(organiser, "The round table discussed *the Cluster*.")
    assert response.status_code == 302
    page = organiser.get(URL).get_data(as_text=True)
    assert "<em>the Cluster</em>" in page
    assert "Summary saved as revision 1" in page
    assert [r.number for r in _minutes().revisions] == [1]


def test_approve_then_publish(organiser):
    _save(organiser, "Summary.")
    organiser.post(URL + "/approve")
    page = organiser.get(URL).get_data(as_text=True)
    assert "Approved by Organiser on" in page and "Minutes approved and locked as revision 2" in page
    organiser.post(URL + "/publish")
    minutes = _minutes()
    assert minutes.status is DocumentStatus.published
    assert [(r.number, r.status.value) for r in minutes.revisions] == [(1, "draft"), (2, "approved"), (3, "published")]


def test_a_draft_cannot_be_published_before_it_is_approved(organiser):
    _save(organiser, "Summary.")
    response = organiser.post(URL + "/publish")
    assert response.status_code == 409
    assert "approve them first" in response.get_data(as_text=True)
    assert _minutes().status is DocumentStatus.draft


@pytest.mark.parametrize("step", ["approve", "publish"])
def test_approved_and_published_minutes_refuse_edits(organiser, step):
    _save(organiser, "Original summary.")
    organiser.post(URL + "/approve")
    if step == "publish":
        organiser.post(URL + "/publish")

    response = _save(organiser, "Sneaky change.")

    assert response.status_code == 409
    assert "locked" in response.get_data(as_text=True)
    assert _minutes().summary == "Original summary."
    assert "Sneaky change." not in organiser.get(URL).get_data(as_text=True)


def test_approved_minutes_do_not_follow_later_edits_of_the_record(organiser, round_table):
    organiser.post(URL + "/approve")
    round_table.points[0].body = "A body changed after approval."
    db.session.commit()
    page = organiser.get(URL).get_data(as_text=True)
    assert "Cooperation between IT and biopharmaceutical technologies." in page
    assert "A body changed after approval." not in page


def test_a_correction_needs_a_reason(published):
    response = published.post(URL + "/correction", data={"reason": "  "})
    assert response.status_code == 422
    assert "Give the reason for the correction" in response.get_data(as_text=True)
    assert _minutes().status is DocumentStatus.published


def test_a_correction_opens_a_draft_while_the_published_revision_stays_public(published, client, auth, round_table):
    response = published.post(URL + "/correction", data={"reason": "wrong month of the competition"})
    assert response.status_code == 302
    round_table.points[0].body = "Corrected body."
    db.session.commit()
    _save(published, "Corrected summary.")

    minutes = _minutes()
    assert minutes.status is DocumentStatus.draft
    assert minutes.revisions[3].reason == "Correction: wrong month of the competition"
    assert "Corrected summary." in published.get(URL).get_data(as_text=True)

    auth.logout()
    public = client.get(URL).get_data(as_text=True)
    assert "The round table discussed the Cluster." in public
    assert "Corrected" not in public


def test_every_revision_is_kept_and_can_be_read(published):
    published.post(URL + "/correction", data={"reason": "typo"})
    _save(published, "Second wording.")
    listing = published.get(URL + "/revisions").get_data(as_text=True)
    for n in range(1, 6):
        assert f"Revision {n}<" in listing
    assert "Correction: typo" in listing
    first = published.get(URL + "/revisions/1").get_data(as_text=True)
    assert "The round table discussed the Cluster." in first and "Second wording." not in first
    assert published.get(URL + "/revisions/9").status_code == 404


def test_two_revisions_are_compared_side_by_side_with_the_changes_marked(organiser):
    _save(organiser, "The competition opens in June.")
    _save(organiser, "The competition opens in July.")
    page = organiser.get(URL + "/compare?old=1&new=2").get_data(as_text=True)
    assert "Revision 1 compared with revision 2" in page
    assert "<del>June.</del>" in page
    assert "<ins>July.</ins>" in page
    assert "1 line differs" in page
    assert page.count('class="diff-replace"') == 1


def test_an_old_revision_is_restored_as_a_new_draft(organiser):
    _save(organiser, "First wording.")
    _save(organiser, "Second wording.")
    response = organiser.post(URL + "/revisions/1/restore")
    assert response.status_code == 302
    minutes = _minutes()
    assert minutes.summary == "First wording."
    assert [(r.number, r.summary) for r in minutes.revisions] == [
        (1, "First wording."), (2, "Second wording."), (3, "First wording.")]
    assert minutes.revisions[2].reason == "Restored from revision 1"
    assert minutes.status is DocumentStatus.draft


def test_restoring_into_locked_minutes_is_refused(published):
    response = published.post(URL + "/revisions/1/restore")
    assert response.status_code == 409
    assert "start a correction" in response.get_data(as_text=True)
    assert len(_minutes().revisions) == 3


def test_a_stale_summary_edit_is_refused_showing_both_versions(organiser):
    _save(organiser, "Base.")
    loaded_at = _minutes().version
    _save(organiser, "Saved by a colleague.", version=loaded_at)
    response = _save(organiser, "My late edit.", version=loaded_at)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else saved this" in page
    assert "Saved by a colleague." in page and "My late edit." in page
    assert _minutes().summary == "Saved by a colleague."


def test_participants_and_press_cannot_change_the_minutes(client, auth, round_table, users, make):
    make.participation(round_table, users["participant"].person)
    db.session.commit()
    for role in ("participant", "press"):
        auth.login_as(role)
        assert client.post(URL + "/summary", data={"summary": "x", "version": 1}).status_code == 403
        assert client.post(URL + "/approve").status_code == 403
        auth.logout()
    assert _minutes() is None


# --- correction requests ------------------------------------------------------------------------

@pytest.fixture
def participant(client, auth, round_table, users, make):
    make.participation(round_table, users["participant"].person)
    db.session.commit()
    auth.login_as("participant")
    return client


def test_a_participant_reads_the_draft_marked_and_sends_a_correction_request(participant):
    page = participant.get(URL).get_data(as_text=True)
    assert "DRAFT" in page and "Ask for a correction" in page
    response = participant.post(URL + "/requests", data={"text": "Shadrin's title is wrong."})
    assert response.status_code == 302
    page = participant.get(URL).get_data(as_text=True)
    assert "Shadrin&#39;s title is wrong." in page
    assert "Waiting for the organisers" in page
    request, = db.session.execute(db.select(CorrectionRequest)).scalars()
    assert request.status is CorrectionStatus.open and request.author.email == "participant@example.org"


def test_an_empty_correction_request_is_refused_and_nothing_is_stored(participant):
    response = participant.post(URL + "/requests", data={"text": " "})
    assert response.status_code == 422
    assert "Write what should be corrected." in response.get_data(as_text=True)
    assert db.session.execute(db.select(CorrectionRequest)).first() is None


def _send_and_switch(participant, auth, text: str) -> int:
    participant.post(URL + "/requests", data={"text": text})
    request_id = db.session.execute(db.select(CorrectionRequest.id)).scalar_one()
    auth.logout()
    auth.login_as("organiser")
    return request_id


def test_the_organiser_accepts_a_request_and_the_participant_sees_the_answer(participant, auth):
    request_id = _send_and_switch(participant, auth, "Add the venue.")
    assert "Add the venue." in participant.get(URL).get_data(as_text=True)
    participant.post(f"{URL}/requests/{request_id}", data={"decision": "accept", "response": "Added, thanks."})
    auth.logout()
    auth.login_as("participant")
    page = participant.get(URL).get_data(as_text=True)
    assert "accepted" in page and "Added, thanks." in page


def test_a_declined_request_needs_an_answer_and_is_kept(participant, auth):
    request_id = _send_and_switch(participant, auth, "Remove my name.")
    response = participant.post(f"{URL}/requests/{request_id}", data={"decision": "decline", "response": ""})
    assert response.status_code == 422
    assert "Say why the request is declined" in response.get_data(as_text=True)
    participant.post(f"{URL}/requests/{request_id}", data={"decision": "decline", "response": "Attendance is a fact."})
    auth.logout()
    auth.login_as("participant")
    page = participant.get(URL).get_data(as_text=True)
    assert "declined" in page and "Remove my name." in page and "Attendance is a fact." in page
    request = db.session.get(CorrectionRequest, request_id)
    assert request.status is CorrectionStatus.declined


def test_a_participant_sees_only_their_own_requests(participant, auth, users, make, round_table):
    participant.post(URL + "/requests", data={"text": "Mine."})
    other_user = make.user("participant", email="other@example.org",
                           person=make.participation(round_table).person)
    db.session.add(CorrectionRequest(minutes=_minutes(), author=other_user, text="Someone else's request."))
    db.session.commit()
    page = participant.get(URL).get_data(as_text=True)
    assert "Mine." in page and "Someone else" not in page


def test_a_participant_who_did_not_take_part_cannot_send_requests(client, auth, round_table, users):
    auth.login_as("participant")
    assert client.post(URL + "/requests", data={"text": "Let me in."}).status_code == 404
    assert db.session.execute(db.select(CorrectionRequest)).first() is None


def test_revisions_record_is_the_composed_minutes(organiser):
    _save(organiser, "Summary.")
    revision = db.session.execute(db.select(MinutesRevision)).scalar_one()
    assert revision.record["summary"] == "Summary."
    assert revision.record["chair"][0]["native_name"] == "Артём Шадрин"
    assert revision.record["revision"] == 1


def test_a_change_without_the_csrf_token_is_refused(csrf_app, organiser):
    response = organiser.post(URL + "/approve")
    assert response.status_code == 400
    assert _minutes() is None


def test_imported_published_minutes_are_frozen_at_import(client):
    # a bundle carries status and summary; the import composes the record it stands for
    import json
    from importlib.resources import files

    from eventsite.bundles import import_bundle
    from eventsite.models import ForumSession

    import_bundle(json.loads(files("eventsite").joinpath("demo/technoprom-2016.json").read_text()))
    session = db.session.execute(db.select(ForumSession).filter_by(slug="innovation-cluster-vectors-of-development")).scalar_one()
    revision, = db.session.execute(db.select(Minutes).filter_by(session_id=session.id)).scalar_one().revisions
    assert revision.status is DocumentStatus.published
    assert revision.record["summary"] and "Artyom Shadrin" in json.dumps(revision.record)

    url = f"/forums/technoprom-2016/{session.slug}/minutes"
    audit_before = db.session.scalar(db.select(db.func.count(AuditEntry.id)))
    assert "bioinformatics" in client.get(url).get_data(as_text=True).lower()
    # reading writes nothing
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == audit_before

    session.points[0].body = "Edited after the import."
    db.session.commit()
    assert "Edited after the import." not in client.get(url).get_data(as_text=True)


def test_a_point_added_between_revisions_shows_as_inserted_lines(organiser, round_table, make):
    _save(organiser, "Summary.")
    make.point(round_table, title="A late statement", body="Said at the end.")
    db.session.commit()
    _save(organiser, "Summary.")
    page = organiser.get(URL + "/compare?old=1&new=2&only=changes").get_data(as_text=True)
    assert "<ins>6. [Statement] A late statement</ins>" in page
    assert "<ins>Said at the end.</ins>" in page
    assert "Minutes taken by" not in page  # unchanged lines are left out on request



def _compare_long_point(organiser, round_table, make, change) -> tuple[str, float]:
    """Revisions 1 and 2 of minutes whose point of 20,000 words was changed by `change` in between;
    the page comparing them and the CPU seconds it took (the test client answers in this thread; CPU
    time, not wall time, so that a machine busy with other work slows the test without failing it)."""
    words = [f"word{n % 997}" for n in range(20_000)]
    point = make.point(round_table, title="A long statement", body=" ".join(words))
    db.session.commit()
    _save(organiser, "Summary.")
    point.body = " ".join(change(n, w) for n, w in enumerate(words))
    db.session.commit()
    _save(organiser, "Summary.")
    started = time.thread_time()
    page = organiser.get(URL + "/compare?old=1&new=2&only=changes").get_data(as_text=True)
    return page, time.thread_time() - started


def test_words_changed_in_a_point_of_20000_words_are_marked_within_seconds(organiser, round_table, make):
    # difflib's matcher took 107 s per page for a point this long
    page, seconds = _compare_long_point(organiser, round_table, make,
                                        lambda n, w: "CHANGED" if n in (5_000, 15_000) else w)
    assert seconds < 3
    assert "1 line differs" in page
    assert page.count("<del>word15</del>") == 1 and page.count("<del>word45</del>") == 1
    assert page.count("<ins>CHANGED</ins>") == 2


def test_a_point_of_20000_words_changed_throughout_is_shown_replaced_within_seconds(organiser, round_table, make):
    page, seconds = _compare_long_point(organiser, round_table, make,
                                        lambda n, w: "CHANGED" if n % 50 == 0 else w)
    assert seconds < 3
    # too many changes to mark one by one in the time allowed: the old text struck, the new underlined
    assert "1 line differs" in page and "<del>word0 word1 word2" in page and "<ins>CHANGED word1 word2" in page
