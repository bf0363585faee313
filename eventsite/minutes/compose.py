"""Minutes composed from the session's record: the one source of truth, never retyped.

`compose_minutes` returns a plain, JSON-ready dict. The page, the PDF, the plain
text used for comparing revisions, and MinutesRevision.record are all made from
that one dict, so a kept revision reads exactly as it was approved.

The layout follows the conventions of formal minutes: a heading naming the body,
the meeting, its date, time and place; who chaired and who took the minutes;
present, excused, absent; then what was done (points in order, decisions, action
items, announcements with their dates), not every word said; and at the foot
the approval line or a draft marker.
"""
from __future__ import annotations

import json
import re
from datetime import datetime

from flask_babel import get_locale, gettext

from eventsite.agenda.compose import agenda_entries
from eventsite.agenda.plan import items as agenda_items
from eventsite.dates import format_clock, format_day, phrase_key_date, split_key_date_label
from eventsite.attachments.service import attachments_of, size_text
from eventsite.bundles.exporter import export_session_bundle
from eventsite.i18n import document_language, quote
from eventsite.labels import POINT_KINDS, minutes_heading
from eventsite.labels import label as label_of
from eventsite.models import (
    Attendance, DocumentStatus, ForumSession, Minutes, Participation, PointKind, Role,
)

FORMAT = "eventsite-minutes"
VERSION = 1

_ROLE_ORDER = {Role.moderator: 0, Role.rapporteur: 1, Role.speaker: 2, Role.participant: 3, Role.guest: 4}
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def script_lang(text: str) -> str | None:
    """A lang tag for a name in its original script, so it is hyphenated and read out right."""
    return "ru" if text and _CYRILLIC.search(text) else None


def _person(p: Participation) -> dict:
    return {
        "name": p.person.name,
        "native_name": p.person.native_name or "",
        "native_lang": script_lang(p.person.native_name or ""),
        "role": p.role.value,
        "attendance": p.attendance.value,
        # as they were at this session, not as the person is now
        "position": p.position or "",
        "organisation": p.organisation.name if p.organisation else "",
        "affiliation": p.affiliation,
    }


def _speaker(p: Participation | None) -> dict | None:
    if p is None:
        return None
    return {"name": p.person.name, "native_name": p.person.native_name or "",
            "native_lang": script_lang(p.person.native_name or ""), "affiliation": p.affiliation}


def _when(session: ForumSession) -> dict:
    start, end = session.local_start, session.local_end
    offset = start.strftime("%z")
    utc = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    same_day = start.date() == end.date()
    time = (f"{format_clock(start)}–{format_clock(end)}" if same_day
            else f"{format_clock(start)} – {format_day(end.date())}, {format_clock(end)}")
    return {
        "starts_at": start.isoformat(),
        "ends_at": end.isoformat(),
        "date": format_day(start.date()),
        "time": time,
        "zone": session.forum.timezone,
        "utc_offset": utc,
        "text": f"{format_day(start.date())}, {time} ({session.forum.timezone}, {utc})",
    }


def _local_day(moment: datetime | None, session: ForumSession) -> str:
    return format_day(moment.astimezone(session.forum.zone).date()) if moment else ""


def compose_minutes(session: ForumSession, minutes: Minutes | None = None) -> dict:
    """The minutes of `session` as they stand now, from its record and the minutes' own summary,
    in the session's language (labels, dates), whatever the reader's."""
    with document_language(session.language):
        return _compose(session, minutes)


