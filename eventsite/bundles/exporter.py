"""Exporting a forum as a bundle: everything recorded about it and its history, in a stable order.

Import → export gives back what was imported, and export → import → export gives the same bytes:

- people and organisations come with the keys and in the order the forum's bundle gave them
  (DirectoryEntry); those an organiser added since are appended, keyed by their names
  ("artyom-shadrin", an organisation's short name or name), so they keep that key from then on;
- the bundle carries the forum's directory entries and the people and organisations its sessions
  refer to (with their parent organisations), and nothing of other forums;
- times are written in the forum's zone with its offset, so a bundle that wrote them so gets the
  same text back; any other spelling of the same instant comes back in that form;
- the history comes whole: minutes with every revision (its record verbatim), approval, correction
  requests and their answers; deleted points in their places; press releases with their revisions.
  Approvers and authors are written by name and address, as imported or as their account says.

Lists come in a fixed order: sessions, participants, key dates and press releases as recorded
(by id), groups and points by position, revisions by number, correction requests as made.
"""
from __future__ import annotations

import base64
from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from eventsite.models import (
    AgendaItem, Attachment, AttachmentContent, CorrectionRequest, DirectoryEntry, DiscussionPoint, Forum, ForumSession,
    KeyDate, Minutes, MinutesRevision,
    Organisation, Participation, Person, PointKind, PressRelease, PressReleaseRevision, db,
)
from eventsite.text import slugify

FORMAT = "eventsite-bundle"
VERSION = 2
KEY_LENGTH = 48


def _session_options():
    return (
        selectinload(ForumSession.participations).joinedload(Participation.person),
        selectinload(ForumSession.participations).joinedload(Participation.organisation),
        selectinload(ForumSession.groups),
        selectinload(ForumSession.points).selectinload(DiscussionPoint.key_dates),
        selectinload(ForumSession.agenda_items),
    )


def load_sessions(forum_id: int) -> list[ForumSession]:
    """A forum's sessions with everything a bundle holds, in a handful of queries rather than one per row."""
    return list(db.session.execute(
        db.select(ForumSession).where(ForumSession.forum_id == forum_id).order_by(ForumSession.id)
        .options(*_session_options())
    ).scalars())


def load_minutes(forum_id: int) -> dict[int, Minutes]:
    """The minutes of a forum's sessions with their revisions and correction requests, by session id."""
    rows = db.session.execute(
        db.select(Minutes).join(ForumSession, Minutes.session_id == ForumSession.id)
        .where(ForumSession.forum_id == forum_id)
        .options(
            joinedload(Minutes.approved_by),
            selectinload(Minutes.revisions).joinedload(MinutesRevision.created_by),
            selectinload(Minutes.corrections).joinedload(CorrectionRequest.author),
            selectinload(Minutes.corrections).joinedload(CorrectionRequest.decided_by),
        )
    ).unique().scalars()
    return {m.session_id: m for m in rows}


def load_releases(forum_id: int) -> dict[int, list[PressRelease]]:
    """The press releases of a forum's sessions with their revisions, by session id, oldest first."""
    rows = db.session.execute(
        db.select(PressRelease).join(ForumSession, PressRelease.session_id == ForumSession.id)
        .where(ForumSession.forum_id == forum_id).order_by(PressRelease.id)
        .options(
            joinedload(PressRelease.approved_by),
            selectinload(PressRelease.revisions).joinedload(PressReleaseRevision.created_by),
        )
    ).unique().scalars()
    releases: dict[int, list[PressRelease]] = defaultdict(list)
    for release in rows:
        releases[release.session_id].append(release)
    return releases


def export_bundle(forum: Forum) -> dict:
    zone = forum.zone
    sessions = load_sessions(forum.id)
    minutes = load_minutes(forum.id)
    releases = load_releases(forum.id)
    directory = _Directory(forum)
    keys = directory.keys
    return {
        "format": FORMAT,
        "version": VERSION,
        "forum": _forum(forum),
        "organisations": [
            {
                "key": keys[org],
                "name": org.name,
                "short_name": org.short_name,
                "kind": org.kind.value,
                "parent": keys[org.parent] if org.parent else None,
                **_contact(org, keys),
            }
            for org in directory.organisations
        ],
        "people": [
            {"key": keys[p], "name": p.name, "native_name": p.native_name, "email": p.email}
            for p in directory.people
        ],
        "sessions": [
            {
                **_session(s, zone, keys, s.points),
                "minutes": _minutes(minutes.get(s.id), zone),
                "press_releases": [_release(r, zone) for r in releases.get(s.id, [])],
                **_attachments(s, zone),
            }
            for s in sessions
        ],
    }


