"""A forum's sessions and key dates as an iCalendar feed (RFC 5545), for calendar applications."""
from __future__ import annotations

from datetime import date, datetime, timezone

from eventsite.dates import format_key_date
from eventsite.models import DatePrecision, Forum, ForumSession, KeyDate

PRODID = "-//eventsite//forum calendar//EN"


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets; continuations start with a space (RFC 5545, 3.1)."""
    out, current = [], ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode()) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _day(d: date) -> str:
    return d.strftime("%Y%m%d")


def _month_after(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def forum_calendar(forum: Forum, sessions: list[ForumSession], url_for_session, host: str,
                   now: datetime | None = None) -> str:
    """The sessions given (those the reader may see) and the key dates announced in them."""
    stamp = _utc(now or datetime.now(timezone.utc))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_escape(forum.name)}", f"X-WR-TIMEZONE:{forum.timezone}"]
    for session in sessions:
        url = url_for_session(session)
        lines += [
            "BEGIN:VEVENT", f"UID:session-{session.id}@{host}", f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(session.starts_at)}", f"DTEND:{_utc(session.ends_at)}",
            f"SUMMARY:{_escape(session.title)}", f"URL:{url}",
            f"DESCRIPTION:{_escape(session.kind.label.capitalize() + ', ' + forum.name + '. ' + url)}",
        ]
        if session.venue:
            lines.append(f"LOCATION:{_escape(session.venue)}")
        lines.append("END:VEVENT")
        for point in session.live_points:
            for key_date in point.key_dates:
                lines += _key_date_event(key_date, session, url, host, stamp)
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"


def _key_date_event(key_date: KeyDate, session: ForumSession, url: str, host: str, stamp: str) -> list[str]:
    # a day is an all-day event; a month ("end of July 2016") spans the month
    start = key_date.date
    end = _month_after(start) if key_date.precision is DatePrecision.month else date.fromordinal(start.toordinal() + 1)
    return [
        "BEGIN:VEVENT", f"UID:key-date-{key_date.id}@{host}", f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_day(start)}", f"DTEND;VALUE=DATE:{_day(end)}",
        f"SUMMARY:{_escape(f'{key_date.label}: {format_key_date(key_date)}')}",
        f"DESCRIPTION:{_escape(f'Announced at {session.title}. {url}')}", f"URL:{url}",
        "TRANSP:TRANSPARENT", "END:VEVENT",
    ]