def _compose(session: ForumSession, minutes: Minutes | None) -> dict:
    participations = sorted(session.participations, key=lambda p: (_ROLE_ORDER.get(p.role, 9), p.id))
    people = [_person(p) for p in participations]
    # the agenda's order: each item's points in their order, then the points made under no item
    agenda = {item.id: number for number, item in enumerate(agenda_items(session), start=1)}
    points = sorted(session.live_points,
                    key=lambda p: (agenda.get(p.agenda_item_id, len(agenda) + 1), p.position, p.id))

    discussion, decisions, actions, announcements, quotes = [], [], [], [], []
    for number, point in enumerate(points, start=1):
        item = {
            "number": number,
            "agenda_item": agenda.get(point.agenda_item_id),
            "kind": point.kind.value,
            "title": point.title or "",
            "body": point.body or "",
            "speaker": _speaker(point.speaker),
            "tags": list(point.tags or []),
            "key_dates": [
                {
                    "label": kd.label,
                    "what": split_key_date_label(kd.label)[0],
                    "date": kd.iso,
                    "precision": kd.precision.value,
                    "phrase": phrase_key_date(kd),
                }
                for kd in point.key_dates
            ],
        }
        if point.kind is PointKind.action:
            item["owner"] = point.owner_name
            item["due"] = format_day(point.due_on) if point.due_on else ""
            item["due_on"] = point.due_on.isoformat() if point.due_on else None
            item["status"] = point.status.label if point.status else ""
            item["status_value"] = point.status.value if point.status else None
            item["note"] = point.progress_note or ""
            actions.append(item)
        elif point.kind is PointKind.decision:
            decisions.append(item)
        elif point.kind is PointKind.announcement:
            announcements.append(item)
        elif point.kind is PointKind.quote:
            quotes.append(item)
        discussion.append(item)

    forum = session.forum.text_in(session.language)
    listed = _attachments(session, {p.id: n for n, p in enumerate(points, start=1)})
    return {
        **({"attachments": listed} if listed else {}),
        "format": FORMAT,
        "version": VERSION,
        "forum": {"slug": forum.slug, "name": forum.name, "title": forum.title, "city": forum.city,
                  "country": forum.country},
        "session": {"slug": session.slug, "kind": session.kind.value, "kind_label": session.kind.label,
                    "heading": minutes_heading(session.kind.value),
                    "title": session.title, "venue": session.venue or "", "language": session.language,
                    "visibility": session.visibility.value, "about": session.summary or ""},
        "when": _when(session),
        "chair": [p for p in people if p["role"] == Role.moderator.value],
        "rapporteurs": [p for p in people if p["role"] == Role.rapporteur.value],
        "attendance": {
            kind.value: [p for p in people if p["attendance"] == kind.value]
            for kind in (Attendance.attended, Attendance.excused, Attendance.absent, Attendance.invited)
        },
        "groups": [g.name for g in session.groups],
        "summary": minutes.summary if minutes is not None else "",
        "agenda": agenda_entries(session, discussion),
        "discussion": discussion,
        "decisions": decisions,
        "actions": actions,
        "announcements": announcements,
        "quotes": quotes,
        **status_parts(session, minutes),
    }


def _attachments(session: ForumSession, numbers: dict[int, int]) -> list[dict]:
    """The files attached to the session and its live points, with size and checksum (not their bytes).

    Left out of the record when there are none, so minutes kept before attachments existed read the same.
    """
    return [
        {"id": a.id, "filename": a.filename, "content_type": a.content_type, "size": a.size,
         "size_text": size_text(a.size), "sha256": a.sha256, "point": numbers.get(a.point_id)}
        for a in attachments_of(session) if a.point_id is None or a.point_id in numbers
    ]


def status_parts(session: ForumSession, minutes: Minutes | None) -> dict:
    """What the record says of the minutes' own state: status, approval, publication, revision.

    A kept revision takes its content from the record (or from the revision it restores) and these
    parts from the minutes at the moment it is kept.
    """
    with document_language(session.language):
        return _status_parts(session, minutes)


def _status_parts(session: ForumSession, minutes: Minutes | None) -> dict:
    status = minutes.status if minutes is not None else DocumentStatus.draft
    approval = None
    if minutes is not None and status is not DocumentStatus.draft:
        if minutes.approved_by is not None:
            by = minutes.approved_by.name or minutes.approved_by.email
        else:
            # an approver named by a bundle, who has no account here
            by = minutes.approved_by_name or gettext("the organisers")
        on = _local_day(minutes.approved_at, session)
        text = (gettext("Approved by %(by)s on %(on)s.", by=by, on=on) if on
                else gettext("Approved by %(by)s.", by=by))
        approval = {"by": by, "on": on, "at": minutes.approved_at.isoformat() if minutes.approved_at else None,
                    "text": text}
    published = None
    if minutes is not None and status is DocumentStatus.published:
        published = {"on": _local_day(minutes.published_at, session),
                     "at": minutes.published_at.isoformat() if minutes.published_at else None}
    return {"status": status.value, "revision": None, "approval": approval, "published": published}


def minutes_title(record: dict) -> str:
    """"Minutes of the round table “…”", «Протокол круглого стола «…»»: in the record's language."""
    s = record["session"]
    with document_language(s["language"]):
        heading = s.get("heading") or minutes_heading(s["kind"])
        return f"{heading} {quote(s['title'])}"


def named(person: dict) -> str:
    return person_name(person) + (f", {person['affiliation']}" if person.get("affiliation") else "")


