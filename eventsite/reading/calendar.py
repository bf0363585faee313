"""A forum's sessions and key dates as an iCalendar feed (RFC 5545), for calendar applications.

The `icalendar` package writes the format (escaping, folding at 75 octets, CRLF). Every text is
cleaned here as well as at input, by the same rule: a title imported before that rule held could
otherwise carry a control character or a lone CR that a calendar application reads as a new line.
Times are given in each forum's own zone (DTSTART;TZID=Asia/Novosibirsk:…), with a VTIMEZONE for
every zone used, so an application shows a session at the forum's local time and gets the instant
right across daylight-saving changes; X-WR-TIMEZONE names the zone for applications that want one.

One builder serves every feed: a forum's public one (/forums/F/calendar.ics, what its reader may
see) and a user's secret one (/calendar/<token>.ics, what that user may see in every forum); the
caller chooses the sessions by the viewer (eventsite/reading/queries.py `feed_sessions`).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Callable

from flask_babel import gettext
from icalendar import Calendar, Event

from eventsite.dates import format_key_date
from eventsite.i18n import document_language
from eventsite.models import DatePrecision, Forum, ForumSession, ForumText, KeyDate
from eventsite.text import clean_text

PRODID = "-//eventsite//forum calendar//EN"


def _line(text: str | None) -> str:
    return clean_text(text or "", multiline=False)


def _month_after(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def calendar_feed(name: str, sessions: list[ForumSession], url_for_session: Callable[[ForumSession], str],
                  host: str, now: datetime | None = None, zone: str | None = None) -> bytes:
    """The sessions given (those the viewer may see) and the key dates announced in them; `zone`
    names the feed's zone (X-WR-TIMEZONE), else the one zone of all its sessions, if they share one."""
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _line(name))
    zones = {s.forum.timezone for s in sessions}
    zone = zone or (zones.pop() if len(zones) == 1 else None)
    if zone:
        calendar.add("x-wr-timezone", _line(zone))
    for session in sessions:
        url = url_for_session(session)
        # each event's text in its session's language, whoever subscribes
        with document_language(session.language):
            _add_session(calendar, session, session.forum.text_in(session.language), url, host, stamp)
    # a VTIMEZONE for every TZID the events name, from the zone database
    calendar.add_missing_timezones()
    return calendar.to_ical()


def forum_calendar(forum: Forum, sessions: list[ForumSession], url_for_session: Callable[[ForumSession], str],
                   host: str, now: datetime | None = None) -> bytes:
    """A forum's feed: named after the forum, even when the reader may see none of its sessions."""
    return calendar_feed(forum.name, sessions, url_for_session, host, now, zone=forum.timezone)


def _add_session(calendar: Calendar, session: ForumSession, forum: ForumText, url: str, host: str,
                 stamp: datetime) -> None:
    """One session's event, and an event for each key date announced in it."""
    event = Event()
    event.add("uid", f"session-{session.id}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", session.local_start)
    event.add("dtend", session.local_end)
    event.add("summary", _line(session.title))
    event.add("url", url)
    event.add("description", _line(f"{session.kind.label.capitalize()}, {forum.name}. {url}"))
    if _line(session.venue):
        event.add("location", _line(session.venue))
    calendar.add_component(event)
    for point in session.live_points:
        for key_date in point.key_dates:
            calendar.add_component(_key_date_event(key_date, session, url, host, stamp))


def _key_date_event(key_date: KeyDate, session: ForumSession, url: str, host: str, stamp: datetime) -> Event:
    # a day is an all-day event; a month ("end of July 2016") spans the month
    start = key_date.date
    end = _month_after(start) if key_date.precision is DatePrecision.month else start + timedelta(days=1)
    event = Event()
    event.add("uid", f"key-date-{key_date.id}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", _line(f"{key_date.label}: {format_key_date(key_date)}"))
    event.add("description", _line(gettext("Announced at %(session)s.", session=session.title) + f" {url}"))
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event