def export_session_bundle(session: ForumSession) -> dict:
    """One session's record in the bundle format, as a minutes PDF carries it: its participants, groups,
    live points, and the minutes' status and summary; the people and organisations it names (emails
    left out, since anyone who may read the minutes may read the PDF); no history, no press releases.

    People and organisations have the keys of the forum's directory; one added since the import gets a
    key made from its name, unique in this document and among the directory's keys. The cost is the
    session's: nothing of the forum's other sessions is read.
    """
    forum = session.forum
    if {"participations", "groups", "points"} & sa.inspect(session).unloaded:
        # its record in a few queries, rather than one per point
        session = db.session.execute(
            db.select(ForumSession).where(ForumSession.id == session.id).options(*_session_options())
        ).scalar_one()
    minutes = db.session.execute(_MINUTES_OF, {"session_id": session.id}).scalar_one_or_none()
    people, organisations = _named_in(session, session.live_points)
    for org in list(organisations):
        while org.parent is not None and org.parent not in organisations:
            organisations.add(org.parent)
            org = org.parent
    people.update(o.contact_person for o in organisations if o.contact_person is not None)
    keys = _keys_of(forum, people, organisations)
    entry = {
        **_session(session, forum.zone, keys, session.live_points, with_deleted=False),
        "minutes": {"status": minutes.status.value, "summary": minutes.summary} if minutes else None,
        "press_releases": [],
    }
    return {
        "format": FORMAT,
        "version": VERSION,
        "forum": _forum(forum),
        "organisations": [
            {"key": keys[o], "name": o.name, "short_name": o.short_name, "kind": o.kind.value,
             "parent": keys[o.parent] if o.parent else None, **_contact(o, keys)}
            for o in sorted(organisations, key=lambda o: keys[o])
        ],
        "people": [
            {"key": keys[p], "name": p.name, "native_name": p.native_name, "email": None}
            for p in sorted(people, key=lambda p: keys[p])
        ],
        "sessions": [entry],
    }


def _entries_named():
    """The directory entries of a forum's people and organisations named: columns, not entries (the rows named
    are at hand). Two halves, each on its unique (forum, person) or (forum, organisation) index: with an OR
    between them the planner walks every entry of the forum instead. Built once, as it is asked for every
    session's record a minutes document carries (an import of older minutes composes a thousand)."""
    columns = (DirectoryEntry.person_id, DirectoryEntry.organisation_id, DirectoryEntry.key)
    forum = DirectoryEntry.forum_id == sa.bindparam("forum_id")
    return sa.union_all(
        sa.select(*columns).where(forum, DirectoryEntry.person_id.in_(sa.bindparam("people", expanding=True))),
        sa.select(*columns).where(forum, DirectoryEntry.organisation_id.in_(
            sa.bindparam("organisations", expanding=True))),
    )


_ENTRIES_NAMED = _entries_named()
_MINUTES_OF = sa.select(Minutes).where(Minutes.session_id == sa.bindparam("session_id"))


def _keys_of(forum: Forum, people: set[Person], organisations: set[Organisation]) -> dict:
    """Keys for these people and organisations only: their directory entries', else made from the name."""
    keys: dict = {}
    by_person = {p.id: p for p in people}
    by_organisation = {o.id: o for o in organisations}
    for person_id, organisation_id, key in db.session.execute(
            _ENTRIES_NAMED, {"forum_id": forum.id, "people": list(by_person), "organisations": list(by_organisation)}):
        keys[by_person[person_id] if person_id is not None else by_organisation[organisation_id]] = key
    used = set(keys.values())

    def free(key: str) -> bool:
        return key not in used and db.session.execute(
            db.select(DirectoryEntry.id).where(DirectoryEntry.forum_id == forum.id, DirectoryEntry.key == key)
        ).first() is None

    rest = [(o, slugify(o.short_name or o.name, KEY_LENGTH, "organisation")) for o in sorted(organisations, key=lambda o: (o.name, o.id))
            if o not in keys]
    rest += [(p, slugify(p.name, KEY_LENGTH, "person")) for p in sorted(people, key=lambda p: (p.name, p.native_name, p.id))
             if p not in keys]
    for row, base in rest:
        key, n = base, 1
        while not free(key):
            n += 1
            key = f"{base}-{n}"
        used.add(key)
        keys[row] = key
    return keys


def _contact(org: Organisation, keys: dict) -> dict:
    """An organisation's contact person, written only where there is one (older bundles have none)."""
    return {"contact": keys[org.contact_person]} if org.contact_person is not None else {}


def _forum(forum: Forum) -> dict:
    return {
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
        # written only where there are some: a bundle without them (older ones) comes back without them
        **({"translations": forum.translations} if forum.translations else {}),
    }


