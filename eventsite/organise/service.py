"""The organiser's changes to the record, as plain functions.

Each function changes the models and flushes; the caller commits. The audit
hook records every change, so nothing here writes to the log. Rules a form must
explain to the user (a slug taken, a date out of order) are checked by the forms
too; here they are the last line before the database's own checks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext

from eventsite.actions import responsible_person_id
from eventsite.dates import DateInputError, parse_date
from eventsite.models import (
    ActionStatus, AgendaItem, DatePrecision, DiscussionPoint, Forum, ForumSession, KeyDate, Organisation,
    ParticipantGroup, MonthPart, Participation, Person, PointKind, User, UserRole, db, forum_organiser,
)
from eventsite.permissions import is_forum_organiser
from eventsite.search.index import fold
from eventsite.search.queries import held_as_beginnings, terms_of
from eventsite.models.base import utcnow
from eventsite.notify import announce

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class OrganiseError(ValueError):
    """A change the record's rules refuse; the message is for the user."""


# -- forums and sessions ---------------------------------------------------------------------------

def forum_slug_taken(slug: str, exclude: Forum | None = None) -> bool:
    query = db.select(Forum.id).where(Forum.slug == slug)
    if exclude is not None and exclude.id is not None:
        query = query.where(Forum.id != exclude.id)
    # the trash keeps its rows' slugs, addresses and names until it is emptied
    return db.session.execute(query.execution_options(include_trashed=True)).first() is not None


def session_slug_taken(forum: Forum, slug: str, exclude: ForumSession | None = None) -> bool:
    query = db.select(ForumSession.id).where(ForumSession.forum_id == forum.id, ForumSession.slug == slug)
    if exclude is not None and exclude.id is not None:
        query = query.where(ForumSession.id != exclude.id)
    # the trash keeps its rows' slugs, addresses and names until it is emptied
    return db.session.execute(query.execution_options(include_trashed=True)).first() is not None


def create_forum(organiser: User | None = None, **values) -> Forum:
    """A new forum; an organiser who creates it organises it (and so reads its audit log)."""
    if forum_slug_taken(values["slug"]):
        raise OrganiseError(gettext("The slug %(slug)s is taken by another forum.", slug=values["slug"]))
    forum = Forum(**values)
    db.session.add(forum)
    db.session.flush()
    if organiser is not None and organiser.role is UserRole.organiser:
        add_organiser(forum, organiser)
    return forum


def organisers_of(forum: Forum) -> set[int]:
    """The ids of the accounts that organise `forum`."""
    query = sa.select(forum_organiser.c.user_id).where(forum_organiser.c.forum_id == forum.id)
    return set(db.session.execute(query).scalars())


def set_organisers(forum: Forum, users: list[User]) -> None:
    """Exactly these organiser accounts organise `forum` (an admin's choice on the forum's page)."""
    wanted = {u.id for u in users if u.role is UserRole.organiser}
    current = organisers_of(forum)
    if current - wanted:
        db.session.execute(sa.delete(forum_organiser).where(forum_organiser.c.forum_id == forum.id,
                                                            forum_organiser.c.user_id.in_(current - wanted)))
    for user_id in sorted(wanted - current):
        db.session.execute(sa.insert(forum_organiser).values(forum_id=forum.id, user_id=user_id))


def add_organiser(forum: Forum, user: User) -> None:
    """Let `user` organise `forum`; nothing if they do already."""
    if not is_forum_organiser(user, forum.id):
        db.session.execute(sa.insert(forum_organiser).values(forum_id=forum.id, user_id=user.id))


def update_forum(forum: Forum, **values) -> Forum:
    for key, value in values.items():
        setattr(forum, key, value)
    return forum


def create_session(forum: Forum, **values) -> ForumSession:
    if session_slug_taken(forum, values["slug"]):
        raise OrganiseError(gettext("The slug %(slug)s is taken by another session of this forum.",
                                    slug=values["slug"]))
    if values["ends_at"] <= values["starts_at"]:
        raise OrganiseError(gettext("The session must end after it starts."))
    session = ForumSession(forum=forum, **values)
    db.session.add(session)
    db.session.flush()
    return session


