"""Deleting, restoring and purging forums, sessions, people and organisations.

Deleting puts a record in the trash (its `deleted_at` and `deleted_by_id`); nothing else changes, so
restoring gives back exactly the record that was deleted. `purge_trash` removes for good what has
been in the trash longer than TRASH_DAYS. A person who took part in a session is not deleted but
merged into another person, and a duplicate organisation into another (eventsite/trash/merging.py):
the merged one is in the trash too, and restoring it undoes the merge. Each function changes the
models and flushes; the caller commits; the audit hook records every change.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import ngettext

from eventsite.models import (
    Attachment, DiscussionPoint, Forum, ForumSession, Minutes, Organisation, Participation, Person,
    PressRelease, User, db,
)
from eventsite.models.base import utcnow
from eventsite.organise.service import OrganiseError
from eventsite.trash import merging
from eventsite.trash.hiding import INCLUDE_TRASHED

#: how long the trash keeps things before `purge-trash` may remove them
TRASH_DAYS = 30
KINDS = {"forum": Forum, "session": ForumSession, "person": Person, "organisation": Organisation}


def _count(query) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()


def _of_sessions(model, session_ids):
    return sa.select(model.id).where(model.session_id.in_(session_ids))


def what_goes_with(record) -> list[str]:
    """What leaves the site with `record` while it is in the trash, one line each, for the confirmation."""
    if isinstance(record, (Forum, ForumSession)):
        if isinstance(record, Forum):
            sessions = sa.select(ForumSession.id).where(ForumSession.forum_id == record.id)
        else:
            sessions = sa.select(sa.literal(record.id))
        n_sessions = _count(sessions)
        n_participants = _count(_of_sessions(Participation, sessions))
        n_points = _count(_of_sessions(DiscussionPoint, sessions).where(DiscussionPoint.deleted_at.is_(None)))
        n_minutes = _count(_of_sessions(Minutes, sessions))
        n_releases = _count(_of_sessions(PressRelease, sessions))
        n_attachments = _count(_of_sessions(Attachment, sessions))
        lines = []
        if isinstance(record, Forum):
            lines.append(ngettext("%(num)d session", "%(num)d sessions", n_sessions))
        lines += [
            ngettext("%(num)d participant", "%(num)d participants", n_participants),
            ngettext("%(num)d point of the discussion", "%(num)d points of the discussion", n_points),
            ngettext("%(num)d set of minutes, with every revision", "%(num)d sets of minutes, with every revision",
                     n_minutes),
            ngettext("%(num)d press release", "%(num)d press releases", n_releases),
            ngettext("%(num)d attachment", "%(num)d attachments", n_attachments),
        ]
        return lines
    if isinstance(record, Person):
        owned = _count(sa.select(DiscussionPoint.id).where(DiscussionPoint.owner_person_id == record.id))
        return [ngettext("%(num)d action item loses its owner", "%(num)d action items lose their owner", owned)]
    owned = _count(sa.select(DiscussionPoint.id).where(DiscussionPoint.owner_organisation_id == record.id))
    departments = _count(sa.select(Organisation.id).where(Organisation.parent_id == record.id))
    return [
        ngettext("%(num)d action item loses its owner", "%(num)d action items lose their owner", owned),
        ngettext("%(num)d department is no longer shown within it", "%(num)d departments are no longer shown within it",
                 departments),
    ]


def check_deletable(record) -> None:
    """Raise OrganiseError for a record that must not go to the trash, saying what to do instead."""
    if isinstance(record, Person):
        n = len(record.participations)
        if n:
            raise OrganiseError(ngettext(
                "%(name)s took part in %(num)d session; old minutes name them. Merge them into another person "
                "instead of deleting them.",
                "%(name)s took part in %(num)d sessions; old minutes name them. Merge them into another person "
                "instead of deleting them.", n, name=record.name))
    if isinstance(record, Organisation):
        n = _count(sa.select(Participation.id).where(Participation.organisation_id == record.id))
        if n:
            raise OrganiseError(ngettext(
                "%(name)s is the organisation of %(num)d participant as they were at their session; old minutes "
                "name it, so it cannot be deleted. Merge it into another organisation instead.",
                "%(name)s is the organisation of %(num)d participants as they were at their sessions; old minutes "
                "name it, so it cannot be deleted. Merge it into another organisation instead.", n, name=record.name))


def delete_to_trash(record, user) -> None:
    check_deletable(record)
    if record.deleted_at is None:
        record.deleted_at = utcnow()
        record.deleted_by_id = getattr(user, "id", None)
        db.session.flush()
    # out of the identity map: Session.get answers from it without a query, which would not hide the row
    db.session.expunge(record)


def restore(record, kind: str) -> merging.Undone | None:
    """Take `record` out of the trash; a merged one comes back by undoing its merge (what it answers)."""
    if record.deleted_at is None:
        return None
    merge = merging.merge_record_of(kind, record.id) if kind in ("person", "organisation") else None
    if merge is not None:
        return merging.undo_merge(merge)
    record.deleted_at = None
    record.deleted_by_id = None
    db.session.flush()
    return None


def trashed(kind: str, record_id: int):
    """A record in the trash by kind and id, or None."""
    model = KINDS.get(kind)
    if model is None:
        return None
    return db.session.execute(
        sa.select(model).where(model.id == record_id, model.deleted_at.is_not(None))
        .execution_options(**{INCLUDE_TRASHED: True})
    ).scalar_one_or_none()


@dataclass
class TrashItem:
    kind: str
    record: object
    #: the forum of a session, for its name and whether it is itself in the trash
    forum: Forum | None
    deleted_by: User | None
    purged_after: datetime
    #: how it left: merged into another record (restoring undoes the merge), or None for a delete
    merge: merging.MergeRecord | None = None
    #: the record it was merged into
    merged_into: object | None = None

    @property
    def name(self) -> str:
        return getattr(self.record, "title", None) or self.record.name


def trash_items() -> list[TrashItem]:
    """Everything in the trash, most recently deleted first."""
    include = {INCLUDE_TRASHED: True}
    items = []
    for kind, model in KINDS.items():
        rows = db.session.execute(
            sa.select(model).where(model.deleted_at.is_not(None)).execution_options(**include)
        ).scalars().all()
        merges = merging.merge_records(kind, [row.id for row in rows]) if kind in ("person", "organisation") else {}
        for row in rows:
            forum = None
            if isinstance(row, ForumSession):
                forum = db.session.execute(
                    sa.select(Forum).where(Forum.id == row.forum_id).execution_options(**include)).scalar_one()
            user = db.session.get(User, row.deleted_by_id) if row.deleted_by_id else None
            merge = merges.get(row.id)
            into = db.session.execute(sa.select(model).where(model.id == merge.target_id)
                                      .execution_options(**include)).scalar_one_or_none() if merge else None
            items.append(TrashItem(kind, row, forum, user, row.deleted_at + timedelta(days=TRASH_DAYS), merge, into))
    return sorted(items, key=lambda i: i.record.deleted_at, reverse=True)


def purge_trash(now: datetime | None = None, everything: bool = False) -> dict[str, int]:
    """Remove for good what has been in the trash for TRASH_DAYS (or all of it); counts by kind."""
    cutoff = (now or utcnow()) - timedelta(days=TRASH_DAYS)
    counts = {}
    # sessions before forums: a forum's rows go with it by the database's cascade
    for kind in ("session", "forum", "person", "organisation"):
        model = KINDS[kind]
        query = sa.select(model).where(model.deleted_at.is_not(None))
        if not everything:
            query = query.where(model.deleted_at < cutoff)
        rows = db.session.execute(query.execution_options(**{INCLUDE_TRASHED: True})).scalars().all()
        for row in rows:
            db.session.delete(row)
        if kind in ("person", "organisation"):
            merging.forget_merges(kind, [row.id for row in rows])
        db.session.flush()
        counts[kind] = len(rows)
    return counts
