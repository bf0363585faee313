"""Capturing discussion points while the session runs, and looking after them afterwards."""
from __future__ import annotations

from datetime import date

import pytest

from eventsite.models import ActionStatus, AuditEntry, DatePrecision, PointKind, db

BASE = "/forums/tp/clusters/points"


@pytest.fixture
def organiser(auth):
    auth.login_as("organiser")


@pytest.fixture
def session(make):
    s = make.session(forum=make.forum(slug="tp"), slug="clusters")
    db.session.commit()
    return s


def bodies(session) -> list[str]:
    db.session.expire_all()
    return [p.body for p in session.points if p.deleted_at is None]


def test_points_are_captured_in_order_keeping_kind_and_speaker(client, organiser, session, make):
    speaker = make.participation(session, make.person(name="Artyom Shadrin"))
    db.session.commit()
    for n in range(1, 11):
        response = client.post(BASE, data={"kind": "proposal", "speaker_id": speaker.id, "title": "",
                                           "body": f"Point number {n}", "tags": "clusters, IT"})
        assert response.status_code == 302
    assert bodies(session) == [f"Point number {n}" for n in range(1, 11)]
    assert session.points[0].speaker_id == speaker.id and session.points[0].tags == ["clusters", "IT"]
    # back on the page the next point starts with the same kind and speaker, the cursor in the text
    page = client.get(response.headers["Location"]).text
    assert '<option selected value="proposal">' in page
    assert f'<option selected value="{speaker.id}">' in page
    assert '<textarea aria-describedby="body-hint" autofocus id="body" maxlength="100000" name="body"' in page
    assert "Point 10 saved." in page


def test_a_captured_action_takes_its_owner_and_due_date_in_the_capture_form(client, organiser, session, make):
    make.organisation(name="Ministry of Economic Development")
    db.session.commit()
    response = client.post(BASE, data={"kind": "action", "speaker_id": 0, "body": "Announce the competition.",
                                       "owner_name": "Ministry of Economic Development", "due_on": "15.12.2026"},
                           follow_redirects=True)
    assert "Point 1 saved." in response.text
    point = session.points[0]
    assert point.kind is PointKind.action and point.status is ActionStatus.open
    assert point.owner_name == "Ministry of Economic Development" and point.due_on == date(2026, 12, 15)


def test_a_captured_announcement_takes_a_key_date_in_the_capture_form(client, organiser, session):
    client.post(BASE, data={"kind": "announcement", "speaker_id": 0, "body": "A competition.",
                            "dates-0-label": "Programmes accepted until", "dates-0-date": "26 September 2016",
                            "dates-0-precision": "day"})
    (key_date,) = session.points[0].key_dates
    assert (key_date.label, key_date.date) == ("Programmes accepted until", date(2016, 9, 26))


def test_an_empty_point_is_refused_and_keeps_the_title(client, organiser, session):
    response = client.post(BASE, data={"kind": "topic", "speaker_id": 0, "title": "Bioinformatics", "body": ""})
    assert response.status_code == 422
    assert "Type what was said." in response.text and 'value="Bioinformatics"' in response.text
    assert bodies(session) == []


def test_points_move_up_and_down(client, organiser, session, make):
    a, b, c = (make.point(session, body=x) for x in "ABC")
    db.session.commit()
    client.post(f"{BASE}/{c.id}/move", data={"direction": "up"})
    assert bodies(session) == ["A", "C", "B"]
    client.post(f"{BASE}/{a.id}/move", data={"direction": "down"})
    assert bodies(session) == ["C", "A", "B"]
    client.post(f"{BASE}/{c.id}/move", data={"direction": "up"})  # already first: nothing changes
    assert bodies(session) == ["C", "A", "B"]
    assert 'aria-label="Move point 1 up"' in client.get(BASE).text


