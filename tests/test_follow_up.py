"""Action follow-up: typed dates, owners who change their actions, overdue flags, the organiser's home."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from eventsite.dates import DateInputError, parse_date
from eventsite.models import ActionStatus, AuditEntry, DiscussionPoint, Minutes, PointKind, db
from eventsite.models.minutes import CorrectionRequest, CorrectionStatus

SESSION = "/forums/technoprom-2016/cluster-round-table/"
POINTS = SESSION + "points"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _action(round_table) -> DiscussionPoint:
    """The fixture's action: the Ministry's, due 26 September 2016, open — long overdue."""
    return next(p for p in round_table.points if p.kind is PointKind.action)


# -- dates as people type them ----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["15.12.2026", "2026-12-15", "15 December", "15 декабря", "15 декабря 2026 г.",
                                  "December 15, 2026", " 15  dec "])
def test_the_date_parser_accepts_the_three_forms(text):
    assert parse_date(text, after=date(2026, 6, 10)) == date(2026, 12, 15)


def test_a_day_without_a_year_is_the_next_one_on_or_after_the_session():
    assert parse_date("1 May", after=date(2026, 6, 10)) == date(2027, 5, 1)
    assert parse_date("10 июня", after=date(2026, 6, 10)) == date(2026, 6, 10)


@pytest.mark.parametrize("text, message", [
    ("next tuesday", "Type a date as 15.12.2026, 2026-12-15 or 15 December."),
    ("15 Smarch", "Type a date as 15.12.2026, 2026-12-15 or 15 December."),
    ("12/15/2026", "Type a date as 15.12.2026, 2026-12-15 or 15 December."),
    ("31.02.2026", "There is no such day: 31.02.2026. Check the day and the month."),
])
def test_the_date_parser_refuses_garbage_with_a_message(app, text, message):
    with pytest.raises(DateInputError) as caught:
        parse_date(text)
    assert str(caught.value) == message


def test_a_garbage_due_date_is_refused_at_the_field_and_nothing_is_saved(client, auth, round_table):
    auth.login_as("organiser")
    before = len(round_table.points)
    response = client.post(POINTS, data={"kind": "action", "speaker_id": 0, "body": "Do it.",
                                         "due_on": "when pigs fly"})
    assert response.status_code == 422
    assert ('<p class="error" id="due_on-error">Type a date as 15.12.2026, 2026-12-15 or 15 December.</p>'
            in response.text)
    assert 'value="when pigs fly"' in response.text  # what was typed stays
    db.session.expire_all()
    assert len(round_table.points) == before


def test_a_garbage_due_date_is_refused_in_russian_too(client, auth, round_table):
    auth.login_as("organiser")
    client.post("/language", data={"language": "ru"})
    response = client.post(POINTS, data={"kind": "action", "speaker_id": 0, "body": "Сделать.", "due_on": "завтра"})
    assert response.status_code == 422
    assert "Введите дату в виде 15.12.2026, 2026-12-15 или 15 декабря." in response.text


def test_the_edit_form_reads_typed_dates_too(client, auth, round_table):
    auth.login_as("organiser")
    action = _action(round_table)
    edit = f"{POINTS}/{action.id}/edit"
    page = client.get(edit).text
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = client.post(edit, data={"kind": "action", "speaker_id": 0, "body": action.body, "title": action.title,
                                       "owner_name": "Ministry of Economic Development of Russia",
                                       "due_on": "1 декабря", "status": "open", "version": version})
    assert response.status_code == 302
    db.session.expire_all()
    assert action.due_on == date(2016, 12, 1)  # the first 1 December after the session


# -- owners follow their actions up -----------------------------------------------------------------

@pytest.fixture
def owner(users, round_table, make):
    """The participant account, linked to a person who owns an action of the round table."""
    person = users["participant"].person
    make.point(round_table, kind=PointKind.action, title="Send the figures", body="To the Ministry.",
               owner_person=person, due_on=date(2016, 7, 1), status=ActionStatus.open)
    db.session.commit()
    return person


def _follow_up_form(page: str, point: DiscussionPoint) -> dict:
    version = re.search(rf'name="action-{point.id}-version" type="hidden" value="(\d+)"', page).group(1)
    return {f"action-{point.id}-version": version}


def test_an_owner_sees_their_action_and_changes_its_status_with_a_note(client, auth, owner, round_table):
    auth.login_as("participant")
    page = client.get("/my/actions").text
    assert "Send the figures" in page and "Overdue" in page
    point = next(p for p in round_table.points if p.title == "Send the figures")
    response = client.post(f"/my/actions/{point.id}", data={
        **_follow_up_form(page, point), f"action-{point.id}-status": "done",
        f"action-{point.id}-progress_note": "Sent on 30 June."})
    assert response.status_code == 302
    db.session.expire_all()
    assert point.status is ActionStatus.done and point.progress_note == "Sent on 30 June."
    entry = db.session.execute(sa.select(AuditEntry).filter_by(entity="discussion_point", entity_id=point.id,
                                                                action="update")
                               .order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
    assert entry.user_id is not None and entry.before["status"] == "open" and entry.after["status"] == "done"
    assert entry.after["progress_note"] == "Sent on 30 June."
    page = client.get("/my/actions").text
    # done: no longer overdue
    assert "Overdue" not in _text(page).split("Send the figures")[1].split("Sent on 30 June.")[0]


def test_the_contact_person_of_an_owning_organisation_sees_its_actions(client, auth, users, round_table):
    action = _action(round_table)
    action.owner_organisation.contact_person = users["participant"].person
    db.session.commit()
    auth.login_as("participant")
    page = client.get("/my/actions").text
    assert "Prepare the cluster programme" in page and "Ministry of Economic Development of Russia" in page
    response = client.post(f"/my/actions/{action.id}", data={
        **_follow_up_form(page, action), f"action-{action.id}-status": "in_progress",
        f"action-{action.id}-progress_note": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert action.status is ActionStatus.in_progress


def test_someone_elses_action_cannot_be_changed_and_is_not_named(client, auth, round_table, users):
    action = _action(round_table)
    auth.login_as("press")
    response = client.post(f"/my/actions/{action.id}", data={f"action-{action.id}-status": "done",
                                                            f"action-{action.id}-version": action.version})
    assert response.status_code == 404
    db.session.expire_all()
    assert action.status is ActionStatus.open


def test_a_stale_follow_up_shows_both_versions_and_changes_nothing(client, auth, owner, round_table):
    auth.login_as("participant")
    page = client.get("/my/actions").text
    point = next(p for p in round_table.points if p.title == "Send the figures")
    stale = _follow_up_form(page, point)
    point.progress_note = "Changed by the organisers meanwhile."
    db.session.commit()
    response = client.post(f"/my/actions/{point.id}", data={
        **stale, f"action-{point.id}-status": "cancelled", f"action-{point.id}-progress_note": "Mine."})
    assert response.status_code == 409
    assert "Someone else saved this while you were editing" in response.text and "Mine." in response.text
    db.session.expire_all()
    assert point.status is ActionStatus.open and point.progress_note == "Changed by the organisers meanwhile."


# -- overdue, flagged in words ----------------------------------------------------------------------

def test_overdue_actions_are_flagged_in_words_on_the_session_page(client, round_table, make):
    make.point(round_table, kind=PointKind.action, title="Not yet due", body="Later.",
               due_on=date.today() + timedelta(days=30), status=ActionStatus.open)
    make.point(round_table, kind=PointKind.action, title="Done late", body="Done.",
               due_on=date(2016, 7, 1), status=ActionStatus.done)
    db.session.commit()
    session_page = _text(client.get(SESSION).text)
    assert session_page.count("Overdue") == 1
    assert session_page.index("Prepare the cluster programme") < session_page.index("Overdue") \
        < session_page.index("Not yet due")


def test_overdue_is_flagged_in_the_minutes_in_the_sessions_language(client, auth, round_table):
    auth.login_as("organiser")
    text = _text(client.get(SESSION + "minutes").text)
    row = text.split("Prepare the cluster programme")[-1][:200]
    assert "Overdue" in row
    round_table.language = "ru"
    db.session.commit()
    text = _text(client.get(SESSION + "minutes").text)
    assert "Просрочено" in text.split("Prepare the cluster programme")[-1][:200]


# -- the organiser's home ---------------------------------------------------------------------------

def _organises(users, forum) -> None:
    from eventsite.organise.service import add_organiser

    add_organiser(forum, users["organiser"])
    db.session.commit()


def test_the_organisers_home_lists_what_needs_them_with_links(client, auth, users, round_table, make):
    _organises(users, round_table.forum)
    minutes = Minutes(session=round_table, summary="")
    db.session.add(minutes)
    db.session.add(CorrectionRequest(minutes=minutes, author=users["participant"], text="Spell my name right.",
                                     status=CorrectionStatus.open))
    db.session.commit()
    response = auth.login_as("organiser")
    assert response.headers["Location"] == "/organise"
    text = client.get("/organise").text
    assert "Spell my name right." in text and "Innovation Cluster: vectors of development" in text
    assert "/forums/technoprom-2016/cluster-round-table/minutes#requests-h" in text
    action = _action(round_table)
    assert f"/forums/technoprom-2016/cluster-round-table/points/{action.id}/edit" in text
    assert "Overdue actions (1)" in _text(text) and "Sessions without approved minutes (1)" in _text(text)


def test_a_session_needs_minutes_until_they_are_approved_and_again_while_corrected(client, auth, users, round_table,
                                                                                    make):
    # the list reads what the database keeps beside each session (0022's triggers on the minutes), through
    # every step that changes the minutes' status, and a session that has no minutes at all
    _organises(users, round_table.forum)
    later = make.session(forum=round_table.forum, slug="later-table", title="A later round table")
    db.session.commit()
    auth.login_as("organiser")
    minutes = "/forums/technoprom-2016/cluster-round-table/minutes"

    def listed() -> list[str]:
        text = _text(client.get("/organise").text)
        return [title for title in ("Innovation Cluster: vectors of development", "A later round table")
                if title in text.split("Sessions without approved minutes")[1].split("Overdue actions")[0]]

    assert listed() == ["Innovation Cluster: vectors of development", "A later round table"]
    client.post(minutes + "/summary", data={"summary": "The round table discussed the Cluster.", "version": 1})
    assert listed() == ["Innovation Cluster: vectors of development", "A later round table"]  # a draft
    assert client.post(minutes + "/approve").status_code == 302
    assert listed() == ["A later round table"]
    assert client.post(minutes + "/publish").status_code == 302
    assert listed() == ["A later round table"]
    assert client.post(minutes + "/correction", data={"reason": "a typo"}).status_code == 302
    assert listed() == ["Innovation Cluster: vectors of development", "A later round table"]
    assert client.post(minutes + "/approve").status_code == 302
    assert listed() == ["A later round table"]
    # the session's minutes go (a bundle imported again may drop them): it needs minutes again
    db.session.execute(sa.delete(Minutes).where(Minutes.session_id == round_table.id))
    db.session.commit()
    assert listed() == ["Innovation Cluster: vectors of development", "A later round table"]
    assert "Sessions without approved minutes (2)" in _text(client.get("/organise").text)


def test_the_organisers_home_pages_each_list_on_its_own(app, client, auth, users, round_table, make):
    app.config["PER_PAGE"] = 5
    _organises(users, round_table.forum)
    for n in range(11):
        make.point(round_table, kind=PointKind.action, title=f"Late {n:02}", body="x", due_on=date(2016, 8, 1),
                   status=ActionStatus.open)
    db.session.commit()
    auth.login_as("organiser")
    first = client.get("/organise")
    text = _text(first.text)
    # 11 new ones and the fixture's own: 12 in all, 5 a page, the longest overdue first
    assert first.status_code == 200 and "Overdue actions (12)" in text and "Page 1 of 3 (12 in all)" in text
    assert "Late 00" in text and "Late 05" not in text and "and 4 more" not in text
    assert 'href="/organise?overdue=2#home-overdue-h"' in first.text
    last = _text(client.get("/organise?overdue=3").text)
    assert "Page 3 of 3 (12 in all)" in last and "Late 10" in last and "Late 00" not in last
    assert "Sessions without approved minutes (1)" in last  # the other lists stay on their first page
    client.post("/language", data={"language": "ru"})
    assert "Страница 3 из 3 (всего 12)" in _text(client.get("/organise?overdue=3").text)


def test_the_organisers_home_counts_a_long_list_up_to_a_cap(app, client, auth, users, round_table, make,
                                                            monkeypatch):
    # past the cap the count says "more than", and the pages stop there: the page costs what it shows
    monkeypatch.setattr("eventsite.paging.COUNT_CAP", 4)
    app.config["PER_PAGE"] = 2
    _organises(users, round_table.forum)
    for n in range(6):
        make.point(round_table, kind=PointKind.action, title=f"Late {n:02}", body="x", due_on=date(2016, 8, n + 1),
                   status=ActionStatus.open)
    db.session.commit()
    auth.login_as("organiser")
    text = _text(client.get("/organise").text)
    assert "Overdue actions (more than 4)" in text and "Page 1 of 2 (more than 4 in all)" in text
    assert "Late 00" in text and "Late 01" in text and "Late 02" not in text
    second = _text(client.get("/organise?overdue=2").text)
    assert "Late 02" in second and "Late 03" in second and "Page 2 of 2" in second
    assert "Sessions without approved minutes (1)" in text  # a list under the cap keeps its number
    client.post("/language", data={"language": "ru"})
    assert "Просроченные поручения (более 4)" in _text(client.get("/organise").text)


def test_the_home_subtitle_says_whose_forums_it_covers(client, auth, users, round_table):
    _organises(users, round_table.forum)
    auth.login_as("organiser")
    assert "Across the forums you organise." in _text(client.get("/organise").text)
    auth.login_as("admin")
    text = _text(client.get("/organise").text)
    assert "Across every forum: as an administrator" in text and "Across the forums you organise" not in text
    client.post("/language", data={"language": "ru"})
    assert "По всем форумам: как администратор" in _text(client.get("/organise").text)


def test_my_actions_are_paginated(app, client, auth, users, round_table, make):
    app.config["PER_PAGE"] = 4
    person = make.person(name="Owner Of Many")
    users["participant"].person = person
    for n in range(9):
        make.point(round_table, kind=PointKind.action, title=f"Mine {n}", body="x", owner_person=person,
                   due_on=date(2016, 8, 1 + n), status=ActionStatus.open)
    db.session.commit()
    auth.login_as("participant")
    text = _text(client.get("/my/actions").text)
    assert "Mine 0" in text and "Mine 3" in text and "Mine 4" not in text and "Page 1 of 3 (9 in all)" in text
    page3 = client.get("/my/actions?page=3")
    assert "Mine 8" in _text(page3.text) and "Mine 7" not in _text(page3.text)
    point = db.session.execute(sa.select(DiscussionPoint).filter_by(title="Mine 8")).scalar_one()
    saved = client.post(f"/my/actions/{point.id}?page=3", data={
        f"action-{point.id}-status": "done", f"action-{point.id}-progress_note": "",
        f"action-{point.id}-version": point.version})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"/my/actions?page=3#action-{point.id}")
    db.session.expire_all()
    assert db.session.get(DiscussionPoint, point.id).status is ActionStatus.done


def test_the_organisers_home_leaves_out_the_forums_they_do_not_organise(client, auth, users, round_table, make):
    other = make.session(make.forum(slug="elsewhere"), title="A round table of another forum")
    _organises(users, round_table.forum)
    auth.login_as("organiser")
    text = _text(client.get("/organise").text)
    assert "Innovation Cluster: vectors of development" in text and "A round table of another forum" not in text
    auth.login_as("admin")
    assert "A round table of another forum" in _text(client.get("/organise").text)
    assert other.id


def test_an_organiser_of_no_forum_is_told_how_to_become_one(client, auth, users):
    auth.login_as("organiser")
    assert "You organise no forum yet" in _text(client.get("/organise").text)


def test_the_organisers_home_is_for_organisers(client, auth, users):
    auth.login_as("participant")
    assert client.get("/organise").status_code == 403
