"""How fast are minutes PDFs? Run from the checkout: python bench/bench_minutes_pdf.py [--repeat N]

For the demo minutes (the Technoprom-2016 round table; loaded with `demo` when that command
exists, otherwise an equivalent session is built here) and for a generated session of 100
points, in a throw-away instance folder, it prints:

- app render: GET /…/minutes.pdf through the application with an empty cache (composition,
  template, WeasyPrint in a forked child, cache write), median of N;
- bare: the same HTML, metadata and attachments through WeasyPrint in this process with its
  default URL fetcher (the stylesheet linked as a file:// URL), median of N; and the ratio;
- cached: the same GET served from the PDF cache, and a conditional GET answered with 304;
- peak memory: the largest resident set of this process (ru_maxrss) and of the render worker
  (VmHWM; pages shared with the app process through fork() count in both).

App and bare runs alternate, so a busy machine slows both alike.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSWORD = "bench-password-42"
NSK = ZoneInfo("Asia/Novosibirsk")


def build_round_table(db, m):
    """The demo's round table, as the reference press release tells it."""
    forum = m.Forum(slug="technoprom-2016", name="Technoprom-2016",
                    title="IV International Forum of Technological Development Technoprom-2016",
                    city="Novosibirsk", country="Russia", starts_on=date(2016, 6, 9), ends_on=date(2016, 6, 10),
                    timezone="Asia/Novosibirsk", language="en")
    session = m.ForumSession(
        forum=forum, slug="innovation-cluster-vectors-of-development", kind=m.SessionKind.round_table,
        title="Innovation Cluster of Informational and Biopharmaceutical Technologies of Novosibirsk region: "
              "vectors of development",
        starts_at=datetime(2016, 6, 10, 14, 0, tzinfo=NSK), ends_at=datetime(2016, 6, 10, 16, 0, tzinfo=NSK),
        venue="Novosibirsk Expocentre", language="en", visibility=m.Visibility.public)
    minec = m.Organisation(name="Ministry of Economic Development of Russia", short_name="MinEc",
                           kind=m.OrganisationKind.government)
    shadrin = m.Participation(session=session, person=m.Person(name="Artyom Shadrin", native_name="Артём Шадрин"),
                              role=m.Role.moderator, attendance=m.Attendance.attended, organisation=minec,
                              position="Director of the Department of Social Development and Innovation")
    db.session.add_all([forum, session, minec, shadrin])
    for n, name in enumerate(["representatives of the IT and BIO branches of the Cluster", "state offices",
                              "business interested in cooperation within the Cluster structure"]):
        db.session.add(m.ParticipantGroup(session=session, position=n, name=name))
    points = [
        (m.PointKind.topic, "Key vectors of further development of the Cluster",
         "The participants underlined the key vectors of further Cluster development, including a strengthening "
         "of cooperation between its two branches, IT and biopharmaceutical technologies.", None),
        (m.PointKind.statement, "Experience of IT-Bio cooperation projects",
         "Cluster members presented their experience of packing and realisation of cooperation IT-Bio projects.",
         None),
        (m.PointKind.statement, "IT research results in medicine",
         "It is necessary to apply IT research results in medicine, since telemedicine, personalized medicine, "
         "smart medicine and diagnostics require new complex up-to-date approaches.", None),
        (m.PointKind.statement, "Bioinformatics",
         "Bioinformatics was mentioned as a vector of cooperation development and cluster integration.", None),
        (m.PointKind.announcement, "Programme supporting the transition of innovation clusters to the 2.0 model",
         "The Ministry of Economic Development will announce a competition for clusters allowing them to "
         "implement the standards of effective management.", shadrin),
        (m.PointKind.quote, "",
         "We want to raise the bar of an immensity of projects: we should not reproduce the actual model but "
         "to create the new one.", shadrin),
    ]
    for position, (kind, title, body, speaker) in enumerate(points, start=1):
        point = m.DiscussionPoint(session=session, position=position, kind=kind, title=title, body=body,
                                  speaker=speaker, tags=[])
        db.session.add(point)
        if kind is m.PointKind.announcement:
            db.session.add_all([
                m.KeyDate(point=point, label="Competition announced", date=date(2016, 7, 1),
                          precision=m.DatePrecision.month),
                m.KeyDate(point=point, label="Programmes accepted until", date=date(2016, 9, 26),
                          precision=m.DatePrecision.day),
            ])
    db.session.add(m.Minutes(session=session, summary="The round table discussed the key vectors of development "
                                                      "of the Cluster."))
    db.session.commit()
    return session


def build_hundred_points(db, m, forum):
    session = m.ForumSession(forum=forum, slug="hundred-points", kind=m.SessionKind.panel,
                             title="A long panel of one hundred points",
                             starts_at=datetime(2016, 6, 9, 10, 0, tzinfo=NSK),
                             ends_at=datetime(2016, 6, 9, 18, 0, tzinfo=NSK), venue="Hall B", language="en")
    db.session.add(session)
    speakers = []
    for n in range(12):
        org = m.Organisation(name=f"Benchmark Organisation {n}")
        speakers.append(m.Participation(session=session, person=m.Person(name=f"Speaker {n}",
                                                                         native_name=f"Докладчик {n}"),
                                        role=m.Role.speaker, position="Head of Research", organisation=org))
    db.session.add_all(speakers)
    kinds = [m.PointKind.statement, m.PointKind.topic, m.PointKind.proposal, m.PointKind.decision,
             m.PointKind.action, m.PointKind.announcement, m.PointKind.quote]
    for n in range(1, 101):
        kind = kinds[n % len(kinds)]
        point = m.DiscussionPoint(
            session=session, position=n, kind=kind, title=f"Point {n}: cooperation of IT and BIO",
            body=("Participants discussed common projects of IT specialists and biotechnologists, "
                  "telemedicine and bioinformatics. Обсуждали совместные проекты. ") * 3,
            speaker=speakers[n % len(speakers)], tags=["bench"])
        if kind is m.PointKind.action:
            point.owner_organisation = speakers[n % len(speakers)].organisation
            point.due_on = date(2016, 9, 26)
            point.status = m.ActionStatus.open
        db.session.add(point)
        if kind is m.PointKind.announcement:
            db.session.add(m.KeyDate(point=point, label="Applications until", date=date(2016, 9, 26),
                                     precision=m.DatePrecision.day))
    db.session.commit()
    return session