def test_a_deleted_point_can_be_undone_and_restored_to_its_place(client, organiser, session, make):
    a, b, c = (make.point(session, body=x) for x in "ABC")
    db.session.commit()
    response = client.post(f"{BASE}/{b.id}/delete", follow_redirects=True)
    assert "Point deleted" in response.text and ">Undo</button>" in response.text
    assert "Deleted points" in response.text
    assert bodies(session) == ["A", "C"]
    assert "B" not in [p.body for p in session.live_points]
    assert client.get("/forums/tp/clusters/").text.count("<p>B</p>") == 0
    client.post(f"{BASE}/{b.id}/restore")
    assert bodies(session) == ["A", "B", "C"]


def test_a_point_is_edited_with_tags_and_audited(client, organiser, session, make, users):
    point = make.point(session, body="Old text")
    db.session.commit()
    response = client.post(f"{BASE}/{point.id}/edit", data={
        "kind": "decision", "speaker_id": 0, "title": "IT in medicine", "body": "New text", "tags": "medicine, IT",
        "status": "open", "version": 1})
    assert response.status_code == 302
    db.session.refresh(point)
    assert (point.kind, point.body, point.tags) == (PointKind.decision, "New text", ["medicine", "IT"])
    entry = db.session.execute(db.select(AuditEntry).filter_by(entity="discussion_point", action="update")).scalar_one()
    assert entry.user_id == users["organiser"].id
    assert (entry.before["body"], entry.after["body"]) == ("Old text", "New text")


def test_an_announcement_has_key_dates_with_month_precision(client, organiser, session, make):
    point = make.point(session, kind=PointKind.announcement, body="The Ministry's programme.")
    db.session.commit()
    response = client.post(f"{BASE}/{point.id}/edit", data={
        "kind": "announcement", "speaker_id": 0, "body": "The Ministry's programme.", "status": "open", "version": 1,
        "dates-0-label": "Competition announced", "dates-0-date": "2016-07", "dates-0-precision": "month",
        "dates-1-label": "Programmes accepted until", "dates-1-date": "2016-09-26", "dates-1-precision": "day",
        "dates-2-label": "", "dates-2-date": "", "dates-2-precision": "day",
    })
    assert response.status_code == 302
    db.session.refresh(point)
    assert [(k.label, k.date, k.precision) for k in point.key_dates] == [
        ("Competition announced", date(2016, 7, 1), DatePrecision.month),
        ("Programmes accepted until", date(2016, 9, 26), DatePrecision.day),
    ]
    page = client.get("/forums/tp/clusters/").text
    assert "Competition announced: <time datetime=\"2016-07\">in July 2016</time>" in page
    assert "Programmes accepted: <time datetime=\"2016-09-26\">until 26 September 2016</time>" in page
    assert "26 September 2016" in page
    # one removed, the other kept
    client.post(f"{BASE}/{point.id}/edit", data={
        "kind": "announcement", "speaker_id": 0, "body": "The Ministry's programme.", "status": "open", "version": 2,
        "dates-0-label": "Competition announced", "dates-0-date": "2016-07", "dates-0-precision": "month",
        "dates-0-remove": "y",
        "dates-1-label": "Programmes accepted until", "dates-1-date": "2016-09-26", "dates-1-precision": "day"})
    db.session.refresh(point)
    assert [k.label for k in point.key_dates] == ["Programmes accepted until"]


def test_a_bad_key_date_is_refused_at_its_field(client, organiser, session, make):
    point = make.point(session, kind=PointKind.announcement)
    db.session.commit()
    response = client.post(f"{BASE}/{point.id}/edit", data={
        "kind": "announcement", "speaker_id": 0, "body": "x", "status": "open", "version": 1,
        "dates-0-label": "Competition announced", "dates-0-date": "July 2016", "dates-0-precision": "month"})
    assert response.status_code == 422
    assert '<p class="error" id="dates-0-date-error">Write the date as 2016-07.</p>' in response.text
    assert 'value="July 2016"' in response.text
    db.session.refresh(point)
    assert point.key_dates == []


