"""Every change to an edited row is written to the audit log, by one flush hook.

Views and domain functions change models and nothing else; this hook records
who changed what with the values before and after, so no code path can forget.
"""
from __future__ import annotations

import contextvars
import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask import Flask, has_request_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from eventsite.models import AuditEntry, Forum, ForumSession, Participation, Person
from eventsite.models.base import Versioned, utcnow

#: set by commands that act for a user outside a request
acting_user_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("acting_user_id", default=None)

#: not logged: bookkeeping, secrets (a session token would let a reader of the log forge a login), blobs, and
#: what the database keeps itself (a session's minutes_approved, 0022's triggers)
_SKIP = {"version", "created_at", "updated_at", "password_hash", "session_token", "logo_png", "minutes_approved"}


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _snapshot(obj) -> dict:
    state = inspect(obj)
    return {
        attr.key: _plain(getattr(obj, attr.key))
        for attr in state.mapper.column_attrs
        if attr.key not in _SKIP and attr.key not in state.unloaded
    }


def _changes(session: Session, obj) -> tuple[dict, dict]:
    state = inspect(obj)
    before, after, unknown = {}, {}, []
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIP:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        after[attr.key] = _plain(history.added[0]) if history.added else None
        if history.deleted:
            before[attr.key] = _plain(history.deleted[0])
        else:
            unknown.append(attr)  # set while expired: the old value is only in the database
    if unknown and state.identity:
        table = state.mapper.local_table
        row = session.connection().execute(
            sa.select(*(table.c[a.columns[0].key] for a in unknown)).where(
                *(col == val for col, val in zip(state.mapper.primary_key, state.identity))
            )
        ).first()
        for attr in unknown:
            before[attr.key] = _plain(getattr(row, attr.columns[0].key)) if row else None
    for key in [k for k in after if before.get(k) == after[k]]:
        del before[key], after[key]
    return before, after


def _scope(obj) -> tuple:
    """The forum, session and person a changed row belongs to (objects, or None): what the audit screen
    filters by. A row of a session's record reaches its session through `session`, `point` or `minutes`."""
    if isinstance(obj, Forum):
        return obj, None, None
    if isinstance(obj, Person):
        return None, None, obj
    holder = obj
    for attribute in ("point", "minutes"):
        holder = getattr(holder, attribute, None) or holder
    session = obj if isinstance(obj, ForumSession) else getattr(holder, "session", None)
    if not isinstance(session, ForumSession):
        return None, None, None
    person = obj.person if isinstance(obj, Participation) else None
    return session.forum, session, person


def _id(obj) -> int | None:
    return getattr(obj, "id", None) if obj is not None else None


def _current_user_id() -> int | None:
    if has_request_context():
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            return current_user.id
    return acting_user_id.get()


def _collect(session: Session, flush_context, instances) -> None:
    """Before the flush: the values before and after, while the old ones can still be read."""
    pending = session.info.setdefault("audit_pending", [])
    with session.no_autoflush:
        for obj in session.new:
            if isinstance(obj, Versioned):
                pending.append(("create", obj, None, _scope(obj)))
        for obj in session.dirty:
            if isinstance(obj, Versioned) and session.is_modified(obj, include_collections=False):
                before, after = _changes(session, obj)
                if after:
                    pending.append(("update", obj, (before, after), _scope(obj)))
        for obj in session.deleted:
            if isinstance(obj, Versioned):
                pending.append(("delete", obj, (_snapshot(obj), None), _scope(obj)))


def _record(session: Session, flush_context) -> None:
    """After the flush: new rows have their ids; write the entries in the same transaction."""
    pending = session.info.pop("audit_pending", [])
    if not pending:
        return
    user_id = _current_user_id()
    now = utcnow()
    values = []
    for action, obj, change, (forum, forum_session, person) in pending:
        before, after = change if change else (None, _snapshot(obj))
        values.append({
            "at": now, "user_id": user_id, "action": action, "entity": obj.__tablename__,
            "entity_id": getattr(obj, "id", None), "before": before, "after": after,
            # the new rows have their ids now
            "forum_id": _id(forum), "session_id": _id(forum_session), "person_id": _id(person),
        })
    # a Core insert: adding ORM objects during a flush is not allowed
    session.connection().execute(sa.insert(AuditEntry.__table__), values)


def _forget(session: Session, *args) -> None:
    session.info.pop("audit_pending", None)


def init_app(app: Flask) -> None:
    # listeners are global to SQLAlchemy; install them once however many apps are made
    if not event.contains(Session, "after_flush", _record):
        event.listen(Session, "before_flush", _collect)
        event.listen(Session, "after_flush", _record)
        event.listen(Session, "after_soft_rollback", _forget)
