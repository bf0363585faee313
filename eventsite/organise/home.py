"""The organiser's home (/organise): what needs them, across the forums they organise, each row linking
to where to act. Each list is capped (HOME_LIMIT) and says how many more there are."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import render_template
from flask_login import current_user
from sqlalchemy.orm import joinedload

from eventsite.actions import PENDING, today_in
from eventsite.models import (
    CorrectionRequest, CorrectionStatus, DiscussionPoint, DocumentStatus, Forum, ForumSession, Minutes, PointKind, db,
)
from eventsite.models.base import utcnow
from eventsite.organise.blueprint import bp, require_editor
from eventsite.permissions import organised_forums_clause, organises_any_forum

#: rows shown in each list; the rest are counted
HOME_LIMIT = 10


@dataclass
class Capped:
    rows: list
    total: int

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


def _capped(query, limit: int) -> Capped:
    total = db.session.execute(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    return Capped(list(db.session.execute(query.limit(limit)).unique().scalars()), total)


def open_requests(user, limit: int = HOME_LIMIT) -> Capped:
    """Correction requests nobody has answered, oldest first."""
    return _capped(
        db.select(CorrectionRequest).join(CorrectionRequest.minutes).join(Minutes.session)
        .where(CorrectionRequest.status == CorrectionStatus.open,
               organised_forums_clause(user, ForumSession.forum_id))
        .options(joinedload(CorrectionRequest.minutes).joinedload(Minutes.session).joinedload(ForumSession.forum))
        .order_by(CorrectionRequest.created_at, CorrectionRequest.id), limit)


def sessions_without_minutes(user, limit: int = HOME_LIMIT) -> Capped:
    """Sessions that have ended and whose minutes are not approved yet (none, or a draft), earliest first."""
    approved = sa.select(Minutes.session_id).where(Minutes.status != DocumentStatus.draft)
    return _capped(
        db.select(ForumSession).where(ForumSession.ends_at < utcnow(), ForumSession.id.not_in(approved),
                                      organised_forums_clause(user, ForumSession.forum_id))
        .options(joinedload(ForumSession.forum)).order_by(ForumSession.ends_at, ForumSession.id), limit)


def overdue_actions(user, limit: int = HOME_LIMIT) -> Capped:
    """Pending actions past their due date in their forum's zone, the longest overdue first."""
    zones = db.session.execute(sa.select(Forum.timezone).distinct()).scalars().all()
    # one term per time zone in use: "before today" is a different day in Novosibirsk and in Moscow
    past_due = sa.or_(sa.false(), *(sa.and_(Forum.timezone == zone, DiscussionPoint.due_on < today_in(zone))
                                   for zone in zones))
    return _capped(
        db.select(DiscussionPoint).join(DiscussionPoint.session).join(ForumSession.forum)
        .where(DiscussionPoint.kind == PointKind.action, DiscussionPoint.deleted_at.is_(None),
               DiscussionPoint.status.in_(PENDING), DiscussionPoint.due_on.is_not(None), past_due,
               organised_forums_clause(user, ForumSession.forum_id))
        .options(joinedload(DiscussionPoint.session).joinedload(ForumSession.forum),
                 joinedload(DiscussionPoint.owner_person), joinedload(DiscussionPoint.owner_organisation))
        .order_by(DiscussionPoint.due_on, DiscussionPoint.id), limit)


@bp.get("/organise")
def home():
    require_editor()
    return render_template("organise/home.html", requests=open_requests(current_user),
                           sessions=sessions_without_minutes(current_user), overdue=overdue_actions(current_user),
                           organises=organises_any_forum(current_user))
