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

from eventsite.models import AuditEntry, db
from eventsite.models.base import Versioned, utcnow

#: set by commands that act for a user outside a request
acting_user_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("acting_user_id", default=None)

_SKIP = {"version", "created_at", "updated_at", "password_hash", "logo_png"}


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


def _changes(obj) -> tuple[dict, dict]:
    state = inspect(obj)
    before, after = {}, {}
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIP:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        before[attr.key] = _plain(history.deleted[0]) if history.deleted else None
        after[attr.key] = _plain(history.added[0]) if history.added else None
    return before, after


def _current_user_id() -> int | None:
    if has_request_context():
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            return current_user.id
    return acting_user_id.get()


def _record(session: Session, flush_context) -> None:
    rows = []
    user_id = _current_user_id()
    now = utcnow()
    for obj in session.new:
        if isinstance(obj, Versioned):
            rows.append(dict(action="create", before=None, after=_snapshot(obj), obj=obj))
    for obj in session.dirty:
        if isinstance(obj, Versioned) and session.is_modified(obj, include_collections=False):
            before, after = _changes(obj)
            if before != after:
                rows.append(dict(action="update", before=before, after=after, obj=obj))
    for obj in session.deleted:
        if isinstance(obj, Versioned):
            rows.append(dict(action="delete", before=_snapshot(obj), after=None, obj=obj))
    if not rows:
        return
    values = [
        {
            "at": now,
            "user_id": user_id,
            "action": row["action"],
            "entity": row["obj"].__tablename__,
            "entity_id": inspect(row["obj"]).identity[0] if inspect(row["obj"]).identity else None,
            "before": row["before"],
            "after": row["after"],
        }
        for row in rows
    ]
    # a Core insert: adding ORM objects during a flush is not allowed
    session.connection().execute(sa.insert(AuditEntry.__table__), values)


def init_app(app: Flask) -> None:
    if not getattr(init_app, "_installed", False):
        event.listen(Session, "after_flush", _record)
        init_app._installed = True