def test_an_action_has_an_owner_a_due_date_and_a_status(client, organiser, session, make):
    minec = make.organisation(name="Ministry of Economic Development of Russia")
    point = make.point(session, body="Announce the competition.")
    db.session.commit()
    response = client.post(f"{BASE}/{point.id}/edit", data={
        "kind": "action", "speaker_id": 0, "body": "Announce the competition.", "version": 1,
        "owner_name": "Ministry of Economic Development of Russia", "due_on": "2016-07-31", "status": "in_progress"})
    assert response.status_code == 302
    db.session.refresh(point)
    assert point.owner_organisation_id == minec.id and point.due_on == date(2016, 7, 31)
    assert point.status is ActionStatus.in_progress
    page = client.get(BASE).text
    assert "Owner: Ministry of Economic Development of Russia · due 31 July 2016" in page
    # an unknown owner is refused at the field
    refused = client.post(f"{BASE}/{point.id}/edit", data={
        "kind": "action", "speaker_id": 0, "body": "x", "version": 2, "owner_name": "Nobody", "status": "open"})
    assert refused.status_code == 422 and "No person or organisation matches “Nobody”" in refused.text


def test_a_stale_point_edit_is_refused_showing_both_texts(client, organiser, session, make):
    point = make.point(session, body="Original text")
    db.session.commit()
    # two organisers load the form at version 1
    assert 'name="version" type="hidden" value="1"' in client.get(f"{BASE}/{point.id}/edit").text
    form = {"kind": "statement", "speaker_id": 0, "status": "open", "version": 1}
    first = client.post(f"{BASE}/{point.id}/edit", data={**form, "body": "First organiser's text"})
    assert first.status_code == 302
    second = client.post(f"{BASE}/{point.id}/edit", data={**form, "body": "Second organiser's text"})
    assert second.status_code == 409
    assert "Someone else saved this" in second.text
    assert "First organiser&#39;s text" in second.text
    assert "Second organiser&#39;s text</textarea>" in second.text
    db.session.refresh(point)
    assert point.body == "First organiser's text"


def test_a_month_is_the_end_of_the_month_only_where_the_organiser_says_so(client, organiser, session, make):
    from eventsite.models import MonthPart

    point = make.point(session, kind=PointKind.announcement, body="The Ministry's programme.")
    db.session.commit()
    response = client.post(f"{BASE}/{point.id}/edit", data={
        "kind": "announcement", "speaker_id": 0, "body": "The Ministry's programme.", "status": "open", "version": 1,
        "dates-0-label": "Competition announced", "dates-0-date": "2016-07", "dates-0-precision": "month",
        "dates-0-qualifier": "end",
        "dates-1-label": "Registry pilot starts", "dates-1-date": "2017-05", "dates-1-precision": "month",
        "dates-1-qualifier": "",
    })
    assert response.status_code == 302
    db.session.refresh(point)
    assert [(k.label, k.qualifier) for k in point.key_dates] == [
        ("Competition announced", MonthPart.end), ("Registry pilot starts", None)]
    page = client.get("/forums/tp/clusters/").text
    assert "at the end of July 2016" in page and "in May 2017" in page and "end of May" not in page
    # the edit form shows the recorded part of the month again
    form = client.get(f"{BASE}/{point.id}/edit").text
    assert '<option selected value="end">' in form


def test_a_part_of_the_month_on_a_day_is_refused_at_its_field(client, organiser, session, make):
    point = make.point(session, kind=PointKind.announcement, body="The Ministry's programme.")
    db.session.commit()
    response = client.post(f"{BASE}/{point.id}/edit", data={
        "kind": "announcement", "speaker_id": 0, "body": "The Ministry's programme.", "status": "open", "version": 1,
        "dates-0-label": "Kick-off", "dates-0-date": "2016-06-10", "dates-0-precision": "day",
        "dates-0-qualifier": "end",
    })
    assert response.status_code == 422
    assert "A part of the month goes with a month, not a day." in response.text
    db.session.refresh(point)
    assert point.key_dates == []
