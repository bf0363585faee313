"""Exporting a forum as a bundle: everything recorded about it, in a stable order.

Import → export gives back what was imported. Three things make that hold:

- keys are not stored; export derives them from names ("artyom-shadrin", an
  organisation's short name or name), so a bundle written with such keys comes back
  identical, and one with other keys comes back with the same content under these keys;
- times are written in the forum's zone with its offset, so a bundle that wrote them
  so gets the same text back;
- the bundle carries the people and organisations its sessions refer to, their parent
  organisations, and those that no session anywhere refers to yet (a directory entry
  such as a cluster named in the minutes' context), so that nothing imported is dropped.

Lists come in a fixed order: people and organisations by key, sessions by start and
slug, participants as recorded, groups and points by position, key dates by date.
Deleted points are left out.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from eventsite.models import (
    DatePrecision, DiscussionPoint, Forum, ForumSession, Minutes, Organisation, Participation, Person, PointKind,
    PressRelease, db,
)

FORMAT = "eventsite-bundle"
VERSION = 1
KEY_LENGTH = 48


def slugify(text: str, fallback: str) -> str:
    """"Artyom Shadrin" → "artyom-shadrin", cut at a word to at most KEY_LENGTH characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    key = ""
    for word in words:
        longer = f"{key}-{word}" if key else word
        if len(longer) > KEY_LENGTH:
            break
        key = longer
    return key or (words[0][:KEY_LENGTH] if words else fallback)


def load_sessions(forum_id: int) -> list[ForumSession]:
    """A forum's sessions with everything a bundle holds, in a handful of queries rather than one per row."""
    return list(db.session.execute(
        db.select(ForumSession).where(ForumSession.forum_id == forum_id).order_by(ForumSession.starts_at, ForumSession.slug)
        .options(
            selectinload(ForumSession.participations).joinedload(Participation.person),
            selectinload(ForumSession.participations).joinedload(Participation.organisation),
            selectinload(ForumSession.groups),
            selectinload(ForumSession.points).selectinload(DiscussionPoint.key_dates),
            selectinload(ForumSession.points).joinedload(DiscussionPoint.owner_person),
            selectinload(ForumSession.points).joinedload(DiscussionPoint.owner_organisation),
        )
    ).scalars())


def export_bundle(forum: Forum) -> dict:
    zone = forum.zone
    sessions = sorted(load_sessions(forum.id), key=lambda s: (s.starts_at, s.slug))
    organisations, people = _directory(sessions)
    keys = _keys(organisations, people)
    return {
        "format": FORMAT,
        "version": VERSION,
        "forum": {
            "slug": forum.slug,
            "name": forum.name,
            "title": forum.title,
            "city": forum.city,
            "country": forum.country,
            "starts_on": forum.starts_on.isoformat(),
            "ends_on": forum.ends_on.isoformat(),
            "timezone": forum.timezone,
            "language": forum.language,
            "about": forum.about,
            "press_contact": {
                "name": forum.press_contact_name,
                "email": forum.press_contact_email,
                "phone": forum.press_contact_phone,
            },
        },
        "organisations": sorted(
            (
                {
                    "key": keys[org],
                    "name": org.name,
                    "short_name": org.short_name,
                    "kind": org.kind.value,
                    "parent": keys[org.parent] if org.parent else None,
                }
                for org in organisations
            ),
            key=lambda o: o["key"],
        ),
        "people": sorted(
            (
                {"key": keys[p], "name": p.name, "native_name": p.native_name, "email": p.email}
                for p in people
            ),
            key=lambda p: p["key"],
        ),
        "sessions": [_session(s, zone, keys) for s in sessions],
    }


def _time(value: datetime | None, zone: ZoneInfo) -> str | None:
    if value is None:
        return None
    local = value.astimezone(zone)
    return local.isoformat(timespec="seconds" if not local.microsecond else "microseconds")


