"""The organiser's home (/organise): what needs them, across the forums they organise (an admin: every
forum), each row linking to where to act. Each list is paginated on its own (`?requests=2`): one page a
query with LIMIT/OFFSET, read in the order of an index made for the list (migration 0022), and a count
that stops at 1,000 (eventsite.paging), so its cost does not grow with the list nor the forum. An
archived forum needs nothing: its rows are left out (eventsite.archive)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, render_template
from flask_login import current_user
from sqlalchemy.orm import selectinload

from eventsite.actions import PENDING, today_in
from eventsite.models import (
    CorrectionRequest, CorrectionStatus, DiscussionPoint, Forum, ForumSession, Minutes, PointKind, db,
)
from eventsite.models.base import utcnow
from eventsite.organise.blueprint import bp, require_editor
from eventsite.paging import capped_page
from eventsite.permissions import organised_forums_clause, organises_any_forum, organises_every_forum
from eventsite.urls import page_number

#: each list's query argument, its page's number
LISTS = ("requests", "sessions", "overdue")


def _organised(user) -> dict[int, str]:
    """The forums whose rows the home lists, id → time zone: the user's (organised_forums_clause), not
    archived. Read first, so that each list's query names them and joins nothing but what it filters by
    (what a row shows is loaded after, for that page's rows): the database then reads each list from its
    own index in order and stops at the page's end, rather than reading every session of the forums."""
    return dict(db.session.execute(
        sa.select(Forum.id, Forum.timezone).where(organised_forums_clause(user, Forum.id), Forum.archived_at.is_(None))
    ).all())


def _page(query, number: int, per_page: int | None):
    return capped_page(query, number, per_page or current_app.config.get("PER_PAGE", 20))


def open_requests(forums: dict[int, str], page: int = 1, per_page: int | None = None):
    """Correction requests nobody has answered, oldest first."""
    return _page(
        db.select(CorrectionRequest).join(CorrectionRequest.minutes).join(Minutes.session)
        .where(CorrectionRequest.status == CorrectionStatus.open, ForumSession.forum_id.in_(list(forums)))
        .options(selectinload(CorrectionRequest.minutes).joinedload(Minutes.session).joinedload(ForumSession.forum))
        .order_by(CorrectionRequest.created_at, CorrectionRequest.id), page, per_page)


def sessions_without_minutes(forums: dict[int, str], page: int = 1, per_page: int | None = None):
    """Sessions that have ended and whose minutes are not approved yet (none, or a draft), earliest first: from
    the index of the sessions whose minutes are due (migration 0022), so the list costs what it holds."""
    return _page(
        db.select(ForumSession).where(ForumSession.minutes_approved.is_(False), ForumSession.ends_at < utcnow(),
                                      ForumSession.forum_id.in_(list(forums)))
        .options(selectinload(ForumSession.forum)).order_by(ForumSession.ends_at, ForumSession.id), page, per_page)


def overdue_actions(forums: dict[int, str], page: int = 1, per_page: int | None = None):
    """Pending actions past their due date in their forum's zone, the longest overdue first."""
    by_zone: dict[str, list[int]] = {}
    for forum_id, zone in forums.items():
        by_zone.setdefault(zone, []).append(forum_id)
    # one term per time zone: "before today" is a different day in Novosibirsk and in Moscow
    past_due = sa.or_(sa.false(), *(sa.and_(ForumSession.forum_id.in_(ids), DiscussionPoint.due_on < today_in(zone))
                                   for zone, ids in by_zone.items()))
    return _page(
        db.select(DiscussionPoint).join(DiscussionPoint.session)
        .where(DiscussionPoint.kind == PointKind.action, DiscussionPoint.deleted_at.is_(None),
               DiscussionPoint.status.in_(PENDING), past_due)
        .options(selectinload(DiscussionPoint.session).joinedload(ForumSession.forum),
                 selectinload(DiscussionPoint.owner_person), selectinload(DiscussionPoint.owner_organisation))
        .order_by(DiscussionPoint.due_on, DiscussionPoint.id), page, per_page)


@bp.get("/organise")
def home():
    require_editor()
    pages = {name: page_number(name) for name in LISTS}
    forums = _organised(current_user)
    return render_template("organise/home.html", requests=open_requests(forums, pages["requests"]),
                           sessions=sessions_without_minutes(forums, pages["sessions"]),
                           overdue=overdue_actions(forums, pages["overdue"]), pages=pages,
                           organises=organises_any_forum(current_user),
                           every_forum=organises_every_forum(current_user))
