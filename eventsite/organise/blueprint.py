"""The organise blueprint and the one gate every organise route passes."""
from __future__ import annotations

from flask import Blueprint, request

from eventsite.models import ForumSession
from eventsite.permissions import can_edit_records, require
from eventsite.reading.queries import forum_or_404, session_or_404

bp = Blueprint("organise", __name__)


def require_editor() -> None:
    """Anonymous → login; participant or press → 403."""
    require(can_edit_records)


def editable_forum(forum_slug: str):
    require_editor()
    return forum_or_404(forum_slug)


def editable_session(forum_slug: str, session_slug: str) -> ForumSession:
    """404 for a session the user may not see, then 403 if they may not change it."""
    session = session_or_404(forum_slug, session_slug)
    require(can_edit_records, session)
    return session


def refused(form) -> int:
    """422 when the user's input was refused, 200 for a first load."""
    return 422 if request.method == "POST" and form.errors else 200
