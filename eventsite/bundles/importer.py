"""Importing a bundle: one transaction that makes the database say what the bundle says.

Import is idempotent: records are matched, not re-created, and a row is written
only where a value differs, so importing the same bundle again writes nothing
(and adds nothing to the audit log). How records are matched:

- forum by slug; session by (forum, slug);
- organisation by name; person by email when the bundle gives one, else by
  (name, native_name); the bundle's keys and order are kept per forum (DirectoryEntry);
- participation by (session, person); participant groups by name;
- discussion points: first by (kind, title, body, deleted or not), then in order; live
  points the bundle no longer has are deleted the way an organiser deletes them (recoverable);
- key dates in order;
- minutes by session, their revisions by number: kept revisions are never rewritten, so a
  bundle whose revision differs from the one kept, or that lacks one, is refused;
- press releases by headline, in order; their revisions as the minutes'.

Dates come from the bundle, never from the clock: minutes that a bundle of the older shape
calls approved, without saying when, read "Approved by the organisers." with no date. Only a
kept revision's time of creation, required by the database, is the import's when the bundle
does not give it. Approvers and authors are linked to the account of their address where one
exists, and their name and address are kept either way.

Sessions and press releases that are in the database but not in the bundle are
kept: a bundle adds and corrects, it does not wipe out published work.

The cost is linear in the bundle: everything the forum already holds is loaded in a few
queries up front, nothing is flushed until the end, the records of new sessions are written
with one INSERT per table (bundles/bulk.py), and nothing is composed per session except the
record of minutes of the older shape (by the minutes area's keep_missing_records).
"""
from __future__ import annotations

import base64
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext, lazy_gettext as _l, lazy_ngettext as _ln, ngettext

from eventsite.bundles.bulk import NewSessionRows
from eventsite.bundles.exporter import _account, load_minutes, load_releases, load_sessions
from eventsite.bundles.validate import (
    BundleError, Problem, parse_day, parse_key_date, parse_time, prepare_bundle, without_cycle_collection,
)
from eventsite.models import (
    ActionStatus, AgendaItem, Attachment, AttachmentContent, Attendance, CorrectionRequest, CorrectionStatus,
    DatePrecision, DirectoryEntry, DiscussionPoint,
    DocumentStatus, Forum, ForumSession, KeyDate, Minutes, MinutesRevision, MonthPart, Organisation, OrganisationKind,
    ParticipantGroup, Participation, Person, PointKind, PressRelease, PressReleaseRevision, Role, SessionKind, User,
    Visibility, db,
)
from eventsite.models.base import utcnow

IMPORT_REASON = "imported from a bundle"