def update_session(session: ForumSession, **values) -> ForumSession:
    for key, value in values.items():
        setattr(session, key, value)
    if session.ends_at <= session.starts_at:
        raise OrganiseError(gettext("The session must end after it starts."))
    return session


# -- people and organisations ----------------------------------------------------------------------

def create_person(name: str, native_name: str = "", email: str | None = None) -> Person:
    person = Person(name=name.strip(), native_name=(native_name or "").strip(), email=normalise_email(email))
    db.session.add(person)
    db.session.flush()
    return person


def normalise_email(email: str | None) -> str | None:
    email = (email or "").strip().lower()
    return email or None


def person_email_taken(email: str | None, exclude: Person | None = None) -> bool:
    email = normalise_email(email)
    if email is None:
        return False
    query = db.select(Person.id).where(Person.email == email)
    if exclude is not None and exclude.id is not None:
        query = query.where(Person.id != exclude.id)
    # the trash keeps its rows' slugs, addresses and names until it is emptied
    return db.session.execute(query.execution_options(include_trashed=True)).first() is not None


def organisation_name_taken(name: str, exclude: Organisation | None = None) -> bool:
    query = db.select(Organisation.id).where(folded(Organisation.name) == name.strip().lower())
    if exclude is not None and exclude.id is not None:
        query = query.where(Organisation.id != exclude.id)
    # the trash keeps its rows' slugs, addresses and names until it is emptied
    return db.session.execute(query.execution_options(include_trashed=True)).first() is not None


def create_organisation(name: str, short_name: str = "", kind=None, parent: Organisation | None = None,
                        contact: Person | None = None) -> Organisation:
    if organisation_name_taken(name):
        raise OrganiseError(gettext("An organisation called %(name)s already exists.", name=name.strip()))
    org = Organisation(name=name.strip(), short_name=(short_name or "").strip(), parent=parent,
                       contact_person=contact)
    if kind is not None:
        org.kind = kind
    db.session.add(org)
    db.session.flush()
    return org


