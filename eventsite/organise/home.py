"""The organiser's home (/organise): what needs them, across the forums they organise (an admin: every
forum), each row linking to where to act. Each list is paginated on its own (`?requests=2`), one page a
query with LIMIT/OFFSET and a count, so its cost does not grow with the list. An archived forum needs
nothing: its rows are left out (eventsite.archive)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, render_template
from flask_login import current_user
from sqlalchemy.orm import joinedload

from eventsite.actions import PENDING, today_in
from eventsite.models import (
    CorrectionRequest, CorrectionStatus, DiscussionPoint, DocumentStatus, Forum, ForumSession, Minutes, PointKind, db,
)
from eventsite.models.base import utcnow
from eventsite.organise.blueprint import bp, require_editor
from eventsite.permissions import organised_forums_clause, organises_any_forum, organises_every_forum
from eventsite.urls import page_number

#: each list's query argument, its page's number
LISTS = ("requests", "sessions", "overdue")


def _organised(user, forum_id):
    """The forums whose rows the home lists: the user's (organised_forums_clause), not archived."""
    live = sa.select(Forum.id).where(Forum.archived_at.is_(None))
    return sa.and_(organised_forums_clause(user, forum_id), forum_id.in_(live))


def _page(query, number: int, per_page: int | None):
    return db.paginate(query, page=number, per_page=per_page or current_app.config.get("PER_PAGE", 20),
                       error_out=False)


def open_requests(user, page: int = 1, per_page: int | None = None):
    """Correction requests nobody has answered, oldest first."""
    return _page(
        db.select(CorrectionRequest).join(CorrectionRequest.minutes).join(Minutes.session)
        .where(CorrectionRequest.status == CorrectionStatus.open, _organised(user, ForumSession.forum_id))
        .options(joinedload(CorrectionRequest.minutes).joinedload(Minutes.session).joinedload(ForumSession.forum))
        .order_by(CorrectionRequest.created_at, CorrectionRequest.id), page, per_page)


def sessions_without_minutes(user, page: int = 1, per_page: int | None = None):
    """Sessions that have ended and whose minutes are not approved yet (none, or a draft), earliest first."""
    approved = sa.select(Minutes.session_id).where(Minutes.status != DocumentStatus.draft)
    return _page(
        db.select(ForumSession).where(ForumSession.ends_at < utcnow(), ForumSession.id.not_in(approved),
                                      _organised(user, ForumSession.forum_id))
        .options(joinedload(ForumSession.forum)).order_by(ForumSession.ends_at, ForumSession.id), page, per_page)


def overdue_actions(user, page: int = 1, per_page: int | None = None):
    """Pending actions past their due date in their forum's zone, the longest overdue first."""
    zones = db.session.execute(sa.select(Forum.timezone).distinct()).scalars().all()
    # one term per time zone in use: "before today" is a different day in Novosibirsk and in Moscow
    past_due = sa.or_(sa.false(), *(sa.and_(Forum.timezone == zone, DiscussionPoint.due_on < today_in(zone))
                                   for zone in zones))
    return _page(
        db.select(DiscussionPoint).join(DiscussionPoint.session).join(ForumSession.forum)
        .where(DiscussionPoint.kind == PointKind.action, DiscussionPoint.deleted_at.is_(None),
               DiscussionPoint.status.in_(PENDING), DiscussionPoint.due_on.is_not(None), past_due,
               _organised(user, ForumSession.forum_id))
        .options(joinedload(DiscussionPoint.session).joinedload(ForumSession.forum),
                 joinedload(DiscussionPoint.owner_person), joinedload(DiscussionPoint.owner_organisation))
        .order_by(DiscussionPoint.due_on, DiscussionPoint.id), page, per_page)


@bp.get("/organise")
def home():
    require_editor()
    pages = {name: page_number(name) for name in LISTS}
    return render_template("organise/home.html", requests=open_requests(current_user, pages["requests"]),
                           sessions=sessions_without_minutes(current_user, pages["sessions"]),
                           overdue=overdue_actions(current_user, pages["overdue"]), pages=pages,
                           organises=organises_any_forum(current_user),
                           every_forum=organises_every_forum(current_user))