#: how the summary counts each table, in the order it lists them: "4 organisations", «4 организации»
NOUNS = {
    "forum": lambda n: ngettext("%(num)d forum", "%(num)d forums", n),
    "organisation": lambda n: ngettext("%(num)d organisation", "%(num)d organisations", n),
    "person": lambda n: ngettext("%(num)d person", "%(num)d people", n),
    "forum_session": lambda n: ngettext("%(num)d session", "%(num)d sessions", n),
    "participation": lambda n: ngettext("%(num)d participant", "%(num)d participants", n),
    "participant_group": lambda n: ngettext("%(num)d group", "%(num)d groups", n),
    "discussion_point": lambda n: ngettext("%(num)d point", "%(num)d points", n),
    "key_date": lambda n: ngettext("%(num)d key date", "%(num)d key dates", n),
    "agenda_item": lambda n: ngettext("%(num)d agenda item", "%(num)d agenda items", n),
    "attachment": lambda n: ngettext("%(num)d attachment", "%(num)d attachments", n),
    "minutes": lambda n: ngettext("%(num)d minutes", "%(num)d minutes", n),
    "minutes_revision": lambda n: ngettext("%(num)d minutes revision", "%(num)d minutes revisions", n),
    "correction_request": lambda n: ngettext("%(num)d correction request", "%(num)d correction requests", n),
    "press_release": lambda n: ngettext("%(num)d press release", "%(num)d press releases", n),
    "press_release_revision": lambda n: ngettext("%(num)d press release revision",
                                                 "%(num)d press release revisions", n),
    "directory_entry": lambda n: ngettext("%(num)d key of a person or organisation",
                                          "%(num)d keys of people and organisations", n),
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
        """"created: 1 forum, 4 organisations" … for the command line, in its language."""
        def things(counts: Counter) -> str:
            parts = [count(counts[table]) for table, count in NOUNS.items() if counts.get(table, 0)]
            return ", ".join(parts) if parts else gettext("nothing")

        return [gettext("created: %(things)s", things=things(self.created)),
                gettext("updated: %(things)s", things=things(self.updated)),
                gettext("deleted: %(things)s", things=things(self.deleted))]


def import_bundle(data: Any) -> ImportResult:
    """Validate the bundle, then write it in one transaction; raise BundleError and change nothing if refused."""
    with without_cycle_collection():
        return _import(data)


def _import(data: Any) -> ImportResult:
    data = prepare_bundle(data)
    try:
        # one flush at the end, not one before every query: a flush looks at every pending row
        with db.session.no_autoflush:
            result = _Import(data).run()
        db.session.commit()
    except BundleError:
        db.session.rollback()
        raise
    except sa.exc.SQLAlchemyError as exc:
        db.session.rollback()
        reason = getattr(exc, "orig", None) or exc
        raise BundleError([Problem((), _l("the database refused the bundle, nothing was imported: %(reason)s",
                                          reason=str(reason)))]) from exc
    except BaseException:
        db.session.rollback()  # a bug, but nothing of the bundle stays half written
        raise
    return result


def _fetch(model, column, values: list, chunk: int = 500) -> list:
    """Rows whose column is one of values, in chunks that every database accepts."""
    values = sorted(set(values))
    rows = []
    for start in range(0, len(values), chunk):
        rows += db.session.execute(db.select(model).where(column.in_(values[start:start + chunk]))).scalars()
    return rows


def _time(value: str | None):
    return parse_time(value) if value is not None else None


def _accounts_named(data: dict) -> set[str]:
    """Every address of an approver or author in the bundle, lower-cased."""
    emails = set()

    def note(ref):
        if ref and ref.get("email"):
            emails.add(ref["email"].lower())

    for session in data.get("sessions", []):
        minutes = session.get("minutes") or {}
        note(minutes.get("approved_by"))
        for revision in minutes.get("revisions", []):
            note(revision.get("created_by"))
        for correction in minutes.get("corrections", []):
            note(correction.get("author"))
            note(correction.get("decided_by"))
        for release in session.get("press_releases", []):
            note(release.get("approved_by"))
            for revision in release.get("revisions", []):
                note(revision.get("created_by"))
    return emails


def _plain_account(ref: dict | None) -> dict | None:
    """An account as export writes it: {"name", "email"}, name "" when not given."""
    return None if ref is None else {"name": ref.get("name", ""), "email": ref.get("email")}


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
        #: minutes of the older shape (no revisions): their record is composed once all is in
        self.minutes_to_compose: list[Minutes] = []

    def run(self) -> ImportResult:
        emails = sorted(_accounts_named(self.data))
        self.users = {u.email.lower(): u for u in _fetch(User, sa.func.lower(User.email), emails)}
        self.import_organisations()
        self.import_people()
        self.import_contacts()
        forum = self.forum = self.import_forum()
        # everything the forum holds already, loaded at once
        existing = forum.id is not None
        self.sessions = {s.slug: s for s in load_sessions(forum.id)} if existing else {}
        self.minutes = load_minutes(forum.id) if existing else {}
        self.releases = load_releases(forum.id) if existing else {}
        self.import_directory(forum)
        #: sessions new to the database, with their bundle entries: their records are written in bulk
        self.new_sessions: list[tuple[dict, dict]] = []
        #: sessions whose attachments to write once every point is in (they name their point by its
        #: place): the id of each one there was, the slug of each new one that has any
        self.sessions_with_attachments: list[tuple[int | str, dict]] = []
        for i, session_data in enumerate(self.data.get("sessions", [])):
            self.import_session(forum, session_data, ("sessions", i))
        db.session.flush()
        rows = NewSessionRows(self.people, self.organisations, self.users, IMPORT_REASON)
        older = rows.write(forum.id, self.new_sessions)
        self.created.update(rows.created)
        for session, s in self.sessions_with_attachments:
            session_id = rows.session_ids[session] if isinstance(session, str) else session
            self.import_attachments(session_id, s.get("attachments", []))
        # last, once the attachments are in too: the record frozen is the whole record imported
        self.compose_older_minutes(older)
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

    def set_account(self, obj, name: str, ref: dict | None) -> None:
        """Link the account of ref's address if there is one, and keep ref's name and address either way."""
        user = self.users.get(ref["email"].lower()) if ref and ref.get("email") else None
        self.set(obj, **{name: user})  # linking another account clears the kept text (keep_account_text)
        plain = _plain_account(ref)
        self.set(obj, **{f"{name}_name": plain and plain["name"], f"{name}_email": plain and plain["email"]})

    def delete(self, obj) -> None:
        self.deleted[obj.__tablename__] += 1
        db.session.delete(obj)

    # -- the directory ------------------------------------------------------------------------------

    def import_organisations(self) -> None:
        orgs = self.data.get("organisations", [])
        existing = {o.name: o for o in _fetch(Organisation, Organisation.name, [org["name"] for org in orgs])}
        # An organisation is one row however many forums name it: what a bundle leaves out (or gives as null,
        # the same thing) keeps what the directory holds, so another forum's bundle that knows less of it
        # does not clear its short name, kind or parent for every forum. A new row gets the defaults.
        for org in orgs:
            row = existing.get(org["name"])
            if row is None:
                row = self.add(Organisation(name=org["name"], short_name="", kind=OrganisationKind.other))
            values = {"short_name": org["short_name"]} if "short_name" in org else {}
            if "kind" in org:
                values["kind"] = OrganisationKind(org["kind"])
            self.set(row, **values)
            self.organisations[org["key"]] = row
        for org in orgs:
            if "parent" in org:
                self.set(self.organisations[org["key"]], parent=self.organisations[org["parent"]])

    def import_contacts(self) -> None:
        """Each organisation's contact person, once the people are in."""
        for org in self.data.get("organisations", []):
            contact = org.get("contact")
            self.set(self.organisations[org["key"]], contact_person=self.people[contact] if contact else None)

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
                row = self.add(Person(name=person["name"], native_name=""))
            elif id(row) in claimed:
                raise BundleError([Problem(("people", i), _l("is the same person in the database as %(key)s",
                                                             key=repr(claimed[id(row)])))])
            claimed[id(row)] = person["key"]
            # as with an organisation, what the bundle leaves out (or gives as null) keeps what the directory
            # holds: another forum's bundle that finds a person by their address may not know their native name
            values = dict(name=person["name"])
            if "native_name" in person:
                values["native_name"] = person["native_name"]
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

    def import_directory(self, forum: Forum) -> None:
        """The forum's keys and order of people and organisations, as the bundle gives them."""
        wanted = [(self.people[p["key"]], p["key"], n) for n, p in enumerate(self.data.get("people", []), start=1)]
        wanted += [(self.organisations[o["key"]], o["key"], n)
                   for n, o in enumerate(self.data.get("organisations", []), start=1)]
        entries = []
        if forum.id is not None:
            entries = list(db.session.execute(
                db.select(DirectoryEntry).where(DirectoryEntry.forum_id == forum.id)).scalars())
        by_row = {(e.person_id, e.organisation_id): e for e in entries}
        matched, rekeyed = [], []
        for row, key, position in wanted:
            ident = (row.id, None) if isinstance(row, Person) else (None, row.id)
            entry = by_row.pop(ident, None) if row.id is not None else None
            if entry is not None and entry.key != key:
                # made anew: keys may swap between entries, and each is unique in the forum
                rekeyed.append(entry)
                self.updated.add(entry)
                matched.append((None, row, key, position, True))
            else:
                matched.append((entry, row, key, position, False))
        for entry in by_row.values():
            self.delete(entry)
        for entry in rekeyed:
            db.session.delete(entry)
        if by_row or rekeyed:
            db.session.flush()
        for entry, row, key, position, replaces in matched:
            if entry is not None:
                self.set(entry, position=position)
                continue
            entry = DirectoryEntry(forum=forum, key=key, position=position,
                                   person=row if isinstance(row, Person) else None,
                                   organisation=row if isinstance(row, Organisation) else None)
            if replaces:
                db.session.add(entry)
            else:
                self.add(entry)

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
            translations={code: dict(texts) for code, texts in (f.get("translations") or {}).items()},
        )
        return forum

    def import_session(self, forum: Forum, s: dict, path: tuple) -> None:
        values = dict(
            kind=SessionKind(s["kind"]), title=s["title"],
            starts_at=parse_time(s["starts_at"]), ends_at=parse_time(s["ends_at"]), venue=s.get("venue", ""),
            language=s.get("language", self.forum_data.get("language", "en")),
            visibility=Visibility(s.get("visibility", "public")), summary=s.get("summary", ""),
        )
        session = self.sessions.get(s["slug"])
        if session is None:
            # all of it is new: it goes in with every other new session, and their records (bundles/bulk.py)
            self.new_sessions.append(({"slug": s["slug"], **values}, s))
            if s.get("attachments"):
                self.sessions_with_attachments.append((s["slug"], s))
            return
        self.sessions_with_attachments.append((session.id, s))
        self.set(session, **values)
        speakers = self.import_participants(session, s.get("participants", []))
        self.import_groups(session, s.get("groups", []))
        agenda, dropped = self.import_agenda(session, s.get("agenda", []), speakers)
        self.import_points(session, s.get("points", []), speakers, agenda)
        for item in dropped:
            # after the points stop naming it
            session.agenda_items.remove(item)
            self.delete(item)
        for participation in speakers.pop(None, []):
            self.delete(participation)
        if s.get("minutes") is not None:
            self.import_minutes(session, s["minutes"], path + ("minutes",))
        releases = list(self.releases.get(session.id, [])) if session.id is not None else []
        for j, release in enumerate(s.get("press_releases", [])):
            self.import_press_release(session, release, releases, path + ("press_releases", j))

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

    def import_agenda(self, session: ForumSession, entries: list[dict], speakers: dict) -> tuple[list, list]:
        """The agenda's items in the bundle's order, matched by place; and the items the bundle no longer has."""
        existing = sorted(session.agenda_items, key=lambda i: (i.position, i.id)) if session.id is not None else []
        rows = []
        for position, entry in enumerate(entries, start=1):
            row = existing[position - 1] if position <= len(existing) else self.add(
                AgendaItem(session=session, position=position, title=entry["title"]))
            presenter = entry.get("presenter")
            self.set(row, position=position, title=entry["title"],
                     presenter=speakers[presenter] if presenter else None,
                     presenter_name=entry.get("presenter_name", ""), planned_minutes=entry.get("planned_minutes"),
                     notes=entry.get("notes", ""))
            rows.append(row)
        return rows, existing[len(entries):]

    def import_points(self, session: ForumSession, points: list[dict], speakers: dict,
                      agenda: list[AgendaItem] | None = None) -> None:
        rows = sorted(session.points, key=lambda p: (p.position, p.id)) if session.id is not None else []
        by_text: dict[tuple, list[DiscussionPoint]] = defaultdict(list)
        for row in rows:
            by_text[(row.kind.value, row.title, row.body, row.deleted_at is not None)].append(row)
        pairs: list[DiscussionPoint | None] = [None] * len(points)
        taken: set[int] = set()
        # the same text stays the same row even when the order changed
        for i, data in enumerate(points):
            same = by_text.get((data["kind"], data.get("title", ""), data.get("body", ""), "deleted_at" in data))
            if same:
                pairs[i] = same.pop(0)
                taken.add(id(pairs[i]))
        live = [r for r in rows if id(r) not in taken and r.deleted_at is None]
        gone = [r for r in rows if id(r) not in taken and r.deleted_at is not None]
        for i, data in enumerate(points):
            rest = gone if "deleted_at" in data else live
            if pairs[i] is None and rest:
                pairs[i] = rest.pop(0)
        for row in live:
            # deleted as an organiser deletes: recoverable
            self.set(row, deleted_at=self.now)
            self.updated.discard(row)
            self.deleted["discussion_point"] += 1
        for position, (data, row) in enumerate(zip(points, pairs), start=1):
            if row is None:
                row = self.add(DiscussionPoint(session=session, kind=PointKind(data["kind"]), position=position))
            self.import_point(row, data, position, speakers, agenda or [])
        # deleted points the bundle does not list keep their places after the bundle's
        for position, row in enumerate(live + gone, start=len(points) + 1):
            self.set(row, position=position)

    def import_point(self, row: DiscussionPoint, data: dict, position: int, speakers: dict,
                     agenda: list[AgendaItem]) -> None:
        action = data["kind"] == "action"
        owner = data.get("owner") if action else None
        item = data.get("agenda_item")
        self.set(
            row, agenda_item=agenda[item - 1] if item else None,
            progress_note=data.get("note", "") if action else "")
        self.set(
            row, position=position, kind=PointKind(data["kind"]), title=data.get("title", ""),
            body=data.get("body", ""), speaker=speakers[data["speaker"]] if data.get("speaker") else None,
            tags=list(data.get("tags", [])),
            owner_person=self.people.get(owner) if owner else None,
            owner_organisation=self.organisations.get(owner) if owner and owner not in self.people else None,
            due_on=parse_day(data["due_on"]) if action and data.get("due_on") else None,
            status=ActionStatus(data.get("status", "open")) if action else None,
            deleted_at=_time(data.get("deleted_at")),
        )
        self.import_key_dates(row, data.get("key_dates", []))

    def import_attachments(self, session_id: int, attachments: list[dict]) -> None:
        """The session's files exactly as the bundle lists them: the same file on the same point stays its row."""
        points = db.session.execute(
            sa.select(DiscussionPoint).where(DiscussionPoint.session_id == session_id)
            .order_by(DiscussionPoint.position, DiscussionPoint.id)
        ).scalars().all()
        rows = db.session.execute(
            sa.select(Attachment).where(Attachment.session_id == session_id).order_by(Attachment.id)
        ).scalars().all()
        unmatched = list(rows)
        for data in attachments:
            point = points[data["point"]] if data.get("point") is not None else None
            created_at = _time(data.get("created_at"))
            same = next((a for a in unmatched if (a.sha256, a.filename, a.point_id) ==
                         (data["sha256"], data["filename"], point.id if point else None)), None)
            if same is not None:
                unmatched.remove(same)
                if created_at is not None:
                    self.set(same, created_at=created_at)
                continue
            content = base64.b64decode(data["data"])
            self.add(Attachment(session_id=session_id, point=point, filename=data["filename"],
                                content_type=data["content_type"], size=len(content), sha256=data["sha256"],
                                content=AttachmentContent(data=content),
                                **({"created_at": created_at} if created_at is not None else {})))
        for row in unmatched:
            self.delete(row)

    def import_key_dates(self, point: DiscussionPoint, key_dates: list[dict]) -> None:
        """The point's key dates in the bundle's order (export writes them in the order of their rows)."""
        wanted = [
            dict(label=kd["label"], date=parse_key_date(kd["date"], kd["precision"]),
                 precision=DatePrecision(kd["precision"]),
                 qualifier=MonthPart(kd["qualifier"]) if kd.get("qualifier") else None)
            for kd in key_dates
        ]
        existing = sorted(point.key_dates, key=lambda kd: kd.id) if point.id is not None else []
        for row, values in zip(existing, wanted):
            self.set(row, **values)
        for values in wanted[len(existing):]:
            self.add(KeyDate(point=point, **values))
        for row in existing[len(wanted):]:
            point.key_dates.remove(row)
            self.delete(row)

    # -- minutes ------------------------------------------------------------------------------------

    def import_minutes(self, session: ForumSession, data: dict, path: tuple) -> None:
        status = DocumentStatus(data["status"])
        minutes = self.minutes.get(session.id) if session.id is not None else None
        if "revisions" not in data:
            self.import_older_minutes(session, minutes, data, status)
            return
        revisions = data["revisions"]
        if minutes is None:
            minutes = self.add(Minutes(session=session, status=status, summary=data["summary"]))
        self.import_minutes_revisions(minutes, revisions, path + ("revisions",))
        self.set(
            minutes, status=status, summary=data["summary"],
            revision=data.get("revision", max((r["number"] for r in revisions), default=0)),
            approved_at=_time(data.get("approved_at")), published_at=_time(data.get("published_at")),
        )
        self.set_account(minutes, "approved_by", data.get("approved_by"))
        self.import_corrections(minutes, data.get("corrections", []))

    def import_older_minutes(self, session: ForumSession, minutes: Minutes | None, data: dict,
                             status: DocumentStatus) -> None:
        """Minutes without their history (the older shape): a change is kept as a new revision."""
        dates = dict(approved_at=_time(data.get("approved_at")), published_at=_time(data.get("published_at")))
        if minutes is None:
            minutes = self.add(Minutes(session=session, status=status, summary=data["summary"],
                                       revision=data.get("revision", 1)))
        elif self.set(minutes, status=status, summary=data["summary"]):
            self.set(minutes, revision=minutes.revision + 1)
        else:
            self.set(minutes, **dates)
            self.set_account(minutes, "approved_by", data.get("approved_by"))
            return
        self.set(minutes, **dates)
        self.set_account(minutes, "approved_by", data.get("approved_by"))
        # the record: composed once the whole session is in (compose_older_minutes)
        self.minutes_to_compose.append(minutes)
        self.add(MinutesRevision(
            minutes=minutes, number=minutes.revision, status=status, summary=data["summary"],
            reason=IMPORT_REASON, record={},
        ))

    def import_minutes_revisions(self, minutes: Minutes, revisions: list[dict], path: tuple) -> None:
        self.import_revisions(minutes, MinutesRevision, revisions, path, lambda data: dict(
            status=DocumentStatus(data["status"]), summary=data.get("summary", ""), reason=data.get("reason", ""),
            record=data.get("record", {}),
        ), _l("these minutes"))

    def import_revisions(self, document, revision_cls, revisions: list[dict], path: tuple, values_of, what) -> None:
        """Add the bundle's revisions the document does not keep yet; one it keeps must be the same, and
        none it keeps may be missing: kept revisions are never rewritten nor taken back."""
        kept = {r.number: r for r in document.revisions} if document.id is not None else {}
        for k, data in enumerate(revisions):
            values = values_of(data)
            row = kept.pop(data["number"], None)
            if row is None:
                row = revision_cls(number=data["number"], **values)
                document.revisions.append(row)
                self.add(row)
                if "created_at" in data:
                    row.created_at = parse_time(data["created_at"])
                self.set_account(row, "created_by", data.get("created_by"))
            else:
                self.same_revision(row, values, data, path + (k,))
        if kept:
            numbers = ", ".join(str(n) for n in sorted(kept))
            raise BundleError([Problem(path, _ln(
                "the database keeps revision %(numbers)s of %(what)s, which the bundle does not have; kept revisions "
                "are never taken back",
                "the database keeps revisions %(numbers)s of %(what)s, which the bundle does not have; kept revisions "
                "are never taken back", len(kept), numbers=numbers, what=what))])

    def same_revision(self, row, values: dict, data: dict, path: tuple) -> None:
        """A revision kept already must be the bundle's: kept revisions are never rewritten."""
        same = all(getattr(row, name) == value for name, value in values.items())
        same = same and _account(row, "created_by") == _plain_account(data.get("created_by"))
        same = same and ("created_at" not in data or row.created_at == parse_time(data["created_at"]))
        if not same:
            raise BundleError([Problem(path, _l("revision %(number)d is kept in the database with other content; "
                                                "kept revisions are never rewritten", number=row.number))])

    def import_corrections(self, minutes: Minutes, corrections: list[dict]) -> None:
        existing = sorted(minutes.corrections, key=lambda c: (c.created_at, c.id)) if minutes.id is not None else []
        for k, data in enumerate(corrections):
            values = dict(text=data["text"], status=CorrectionStatus(data.get("status", "open")),
                          response=data.get("response", ""), decided_at=_time(data.get("decided_at")))
            if k < len(existing):
                row = existing[k]
                self.set(row, **values)
            else:
                row = self.add(CorrectionRequest(minutes=minutes, **values))
            if "created_at" in data:
                self.set(row, created_at=parse_time(data["created_at"]))
            self.set_account(row, "author", data.get("author"))
            self.set_account(row, "decided_by", data.get("decided_by"))

    def compose_older_minutes(self, written: list[int]) -> None:
        """Freeze what the imported record says into the revisions kept for minutes of the older shape
        (`written`: the ids of those written in bulk)."""
        from eventsite.minutes.workflow import keep_missing_records  # the minutes area imports this package

        if not (self.minutes_to_compose or written):
            return
        db.session.flush()  # the attachments too: the import runs without autoflush
        for minutes in self.minutes_to_compose:
            db.session.refresh(minutes.session)  # its points, participants and groups as imported
        # every session's record and minutes at once, so that composing reads them from memory rather
        # than with a query for each point (kept referenced: the session's identity map holds rows weakly)
        forum_id = self.forum.id
        sessions = load_sessions(forum_id)
        minutes_by_id = {m.id: m for m in load_minutes(forum_id).values()}
        for minutes in self.minutes_to_compose + [minutes_by_id[i] for i in written]:
            keep_missing_records(minutes)
        db.session.flush()
        del sessions

    # -- press releases -----------------------------------------------------------------------------

    def import_press_release(self, session: ForumSession, data: dict, unmatched: list[PressRelease],
                             path: tuple) -> None:
        release = next((r for r in unmatched if r.headline == data["headline"]), None)
        if release is not None:
            unmatched.remove(release)
        status = DocumentStatus(data["status"])
        values = dict(
            status=status, subheadline=data.get("subheadline", ""), dateline=data.get("dateline", ""),
            language=data.get("language", session.language), body=data["body"],
            embargo_until=_time(data.get("embargo_until")),
        )
        dates = dict(approved_at=_time(data.get("approved_at")), published_at=_time(data.get("published_at")))
        if "created_at" in data:
            dates["created_at"] = parse_time(data["created_at"])
        revisions = data.get("revisions")
        created = release is None
        if created:
            release = self.add(PressRelease(session=session, headline=data["headline"], revision=1, **values))
        if revisions is None:
            # the older shape: a change is kept as a new revision
            if created or self.set(release, **values):
                if not created:
                    self.set(release, revision=release.revision + 1)
                self.add(PressReleaseRevision(
                    press_release=release, number=release.revision, status=status, headline=release.headline,
                    subheadline=release.subheadline, dateline=release.dateline, body=release.body,
                    embargo_until=release.embargo_until, reason=IMPORT_REASON,
                ))
        else:
            self.import_release_revisions(release, revisions, path + ("revisions",))
            self.set(release, **values,
                     revision=data.get("revision", max((r["number"] for r in revisions), default=1)))
        self.set(release, **dates)
        self.set_account(release, "approved_by", data.get("approved_by"))
        if created:
            # the feed's "updated": the last change the bundle knows of, not the import
            last = [parse_time(r["created_at"]) for r in revisions or [] if "created_at" in r]
            if last or "created_at" in dates:
                release.updated_at = max(last) if last else dates["created_at"]

    def import_release_revisions(self, release: PressRelease, revisions: list[dict], path: tuple) -> None:
        self.import_revisions(release, PressReleaseRevision, revisions, path, lambda data: dict(
            status=DocumentStatus(data["status"]), headline=data["headline"],
            subheadline=data.get("subheadline", ""), dateline=data.get("dateline", ""),
            body=data.get("body", ""), embargo_until=_time(data.get("embargo_until")),
            reason=data.get("reason", ""),
        ), _l("this press release"))