def _time(value: datetime | None, zone: ZoneInfo) -> str | None:
    if value is None:
        return None
    local = value.astimezone(zone)
    return local.isoformat(timespec="seconds" if not local.microsecond else "microseconds")


def _account(row, name: str) -> dict | None:
    """{"name", "email"} of the account `row.<name>` names: as a bundle gave it, else as the account says."""
    kept_name, kept_email = getattr(row, f"{name}_name"), getattr(row, f"{name}_email")
    if kept_name is not None or kept_email is not None:
        return {"name": kept_name or "", "email": kept_email}
    user = getattr(row, name)
    if user is None:
        return None
    return {"name": user.name or "", "email": user.email}


def _session(session: ForumSession, zone: ZoneInfo, keys: dict, points: list[DiscussionPoint],
             with_deleted: bool = True) -> dict:
    agenda = sorted(session.agenda_items, key=lambda i: (i.position, i.id))
    numbers = {item.id: n for n, item in enumerate(agenda, start=1)}
    data = {
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
        "points": [_point(p, keys, zone, with_deleted, numbers)
                   for p in sorted(points, key=lambda p: (p.position, p.id))],
    }
    if agenda:
        # written only where there is one: a bundle of a session without an agenda reads as before
        data["agenda"] = [_agenda_item(item, keys) for item in agenda]
    return data


def _agenda_item(item: AgendaItem, keys: dict) -> dict:
    return {
        "title": item.title,
        "presenter": keys[item.presenter.person] if item.presenter else None,
        "presenter_name": item.presenter_name,
        "planned_minutes": item.planned_minutes,
        "notes": item.notes,
    }


def _point(point: DiscussionPoint, keys: dict, zone: ZoneInfo, with_deleted: bool, agenda: dict) -> dict:
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
        if point.progress_note:
            data["note"] = point.progress_note
    if point.kind is PointKind.announcement or point.key_dates:
        data["key_dates"] = [_key_date(kd) for kd in sorted(point.key_dates, key=lambda kd: kd.id)]
    if point.agenda_item_id is not None:
        data["agenda_item"] = agenda[point.agenda_item_id]
    if with_deleted:
        data["deleted_at"] = _time(point.deleted_at, zone)
    return data


def _attachments(session: ForumSession, zone: ZoneInfo) -> dict:
    """{"attachments": [...]} with each file's bytes in base64, or nothing for a session without any."""
    rows = db.session.execute(
        db.select(Attachment, AttachmentContent.data).join(AttachmentContent)
        .where(Attachment.session_id == session.id).order_by(Attachment.id)
    ).all()
    if not rows:
        return {}
    index = {p.id: i for i, p in enumerate(sorted(session.points, key=lambda p: (p.position, p.id)))}
    return {"attachments": [
        {"filename": a.filename, "content_type": a.content_type,
         "point": index.get(a.point_id) if a.point_id is not None else None, "sha256": a.sha256,
         "created_at": _time(a.created_at, zone), "data": base64.b64encode(data).decode("ascii")}
        for a, data in rows
    ]}


def _key_date(key_date: KeyDate) -> dict:
    return {
        "label": key_date.label,
        "date": key_date.iso,
        "precision": key_date.precision.value,
        "qualifier": key_date.qualifier.value if key_date.qualifier else None,
    }


def _minutes(minutes: Minutes | None, zone: ZoneInfo) -> dict | None:
    if minutes is None:
        return None
    return {
        "status": minutes.status.value,
        "summary": minutes.summary,
        "revision": minutes.revision,
        "approved_by": _account(minutes, "approved_by"),
        "approved_at": _time(minutes.approved_at, zone),
        "published_at": _time(minutes.published_at, zone),
        "revisions": [
            {
                "number": r.number,
                "status": r.status.value,
                "summary": r.summary,
                "reason": r.reason,
                "record": r.record,
                "created_by": _account(r, "created_by"),
                "created_at": _time(r.created_at, zone),
            }
            for r in minutes.revisions
        ],
        "corrections": [
            {
                "author": _account(c, "author"),
                "text": c.text,
                "status": c.status.value,
                "response": c.response,
                "decided_by": _account(c, "decided_by"),
                "decided_at": _time(c.decided_at, zone),
                "created_at": _time(c.created_at, zone),
            }
            for c in sorted(minutes.corrections, key=lambda c: (c.created_at, c.id))
        ],
    }


