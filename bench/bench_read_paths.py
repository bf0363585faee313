"""Does a page about one session cost the same in a forum of 100 sessions and of 10,000?

Builds, once, a forum of N public round tables of 20 points each (5 participants, 2 groups, published
minutes with a kept revision; 200,000 points at 10,000 sessions) with Core inserts, one statement per
table, so the search index's triggers fill it as they would for any insert; the databases are SQLite
files under bench/out/ (kept between runs: `--rebuild` makes them again). Then, through the site's own
views and the in-process test client, times every read path of issue 13 and the point capture, 11 times
each after a warm-up (the sizes in turn, round by round), and prints the median per forum size and their
ratio, and the 95th percentile of search beside the session page at the largest size. Run from the
checkout:

    python bench/bench_read_paths.py [--sessions 100 10000] [--database-url postgresql+psycopg://…]
    python bench/bench_read_paths.py --sql "session page"   # the SQL log of one request: rows, plans

With `--database-url`, each size is built in turn in that database (its schema is dropped first: give it a
database of its own). A URL with `{sessions}` in it names one database per size
(`postgresql+psycopg://…/perf_{sessions}`), so each is built once and kept between runs, as the SQLite files are. `--sql NAME` prints, for the largest size, every statement the request made, the
rows it returned, the CPU time it takes when sent again, and the database's plan of it (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL).
"""
from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

# the checkout this script is in, not whichever eventsite is installed
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from eventsite import create_app  # noqa: E402
from eventsite.accounts.service import create_user  # noqa: E402
from eventsite.minutes.compose import compose_minutes  # noqa: E402
from eventsite.organise.service import add_organiser  # noqa: E402
from eventsite.models import (  # noqa: E402
    DiscussionPoint, Forum, ForumSession, KeyDate, Minutes, MinutesRevision, Organisation, ParticipantGroup,
    Participation, Person, User, UserRole, db,
)

OUT = Path(__file__).resolve().parent / "out"
PASSWORD = "a long bench passphrase 2016"
ROUNDS = 11
SEARCH_ROUNDS = 41
SEARCH = "bioinformatics telemedicine"
#: the body of the point the capture request adds
CAPTURED = "Telemedicine needs a regional cluster."
POINTS = 20
WORDS = (
    "cluster innovation biotechnology bioinformatics medicine telemedicine diagnostics ministry programme "
    "competition region funding export startup venture university research laboratory genome pharmacy "
    "software platform data network energy materials photonics robotics agriculture education talent"
).split()
KINDS = ["topic", "statement", "statement", "proposal", "decision", "statement", "quote", "action", "announcement"]
START = datetime(2016, 6, 9, 2, 0, tzinfo=timezone.utc)


def text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _app(url: str):
    return create_app({"TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                       "CREATE_FIRST_ADMIN": False, "DATABASE_URL": url, "PDF_CACHE_DIR": str(OUT / "pdf"),
                       "RATELIMIT_ENABLED": False, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                       # every request is timed as made: the anonymous readers' kept page (reading/page_cache.py)
                       # would serve the session page from memory after the first
                       "PAGE_CACHE_SIZE": 0})


def _insert(model, rows: list[dict]) -> list[int]:
    """Core INSERT of all rows at once; the ids, in insertion order, of the rows just written."""
    if not rows:
        return []
    table = model.__table__
    before = db.session.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one()
    for chunk in range(0, len(rows), 20_000):
        db.session.execute(sa.insert(table), rows[chunk:chunk + 20_000])
    return db.session.execute(sa.select(table.c.id).where(table.c.id > before).order_by(table.c.id)).scalars().all()


