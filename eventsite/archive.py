"""An archived forum is read-only for everyone: one flush hook refuses any change to what it holds.

The forum stays public and readable; organisers see it marked archived and may unarchive it, which
is the one change it accepts. The hook sees every change however it is made (a form, a command, an
import), so no view has to remember the rule; the error page says what to do.
"""
from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from eventsite.api import problems
from eventsite.models import Forum
from eventsite.models.base import Versioned, utcnow
from eventsite.permissions import can_edit_records

#: the forum's own columns that may change while it is archived: unarchiving, and the trash
_LIFECYCLE_COLUMNS = {"archived_at", "deleted_at", "deleted_by_id", "version", "updated_at"}
#: how a row reaches its forum
_UP = ("forum", "session", "point", "minutes", "release")


class ForumArchived(Exception):
    """A change to an archived forum; the message is for the user."""

    def __init__(self, forum: Forum):
        self.forum = forum
        super().__init__(gettext(
            "“%(forum)s” is archived: nothing in it can be changed. An organiser can unarchive it on the "
            "forum's page.", forum=forum.name))


def forum_of(obj) -> Forum | None:
    for _ in range(len(_UP) + 1):
        if obj is None or isinstance(obj, Forum):
            return obj
        relationships = inspect(type(obj)).relationships
        obj = next((getattr(obj, name) for name in _UP if name in relationships), None)
    return None


def refuse_if_archived(forum: Forum | None) -> None:
    """The gate of every page that edits something of `forum`: an archived forum offers no form to fill,
    and the same refusal as a save (the flush hook) answers both the page and the post."""
    if forum is not None and forum.archived_at is not None:
        raise ForumArchived(forum)


def writable(forum: Forum | None) -> bool:
    """For templates: whether to offer links to the edit pages of `forum` at all."""
    return forum is None or forum.archived_at is None


def may_unarchive(forum: Forum) -> bool:
    """For templates (the archived notice): whether the reader is offered the unarchive button."""
    return forum.archived_at is not None and can_edit_records(current_user)


def archive_forum(forum: Forum) -> None:
    if forum.archived_at is None:
        forum.archived_at = utcnow()


def unarchive_forum(forum: Forum) -> None:
    forum.archived_at = None


def _refuse_changes_to_archived(session: Session, flush_context, instances) -> None:
    with session.no_autoflush:
        for obj in list(session.new) + list(session.dirty) + list(session.deleted):
            if not isinstance(obj, Versioned):
                continue
            if isinstance(obj, Forum):
                if obj in session.deleted or obj in session.new:
                    continue
                changed = {a.key for a in inspect(obj).attrs if a.history.has_changes()}
                was_archived = inspect(obj).attrs.archived_at.history.deleted
                if (obj.archived_at is not None or (was_archived and was_archived[0] is not None)) \
                        and changed - _LIFECYCLE_COLUMNS:
                    raise ForumArchived(obj)
                continue
            if obj in session.dirty and not session.is_modified(obj, include_collections=False):
                continue
            forum = forum_of(obj)
            if forum is not None and forum.archived_at is not None and forum not in session.deleted:
                raise ForumArchived(forum)


def init_app(app: Flask) -> None:
    if not event.contains(Session, "before_flush", _refuse_changes_to_archived):
        # before the audit hook collects, so a refused change leaves nothing in the log either
        event.listen(Session, "before_flush", _refuse_changes_to_archived, insert=True)

    app.add_template_global(writable)
    app.add_template_global(may_unarchive)

    @app.errorhandler(ForumArchived)
    def archived(error: ForumArchived):
        from eventsite.models import db

        db.session.rollback()
        if problems.is_api_request():
            # a program asked: a problem document, as for every other refusal of the API
            return problems.problem(409, str(error))
        # the page and the save get the same answer: what is archived, and the one way back
        return render_template("errors/archived.html", forum=error.forum, text=str(error)), 409
