"""The one place that hides trashed rows: every ORM read leaves them out unless it asks for them.

Lists, pages, search, feeds, the calendar, bundles and the visibility rules of permissions.py all
read through the ORM, so a forum, session, person or organisation in the trash is simply not there
for them, nor are the sessions of a trashed forum. Only the trash itself (and restoring, purging)
reads with `execution_options(include_trashed=True)`.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, with_loader_criteria

from eventsite.models import Forum, ForumSession, Organisation, Person

#: the execution option that shows trashed rows
INCLUDE_TRASHED = "include_trashed"

# the forum table as plain Core, so this subquery is not itself filtered
_forum = sa.table("forum", sa.column("id"), sa.column("deleted_at"))


def _live_session(cls):
    # not correlated: the database finds the trashed forums once per query, not once per session row,
    # and the test reads forum_id from whichever index the query walks
    trashed_forums = sa.select(_forum.c.id).where(_forum.c.deleted_at.is_not(None))
    return sa.and_(cls.deleted_at.is_(None), cls.forum_id.not_in(trashed_forums))


# made once: the options are immutable, and every ORM read adds them (making them cost as much as a
# small query's statement)
_CRITERIA = (
    with_loader_criteria(Forum, lambda cls: cls.deleted_at.is_(None), include_aliases=True),
    with_loader_criteria(ForumSession, _live_session, include_aliases=True, track_closure_variables=False),
    with_loader_criteria(Person, lambda cls: cls.deleted_at.is_(None), include_aliases=True),
    with_loader_criteria(Organisation, lambda cls: cls.deleted_at.is_(None), include_aliases=True),
)


def _hide_trashed(state) -> None:
    # a refresh of an expired attribute reads the row it already has, trashed or not
    if state.is_select and not state.is_column_load and not state.execution_options.get(INCLUDE_TRASHED, False):
        state.statement = state.statement.options(*_CRITERIA)


def install() -> None:
    if not event.contains(Session, "do_orm_execute", _hide_trashed):
        event.listen(Session, "do_orm_execute", _hide_trashed)
