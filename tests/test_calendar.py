"""/forums/F/calendar.ics: the sessions and key dates a reader may see, in a calendar application."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from icalendar import Calendar

from eventsite.models import DatePrecision, PointKind, Visibility, db


def _calendar(make):
    forum = make.forum(slug="technoprom-2016", name="Technoprom-2016")
    public = make.session(forum, slug="round-table", title="Vectors of development, IT and BIO", venue="Hall A")
    point = make.point(public, kind=PointKind.announcement, title="Clusters 2.0")
    make.key_date(point, label="Competition announced", date=date(2016, 7, 1), precision=DatePrecision.month)
    make.key_date(point, label="Programmes accepted until", date=date(2016, 9, 26), precision=DatePrecision.day)
    hidden = make.session(forum, slug="closed", title="Closed meeting", visibility=Visibility.internal)
    make.key_date(make.point(hidden, kind=PointKind.announcement), label="Secret deadline",
                  date=date(2016, 8, 1), precision=DatePrecision.day)
    db.session.commit()
    return forum


def _unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def test_calendar_lists_public_sessions_and_their_key_dates(client, make):
    _calendar(make)
    response = client.get("/forums/technoprom-2016/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    text = _unfold(response.get_data(as_text=True))
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    # 14:00 in Novosibirsk, in its own zone, described by a VTIMEZONE; commas are escaped
    assert "DTSTART;TZID=Asia/Novosibirsk:20160610T140000" in text and "BEGIN:VTIMEZONE\r\nTZID:Asia/Novosibirsk" in text
    assert "SUMMARY:Vectors of development\\, IT and BIO" in text
    assert "LOCATION:Hall A" in text
    assert "DTSTART;VALUE=DATE:20160926\r\nDTEND;VALUE=DATE:20160927" in text
    assert "SUMMARY:Programmes accepted until: 26 September 2016" in text
    # a month-precision date spans its month
    assert "DTSTART;VALUE=DATE:20160701\r\nDTEND;VALUE=DATE:20160801" in text


def test_calendar_leaves_out_what_the_reader_may_not_see(client, make, auth):
    _calendar(make)
    anonymous = client.get("/forums/technoprom-2016/calendar.ics").get_data(as_text=True)
    assert "Closed meeting" not in anonymous and "Secret deadline" not in anonymous
    auth.login_as("organiser")
    staff = client.get("/forums/technoprom-2016/calendar.ics").get_data(as_text=True)
    assert "Closed meeting" in staff and "Secret deadline" in staff


def test_calendar_lines_are_folded_at_75_octets(client, make):
    forum = _calendar(make)
    make.session(forum, slug="long", title="Очень длинное название круглого стола " * 4)
    db.session.commit()
    raw = client.get("/forums/technoprom-2016/calendar.ics").get_data()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert "Очень длинное название круглого стола " * 4 in _unfold(raw.decode())


def test_calendar_of_an_unknown_forum_is_404(client):
    assert client.get("/forums/nowhere/calendar.ics").status_code == 404


def test_the_forum_page_links_to_its_calendar(client, make):
    _calendar(make)
    assert "/forums/technoprom-2016/calendar.ics" in client.get("/forums/technoprom-2016/").get_data(as_text=True)


INJECTION = "p78\rX-INJECT:1\rATTACH:file:///etc/passwd"


def _events(raw: bytes) -> list:
    return [c for c in Calendar.from_ical(raw).walk() if c.name == "VEVENT"]


def test_a_lone_cr_in_a_title_or_venue_injects_no_property(client, make):
    # stored as it came (an old import): the calendar cleans it again on the way out
    forum = _calendar(make)
    session = make.session(forum, slug="injected", title=INJECTION, venue=INJECTION + "\x01\x1b\x0b\x00")
    make.key_date(make.point(session, kind=PointKind.announcement), label="Deadline\x0b\x00 " + INJECTION,
                  date=date(2016, 9, 1), precision=DatePrecision.day)
    db.session.commit()
    raw = client.get("/forums/technoprom-2016/calendar.ics").get_data()
    unfolded = _unfold(raw.decode())
    assert not any(line.startswith(("X-INJECT", "ATTACH")) for line in unfolded.split("\r\n"))
    assert "\r" not in unfolded.replace("\r\n", "") and "\x00" not in unfolded
    events = _events(raw)
    assert not any("X-INJECT" in event or "ATTACH" in event for event in events)
    injected = next(e for e in events if str(e["uid"]).startswith(f"session-{session.id}@"))
    assert str(injected["summary"]) == "p78 X-INJECT:1 ATTACH:file:///etc/passwd"
    assert str(injected["location"]) == "p78 X-INJECT:1 ATTACH:file:///etc/passwd"
    assert any(str(e["summary"]) == "Deadline p78 X-INJECT:1 ATTACH:file:///etc/passwd: 1 September 2016"
               for e in events)


def test_the_calendar_parses_with_every_event_in_its_place(client, make):
    _calendar(make)
    events = {str(e["summary"]): e for e in _events(client.get("/forums/technoprom-2016/calendar.ics").get_data())}
    session = events["Vectors of development, IT and BIO"]
    assert session.decoded("dtstart") == datetime(2016, 6, 10, 8, 0, tzinfo=timezone.utc)
    assert str(session["location"]) == "Hall A"
    month = events["Competition announced: July 2016"]
    assert (month.decoded("dtstart"), month.decoded("dtend")) == (date(2016, 7, 1), date(2016, 8, 1))


@pytest.mark.parametrize("app_config", [{"BASE_URL": "https://events.example.org"}])
def test_calendar_links_come_from_the_configured_address_not_the_host_header(client, make):
    _calendar(make)
    raw = client.get("/forums/technoprom-2016/calendar.ics", headers={"Host": "attacker.example"}).get_data()
    assert b"attacker" not in raw
    for event in _events(raw):
        assert str(event["url"]) == "https://events.example.org/forums/technoprom-2016/round-table/"
        assert str(event["uid"]).endswith("@events.example.org")


def test_a_russian_sessions_events_read_in_russian_whoever_subscribes(client, round_table):
    from icalendar import Calendar

    round_table.language = "ru"
    db.session.commit()
    feed = Calendar.from_ical(client.get("/forums/technoprom-2016/calendar.ics",
                                         headers={"Accept-Language": "en"}).data)
    texts = [str(e.get("summary")) + " " + str(e.get("description")) for e in feed.walk("VEVENT")]
    assert any("конец июля 2016 г." in t and "Объявлено на сессии" in t for t in texts), texts
    assert any(t.startswith("Innovation Cluster") and "Круглый стол" in t for t in texts), texts