def bare_weasyprint(app, document) -> bytes:
    """The same document through WeasyPrint alone: default fetcher, stylesheet as a file:// URL, in-process."""
    import weasyprint

    from eventsite.pdf import STATIC_ORIGIN

    static = Path(app.static_folder).resolve().as_uri()
    html = document.html.replace(STATIC_ORIGIN + app.static_url_path, static)
    rendered = weasyprint.HTML(string=html, base_url=static + "/").render()
    meta = document.metadata
    info = rendered.metadata
    info.title, info.authors, info.description = meta.title, [meta.author], meta.subject
    info.keywords, info.lang = list(meta.keywords), meta.language
    attachments = [weasyprint.Attachment(string=a.data, name=a.name, description=a.description,
                                         relationship=a.relationship) for a in document.attachments]
    return rendered.write_pdf(pdf_variant="pdf/a-3u", attachments=attachments)


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def measure(app, client, session, repeat: int) -> dict:
    from eventsite.minutes.documents import minutes_pdf
    from eventsite.minutes.workflow import current_record, minutes_of

    url = f"/forums/{session.forum.slug}/{session.slug}/minutes.pdf"
    cache = Path(app.config["PDF_CACHE_DIR"])
    with app.test_request_context():
        minutes = minutes_of(session)
        document = minutes_pdf(session, current_record(session, minutes), live=True)
    # the cached path first: the bare renders below run in this process and leave garbage behind
    shutil.rmtree(cache, ignore_errors=True)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    pdf, etag = response.get_data(), response.headers["ETag"]
    cached_times, not_modified = [], []
    for _ in range(repeat * 4):
        seconds, cached = timed(lambda: client.get(url))
        assert cached.status_code == 200 and cached.get_data() == pdf
        cached_times.append(seconds)
        seconds, answer = timed(lambda: client.get(url, headers={"If-None-Match": etag}))
        assert answer.status_code == 304
        not_modified.append(seconds)
    app_times, bare_times = [], []
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        seconds, response = timed(lambda: client.get(url))
        assert response.status_code == 200, response.status_code
        app_times.append(seconds)
        seconds, _ = timed(lambda: bare_weasyprint(app, document))
        bare_times.append(seconds)
    import io

    from pypdf import PdfReader

    return {
        "pages": len(PdfReader(io.BytesIO(pdf)).pages), "bytes": len(pdf),
        "app": statistics.median(app_times), "bare": statistics.median(bare_times),
        "cached": statistics.median(cached_times), "304": statistics.median(not_modified),
    }


def _peak_of(pid: int) -> float:
    """A live process's peak resident set in MB (Linux), 0 where unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="eventsite-bench-"))
    os.environ["EVENTSITE_INSTANCE_PATH"] = str(folder)
    from flask_migrate import upgrade

    from eventsite import create_app
    from eventsite import models as m
    from eventsite.models import db

    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
                      "PDF_CACHE_DIR": str(folder / "pdf-cache"), "CREATE_FIRST_ADMIN": False,
                      "WTF_CSRF_ENABLED": False})
    try:
        with app.app_context():
            upgrade()
            source = "built here (no demo command)"
            if "demo" in app.cli.commands:
                result = app.test_cli_runner().invoke(args=["demo"])
                source = "loaded with `flask demo`" if result.exit_code == 0 else f"demo failed: {result.output}"
            forum = db.session.execute(db.select(m.Forum).filter_by(slug="technoprom-2016")).scalar_one_or_none()
            if forum is None:
                demo = build_round_table(db, m)
                forum = demo.forum
            else:
                demo = forum.sessions[0]
            hundred = build_hundred_points(db, m, forum)
            user = m.User(email="bench@example.org", name="Bench", role=m.UserRole.organiser)
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()

            client = app.test_client()
            client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
            # the first PDF imports WeasyPrint and warms it up; that happens once per process
            seconds, _ = timed(lambda: client.get(f"/forums/{forum.slug}/{demo.slug}/minutes.pdf"))
            print(f"eventsite minutes PDF benchmark — median of {args.repeat}; demo {source}")
            print(f"first PDF in this process (imports and warms WeasyPrint): {seconds:.2f} s")
            print(f"{'session':<22} {'pages':>5} {'KB':>6} {'app s':>7} {'bare s':>7} {'ratio':>6} "
                  f"{'cached ms':>9} {'304 ms':>7}")
            for label, session in (("demo round table", demo), ("100 points", hundred)):
                r = measure(app, client, session, args.repeat)
                print(f"{label:<22} {r['pages']:>5} {r['bytes'] // 1024:>6} {r['app']:>7.3f} {r['bare']:>7.3f} "
                      f"{r['app'] / r['bare']:>6.2f} {r['cached'] * 1000:>9.1f} {r['304'] * 1000:>7.1f}")
            own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            from eventsite.pdf import render

            worker = _peak_of(render._engine.worker.pid) if render._engine and render._engine.worker.pid else 0
            print(f"peak memory (resident): this process {own:.0f} MB, including the bare in-process renders; "
                  f"the render worker {worker:.0f} MB, most of it shared with this process")
            db.session.remove()
            db.engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
