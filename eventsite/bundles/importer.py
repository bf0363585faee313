"""Importing a bundle: one transaction that makes the database say what the bundle says.

Import is idempotent: records are matched, not re-created, and a row is written
only where a value differs, so importing the same bundle again writes nothing
(and adds nothing to the audit log). How records are matched:

- forum by slug; session by (forum, slug);
- organisation by name; person by email when the bundle gives one, else by
  (name, native_name);
- participation by (session, person); participant groups by name;
- discussion points: first by (kind, title, body), then in order; live points the
  bundle no longer has are deleted the way an organiser deletes them (recoverable);
- key dates by (label, date, precision), then by label;
- press releases by (session, headline): a headline names a release in a
  newsroom, and position would make a reordered file rewrite every release.

Sessions and press releases that are in the database but not in the bundle are
kept: a bundle adds and corrects, it does not wipe out published work.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from eventsite.bundles.exporter import load_sessions
from eventsite.bundles.validate import BundleError, Problem, parse_day, parse_key_date, parse_time, validate_bundle
from eventsite.models import (
    ActionStatus, Attendance, DatePrecision, DiscussionPoint, DocumentStatus, Forum, ForumSession, KeyDate, Minutes,
    MinutesRevision, Organisation, OrganisationKind, ParticipantGroup, Participation, Person, PointKind, PressRelease,
    PressReleaseRevision, Role, SessionKind, Visibility, db,
)
from eventsite.models.base import utcnow

IMPORT_REASON = "imported from a bundle"

#: how the summary names each table, in the order it lists them
NOUNS = {
    "forum": ("forum", "forums"),
    "organisation": ("organisation", "organisations"),
    "person": ("person", "people"),
    "forum_session": ("session", "sessions"),
    "participation": ("participant", "participants"),
    "participant_group": ("group", "groups"),
    "discussion_point": ("point", "points"),
    "key_date": ("key date", "key dates"),
    "minutes": ("minutes", "minutes"),
    "press_release": ("press release", "press releases"),
}


@dataclass
class ImportResult:
    forum: Forum
    #: the bundle's keys resolved to rows
    people: dict[str, Person]
    organisations: dict[str, Organisation]
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def summary(self) -> list[str]:
        """"created: 1 forum, 4 organisations" … for the command line."""
        lines = []
        for verb, counts in (("created", self.created), ("updated", self.updated), ("deleted", self.deleted)):
            parts = []
            for table, (one, many) in NOUNS.items():
                n = counts.get(table, 0)
                if n:
                    parts.append(f"{n} {one if n == 1 else many}")
            lines.append(f"{verb}: {', '.join(parts) if parts else 'nothing'}")
        return lines


def import_bundle(data: Any) -> ImportResult:
    """Validate the bundle, then write it in one transaction; raise BundleError and change nothing if refused."""
    problems = validate_bundle(data)
    if problems:
        raise BundleError(problems)
    try:
        result = _Import(data).run()
        db.session.commit()
    except BundleError:
        db.session.rollback()
        raise
    except sa.exc.SQLAlchemyError as exc:
        db.session.rollback()
        reason = getattr(exc, "orig", None) or exc
        raise BundleError([Problem((), f"the database refused the bundle, nothing was imported: {reason}")]) from exc
    return result


def _fetch(model, column, values: list, chunk: int = 500) -> list:
    """Rows whose column is one of values, in chunks that every database accepts."""
    values = sorted(set(values))
    rows = []
    for start in range(0, len(values), chunk):
        rows += db.session.execute(db.select(model).where(column.in_(values[start:start + chunk]))).scalars()
    return rows


class _Import:
    def __init__(self, data: dict):
        self.data = data
        self.forum_data = data["forum"]
        self.now = utcnow()
        self.created: Counter = Counter()
        self.new: set = set()
        self.updated: set = set()
        self.deleted: Counter = Counter()
        self.people: dict[str, Person] = {}
        self.organisations: dict[str, Organisation] = {}
        self.imported_minutes: list[Minutes] = []

    def run(self) -> ImportResult:
        self.import_organisations()
        self.import_people()
        forum = self.import_forum()
        # every existing session with its records, loaded at once
        self.sessions = {s.slug: s for s in load_sessions(forum.id)} if forum.id is not None else {}
        for i, session_data in enumerate(self.data.get("sessions", [])):
            self.import_session(forum, session_data, ("sessions", i))
        db.session.flush()
        self.compose_imported_minutes()
        updated = Counter(obj.__tablename__ for obj in self.updated)
        return ImportResult(forum, self.people, self.organisations, self.created, updated, self.deleted)

    # -- writing only what differs ------------------------------------------------------------------

    def add(self, obj):
        db.session.add(obj)
        self.new.add(obj)
        self.created[obj.__tablename__] += 1
        return obj

    def set(self, obj, **values) -> bool:
        """Give obj these values, touching only those that differ; True if any did."""
        changed = False
        for name, value in values.items():
            current = getattr(obj, name)
            same = current is value if isinstance(value, db.Model) or isinstance(current, db.Model) else current == value
            if not same:
                setattr(obj, name, value)
                changed = True
        if changed and obj not in self.new:
            self.updated.add(obj)
        return changed

    def delete(self, obj) -> None:
        self.deleted[obj.__tablename__] += 1
        db.session.delete(obj)

    # -- the directory ------------------------------------------------------------------------------

    def import_organisations(self) -> None:
        orgs = self.data.get("organisations", [])
        existing = {o.name: o for o in _fetch(Organisation, Organisation.name, [org["name"] for org in orgs])}
        for org in orgs:
            row = existing.get(org["name"])
            if row is None:
                row = self.add(Organisation(name=org["name"]))
            self.set(row, short_name=org.get("short_name", ""), kind=OrganisationKind(org.get("kind", "other")))
            self.organisations[org["key"]] = row
        for org in orgs:
            parent = org.get("parent")
            self.set(self.organisations[org["key"]], parent=self.organisations[parent] if parent else None)

    def import_people(self) -> None:
        people = self.data.get("people", [])
        # everyone the bundle might mean, in a few queries rather than one per person
        candidates = set(_fetch(Person, sa.func.lower(Person.email), [p["email"].lower() for p in people if p.get("email")]))
        candidates.update(_fetch(Person, Person.name, [p["name"] for p in people]))
        by_email = {c.email.lower(): c for c in candidates if c.email}
        by_name: dict[tuple, list[Person]] = {}
        for c in sorted(candidates, key=lambda c: c.id):
            by_name.setdefault((c.name, c.native_name), []).append(c)
        claimed: dict[int, str] = {}
        for i, person in enumerate(people):
            row = self.find_person(person, by_email, by_name)
            if row is None:
                row = self.add(Person(name=person["name"]))
            elif id(row) in claimed:
                raise BundleError([Problem(("people", i), f"is the same person in the database as {claimed[id(row)]!r}")])
            claimed[id(row)] = person["key"]
            values = dict(name=person["name"], native_name=person.get("native_name", ""))
            if person.get("email"):
                values["email"] = person["email"]
            self.set(row, **values)
            self.people[person["key"]] = row

    @staticmethod
    def find_person(person: dict, by_email: dict, by_name: dict) -> Person | None:
        namesakes = by_name.get((person["name"], person.get("native_name", "")), [])
        if person.get("email"):
            found = by_email.get(person["email"].lower())
            if found is not None:
                return found
            # the same person recorded earlier without an email gets it now
            return next((p for p in namesakes if p.email is None), None)
        # no email: prefer someone who has none either, then anyone of that name
        return next((p for p in namesakes if p.email is None), namesakes[0] if namesakes else None)

    # -- the forum and its sessions -----------------------------------------------------------------

    def import_forum(self) -> Forum:
        f = self.forum_data
        forum = db.session.execute(db.select(Forum).filter_by(slug=f["slug"])).scalar_one_or_none()
        if forum is None:
            forum = self.add(Forum(slug=f["slug"]))
        contact = f.get("press_contact", {})
        self.set(
            forum, name=f["name"], title=f["title"], city=f["city"], country=f["country"],
            starts_on=parse_day(f["starts_on"]), ends_on=parse_day(f["ends_on"]), timezone=f["timezone"],
            language=f.get("language", "en"), about=f.get("about", ""),
            press_contact_name=contact.get("name", ""), press_contact_email=contact.get("email", ""),
            press_contact_phone=contact.get("phone", ""),
        )
        return forum

    def import_session(self, forum: Forum, s: dict, path: tuple) -> None:
        session = self.sessions.get(s["slug"])
        if session is None:
            session = self.add(ForumSession(forum=forum, slug=s["slug"]))
        self.set(
            session, kind=SessionKind(s["kind"]), title=s["title"],
            starts_at=parse_time(s["starts_at"]), ends_at=parse_time(s["ends_at"]), venue=s.get("venue", ""),
            language=s.get("language", self.forum_data.get("language", "en")),
            visibility=Visibility(s.get("visibility", "public")), summary=s.get("summary", ""),
        )
        speakers = self.import_participants(session, s.get("participants", []))
        self.import_groups(session, s.get("groups", []))
        self.import_points(session, s.get("points", []), speakers)
        for participation in speakers.pop(None, []):
            self.delete(participation)
        if s.get("minutes") is not None:
            self.import_minutes(session, s["minutes"])
        for release in s.get("press_releases", []):
            self.import_press_release(session, release)

    def import_participants(self, session: ForumSession, participants: list[dict]) -> dict:
        """Person key → participation; under None, the participations the bundle no longer has."""
        existing = {id(p.person): p for p in session.participations}
        by_key: dict = {}
        for part in participants:
            person = self.people[part["person"]]
            row = existing.pop(id(person), None)
            if row is None:
                row = self.add(Participation(session=session, person=person))
            org = part.get("organisation")
            self.set(
                row, role=Role(part["role"]), attendance=Attendance(part.get("attendance", "attended")),
                position=part.get("position", ""), organisation=self.organisations[org] if org else None,
            )
            by_key[part["person"]] = row
        # removed only after the points stop naming them as speakers
        by_key[None] = list(existing.values())
        return by_key

    def import_groups(self, session: ForumSession, names: list[str]) -> None:
        existing = {g.name: g for g in session.groups}
        for position, name in enumerate(names, start=1):
            group = existing.pop(name, None)
            if group is None:
                group = self.add(ParticipantGroup(session=session, name=name, position=position))
            self.set(group, position=position)
        for group in existing.values():
            self.delete(group)

    def import_points(self, session: ForumSession, points: list[dict], speakers: dict) -> None:
        live = [p for p in session.points if p.deleted_at is None]
        pairs: list[DiscussionPoint | None] = [None] * len(points)
        # the same text stays the same row even when the order changed
        for i, data in enumerate(points):
            for row in live:
                if (row.kind.value, row.title, row.body) == (data["kind"], data.get("title", ""), data.get("body", "")):
                    pairs[i] = row
                    live.remove(row)
                    break
        for i in range(len(points)):
            if pairs[i] is None and live:
                pairs[i] = live.pop(0)
        for row in live:
            # deleted as an organiser deletes: recoverable
            self.set(row, deleted_at=self.now)
            self.updated.discard(row)
            self.deleted["discussion_point"] += 1
        for position, (data, row) in enumerate(zip(points, pairs), start=1):
            if row is None:
                row = self.add(DiscussionPoint(session=session, kind=PointKind(data["kind"]), position=position))
            self.import_point(row, data, position, speakers)

    def import_point(self, row: DiscussionPoint, data: dict, position: int, speakers: dict) -> None:
        action = data["kind"] == "action"
        owner = data.get("owner") if action else None
        self.set(
            row, position=position, kind=PointKind(data["kind"]), title=data.get("title", ""),
            body=data.get("body", ""), speaker=speakers[data["speaker"]] if data.get("speaker") else None,
            tags=list(data.get("tags", [])),
            owner_person=self.people.get(owner) if owner else None,
            owner_organisation=self.organisations.get(owner) if owner and owner not in self.people else None,
            due_on=parse_day(data["due_on"]) if action and data.get("due_on") else None,
            status=ActionStatus(data.get("status", "open")) if action else None,
        )
        self.import_key_dates(row, data.get("key_dates", []))

    def import_key_dates(self, point: DiscussionPoint, key_dates: list[dict]) -> None:
        wanted = [
            (kd["label"], parse_key_date(kd["date"], kd["precision"]), DatePrecision(kd["precision"]))
            for kd in key_dates
        ]
        existing = list(point.key_dates)
        rest = []
        for label, day, precision in wanted:
            match = next((k for k in existing if (k.label, k.date, k.precision) == (label, day, precision)), None)
            if match is not None:
                existing.remove(match)
            else:
                rest.append((label, day, precision))
        for label, day, precision in rest:
            row = next((k for k in existing if k.label == label), None) or (existing[0] if existing else None)
            if row is not None:
                existing.remove(row)
                self.set(row, label=label, date=day, precision=precision)
            else:
                self.add(KeyDate(point=point, label=label, date=day, precision=precision))
        for row in existing:
            point.key_dates.remove(row)
            self.delete(row)

    # -- documents ----------------------------------------------------------------------------------

    def _stamp(self, doc, status: DocumentStatus) -> dict:
        """approved_at and published_at that agree with the status."""
        approved = status is not DocumentStatus.draft
        published = status is DocumentStatus.published
        return dict(
            approved_at=(doc.approved_at or self.now) if approved else None,
            published_at=(doc.published_at or self.now) if published else None,
        )

    def import_minutes(self, session: ForumSession, data: dict) -> None:
        status = DocumentStatus(data["status"])
        minutes = None
        if session.id is not None:
            minutes = db.session.execute(db.select(Minutes).filter_by(session_id=session.id)).scalar_one_or_none()
        if minutes is None:
            minutes = self.add(Minutes(session=session, status=status, summary=data["summary"], revision=1))
            self.set(minutes, **self._stamp(minutes, status))
        elif self.set(minutes, status=status, summary=data["summary"]):
            # a change is a new revision; every revision is kept
            self.set(minutes, revision=minutes.revision + 1, **self._stamp(minutes, status))
        else:
            return
        # record: composed once the whole session is in (compose_imported_minutes)
        self.imported_minutes.append(minutes)
        db.session.add(MinutesRevision(
            minutes=minutes, number=minutes.revision, status=status, summary=data["summary"],
            reason=IMPORT_REASON, record={},
        ))

    def compose_imported_minutes(self) -> None:
        """Freeze what the imported record says into the revisions the import kept, as approval would."""
        from eventsite.minutes.workflow import keep_missing_records

        for minutes in self.imported_minutes:
            db.session.refresh(minutes.session)  # its points, participants and groups as imported
            keep_missing_records(minutes)
        db.session.flush()

    def import_press_release(self, session: ForumSession, data: dict) -> None:
        release = None
        if session.id is not None:
            release = db.session.execute(
                db.select(PressRelease).filter_by(session_id=session.id, headline=data["headline"])
                .order_by(PressRelease.id).limit(1)
            ).scalar_one_or_none()
        status = DocumentStatus(data["status"])
        values = dict(
            status=status, subheadline=data.get("subheadline", ""), dateline=data.get("dateline", ""),
            language=data.get("language", session.language), body=data["body"],
            embargo_until=parse_time(data["embargo_until"]) if data.get("embargo_until") else None,
        )
        if release is None:
            release = self.add(PressRelease(session=session, headline=data["headline"], revision=1, **values))
            self.set(release, **self._stamp(release, status))
        elif self.set(release, **values):
            self.set(release, revision=release.revision + 1, **self._stamp(release, status))
        else:
            return
        db.session.add(PressReleaseRevision(
            press_release=release, number=release.revision, status=status, headline=release.headline,
            subheadline=release.subheadline, dateline=release.dateline, body=release.body,
            embargo_until=release.embargo_until, reason=IMPORT_REASON,
        ))
