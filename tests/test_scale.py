"""A page about one session does not know how big its forum is: its queries stay the same in number."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from eventsite.models import DiscussionPoint, ForumSession, PointKind, SessionKind, Visibility, db

from conftest import NSK


def _grow(forum, n: int, start: int) -> None:
    db.session.execute(sa.insert(ForumSession), [
        dict(forum_id=forum.id, slug=f"filler-{i}", kind=SessionKind.round_table, title=f"Filler {i}",
             starts_at=datetime(2016, 6, 10, 9, tzinfo=NSK), ends_at=datetime(2016, 6, 10, 10, tzinfo=NSK),
             venue="Hall", language="en", visibility=Visibility.public, summary="")
        for i in range(start, start + n)])
    ids = db.session.execute(sa.select(ForumSession.id).where(ForumSession.slug.like("filler-%"))).scalars().all()
    db.session.execute(sa.insert(DiscussionPoint), [
        dict(session_id=session_id, position=k, kind=PointKind.statement, title=f"Point {k}", body="Text.", tags=[])
        for session_id in ids[-n:] for k in (1, 2)])
    db.session.commit()


def _queries(client, url: str) -> int:
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def test_the_pages_about_one_session_make_as_many_queries_in_a_forum_of_10_sessions_as_of_500(
        client, auth, round_table):
    auth.login_as("organiser")
    forum = round_table.forum
    urls = [f"/forums/{forum.slug}/{round_table.slug}/", f"/forums/{forum.slug}/{round_table.slug}/minutes",
            f"/forums/{forum.slug}/{round_table.slug}/points", f"/forums/{forum.slug}/",
            f"/forums/{forum.slug}/?page=2"]
    _grow(forum, 10, 0)
    small = {url: _queries(client, url) for url in urls}
    _grow(forum, 490, 10)
    large = {url: _queries(client, url) for url in urls}
    assert large == small
