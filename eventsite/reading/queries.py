"""Lookups by slug that honour visibility: what a user may not see is 404."""
from __future__ import annotations

from flask_login import current_user
from sqlalchemy.orm import selectinload

from eventsite.models import DiscussionPoint, Forum, ForumSession, Participation, db
from eventsite.permissions import require_view_session, visible_sessions_clause


def forum_or_404(forum_slug: str) -> Forum:
    return db.one_or_404(db.select(Forum).filter_by(slug=forum_slug))


def session_or_404(forum_slug: str, session_slug: str) -> ForumSession:
    """The session, with what its page shows loaded in a few queries, or 404 if it may not be seen."""
    session = db.one_or_404(
        db.select(ForumSession)
        .join(ForumSession.forum)
        .where(Forum.slug == forum_slug, ForumSession.slug == session_slug)
        .options(
            selectinload(ForumSession.participations).selectinload(Participation.person),
            selectinload(ForumSession.participations).selectinload(Participation.organisation),
            selectinload(ForumSession.groups),
            selectinload(ForumSession.points).selectinload(DiscussionPoint.key_dates),
        )
    )
    return require_view_session(session)


def visible_sessions_query(forum: Forum | None, viewer=current_user):
    """The sessions `viewer` may see, of `forum` or of every forum (None), in order of time."""
    query = db.select(ForumSession).where(visible_sessions_clause(viewer))
    if forum is not None:
        query = query.where(ForumSession.forum_id == forum.id)
    return query.order_by(ForumSession.starts_at, ForumSession.id)


def feed_sessions(forum: Forum | None, viewer=current_user) -> list[ForumSession]:
    """What a calendar feed carries for `viewer`: the sessions they may see, with their key dates."""
    query = visible_sessions_query(forum, viewer).options(
        selectinload(ForumSession.forum),
        selectinload(ForumSession.points).selectinload(DiscussionPoint.key_dates),
    )
    return list(db.session.execute(query).scalars())