def _release(release: PressRelease, zone: ZoneInfo) -> dict:
    return {
        "status": release.status.value,
        "headline": release.headline,
        "subheadline": release.subheadline,
        "dateline": release.dateline,
        "language": release.language,
        "body": release.body,
        "embargo_until": _time(release.embargo_until, zone),
        "revision": release.revision,
        "approved_by": _account(release, "approved_by"),
        "approved_at": _time(release.approved_at, zone),
        "published_at": _time(release.published_at, zone),
        "created_at": _time(release.created_at, zone),
        "revisions": [
            {
                "number": r.number,
                "status": r.status.value,
                "headline": r.headline,
                "subheadline": r.subheadline,
                "dateline": r.dateline,
                "body": r.body,
                "embargo_until": _time(r.embargo_until, zone),
                "reason": r.reason,
                "created_by": _account(r, "created_by"),
                "created_at": _time(r.created_at, zone),
            }
            for r in release.revisions
        ],
    }


def _named_in(session: ForumSession, points: list[DiscussionPoint]) -> tuple[set[Person], set[Organisation]]:
    people: set[Person] = set()
    organisations: set[Organisation] = set()
    for p in session.participations:
        people.add(p.person)
        if p.organisation:
            organisations.add(p.organisation)
    for point in points:
        if point.owner_person:
            people.add(point.owner_person)
        if point.owner_organisation:
            organisations.add(point.owner_organisation)
    return people, organisations


class _Directory:
    """The people and organisations of a forum's bundle, in order, and a key for each.

    First the forum's directory entries, as imported; then whoever the forum's sessions name that has
    no entry (added by an organiser since), with keys made from their names, sorted by key. Parents of
    organisations come along. The sessions' references are found with three small queries, so this
    costs the same whether one session's record or the whole forum's is being written.
    """

    def __init__(self, forum: Forum):
        entries = list(db.session.execute(
            db.select(DirectoryEntry).where(DirectoryEntry.forum_id == forum.id).order_by(DirectoryEntry.position)
            .options(joinedload(DirectoryEntry.person), joinedload(DirectoryEntry.organisation))
        ).scalars())
        self.keys: dict = {}
        people = [e.person for e in entries if e.person is not None]
        organisations = [e.organisation for e in entries if e.organisation is not None]
        for entry in entries:
            self.keys[entry.person or entry.organisation] = entry.key
        in_forum = sa.select(ForumSession.id).where(ForumSession.forum_id == forum.id)
        person_ids = sa.union(
            sa.select(Participation.person_id).where(Participation.session_id.in_(in_forum)),
            sa.select(DiscussionPoint.owner_person_id).where(
                DiscussionPoint.session_id.in_(in_forum), DiscussionPoint.owner_person_id.is_not(None)),
        )
        organisation_ids = sa.union(
            sa.select(Participation.organisation_id).where(
                Participation.session_id.in_(in_forum), Participation.organisation_id.is_not(None)),
            sa.select(DiscussionPoint.owner_organisation_id).where(
                DiscussionPoint.session_id.in_(in_forum), DiscussionPoint.owner_organisation_id.is_not(None)),
        )
        known_people = {p.id for p in people}
        known_orgs = {o.id for o in organisations}
        more_people = [p for p in db.session.execute(db.select(Person).where(Person.id.in_(person_ids))).scalars()
                       if p.id not in known_people]
        more_orgs = {o for o in db.session.execute(
            db.select(Organisation).where(Organisation.id.in_(organisation_ids))).scalars() if o.id not in known_orgs}
        for org in list(more_orgs) + organisations:
            while org.parent is not None and org.parent.id not in known_orgs and org.parent not in more_orgs:
                more_orgs.add(org.parent)
                org = org.parent
        # who answers for an organisation's actions comes along with it
        listed = {p.id for p in people} | {p.id for p in more_people}
        for org in organisations + sorted(more_orgs, key=lambda o: o.id):
            contact = org.contact_person
            if contact is not None and contact.id not in listed:
                listed.add(contact.id)
                more_people.append(contact)
        used = set(self.keys.values())
        added_orgs = self._key_all(sorted(more_orgs, key=lambda o: (o.name, o.id)),
                                   lambda o: slugify(o.short_name or o.name, KEY_LENGTH, "organisation"), used)
        added_people = self._key_all(sorted(more_people, key=lambda p: (p.name, p.native_name, p.email or "", p.id)),
                                     lambda p: slugify(p.name, KEY_LENGTH, "person"), used)
        self.organisations = organisations + sorted(added_orgs, key=lambda o: self.keys[o])
        self.people = people + sorted(added_people, key=lambda p: self.keys[p])

    def _key_all(self, rows: list, base_of, used: set[str]) -> list:
        for row in rows:
            base = base_of(row)
            key, n = base, 1
            while key in used:
                n += 1
                key = f"{base}-{n}"
            used.add(key)
            self.keys[row] = key
        return rows
