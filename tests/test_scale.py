"""A page about one session does not know how big its forum is: its queries stay the same in number, and
the work the database does for them (SQLite's virtual machine steps: a scan or a sort of the whole forum
shows as steps that grow with it) stays the same too. bench/bench_read_paths.py times the same pages at
100 and 10,000 sessions."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from eventsite.minutes import workflow
from eventsite.models import (
    DiscussionPoint, ForumSession, Minutes, MinutesRevision, PointKind, SessionKind, Visibility, db,
)

from conftest import NSK, PASSWORD

#: SQLite calls the progress handler every this many virtual machine instructions
STEP = 100
#: what walking the programme index may cost a forum page for each session: one walk to count, one to
#: step over the pages before it, each entry tested for a trashed forum (eventsite/trash/hiding.py) —
#: reading and sorting session rows instead takes many more (see the test)
INDEX_STEPS = 30


def _grow(forum_id: int, n: int, start: int) -> None:
    """`n` more public sessions of two points each, with published minutes, in bulk."""
    first = datetime(2016, 6, 9, 9, tzinfo=NSK)
    db.session.execute(sa.insert(ForumSession), [
        dict(forum_id=forum_id, slug=f"filler-{i}", kind=SessionKind.round_table, title=f"Filler {i}",
             starts_at=first + timedelta(minutes=i), ends_at=first + timedelta(minutes=i + 50),
             venue="Hall", language="en", visibility=Visibility.public, summary="")
        for i in range(start, start + n)])
    ids = db.session.execute(sa.select(ForumSession.id).where(ForumSession.slug.like("filler-%"))
                             .order_by(ForumSession.id)).scalars().all()[-n:]
    db.session.execute(sa.insert(DiscussionPoint), [
        dict(session_id=session_id, position=k, kind=PointKind.statement, title=f"Point {k}", body="Text.", tags=[])
        for session_id in ids for k in (1, 2)])
    db.session.execute(sa.insert(Minutes), [dict(session_id=session_id, status="published", revision=1)
                                            for session_id in ids])
    minutes = db.session.execute(sa.select(Minutes.id).where(Minutes.session_id.in_(ids))).scalars().all()
    db.session.execute(sa.insert(MinutesRevision), [
        dict(minutes_id=m, number=1, status="published", record={"format": "eventsite-minutes"}) for m in minutes])
    db.session.commit()


def _publish(session, user) -> None:
    minutes = workflow.ensure_minutes(session)
    workflow.approve(minutes, user)
    workflow.publish(minutes, user)
    db.session.commit()


class Cost:
    """The statements one request sends, and the virtual machine steps SQLite takes for them."""

    def __init__(self, client):
        self.client = client

    def __call__(self, method: str, url: str, data=None) -> tuple[int, int]:
        sessions = db.session.execute(sa.select(sa.func.count(ForumSession.id))).scalar_one()
        url = url.replace("{last}", str(-(-sessions // current_app.config["SESSIONS_PER_PAGE"])))
        statements, steps = [], [0]

        def count(*_):
            steps[0] += 1
            return 0

        def before(connection, cursor, statement, *_):
            statements.append(statement)
            connection.connection.dbapi_connection.set_progress_handler(count, STEP)

        # a request of its own, as in production: nothing left in the identity map by the one before
        db.session.remove()
        sa.event.listen(db.engine, "before_cursor_execute", before)
        try:
            response = self.client.open(url, method=method, data=data)
            assert response.status_code in (200, 302), (url, response.status_code)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", before)
            with db.engine.connect() as connection:
                connection.connection.dbapi_connection.set_progress_handler(None, STEP)
        return len(statements), steps[0] * STEP


def _pages(session) -> dict:
    """Each page of issue 13, as (method, address, form): about one session, or a page of its forum."""
    forum = session.forum
    base = f"/forums/{forum.slug}/{session.slug}"
    return {
        "session page": ("GET", base + "/", None),
        "minutes page": ("GET", base + "/minutes", None),
        "forum page 1": ("GET", f"/forums/{forum.slug}/", None),
        "forum page, last": ("GET", f"/forums/{forum.slug}/?page={{last}}", None),
        "search": ("GET", "/search?q=cluster", None),
        "organiser: points": ("GET", base + "/points", None),
        "organiser: participants": ("GET", base + "/participants", None),
        "organiser: edit forum": ("GET", f"/forums/{forum.slug}/edit", None),
        # the organisers' home: its lists (the fixture's overdue action, its session's open requests) are as
        # long at 500 sessions as at 10, and it reads them from their own indexes (migration 0022)
        "organiser: home": ("GET", "/organise", None),
        "organiser: point capture": ("POST", base + "/points", {
            "kind": "statement", "speaker_id": str(session.participations[0].id), "title": "", "body": "A point.",
            "tags": ""}),
    }


def test_the_pages_about_one_session_cost_as_much_in_a_forum_of_10_sessions_as_of_500(
        app, users, round_table):
    from eventsite.organise.service import add_organiser

    _publish(round_table, users["organiser"])
    add_organiser(round_table.forum, users["organiser"])
    db.session.commit()
    anonymous, organiser = app.test_client(), app.test_client()
    organiser.post("/login", data={"email": "organiser@example.org", "password": PASSWORD})
    requests = {}
    for name, page in _pages(round_table).items():
        for role, client in (("anonymous", anonymous), ("organiser", organiser)):
            if role == "organiser" or not name.startswith("organiser"):
                requests[f"{name} ({role})"] = (Cost(client), page)
    forum = round_table.forum.id

    _grow(forum, 10, 0)
    ten = {name: cost(*page) for name, (cost, page) in requests.items()}
    # at 100 sessions the last page holds as many sessions as any page of a larger forum
    _grow(forum, 90, 10)
    hundred = {name: cost(*page) for name, (cost, page) in requests.items()}
    _grow(forum, 400, 100)
    five_hundred = {name: cost(*page) for name, (cost, page) in requests.items()}

    assert {name: queries for name, (queries, _) in five_hundred.items()} == {
        name: queries for name, (queries, _) in ten.items()}
    # a page about one session does the same work; a page of the forum walks its index to count the
    # sessions and step over the pages before it, a few steps a session (reading and sorting session rows,
    # as a page did without the index, takes tens); search counts its matches up to a cap, so its work
    # grows until then, and bench/bench_read_paths.py times it
    # SQLite counts STEP instructions within each call that fetches a row, so each statement's figure is
    # rounded down by up to STEP
    def allowed(name: str) -> float:
        statements = hundred[name][0]
        return (hundred[name][1] * 1.1 + (statements + 2) * STEP
                + (INDEX_STEPS * 400 if name.startswith("forum page") else 0))

    grown = {name: (hundred[name][1], steps) for name, (_, steps) in five_hundred.items()
             if not name.startswith("search") and steps > allowed(name)}
    assert not grown, f"virtual machine steps (at 100 sessions, at 500) grew: {grown}"
