"""How does import-bundle scale with the size of a forum?

Generates forums of public round tables, 20 points each, with published minutes (three kept
revisions, each with its composed record) and a published press release (three revisions), as
`export-bundle` writes them; imports each into a fresh SQLite database made by the migrations, as
`import-bundle` does (read, check, write); prints sessions, points, megabytes, seconds (and CPU
seconds), points per second, and the time of each size against the smallest. Run from the checkout:

    python bench/bench_bundles.py [--sessions 100 1000] [--points 20] [--shape history|older|bare]

`--shape older` writes the minutes as version 1 did (status and summary, no revisions): their
record is then composed at import by the minutes area (keep_missing_records). `--shape bare` is
version 1 without minutes or press releases.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

# the checkout this script is in, not whichever eventsite is installed
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from eventsite import create_app  # noqa: E402
from eventsite.bundles import import_bundle, read_bundle  # noqa: E402
from eventsite.models import db  # noqa: E402

WORDS = (
    "cluster innovation biotechnology bioinformatics medicine telemedicine diagnostics ministry programme "
    "competition region funding export startup venture university research laboratory genome pharmacy "
    "software platform data network energy materials photonics robotics agriculture education talent"
).split()
KINDS = ["topic", "statement", "statement", "proposal", "decision", "statement", "quote", "action", "announcement"]
ORGANISER = {"name": "Olga Organiser", "email": "olga@example.org"}
PRESS = {"name": "Pavel Press", "email": "pavel@example.org"}


def text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def stamp(day: int, hour: int, minute: int = 0) -> str:
    return f"2016-06-{day:02d}T{hour:02d}:{minute:02d}:00+07:00"


def make_bundle(n_sessions: int, n_points: int, shape: str, seed: int = 2016) -> dict:
    rng = random.Random(seed)
    n_people = max(20, n_sessions * 2)
    organisations = [{"key": f"org-{i}", "name": f"Organisation {i}", "short_name": "", "kind": "research",
                      "parent": None} for i in range(max(10, n_sessions // 5))]
    people = [{"key": f"person-{i}", "name": f"Person {i}", "native_name": "", "email": f"person-{i}@example.org"}
              for i in range(n_people)]
    sessions = []
    for s in range(n_sessions):
        day, hour = 9 + s % 2, 9 + (s // 2) % 9
        chosen = rng.sample(range(n_people), 5)
        participants = [{"person": f"person-{p}", "role": "moderator" if k == 0 else "speaker",
                         "attendance": "attended", "position": "Researcher",
                         "organisation": f"org-{p % len(organisations)}"} for k, p in enumerate(chosen)]
        points = []
        for k in range(n_points):
            kind = KINDS[k % len(KINDS)]
            point = {"kind": kind, "title": text(rng, 4), "body": text(rng, 50),
                     "speaker": f"person-{chosen[k % 5]}" if kind in ("statement", "quote") else None,
                     "tags": [rng.choice(WORDS)]}
            if kind == "action":
                point.update(owner=f"org-{chosen[0] % len(organisations)}", due_on="2016-09-26", status="open")
            if kind == "announcement":
                point["key_dates"] = [
                    {"label": "Competition announced", "date": "2016-07", "precision": "month", "qualifier": "end"},
                    {"label": "Programmes accepted until", "date": "2016-09-26", "precision": "day",
                     "qualifier": None}]
            point["deleted_at"] = None
            points.append(point)
        session = {
            "slug": f"round-table-{s}", "kind": "round_table", "title": text(rng, 6),
            "starts_at": stamp(day, hour), "ends_at": stamp(day, hour, 50), "venue": f"Hall {s % 12}",
            "language": "en", "visibility": "public", "summary": text(rng, 40),
            "participants": participants, "groups": ["state offices", "business"], "points": points,
        }
        summary = text(rng, 60)
        if shape in ("older", "bare"):
            session["minutes"] = {"status": "published", "summary": summary} if shape == "older" else None
            session["press_releases"] = []
        else:
            session["minutes"] = _minutes(session, summary, day)
            session["press_releases"] = [_release(session, day)]
        sessions.append(session)
    return {
        "format": "eventsite-bundle", "version": 2 if shape == "history" else 1,
        "forum": {"slug": "bench-forum", "name": "Bench-2016", "title": "The Bench Forum 2016", "city": "Novosibirsk",
                  "country": "Russia", "starts_on": "2016-06-09", "ends_on": "2016-06-10",
                  "timezone": "Asia/Novosibirsk", "language": "en", "about": "A generated forum.",
                  "press_contact": {"name": "Press office", "email": "press@example.org", "phone": "+7 000"}},
        "organisations": organisations, "people": people, "sessions": sessions,
    }


def _record(session: dict, summary: str, status: str, number: int) -> dict:
    """About the size and shape of a composed minutes record (eventsite-minutes)."""
    return {
        "format": "eventsite-minutes", "version": 1, "status": status, "revision": number, "summary": summary,
        "session": {"slug": session["slug"], "title": session["title"], "venue": session["venue"]},
        "attendance": {"attended": [{"name": p["person"], "role": p["role"], "position": p["position"]}
                                    for p in session["participants"]]},
        "groups": session["groups"],
        "discussion": [{"number": n, "kind": p["kind"], "title": p["title"], "body": p["body"], "tags": p["tags"],
                        "speaker": {"name": p["speaker"]} if p["speaker"] else None,
                        "key_dates": p.get("key_dates", [])}
                       for n, p in enumerate(session["points"], start=1)],
        "approval": None if status == "draft" else {"by": ORGANISER["name"], "text": "Approved by Olga Organiser."},
    }


def _minutes(session: dict, summary: str, day: int) -> dict:
    statuses = ["draft", "approved", "published"]
    return {
        "status": "published", "summary": summary, "revision": 3, "approved_by": ORGANISER,
        "approved_at": stamp(day + 7, 12), "published_at": stamp(day + 8, 9),
        "revisions": [{"number": n, "status": status, "summary": summary, "reason": "",
                       "record": _record(session, summary, status, n), "created_by": ORGANISER,
                       "created_at": stamp(day + 6 + n, 10)} for n, status in enumerate(statuses, start=1)],
        "corrections": [],
    }


def _release(session: dict, day: int) -> dict:
    headline = session["title"]
    body = "\n\n".join(p["body"] for p in session["points"][:6])
    return {
        "status": "published", "headline": headline, "subheadline": "", "dateline": "NOVOSIBIRSK, 10 June 2016",
        "language": "en", "body": body, "embargo_until": None, "revision": 3, "approved_by": PRESS,
        "approved_at": stamp(day, 18), "published_at": stamp(day, 19), "created_at": stamp(day, 17),
        "revisions": [{"number": n, "status": status, "headline": headline, "subheadline": "",
                       "dateline": "NOVOSIBIRSK, 10 June 2016", "body": body, "embargo_until": None, "reason": status,
                       "created_by": PRESS, "created_at": stamp(day, 16 + n)}
                      for n, status in enumerate(["draft", "approved", "published"], start=1)],
    }


def import_once(folder: Path, template: Path, name: str, data: bytes) -> tuple[float, float]:
    """Seconds the import took, and seconds of this process's CPU (on a busy machine, the first is longer)."""
    database = folder / f"{name}.sqlite"
    shutil.copy(template, database)
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "CREATE_FIRST_ADMIN": False,
                      "DATABASE_URL": f"sqlite:///{database}"})
    with app.app_context():
        started, cpu = time.perf_counter(), time.process_time()
        import_bundle(read_bundle(data))  # what `flask import-bundle FILE` does with the file's bytes
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        db.engine.dispose()
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--shape", choices=["history", "older", "bare"], default="history")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = folder / "template.sqlite"
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "CREATE_FIRST_ADMIN": False,
                          "DATABASE_URL": f"sqlite:///{template}"})
        with app.app_context():
            upgrade()
            db.engine.dispose()
        print(f"shape: {args.shape}; {args.points} points a session" + {
            "history": ", published minutes (3 revisions) and a published press release (3 revisions)",
            "older": ", published minutes (status and summary)", "bare": ", no minutes"}[args.shape])
        print(f"{'sessions':>8} {'points':>7} {'MB':>6} {'seconds':>8} {'cpu s':>6} {'points/s':>9} {'ratio':>6}")
        first = None
        for n in args.sessions:
            data = json.dumps(make_bundle(n, args.points, args.shape), ensure_ascii=False, indent=2).encode()
            seconds, cpu = import_once(folder, template, f"forum-{n}", data)
            first = first or seconds
            points = n * args.points
            print(f"{n:>8} {points:>7} {len(data) / 1e6:>6.1f} {seconds:>8.2f} {cpu:>6.2f} {points / seconds:>9.0f} "
                  f"{seconds / first:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