def build(n: int) -> None:
    """The forum of `n` sessions; its minutes are published, with a record as composed from each session."""
    rng = random.Random(2016)
    stamps = {"version": 1, "created_at": START, "updated_at": START}
    forum = Forum(slug="bench-forum", name="Bench-2016", title="The Bench Forum 2016", city="Novosibirsk",
                  country="Russia", starts_on=START.date(), ends_on=START.date() + timedelta(days=1),
                  timezone="Asia/Novosibirsk", language="en", about="A generated forum.")
    db.session.add(forum)
    db.session.flush()
    organisations = _insert(Organisation, [dict(name=f"Organisation {i}", short_name="", kind="research", **stamps)
                                           for i in range(max(10, n // 5))])
    people = _insert(Person, [dict(name=f"Person {i}", native_name=f"Персона {i}", email=f"person-{i}@example.org",
                                   **stamps) for i in range(max(20, n * 2))])
    sessions = _insert(ForumSession, [
        dict(forum_id=forum.id, slug=f"round-table-{s}", kind="round_table", title=text(rng, 6),
             starts_at=START + timedelta(minutes=10 * s), ends_at=START + timedelta(minutes=10 * s + 50),
             venue=f"Hall {s % 12}", language="en", visibility="public", summary=text(rng, 40), **stamps)
        for s in range(n)])
    chosen = {s: rng.sample(range(len(people)), 5) for s in sessions}
    participations = _insert(Participation, [
        dict(session_id=s, person_id=people[p], role="moderator" if k == 0 else "speaker", attendance="attended",
             position="Researcher", organisation_id=organisations[p % len(organisations)], **stamps)
        for s in sessions for k, p in enumerate(chosen[s])])
    _insert(ParticipantGroup, [dict(session_id=s, position=k, name=name, **stamps)
                               for s in sessions for k, name in enumerate(["state offices", "business"], 1)])
    speakers = {s: participations[5 * i:5 * i + 5] for i, s in enumerate(sessions)}
    rows = []
    for s in sessions:
        for k in range(POINTS):
            kind = KINDS[k % len(KINDS)]
            action = kind == "action"
            rows.append(dict(
                session_id=s, position=k + 1, kind=kind, title=text(rng, 4), body=text(rng, 50),
                speaker_id=speakers[s][k % 5] if kind in ("statement", "quote") else None, tags=[rng.choice(WORDS)],
                owner_organisation_id=organisations[chosen[s][0] % len(organisations)] if action else None,
                due_on=datetime(2016, 9, 26).date() if action else None, status="open" if action else None,
                **stamps))
    points = _insert(DiscussionPoint, rows)
    _insert(KeyDate, [dict(point_id=p, label=label, date=day, precision=precision, qualifier=qualifier, **stamps)
                      for p, row in zip(points, rows) if row["kind"] == "announcement"
                      for label, day, precision, qualifier in [
                          ("Competition announced", datetime(2016, 7, 1).date(), "month", "end"),
                          ("Programmes accepted until", datetime(2016, 9, 26).date(), "day", None)]])
    minutes = _insert(Minutes, [dict(session_id=s, status="published", summary=text(rng, 30), revision=1, live=True,
                                     approved_by_name="Olga Organiser", approved_by_email="olga@example.org",
                                     approved_at=START + timedelta(days=7), published_at=START + timedelta(days=8),
                                     **stamps) for s in sessions])
    db.session.commit()
    # each revision holds its session's record as the workflow composes it (in batches: the identity map
    # of 10,000 sessions is more than a build needs to hold)
    for batch in range(0, len(sessions), 500):
        loaded = db.session.execute(sa.select(ForumSession).where(ForumSession.id.in_(sessions[batch:batch + 500]))
                                    .options(*_record_loads())).scalars().all()
        by_session = {m.session_id: m for m in db.session.execute(
            sa.select(Minutes).where(Minutes.id.in_(minutes[batch:batch + 500]))).scalars()}
        revisions = []
        for session in loaded:
            record = {**compose_minutes(session, by_session[session.id]), "revision": 1}
            revisions.append(dict(minutes_id=by_session[session.id].id, number=1, status="published",
                                  summary=by_session[session.id].summary, reason="", record=record,
                                  created_by_name="Olga Organiser", created_by_email="olga@example.org",
                                  created_at=START + timedelta(days=8)))
        db.session.execute(sa.insert(MinutesRevision.__table__), revisions)
        db.session.commit()
        db.session.expunge_all()
    create_user("organiser@example.org", UserRole.organiser, password=PASSWORD, name="Bench Organiser")
    db.session.commit()


def _record_loads():
    from sqlalchemy.orm import selectinload
    return [selectinload(ForumSession.participations).selectinload(Participation.person),
            selectinload(ForumSession.participations).selectinload(Participation.organisation),
            selectinload(ForumSession.groups),
            selectinload(ForumSession.points).selectinload(DiscussionPoint.key_dates),
            selectinload(ForumSession.points).selectinload(DiscussionPoint.speaker)]


def prepare(n: int, url: str | None, rebuild: bool, out: Path = OUT):
    """The app on a built forum of `n` sessions (built now if it is not there)."""
    if url is None:
        out.mkdir(exist_ok=True)
        path = out / f"read-paths-{n}.sqlite"
        if rebuild and path.exists():
            path.unlink()
        app = _app(f"sqlite:///{path}")
        fresh = not path.exists() or path.stat().st_size == 0
    else:
        app = _app(url.replace("{sessions}", str(n)))
        with app.app_context():
            with db.engine.begin() as connection:
                built = connection.execute(sa.text("SELECT to_regclass('forum_session') IS NOT NULL")).scalar_one()
                count = connection.execute(sa.text("SELECT count(*) FROM forum_session")).scalar_one() if built else 0
            fresh = rebuild or count != n
            if fresh:
                with db.engine.begin() as connection:
                    connection.execute(sa.text("DROP SCHEMA public CASCADE"))
                    connection.execute(sa.text("CREATE SCHEMA public"))
    with app.app_context():
        before = None if fresh else _revision()
        upgrade()  # a forum built before a migration gets it, as an installation would
        if fresh:
            started, cpu = time.perf_counter(), time.process_time()
            build(n)
            print(f"built {n:,} sessions, {n * POINTS:,} points in {time.perf_counter() - started:.0f} s "
                  f"({time.process_time() - cpu:.0f} s CPU)", file=sys.stderr, flush=True)
        if _revision() != before:
            # the planner's statistics, and on PostgreSQL the visibility map an index-only scan needs, as a
            # maintained installation has them (autovacuum); VACUUM runs outside a transaction
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(sa.text("ANALYZE" if connection.dialect.name == "sqlite" else "VACUUM ANALYZE"))
    return app


def _revision() -> str:
    return db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()


def requests(app, n: int) -> dict:
    """Each request of the table: (client, method, url, form or None)."""
    middle, capture = f"round-table-{n // 2}", f"round-table-{n // 2 + 1}"
    base = "/forums/bench-forum"
    with app.app_context():
        speaker = db.session.execute(
            sa.select(Participation.id).join(ForumSession).where(ForumSession.slug == capture)
            .order_by(Participation.id)).scalars().first()
        # the points earlier runs captured go, so that every run captures into a session of 20 points
        db.session.execute(sa.delete(DiscussionPoint).where(
            DiscussionPoint.session_id == sa.select(ForumSession.id).where(ForumSession.slug == capture).scalar_subquery(),
            DiscussionPoint.body == CAPTURED))
        db.session.commit()
        # the organiser organises the forum (a forum built before this line was written gets it now), so
        # that the organisers' home looks through its 10,000 ended sessions for those needing minutes
        user = db.session.execute(sa.select(User).filter_by(email="organiser@example.org")).scalar_one()
        forum = db.session.execute(sa.select(Forum).filter_by(slug="bench-forum")).scalar_one()
        add_organiser(forum, user)  # nothing if they do
        db.session.commit()
    last = -(-n // app.config["SESSIONS_PER_PAGE"])
    anonymous, organiser = app.test_client(), app.test_client()
    assert organiser.post("/login", data={"email": "organiser@example.org", "password": PASSWORD}).status_code == 302
    return {
        "session page": (anonymous, "GET", f"{base}/{middle}/", None),
        "session page (organiser)": (organiser, "GET", f"{base}/{middle}/", None),
        "forum page 1": (anonymous, "GET", f"{base}/", None),
        "forum page, last": (anonymous, "GET", f"{base}/?page={last}", None),
        "forum page, last (organiser)": (organiser, "GET", f"{base}/?page={last}", None),
        "minutes page": (anonymous, "GET", f"{base}/{middle}/minutes", None),
        "minutes page (organiser)": (organiser, "GET", f"{base}/{middle}/minutes", None),
        "organiser: points": (organiser, "GET", f"{base}/{middle}/points", None),
        "organiser: participants": (organiser, "GET", f"{base}/{middle}/participants", None),
        "organiser: edit forum": (organiser, "GET", f"{base}/edit", None),
        "organiser: home": (organiser, "GET", "/organise", None),
        "point capture (POST)": (organiser, "POST", f"{base}/{capture}/points",
                                 {"kind": "statement", "speaker_id": str(speaker), "title": "",
                                  "body": CAPTURED, "tags": "telemedicine"}),
        "search": (anonymous, "GET", f"/search?q={SEARCH}", None),
    }


def _call(client, method: str, url: str, form) -> tuple[float, float]:
    """Seconds the request took, and seconds of this thread's CPU (the test client runs the app in it)."""
    started, cpu = time.perf_counter(), time.thread_time()
    response = client.open(url, method=method, data=form)
    seconds, cpu = time.perf_counter() - started, time.thread_time() - cpu
    assert response.status_code in (200, 302), (url, response.status_code)
    return seconds, cpu


def measure(apps: dict) -> dict:
    """For each size's app (n → app) and each request: median milliseconds (wall, CPU) and statements, search's
    95th percentiles too. The rounds alternate between the sizes, one request of each in turn, so that a
    machine that slows down or speeds up during the run (a shared virtual machine does, by a fifth over
    minutes) moves every size's figures alike, not their ratio."""
    plans = {n: requests(app, n) for n, app in apps.items()}
    # as a served worker does after its warm-up (eventsite/serving.py): the apps and what building them left
    # are out of the collector's reach, so a full collection in a timed request walks what requests made
    gc.freeze()
    results: dict = {n: {} for n in apps}
    counted: list[str] = []
    listener = lambda *args: counted.append(args[2])  # noqa: E731
    for name in plans[next(iter(apps))]:
        statements = {}
        for n, app in apps.items():
            with app.app_context():
                engine = db.engine
            _call(*plans[n][name])  # warm: templates, caches, the first query plans
            sa.event.listen(engine, "before_cursor_execute", listener)
            counted.clear()
            _call(*plans[n][name])
            sa.event.remove(engine, "before_cursor_execute", listener)
            statements[n] = len(counted)
        times: dict = {n: [] for n in apps}
        for _ in range(SEARCH_ROUNDS if name == "search" else ROUNDS):
            for n in apps:
                times[n].append(_call(*plans[n][name]))
        for n in apps:
            walls, cpus = ([t[k] * 1000 for t in times[n]] for k in (0, 1))
            results[n][name] = {"wall": statistics.median(walls), "cpu": statistics.median(cpus),
                                "statements": statements[n]}
            if name == "search":
                results[n]["search p95"] = {"wall": statistics.quantiles(walls, n=20)[-1],
                                            "cpu": statistics.quantiles(cpus, n=20)[-1], "statements": statements[n]}
    return results


def sql_log(app, n: int, name: str) -> None:
    """Every statement of one request with its rows and the database's plan."""
    client, method, url, form = requests(app, n)[name]
    _call(client, method, url, form)
    seen: list[tuple[str, object]] = []
    with app.app_context():
        engine = db.engine
    listener = lambda conn, cursor, statement, parameters, context, many: seen.append((statement, parameters))  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    _call(client, method, url, form)
    sa.event.remove(engine, "before_cursor_execute", listener)
    with app.app_context(), db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        for number, (statement, parameters) in enumerate(seen, 1):
            print(f"--- {number}: {' '.join(statement.split())[:400]}")
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cpu = time.thread_time()
            rows = len(connection.exec_driver_sql(statement, parameters).all())
            cpu = (time.thread_time() - cpu) * 1000
            plan = connection.exec_driver_sql(("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + statement,
                                              parameters).all()
            print(f"    rows: {rows}, {cpu:.1f} ms CPU")
            for line in plan:
                print("    " + (str(line[-1]) if sqlite else str(line[0])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--database-url", default=None, help="PostgreSQL (its schema is dropped): build and measure there")
    parser.add_argument("--rebuild", action="store_true", help="build the SQLite files again")
    parser.add_argument("--out", type=Path, default=OUT, help="the folder of the SQLite files")
    parser.add_argument("--sql", metavar="REQUEST", help="print the SQL log of one request at the largest size")
    args = parser.parse_args()
    if args.sql:
        sizes = args.sessions[-1:]
        sql_log(prepare(sizes[0], args.database_url, args.rebuild, args.out), sizes[0], args.sql)
        return
    cpu = time.process_time()
    if args.database_url and "{sessions}" not in args.database_url:
        # one database for every size, each built in turn: measured in turn
        results = {n: measure({n: prepare(n, args.database_url, args.rebuild, args.out)})[n] for n in args.sessions}
    else:
        results = measure({n: prepare(n, args.database_url, args.rebuild, args.out) for n in args.sessions})
    print(f"measured {', '.join(f'{n:,}' for n in args.sessions)} sessions ({time.process_time() - cpu:.0f} s CPU)",
          file=sys.stderr, flush=True)
    first, last = args.sessions[0], args.sessions[-1]
    database = "PostgreSQL" if args.database_url else "SQLite"
    for clock, what in (("wall", "wall time"), ("cpu", "CPU time of the thread serving it")):
        print(f"\n{database}, {what}: median of {ROUNDS} (search: of {SEARCH_ROUNDS}), statements in brackets")
        heads = "".join(f"{f'{n:,} sessions':>22}" for n in args.sessions)
        print(f"{'request':<30}{heads}{'ratio':>8}")
        for name in results[first]:
            cells = "".join(f"{results[n][name][clock]:>11.1f} ms ({results[n][name]['statements']:>3})"
                            for n in args.sessions)
            if name == "search p95":
                ratio = results[last][name][clock] / results[last]["session page"][clock]
                print(f"{name:<30}{cells}{ratio:>7.2f}× the session page at {last:,}")
            else:
                print(f"{name:<30}{cells}{results[last][name][clock] / results[first][name][clock]:>7.2f}×")

if __name__ == "__main__":
    main()