def _session(session: ForumSession, zone: ZoneInfo, keys: dict) -> dict:
    minutes = db.session.execute(db.select(Minutes).filter_by(session_id=session.id)).scalar_one_or_none()
    releases = db.session.execute(
        db.select(PressRelease).filter_by(session_id=session.id).order_by(PressRelease.id)
    ).scalars()
    return {
        "slug": session.slug,
        "kind": session.kind.value,
        "title": session.title,
        "starts_at": _time(session.starts_at, zone),
        "ends_at": _time(session.ends_at, zone),
        "venue": session.venue,
        "language": session.language,
        "visibility": session.visibility.value,
        "summary": session.summary,
        "participants": [
            {
                "person": keys[p.person],
                "role": p.role.value,
                "attendance": p.attendance.value,
                "position": p.position,
                "organisation": keys[p.organisation] if p.organisation else None,
            }
            for p in session.participations
        ],
        "groups": [g.name for g in session.groups],
        "points": [_point(p, keys) for p in session.live_points],
        "minutes": {"status": minutes.status.value, "summary": minutes.summary} if minutes else None,
        "press_releases": [
            {
                "status": r.status.value,
                "headline": r.headline,
                "subheadline": r.subheadline,
                "dateline": r.dateline,
                "language": r.language,
                "body": r.body,
                "embargo_until": _time(r.embargo_until, zone),
            }
            for r in releases
        ],
    }


def _point(point: DiscussionPoint, keys: dict) -> dict:
    data = {
        "kind": point.kind.value,
        "title": point.title,
        "body": point.body,
        "speaker": keys[point.speaker.person] if point.speaker else None,
        "tags": list(point.tags or []),
    }
    if point.kind is PointKind.action:
        owner = point.owner_person or point.owner_organisation
        data["owner"] = keys[owner] if owner else None
        data["due_on"] = point.due_on.isoformat() if point.due_on else None
        data["status"] = point.status.value
    if point.kind is PointKind.announcement or point.key_dates:
        data["key_dates"] = [
            {"label": kd.label, "date": kd.iso, "precision": kd.precision.value}
            for kd in sorted(point.key_dates, key=lambda kd: (kd.date, kd.precision is DatePrecision.day, kd.label))
        ]
    return data


def _directory(sessions: list[ForumSession]) -> tuple[list[Organisation], list[Person]]:
    """The organisations and people the bundle carries (see the module's docstring)."""
    organisations: set[Organisation] = set()
    people: set[Person] = set()
    for session in sessions:
        for p in session.participations:
            people.add(p.person)
            if p.organisation:
                organisations.add(p.organisation)
        for point in session.live_points:
            if point.owner_person:
                people.add(point.owner_person)
            if point.owner_organisation:
                organisations.add(point.owner_organisation)
            if point.speaker:
                people.add(point.speaker.person)
    # those that no session of any forum refers to travel with every bundle
    used_people = sa.union(
        sa.select(Participation.person_id),
        sa.select(DiscussionPoint.owner_person_id).where(DiscussionPoint.owner_person_id.is_not(None)),
    )
    people.update(db.session.execute(db.select(Person).where(Person.id.not_in(used_people))).scalars())
    used_orgs = sa.union(
        sa.select(Participation.organisation_id).where(Participation.organisation_id.is_not(None)),
        sa.select(DiscussionPoint.owner_organisation_id).where(DiscussionPoint.owner_organisation_id.is_not(None)),
    )
    organisations.update(
        db.session.execute(db.select(Organisation).where(Organisation.id.not_in(used_orgs))).scalars()
    )
    for org in list(organisations):
        while org.parent is not None and org.parent not in organisations:
            organisations.add(org.parent)
            org = org.parent
    return (
        sorted(organisations, key=lambda o: o.name),
        sorted(people, key=lambda p: (p.name, p.native_name, p.email or "", p.id)),
    )


def _keys(organisations: list[Organisation], people: list[Person]) -> dict:
    """A key for every row, unique across people and organisations."""
    keys: dict = {}
    used: set[str] = set()
    for row, base in [(o, slugify(o.short_name or o.name, "organisation")) for o in organisations] + [
        (p, slugify(p.name, "person")) for p in people
    ]:
        key, n = base, 1
        while key in used:
            n += 1
            key = f"{base}-{n}"
        used.add(key)
        keys[row] = key
    return keys
