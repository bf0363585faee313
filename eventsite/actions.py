"""Following up action items: whose they are, which are overdue, and the owner's status and note.

An action is its owner's when the owner is the person linked to the user's account, or an
organisation whose contact person that is. It is overdue when its due date has passed, in its
forum's time zone, and it is neither done nor cancelled.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext

from eventsite.models import ActionStatus, DiscussionPoint, Organisation, PointKind
from eventsite.models.base import utcnow

#: what still needs doing
PENDING = (ActionStatus.open, ActionStatus.in_progress)


class FollowUpError(ValueError):
    """A change of an action the rules refuse; the message is for the user."""


def today_in(zone: str | ZoneInfo | None) -> date:
    """Today where `zone` is (UTC when a record names none)."""
    if not isinstance(zone, ZoneInfo):
        zone = ZoneInfo(zone if isinstance(zone, str) and zone else "UTC")
    return datetime.now(zone).date()


def is_overdue(due_on: date | str | None, status, zone: str | ZoneInfo | None) -> bool:
    """`status` as an ActionStatus or its value; `due_on` as a date or ISO text (a composed record's)."""
    if not due_on or status is None:
        return False
    status = ActionStatus(getattr(status, "value", status))
    due = date.fromisoformat(due_on) if isinstance(due_on, str) else due_on
    return status in PENDING and due < today_in(zone)


def point_overdue(point: DiscussionPoint) -> bool:
    return point.kind is PointKind.action and is_overdue(point.due_on, point.status, point.session.forum.zone)


def owned_by(person_id: int):
    """A WHERE clause on DiscussionPoint: the actions whose owner is this person or an organisation they
    are the contact person of."""
    return sa.and_(
        DiscussionPoint.kind == PointKind.action,
        DiscussionPoint.deleted_at.is_(None),
        sa.or_(DiscussionPoint.owner_person_id == person_id,
               DiscussionPoint.owner_organisation_id.in_(
                   sa.select(Organisation.id).where(Organisation.contact_person_id == person_id))),
    )


def responsible_person_id(point: DiscussionPoint) -> int | None:
    """The person an action is followed up by: its owner, or the contact person of its owning organisation
    (as stored: after a flush)."""
    if point.kind is not PointKind.action:
        return None
    if point.owner_person_id is not None:
        return point.owner_person_id
    return point.owner_organisation.contact_person_id if point.owner_organisation is not None else None


def responsible_person_column():
    """`responsible_person_id` as a column expression, for queries over many actions."""
    return sa.func.coalesce(
        DiscussionPoint.owner_person_id,
        sa.select(Organisation.contact_person_id)
        .where(Organisation.id == DiscussionPoint.owner_organisation_id).scalar_subquery(),
    )


def pending_clause(on: date):
    """A WHERE clause: pending actions due before `on` (the caller picks the day; zones differ by a day at most)."""
    return sa.and_(DiscussionPoint.kind == PointKind.action, DiscussionPoint.deleted_at.is_(None),
                   DiscussionPoint.status.in_(PENDING), DiscussionPoint.due_on.is_not(None),
                   DiscussionPoint.due_on < on)


def is_owner(person_id: int | None, point: DiscussionPoint) -> bool:
    return person_id is not None and responsible_person_id(point) == person_id


def update_progress(point: DiscussionPoint, status: ActionStatus, note: str) -> DiscussionPoint:
    """The owner's follow-up: the status and a note on how it goes."""
    if point.kind is not PointKind.action:
        raise FollowUpError(gettext("Only an action item has a status."))
    if point.deleted_at is not None:
        raise FollowUpError(gettext("This action item was deleted by the organisers."))
    point.status = status
    point.progress_note = (note or "").strip()
    point.updated_at = utcnow()
    return point
