"""Lookups by slug that honour visibility: what a user may not see is 404."""
from __future__ import annotations

import sqlalchemy as sa
from flask_login import current_user
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy.orm import contains_eager, selectinload

from eventsite.models import DiscussionPoint, Forum, ForumSession, Participation, db
from eventsite.permissions import require_view_session, visible_sessions_clause


def forum_or_404(forum_slug: str) -> Forum:
    return db.one_or_404(db.select(Forum).filter_by(slug=forum_slug))


def _by_slugs(forum_slug: str, session_slug: str):
    # joined to find the session by its forum's slug: every page about a session shows the forum too
    return (db.select(ForumSession).join(ForumSession.forum)
            .where(Forum.slug == forum_slug, ForumSession.slug == session_slug)
            .options(contains_eager(ForumSession.forum)))


def bare_session_or_404(forum_slug: str, session_slug: str) -> ForumSession:
    """The session and its forum in one query, nothing else loaded, or 404 if it may not be seen: for
    requests that read nothing more of it, such as a stored document's download. (Who took part is read
    only if the visibility test needs it.)"""
    return require_view_session(db.one_or_404(_by_slugs(forum_slug, session_slug)))


def session_or_404(forum_slug: str, session_slug: str) -> ForumSession:
    """The session, with what its page shows loaded in a few queries, or 404 if it may not be seen."""
    session = db.one_or_404(
        _by_slugs(forum_slug, session_slug)
        .options(
            selectinload(ForumSession.participations).selectinload(Participation.person),
            selectinload(ForumSession.participations).selectinload(Participation.organisation),
            selectinload(ForumSession.groups),
            selectinload(ForumSession.points).selectinload(DiscussionPoint.key_dates),
        )
    )
    return require_view_session(session)


def visible_sessions_query(forum: Forum | None, *columns, viewer=None):
    """The sessions `viewer` (the current user unless given) may see, of `forum` or of every forum (None),
    in programme order (ix_forum_session_programme); `columns` instead of whole sessions."""
    query = db.select(*(columns or (ForumSession,))).where(
        visible_sessions_clause(current_user if viewer is None else viewer))
    if forum is not None:
        query = query.where(ForumSession.forum_id == forum.id)
    # deleted_at first: it is NULL in every row listed (the trash's filter), so the order is the
    # programme's, and it is the index's own order, (forum_id, deleted_at, starts_at, id). Without it
    # PostgreSQL, which does not take `IS NULL` as fixing a column's value, sorted the whole forum for
    # each page (10,000 sessions: 3.9 ms, now 1.3 ms); SQLite read the index in order either way.
    return query.order_by(ForumSession.deleted_at, ForumSession.starts_at, ForumSession.id)


def programme_page(forum: Forum, page: int, per_page: int):
    """One page of the forum's programme: the pagination, and the page's sessions in order.

    The page is picked by ids alone, which the programme index holds with the columns the order and
    the visibility test need, so counting the forum and stepping over the pages before this one read
    index entries and no session row; only the page's own sessions are read whole. Any page, the last
    of 10,000 sessions too, costs a page's rows and a walk of the index.
    """
    ids = _IdPage(select=visible_sessions_query(forum, ForumSession.id), session=db.session, page=page,
                  per_page=per_page, error_out=False)
    sessions = db.session.execute(
        db.select(ForumSession).where(ForumSession.id.in_(ids.items))
        .order_by(ForumSession.starts_at, ForumSession.id)
    ).scalars().all() if ids.items else []
    return ids, sessions


class _IdPage(SelectPagination):
    """A page of ids, counted straight from the index (a count over a subquery steps through it twice)."""

    def _query_count(self) -> int:
        select = self._query_args["select"].with_only_columns(sa.func.count()).order_by(None)
        return self._query_args["session"].execute(select).scalar_one()


def visible_sessions(forum: Forum, with_key_dates: bool = False) -> list[ForumSession]:
    query = visible_sessions_query(forum)
    if with_key_dates:
        query = query.options(selectinload(ForumSession.points).selectinload(DiscussionPoint.key_dates))
    return list(db.session.execute(query).scalars())


def feed_sessions(forum: Forum | None, viewer=current_user) -> list[ForumSession]:
    """What a calendar feed carries for `viewer`: the sessions they may see, with their key dates."""
    query = visible_sessions_query(forum, viewer=viewer).options(
        selectinload(ForumSession.forum),
        selectinload(ForumSession.points).selectinload(DiscussionPoint.key_dates),
    )
    return list(db.session.execute(query).scalars())
