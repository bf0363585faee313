"""Reading pages: the forum's programme in pages."""
from __future__ import annotations

from datetime import datetime, timedelta

from eventsite.models import db
from tests.conftest import NSK


def test_a_long_programme_is_paginated(app, client, make):
    app.config["SESSIONS_PER_PAGE"] = 5
    forum = make.forum(slug="big")
    start = datetime(2016, 6, 9, 9, tzinfo=NSK)
    for n in range(12):
        make.session(forum, slug=f"s{n:02}", title=f"Session number {n:02}",
                     starts_at=start + timedelta(hours=n), ends_at=start + timedelta(hours=n, minutes=50))
    db.session.commit()
    first = client.get("/forums/big/").get_data(as_text=True)
    assert "Session number 00" in first and "Session number 04" in first and "Session number 05" not in first
    assert "Page 1 of 3 (12 in all)" in first and "/forums/big/?page=2" in first
    last = client.get("/forums/big/?page=3").get_data(as_text=True)
    assert "Session number 10" in last and "Session number 11" in last and "Session number 09" not in last


def test_a_participant_sees_the_action_items_they_own(client, make, users, auth):
    from datetime import date

    from eventsite.models import ActionStatus, PointKind, Visibility

    me = users["participant"].person
    session = make.session(title="Cluster round table", visibility=Visibility.participants)
    make.participation(session, me)
    make.point(session, kind=PointKind.action, title="Send the programme draft", owner_person=me,
               due_on=date(2016, 9, 26), status=ActionStatus.open)
    make.point(session, kind=PointKind.action, title="Someone else's task", owner_person=make.person(),
               status=ActionStatus.open)
    deleted = make.point(session, kind=PointKind.action, title="Deleted task", owner_person=me,
                         status=ActionStatus.open)
    deleted.deleted_at = datetime(2016, 6, 11, tzinfo=NSK)
    db.session.commit()

    auth.login_as("participant")
    page = client.get("/my/actions").get_data(as_text=True)
    assert "Send the programme draft" in page and "26 September 2016" in page and "Cluster round table" in page
    assert "Someone else's task" not in page and "Deleted task" not in page


def test_my_actions_needs_a_login(client):
    response = client.get("/my/actions")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
