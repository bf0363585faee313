"""Planning the agenda, as plain functions: each changes the models and flushes; the caller commits.

The audit hook records every change. Points captured during the session attach to an item
(DiscussionPoint.agenda_item); the minutes follow the agenda's order (eventsite.minutes.compose).
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext

from eventsite.models import AgendaItem, DiscussionPoint, ForumSession, Participation, db
from eventsite.models.base import utcnow
from eventsite.organise.service import move_to, renumber, swap_positions


class AgendaError(ValueError):
    """A change of the agenda its rules refuse; the message is for the user, `field` says where."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class ItemValues:
    """What an organiser gives for an item."""

    title: str
    presenter: Participation | None = None
    presenter_name: str = ""
    planned_minutes: int | None = None
    notes: str = ""


def items(session: ForumSession) -> list[AgendaItem]:
    return sorted(session.agenda_items, key=lambda i: (i.position, i.id))


def _apply(item: AgendaItem, session: ForumSession, values: ItemValues) -> None:
    title = (values.title or "").strip()
    if not title:
        raise AgendaError(gettext("Give the item a title."), "title")
    if values.presenter is not None and values.presenter.session_id != session.id:
        raise AgendaError(gettext("The presenter must be a participant of this session."), "presenter_id")
    if values.presenter is not None and (values.presenter_name or "").strip():
        raise AgendaError(gettext("Either choose a participant or type a name, not both."), "presenter_name")
    if values.planned_minutes is not None and values.planned_minutes <= 0:
        raise AgendaError(gettext("Plan at least one minute, or leave it empty."), "planned_minutes")
    item.title = title
    item.presenter = values.presenter
    item.presenter_name = (values.presenter_name or "").strip()
    item.planned_minutes = values.planned_minutes
    item.notes = (values.notes or "").strip()


def add_item(session: ForumSession, values: ItemValues) -> AgendaItem:
    """A new item at the end of the agenda."""
    position = (db.session.execute(
        sa.select(sa.func.max(AgendaItem.position)).where(AgendaItem.session_id == session.id)
    ).scalar() or 0) + 1
    item = AgendaItem(session=session, position=position, title="")
    _apply(item, session, values)
    db.session.add(item)
    db.session.flush()
    return item


def update_item(item: AgendaItem, values: ItemValues) -> AgendaItem:
    _apply(item, item.session, values)
    item.updated_at = utcnow()
    return item


def _ordered(session: ForumSession) -> list[AgendaItem]:
    ordered = items(session)
    renumber(ordered)
    return ordered


def move_item(item: AgendaItem, direction: str) -> bool:
    """One place up or down; False at either end or for another direction."""
    return swap_positions(_ordered(item.session), item, direction)


def move_item_to(item: AgendaItem, number: int) -> bool:
    """To place `number` of the agenda (from 1; past the end, the last)."""
    return move_to(_ordered(item.session), item, number)


def delete_item(item: AgendaItem) -> list[DiscussionPoint]:
    """Remove the item; its points stay in the record, without an item. Returns those points."""
    detached = list(db.session.execute(
        sa.select(DiscussionPoint).where(DiscussionPoint.agenda_item_id == item.id)).scalars())
    for point in detached:
        point.agenda_item = None
    item.session.agenda_items.remove(item)
    db.session.delete(item)
    db.session.flush()
    return detached


def current_item(session: ForumSession) -> AgendaItem | None:
    """The item the capture form offers first: the one the latest point was made under, else the first
    item that has no point yet, else the first."""
    agenda = items(session)
    if not agenda:
        return None
    live = sorted((p for p in session.points if p.deleted_at is None), key=lambda p: (p.position, p.id))
    for point in reversed(live):
        if point.agenda_item_id is not None:
            return next((i for i in agenda if i.id == point.agenda_item_id), agenda[0])
    return agenda[0]
