"""/calendar/<token>.ics: a user's secret feed of what they may see in every forum, for calendar
applications that cannot log in; made, replaced and stopped on /account."""
from __future__ import annotations

from datetime import date, datetime, timezone

from icalendar import Calendar

from eventsite.accounts.tokens import new_calendar_feed, revoke_calendar_feed
from eventsite.models import DatePrecision, PointKind, Visibility, db
from matrix import build_world


def _feed(client, token: str):
    response = client.get(f"/calendar/{token}.ics")
    return response, (Calendar.from_ical(response.data) if response.status_code == 200 else None)


def _summaries(calendar) -> set[str]:
    return {str(e["summary"]) for e in calendar.walk("VEVENT")}


def test_a_restricted_session_is_in_its_participants_feed_and_nobody_elses(client, make, users):
    world = build_world(make, users)
    announcement = make.point(world.sessions["participants"], kind=PointKind.announcement)
    make.key_date(announcement, label="Funding decided", date=date(2016, 7, 1), precision=DatePrecision.month)
    db.session.commit()
    feeds = {role: _feed(client, new_calendar_feed(world.accounts[role]))[1]
             for role in ("took_part", "did_not_take_part", "press")}
    db.session.commit()
    assert "Closed Table On Funding" in _summaries(feeds["took_part"])
    assert "Funding decided: July 2016" in _summaries(feeds["took_part"])
    assert "Closed Table On Funding" not in _summaries(feeds["did_not_take_part"])
    assert not any(s.startswith("Funding decided") for s in _summaries(feeds["did_not_take_part"]))
    # internal: staff only, even for someone who took part
    assert "Staff Briefing On Logistics" not in _summaries(feeds["took_part"])
    assert "Staff Briefing On Logistics" in _summaries(feeds["press"])
    # the public forum feed is as it was: what anyone may see
    public = Calendar.from_ical(client.get(f"/forums/{world.forum}/calendar.ics").data)
    assert _summaries(public) == {"Open Talk On Clusters"}


def test_the_feed_has_its_time_zones_and_month_dates_as_the_forum_feed(client, make, users):
    forum = make.forum(slug="technoprom-2016", timezone="Asia/Novosibirsk")
    session = make.session(forum, slug="closed", title="Closed round table", visibility=Visibility.participants)
    make.participation(session, users["participant"].person)
    point = make.point(session, kind=PointKind.announcement)
    make.key_date(point, label="Competition announced", date=date(2016, 7, 1), precision=DatePrecision.month)
    make.key_date(point, label="Programmes accepted until", date=date(2016, 9, 26), precision=DatePrecision.day)
    token = new_calendar_feed(users["participant"])
    db.session.commit()
    response, calendar = _feed(client, token)
    assert response.mimetype == "text/calendar" and "no-store" in response.headers["Cache-Control"]
    zones = [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")]
    assert zones == ["Asia/Novosibirsk"]
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    start = events["Closed round table"].decoded("dtstart")
    assert str(events["Closed round table"]["dtstart"].params["TZID"]) == "Asia/Novosibirsk"
    assert start.astimezone(timezone.utc) == datetime(2016, 6, 10, 8, 0, tzinfo=timezone.utc)
    month = events["Competition announced: July 2016"]
    assert (month.decoded("dtstart"), month.decoded("dtend")) == (date(2016, 7, 1), date(2016, 8, 1))
    day = events["Programmes accepted until: 26 September 2016"]
    assert (day.decoded("dtstart"), day.decoded("dtend")) == (date(2016, 9, 26), date(2016, 9, 27))


def test_a_revoked_or_replaced_address_is_404(client, users):
    user = users["participant"]
    first = new_calendar_feed(user)
    db.session.commit()
    assert _feed(client, first)[0].status_code == 200
    second = new_calendar_feed(user)
    db.session.commit()
    assert _feed(client, first)[0].status_code == 404
    assert _feed(client, second)[0].status_code == 200
    revoke_calendar_feed(user)
    db.session.commit()
    assert _feed(client, second)[0].status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_the_account_page_makes_shows_once_and_stops_the_address(client, auth, users):
    auth.login_as("participant")
    page = client.post("/account/calendar")
    assert page.status_code == 200 and "shown only this once" in page.text
    address = page.text.split('<code class="secret">')[1].split("</code>")[0]
    path = address[address.index("/calendar/"):]
    assert client.get(path).status_code == 200
    assert path not in client.get("/account").text
    assert client.post("/account/calendar/revoke").status_code == 302
    assert client.get(path).status_code == 404
    assert "Ваш календарь" in client.get("/account", headers={"Accept-Language": "ru"}).text
