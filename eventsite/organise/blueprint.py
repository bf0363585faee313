"""The organise blueprint and the one gate every organise route passes."""
from __future__ import annotations

from flask import Blueprint, abort, request
from sqlalchemy.exc import IntegrityError

from eventsite.archive import refuse_if_archived
from eventsite.models import ForumSession, db
from eventsite.permissions import can_edit_records, require
from eventsite.reading.queries import forum_or_404, session_or_404

bp = Blueprint("organise", __name__)


def require_editor() -> None:
    """Anonymous → login; participant or press → 403."""
    require(can_edit_records)


def editable_forum(forum_slug: str):
    """403 for who may not change records, then 409 (eventsite.archive) when the forum is archived."""
    require_editor()
    forum = forum_or_404(forum_slug)
    refuse_if_archived(forum)
    return forum


def editable_session(forum_slug: str, session_slug: str) -> ForumSession:
    """404 for a session the user may not see, then 403 if they may not change it, then 409 when its forum is
    archived: every page and post of organise passes here, so none offers a form that could not be saved."""
    session = session_or_404(forum_slug, session_slug)
    require(can_edit_records, session)
    refuse_if_archived(session.forum)
    return session


def of_session_or_404(model, session: ForumSession, row_id: int):
    """A participant, group or point by id, only as part of `session`: another session's row is 404."""
    row = db.get_or_404(model, row_id)
    if row.session_id != session.id:
        abort(404)
    return row


def refused(form) -> int:
    """422 when the user's input was refused, 200 for a first load."""
    return 422 if request.method == "POST" and form.errors else 200


def refused_by_database(field, message: str):
    """A unique slug taken by a request that saved between our check and our commit: say so at the field."""
    return _RefusedByDatabase(field, message)


class _RefusedByDatabase:
    def __init__(self, field, message):
        self.field, self.message, self.refused = field, message, False

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, IntegrityError):
            db.session.rollback()
            self.field.errors = list(self.field.errors) + [self.message]
            self.refused = True
            return True
        return False