def person_name(person: dict) -> str:
    """"Yelena Krasnova (Елена Краснова)" in an English document, "Елена Краснова (Yelena Krasnova)"
    in a Russian one: the name in the document's script first, where both are recorded."""
    native = person.get("native_name")
    if not native:
        return person["name"]
    if person.get("native_lang") and person.get("native_lang") == str(get_locale()):
        return f"{native} ({person['name']})"
    return f"{person['name']} ({native})"


def minutes_text(record: dict) -> list[str]:
    """The content of the minutes as plain lines, in the order they are printed: what revisions are
    compared on. Their status (draft, approved by whom, published) is not a line: the comparison
    shows it above each side, so a restored revision compares equal to the one it restores."""
    with document_language(record["session"]["language"]):
        return _text_lines(record)


def _text_lines(record: dict) -> list[str]:
    s, when = record["session"], record["when"]
    lines = [record["forum"]["title"], minutes_title(record), gettext("Date and time: %(when)s", when=when["text"])]
    if s["venue"]:
        lines.append(gettext("Venue: %(venue)s", venue=s["venue"]))
    lines += [gettext("Chair: %(person)s", person=named(p)) for p in record["chair"]]
    lines += [gettext("Minutes taken by: %(person)s", person=named(p)) for p in record["rapporteurs"]]
    for key, label in (("attended", gettext("Present")), ("excused", gettext("Excused")),
                       ("absent", gettext("Absent")), ("invited", gettext("Invited, attendance not recorded"))):
        lines += [f"{label}: {named(p)}" for p in record["attendance"][key]]
    lines += [gettext("Also taking part: %(group)s", group=g) for g in record["groups"]]
    if record["summary"]:
        lines.append(gettext("Summary"))
        lines += [line for line in record["summary"].splitlines() if line.strip()]
    if record["discussion"] or record.get("agenda"):
        lines.append(gettext("Discussion"))
    for entry, items in discussion_sections(record):
        if entry is not None:
            lines.append(agenda_line(entry))
        elif record.get("agenda") and items:
            lines.append(gettext("Other points"))
        lines += _item_lines(items)
    return lines


def _item_lines(items: list[dict]) -> list[str]:
    lines = []
    for item in items:
        head = f"{item['number']}. [{label_of(POINT_KINDS, item['kind'])}] {item['title']}".rstrip()
        if item["speaker"]:
            head += f" — {person_name(item['speaker'])}"
        lines.append(head)
        lines += [line for line in item["body"].splitlines() if line.strip()]
        if item["kind"] == "action":
            lines.append(gettext("Owner: %(owner)s; due: %(due)s; status: %(status)s",
                                 owner=item["owner"] or "—", due=item["due"] or "—", status=item["status"]))
            if item.get("note"):
                lines.append(gettext("Owner's note: %(note)s", note=item["note"]))
        lines += [f"{kd['what']}: {kd['phrase']}" for kd in item["key_dates"]]
    return lines


def discussion_sections(record: dict) -> list[tuple[dict | None, list[dict]]]:
    """The discussion as the minutes print it: under each agenda item, in the agenda's order, its points
    (none: the item was not discussed); then the points made under no item. Without an agenda, one
    section of every point. Records kept before there were agendas have none."""
    agenda = record.get("agenda") or []
    sections = [(entry, [item for item in record["discussion"] if item.get("agenda_item") == entry["number"]])
                for entry in agenda]
    rest = [item for item in record["discussion"] if not item.get("agenda_item")]
    if rest or not agenda:
        sections.append((None, rest))
    return sections


def agenda_line(entry: dict) -> str:
    """"Agenda item 2: Clusters 2.0 — Artyom Shadrin (20 min)", and "not discussed" where no point was made."""
    line = gettext("Agenda item %(number)s: %(title)s", number=entry["number"], title=entry["title"])
    if entry.get("presenter"):
        line += f" — {person_name(entry['presenter'])}"
    if entry.get("planned_minutes"):
        line += " " + gettext("(%(minutes)s min)", minutes=entry["planned_minutes"])
    if not entry.get("discussed"):
        line += " — " + gettext("not discussed")
    return line


def record_json(record: dict) -> bytes:
    """The record as the JSON attached to the PDF: UTF-8, stable key order."""
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def session_bundle(session: ForumSession) -> dict:
    """This session in the bundle format (DESIGN.md), as the minutes PDF attaches it: read from this
    session alone, whatever the size of its forum (eventsite.bundles.exporter.export_session_bundle)."""
    return export_session_bundle(session)
