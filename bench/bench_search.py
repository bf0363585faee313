"""How fast is search on thousands of sessions?

Makes a temporary database by the migrations, fills it with 5,000 sessions of
10 points each (plus 2,000 people, three to a session), then times a few
queries as an anonymous visitor, a participant and an organiser. Prints the
median and 95th percentile per query. Run from the checkout:

    python bench/bench_search.py [--sessions 5000] [--points 10] [--repeat 30]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

# the checkout this script is in, not whichever eventsite is installed
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from eventsite import create_app  # noqa: E402
from eventsite.models import DiscussionPoint, Forum, ForumSession, Participation, Person, User, db  # noqa: E402
from eventsite.search.queries import KINDS, search  # noqa: E402

WORDS = (
    "cluster innovation biotechnology bioinformatics medicine telemedicine diagnostics ministry programme "
    "competition region funding export startup venture university research laboratory genome pharmacy "
    "software platform data network energy materials photonics robotics agriculture education talent "
    "infrastructure investment partnership industry digital health clinic vaccine sensor satellite "
    "transport logistics city science park incubator grant policy standard regulation market"
).split()
SURNAMES = "Ivanov Petrov Sidorov Shadrin Kuznetsov Smirnov Popov Volkov Sokolov Lebedev Kozlov Novikov".split()
NATIVE = "Иванов Петров Сидоров Шадрин Кузнецов Смирнов Попов Волков Соколов Лебедев Козлов Новиков".split()


SYLLABLES = "ka lo mi nu pe ra si to vu ze bar del fin gor hum jil kev lum nor pax quin rost sul tev".split()
#: filler words drawn by Zipf's law, as in real text; the domain words are each about 1 in 400 words,
#: so a 40-word point contains a given one about one time in ten
FILLER = sorted({"".join(random.Random(i).sample(SYLLABLES, 3)) for i in range(6000)})
_ZIPF = [1 / (rank + 1) for rank in range(len(FILLER))]
DOMAIN_SHARE = 0.15
#: common words, a prefix, two and three words, a name in Cyrillic, the same name inflected (each Russian
#: word also asks for its dictionary forms), two inflected Russian words, a rare word, no match
QUERIES = ["bioinformatics", "clust", "telemedicine diagnostics", "region export grant", "Шадрин",
           "Шадрина", "Артёма Шадрина", FILLER[len(FILLER) // 2], "zzz"]


def text(rng: random.Random, n: int) -> str:
    fillers = rng.choices(FILLER, weights=_ZIPF, k=n)
    words = [rng.choice(WORDS) if rng.random() < DOMAIN_SHARE else f for f in fillers]
    return " ".join(words).capitalize() + "."


def fill(n_sessions: int, n_points: int, rng: random.Random) -> None:
    forum = Forum(slug="bench", name="Bench", title="Bench Forum", city="Novosibirsk", country="Russia",
                  starts_on=date(2016, 6, 9), ends_on=date(2016, 6, 10), timezone="Asia/Novosibirsk")
    db.session.add(forum)
    db.session.commit()
    start = datetime(2016, 6, 9, 3, 0, tzinfo=timezone.utc)
    visibilities = ["public"] * 6 + ["participants"] * 3 + ["internal"]
    db.session.execute(sa.insert(ForumSession), [
        dict(forum_id=forum.id, slug=f"s-{i}", kind="round_table", title=text(rng, 5), summary=text(rng, 60),
             venue=f"Hall {i % 40}", language="en", visibility=rng.choice(visibilities),
             starts_at=start + timedelta(minutes=i), ends_at=start + timedelta(minutes=i + 90),
             version=1, created_at=start, updated_at=start)
        for i in range(n_sessions)
    ])
    n_people = max(10, n_sessions * 2 // 5)
    db.session.execute(sa.insert(Person), [
        dict(name=f"{rng.choice(['Artyom', 'Anna', 'Boris', 'Olga'])} {SURNAMES[i % 12]} {i}",
             native_name=f"{NATIVE[i % 12]} {i}", version=1, created_at=start, updated_at=start)
        for i in range(n_people)
    ])
    session_ids = db.session.execute(sa.select(ForumSession.id)).scalars().all()
    person_ids = db.session.execute(sa.select(Person.id)).scalars().all()
    db.session.execute(sa.insert(Participation), [
        dict(session_id=s, person_id=p, role="participant", attendance="attended", position="",
             version=1, created_at=start, updated_at=start)
        for s in session_ids for p in rng.sample(person_ids, 3)
    ])
    db.session.execute(sa.insert(DiscussionPoint), [
        dict(session_id=s, position=k + 1, kind="statement", title=text(rng, 4), body=text(rng, 40), tags=[],
             version=1, created_at=start, updated_at=start)
        for s in session_ids for k in range(n_points)
    ])
    participant = User(email="p@example.org", role="participant", person_id=person_ids[0], password_hash="x")
    organiser = User(email="o@example.org", role="organiser", password_hash="x")
    db.session.add_all([participant, organiser])
    db.session.commit()


def timed(app, user, query: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        with app.test_request_context("/search"):
            t0 = time.perf_counter()
            results = search(user, query, KINDS, 1, 5)
            [hit.item for group in results.groups for hit in group.hits]  # noqa: B018 (loaded as the page would)
            times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5000)
    parser.add_argument("--points", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(2016)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "CREATE_FIRST_ADMIN": False,
                          "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite'}"})
        with app.app_context():
            upgrade()
            t0 = time.perf_counter()
            fill(args.sessions, args.points, rng)
            print(f"filled {args.sessions} sessions × {args.points} points in {time.perf_counter() - t0:.1f} s "
                  f"(database {(Path(folder) / 'bench.sqlite').stat().st_size / 1e6:.0f} MB)")
            viewers = {
                "anonymous": None,
                "participant": db.session.execute(sa.select(User).filter_by(role="participant")).scalar_one(),
                "organiser": db.session.execute(sa.select(User).filter_by(role="organiser")).scalar_one(),
            }
            print(f"{'query':<26} {'viewer':<12} {'hits':>6} {'median ms':>10} {'p95 ms':>8}")
            for query in QUERIES:
                for name, user in viewers.items():
                    with app.test_request_context("/search"):
                        hits = search(user, query).total
                    times = sorted(timed(app, user, query, args.repeat))
                    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                    print(f"{query:<26} {name:<12} {hits:>6} {statistics.median(times):>10.1f} {p95:>8.1f}")
            db.engine.dispose()


if __name__ == "__main__":
    main()
