"""Does saving, approving or restoring minutes cost the same in a forum of 1 session and of 1,000?

Builds a forum of N public round tables (20 points each) with bench_bundles' generator, imported
into a fresh SQLite database made by the migrations; then, through the site's own views as an
organiser, saves a summary of one session's minutes, approves it, opens a correction, and restores
revision 1, each step 11 times on fresh minutes, and prints the median of each step per forum size
and the ratio to the smallest forum. Run from the checkout:

    python bench/bench_minutes_save.py [--sessions 1 1000]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

# the checkout this script is in, not whichever eventsite is installed
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from flask_migrate import upgrade  # noqa: E402

from bench_bundles import make_bundle  # noqa: E402
from eventsite import create_app  # noqa: E402
from eventsite.accounts.service import create_user  # noqa: E402
from eventsite.bundles import import_bundle  # noqa: E402
from eventsite.models import ForumSession, Minutes, MinutesRevision, UserRole, db  # noqa: E402

PASSWORD = "a long bench passphrase 2016"
ROUNDS = 11


def _forum(folder: Path, sessions: int):
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "CREATE_FIRST_ADMIN": False,
                      "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}", "PDF_CACHE_DIR": str(folder / "pdf"),
                      "RATELIMIT_ENABLED": False, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        upgrade()
        bundle = make_bundle(sessions, 20, "bare")
        import_bundle(bundle)
        create_user("bench@example.org", UserRole.organiser, password=PASSWORD, name="Bench Organiser")
        db.session.commit()
        slug = db.session.execute(db.select(ForumSession.slug).order_by(ForumSession.id)).scalars().first()
        return app, bundle["forum"]["slug"], slug


def _steps(app, forum: str, session: str) -> dict[str, list[float]]:
    base = f"/forums/{forum}/{session}/minutes"
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
    times: dict[str, list[float]] = {"save summary": [], "approve": [], "start correction": [], "restore": []}
    with app.app_context():
        for n in range(ROUNDS):
            def version() -> int:
                db.session.expire_all()
                minutes = db.session.execute(db.select(Minutes)).scalar_one_or_none()
                return minutes.version if minutes else 1

            for name, path, data in [
                ("save summary", "/summary", lambda: {"summary": f"Summary {n}.", "version": version()}),
                ("approve", "/approve", lambda: {"version": version()}),
                ("start correction", "/correction", lambda: {"reason": f"Round {n}", "version": version()}),
                ("restore", "/revisions/1/restore", lambda: {"version": version()}),
            ]:
                form = data()
                started = time.perf_counter()
                response = client.post(base + path, data=form)
                times[name].append(time.perf_counter() - started)
                assert response.status_code == 302, (name, response.status_code)
            # fresh minutes for the next round, so every round does the same work
            db.session.execute(db.delete(MinutesRevision))
            db.session.execute(db.delete(Minutes))
            db.session.commit()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 1000])
    args = parser.parse_args()
    results = {}
    for n in args.sessions:
        with tempfile.TemporaryDirectory() as folder:
            app, forum, session = _forum(Path(folder), n)
            results[n] = {name: statistics.median(values) * 1000 for name, values in _steps(app, forum, session).items()}
    first = args.sessions[0]
    print(f"{'step':<18}" + "".join(f"{f'{n} sessions':>16}" for n in args.sessions) + f"{'ratio':>8}")
    for name in results[first]:
        cells = "".join(f"{results[n][name]:>13.1f} ms" for n in args.sessions)
        ratio = results[args.sessions[-1]][name] / results[first][name]
        print(f"{name:<18}{cells}{ratio:>7.2f}×")


if __name__ == "__main__":
    main()