def like_pattern(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def folded(column):
    """The column compared without case, for every script: SQLite's own lower() knows only ASCII,
    so "шадрин" would not find "Шадрин"; there a Python function does it."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        connection.connection.dbapi_connection.create_function("unicode_lower", 1, _unicode_lower, deterministic=True)
        return sa.func.unicode_lower(column)
    return sa.func.lower(column)


def contains_text(q: str, *columns):
    """A WHERE clause: any of `columns` contains `q`, ignoring case."""
    pattern = like_pattern(q.strip().lower())
    return sa.or_(*(folded(c).like(pattern, escape="\\") for c in columns))


def starts_first(q: str, column):
    """An ORDER BY term that puts values starting with `q` before those that only contain it."""
    return sa.case((folded(column).like(like_pattern(q.strip().lower())[1:], escape="\\"), 0), else_=1)


def people_matching(q: str):
    """A WHERE clause: the person's name or native name holds every word of `q` as a word's beginning ("shad"
    finds Artyom Shadrin, "шадр" Артём Шадрин, in either case, ё as е), found through the search index
    (`held_as_beginnings`), so a directory of 20,000 people costs what the matches cost; or, when `q` has an
    @ in it, their e-mail address begins with it."""
    words = terms_of(q)
    clauses = [held_as_beginnings(Person, words)] if words else []
    if "@" in q:
        clauses.append(Person.email.like(like_pattern(q.strip().lower())[1:], escape="\\"))
    return sa.or_(sa.false(), *clauses)


def search_people(q: str, limit: int = 20) -> list[Person]:
    """The people `q` finds (`people_matching`), names beginning with it first, then by name."""
    if not q.strip():
        return []
    return list(db.session.execute(people_by_relevance(q).limit(limit)).scalars())


def people_by_relevance(q: str):
    """A SELECT of the people `q` finds, names beginning with it first, then by name. Ordered by that, and
    not by the name alone, so that PostgreSQL finds the matches through the index and sorts them, rather
    than walking the index of names to the end when few match."""
    return (db.select(Person).where(people_matching(q))
            .order_by(starts_first(q, Person.name), Person.name, Person.id))


def search_organisations(q: str, limit: int = 20) -> list[Organisation]:
    if not q.strip():
        return []
    return list(db.session.execute(
        db.select(Organisation).where(contains_text(q, Organisation.name, Organisation.short_name))
        .order_by(starts_first(q, Organisation.name), Organisation.name).limit(limit)
    ).scalars())


@dataclass
class Lookup:
    """What a name typed into a person or organisation field refers to."""

    found: object | None = None
    candidates: list | None = None


def find_person(text: str) -> Lookup:
    """The one person called exactly `text` (in either script, in any case) or with that e-mail address, or
    the people that match it. The exact ones are among those the index finds (`people_matching`), so
    this too costs what the matches cost."""
    text = (text or "").strip()
    wanted = fold(text).lower()

    def called(column):
        # lower case in every script (folded), ё as е, compared only on the rows the index found
        return sa.func.replace(folded(column), "ё", "е") == wanted

    exact = db.session.execute(
        db.select(Person).where(sa.or_(sa.and_(people_matching(text), sa.or_(called(Person.name),
                                                                             called(Person.native_name))),
                                       Person.email == text.lower()))
    ).scalars().all()
    if len(exact) == 1:
        return Lookup(found=exact[0])
    return Lookup(candidates=exact or search_people(text))


def find_organisation(text: str) -> Lookup:
    text = (text or "").strip()
    exact = db.session.execute(
        db.select(Organisation).where(sa.or_(folded(Organisation.name) == text.lower(),
                                             folded(Organisation.short_name) == text.lower()))
    ).scalars().all()
    if len(exact) == 1:
        return Lookup(found=exact[0])
    return Lookup(candidates=exact or search_organisations(text))


# -- participants and groups -----------------------------------------------------------------------

def add_participant(session: ForumSession, person: Person, role, attendance, position: str = "",
                    organisation: Organisation | None = None) -> Participation:
    """`position` and `organisation` are as at this session: later changes elsewhere do not touch them."""
    if any(p.person_id == person.id for p in session.participations):
        raise OrganiseError(gettext("%(name)s is already a participant of this session.", name=person.name))
    participation = Participation(session=session, person=person, role=role, attendance=attendance,
                                  position=(position or "").strip(), organisation=organisation)
    db.session.add(participation)
    db.session.flush()
    return participation


def update_participant(participation: Participation, role, attendance, position: str,
                       organisation: Organisation | None) -> Participation:
    participation.role = role
    participation.attendance = attendance
    participation.position = (position or "").strip()
    participation.organisation = organisation
    return participation


def points_spoken_by(participation: Participation) -> list[DiscussionPoint]:
    """The session's points this participant made, which lose their speaker if they are removed."""
    return [p for p in live_points(participation.session) if p.speaker_id == participation.id]


def remove_participant(participation: Participation) -> None:
    # points they made stay, without a speaker (the foreign key sets it to NULL)
    for point in participation.session.points:
        if point.speaker_id == participation.id:
            point.speaker = None
    db.session.delete(participation)
    db.session.flush()


def add_group(session: ForumSession, name: str) -> ParticipantGroup:
    position = max((g.position for g in session.groups), default=0) + 1
    group = ParticipantGroup(session=session, name=name.strip(), position=position)
    db.session.add(group)
    db.session.flush()
    return group


def rename_group(group: ParticipantGroup, name: str) -> ParticipantGroup:
    group.name = name.strip()
    return group


def remove_group(group: ParticipantGroup) -> None:
    db.session.delete(group)
    db.session.flush()


def swap_positions(items: list, item, direction: str) -> bool:
    """Swap `item`'s position with its neighbour in `items` (ordered); False at either end."""
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or other < 0 or other >= len(items):
        return False
    return move_to(items, item, other + 1)


def move_to(items: list, item, number: int) -> bool:
    """Put `item` at place `number` of `items` (ordered, distinct positions; from 1, past the end the last),
    the others keeping their order: what pressing up or down that many times does, in one change, so only
    the rows whose place changed are written. False when it is there already."""
    order = [i for i in items if i is not item]
    order.insert(min(max(number, 1), len(items)) - 1, item)
    if order == items:
        return False
    # the places the items hold, handed out in the new order: rows outside `items` (deleted points) keep theirs
    for moved, position in zip(order, sorted(i.position for i in items)):
        moved.position = position
    db.session.flush()
    return True


def ordered_groups(session: ForumSession) -> list[ParticipantGroup]:
    groups = sorted(session.groups, key=lambda g: (g.position, g.id))
    renumber(groups)
    return groups


def move_group(group: ParticipantGroup, direction: str) -> bool:
    return swap_positions(ordered_groups(group.session), group, direction)


def move_group_to(group: ParticipantGroup, number: int) -> bool:
    """To place `number` among the session's groups (the API's `position`)."""
    return move_to(ordered_groups(group.session), group, number)


def renumber(items: list) -> None:
    # rows made elsewhere (imports) may share positions; make them distinct first
    if len({i.position for i in items}) != len(items):
        for n, i in enumerate(items, start=1):
            i.position = n


# -- discussion points -----------------------------------------------------------------------------

def parse_tags(text: str | None) -> list[str]:
    """"clusters, IT,  medicine, clusters" → ["clusters", "IT", "medicine"]."""
    seen, tags = set(), []
    for tag in (text or "").split(","):
        tag = " ".join(tag.split())
        if tag and tag.lower() not in seen:
            seen.add(tag.lower())
            tags.append(tag)
    return tags


def parse_key_date(text: str, precision: DatePrecision, after: date | None = None) -> date:
    """A day as eventsite.dates.parse_date reads it ("26.09.2016", "2016-09-26", "26 September");
    "2016-07" (or a full date, kept as its month) for a month."""
    text = (text or "").strip()
    if precision is DatePrecision.day:
        try:
            return parse_date(text, after)
        except DateInputError as exc:
            raise OrganiseError(str(exc)) from None
    try:
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return date.fromisoformat(text + "-01")
        return date.fromisoformat(text).replace(day=1)
    except ValueError:
        raise OrganiseError(gettext("Write the date as %(example)s.", example="2016-07")) from None


def _next_position(session: ForumSession) -> int:
    # deleted points keep their place, so a restored point comes back where it was
    return (db.session.execute(
        db.select(sa.func.max(DiscussionPoint.position)).where(DiscussionPoint.session_id == session.id)
    ).scalar() or 0) + 1


def create_point(session: ForumSession, kind: PointKind, body: str, title: str = "",
                 speaker: Participation | None = None, tags: list[str] | None = None,
                 agenda_item: AgendaItem | None = None, owner: Person | Organisation | None = None,
                 due_on: date | None = None, key_dates: list[KeyDateValue] | None = None,
                 status: ActionStatus | None = None) -> DiscussionPoint:
    """A new point at the end of the session's; an action's owner, due date and status (open unless
    given) and an announcement's key dates may come with it, as the capture form and the API give them."""
    if speaker is not None and speaker.session_id != session.id:
        raise OrganiseError(gettext("The speaker must be a participant of this session."))
    if agenda_item is not None and agenda_item.session_id != session.id:
        raise OrganiseError(gettext("The agenda item must be one of this session's."))
    action = kind is PointKind.action
    point = DiscussionPoint(
        session=session, position=_next_position(session), kind=kind, body=(body or "").strip(),
        title=(title or "").strip(), speaker=speaker, tags=list(tags or []), agenda_item=agenda_item,
        status=(status or ActionStatus.open) if action else None,
        owner_person=owner if action and isinstance(owner, Person) else None,
        owner_organisation=owner if action and isinstance(owner, Organisation) else None,
        due_on=due_on if action else None,
    )
    db.session.add(point)
    if key_dates:
        set_key_dates(point, key_dates)
    db.session.flush()
    if action and _responsible(owner) is not None:
        announce("action_assigned", point_id=point.id)
    return point


def _responsible(owner: Person | Organisation | None) -> int | None:
    """Who follows up an action of this owner (eventsite/actions.py): the person, or the organisation's contact."""
    if isinstance(owner, Person):
        return owner.id
    return owner.contact_person_id if isinstance(owner, Organisation) else None


@dataclass
class KeyDateValue:
    label: str
    date: date
    precision: DatePrecision
    #: early, mid or end of the month, for a month only
    qualifier: MonthPart | None = None


def update_point(point: DiscussionPoint, kind: PointKind, body: str, title: str = "",
                 speaker: Participation | None = None, tags: list[str] | None = None,
                 owner: Person | Organisation | None = None, due_on: date | None = None,
                 status: ActionStatus | None = None, key_dates: list[KeyDateValue] | None = None,
                 agenda_item: AgendaItem | None | object = ...) -> DiscussionPoint:
    """Set every field of the point; action fields are cleared when it is not an action. The agenda
    item stays as it is unless one (or None) is given."""
    if agenda_item is not ...:
        if agenda_item is not None and agenda_item.session_id != point.session_id:
            raise OrganiseError(gettext("The agenda item must be one of this session's."))
        point.agenda_item = agenda_item
    if speaker is not None and speaker.session_id != point.session_id:
        raise OrganiseError(gettext("The speaker must be a participant of this session."))
    was_responsible = responsible_person_id(point)
    point.kind = kind
    point.body = (body or "").strip()
    point.title = (title or "").strip()
    point.speaker = speaker
    point.tags = list(tags or [])
    if kind is PointKind.action:
        point.owner_person = owner if isinstance(owner, Person) else None
        point.owner_organisation = owner if isinstance(owner, Organisation) else None
        point.due_on = due_on
        point.status = status or ActionStatus.open
    else:
        point.owner_person = point.owner_organisation = None
        point.due_on = None
        point.status = None
    if key_dates is not None:
        set_key_dates(point, key_dates)
    # the point's version covers its key dates too, so a stale edit of them is caught
    point.updated_at = utcnow()
    # the person newly made responsible (the owner, or the owning organisation's contact) is told
    responsible = _responsible(owner) if kind is PointKind.action else None
    if responsible is not None and responsible != was_responsible:
        announce("action_assigned", point_id=point.id)
    return point


def set_key_dates(point: DiscussionPoint, values: list[KeyDateValue]) -> None:
    """Make the point's key dates exactly `values`, keeping rows that did not change."""
    wanted = [(v.label.strip(), v.date, v.precision, v.qualifier) for v in values]
    for key_date in list(point.key_dates):
        kept = (key_date.label, key_date.date, key_date.precision, key_date.qualifier)
        if kept in wanted:
            wanted.remove(kept)
        else:
            point.key_dates.remove(key_date)
    for label, day, precision, qualifier in wanted:
        point.key_dates.append(KeyDate(label=label, date=day, precision=precision, qualifier=qualifier))


def live_points(session: ForumSession) -> list[DiscussionPoint]:
    return sorted((p for p in session.points if p.deleted_at is None), key=lambda p: (p.position, p.id))


def deleted_points(session: ForumSession) -> list[DiscussionPoint]:
    return sorted((p for p in session.points if p.deleted_at is not None), key=lambda p: p.deleted_at, reverse=True)


def _ordered_live_points(point: DiscussionPoint) -> list[DiscussionPoint] | None:
    """The session's live points in order, with distinct positions (deleted ones keep theirs); None when
    `point` is not among them."""
    points = live_points(point.session)
    if point not in points:
        return None
    everything = sorted(point.session.points, key=lambda p: (p.position, p.id))
    renumber(everything)
    return sorted(points, key=lambda p: (p.position, p.id))


def move_point(point: DiscussionPoint, direction: str) -> bool:
    """Move the point one place up or down among the session's points; False when it cannot move."""
    points = _ordered_live_points(point)
    return points is not None and swap_positions(points, point, direction)


def move_point_to(point: DiscussionPoint, number: int) -> bool:
    """To place `number` among the session's live points (the API's `number`)."""
    points = _ordered_live_points(point)
    return points is not None and move_to(points, point, number)


def delete_point(point: DiscussionPoint) -> None:
    """A soft delete: the point leaves the record but can be restored."""
    if point.deleted_at is None:
        point.deleted_at = utcnow()
        db.session.flush()


def restore_point(point: DiscussionPoint) -> None:
    if point.deleted_at is not None:
        point.deleted_at = None
        db.session.flush()
