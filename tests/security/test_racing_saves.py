"""Racing saves through a real multi-process server: nothing typed is lost, nobody gets a 500.

The site runs as in production: gunicorn with several worker processes on a loopback port, against
a SQLite database of its own: the migrated database, then `flask demo`. Two browsers, each a
`requests` session logged in with its own CSRF token, load the same form at the same version and
submit different texts at the same moment, many times over. Per pair exactly one save wins; the
other gets the conflict page with both versions and its own text still in the form; the database
holds the winner's text. Clicking approve or publish twice at once is refused or done once, never
a server error.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from importlib import resources
from pathlib import Path

import pytest

from queue_fixtures import idle_queue, redis_url  # noqa: F401 (fixtures)

requests = pytest.importorskip("requests")

#: racing pairs per form; the review raced 2,000 saves, this suite races a few every run
PAIRS = 8
#: one worker process for each of a pair's two requests
WORKERS = 2
CONFLICT = "Someone else saved this while you were editing"
FORUM = "technoprom-2016"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    """The demo, served by gunicorn; what the tests need to reach it and read its database."""

    def __init__(self, instance: Path):
        self.instance = instance
        self.env = {**os.environ, "EVENTSITE_INSTANCE_PATH": str(instance)}
        self.env.pop("EVENTSITE_DATABASE_URL", None)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = instance / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def flask(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "eventsite", *args], env=self.env,
                              capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def start(self) -> None:
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{self.port}",
                 "--graceful-timeout", "3", "eventsite:create_app()"],
                env=self.env, stdout=log, stderr=subprocess.STDOUT)
        # ready when every worker could answer: poll the home page, do not sleep a fixed time
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if requests.get(self.url + "/", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail("gunicorn did not start:\n" + self.log.read_text(errors="replace")[-3000:])

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def accounts(self) -> dict[str, tuple[str, str]]:
        accounts = {}
        for line in (self.instance / "demo-accounts.txt").read_text().splitlines():
            parts = line.split()
            if len(parts) == 3 and not line.startswith("#"):
                accounts[parts[0]] = (parts[1], parts[2])
        return accounts

    def query(self, sql: str, *args):
        with sqlite3.connect(self.instance / "eventsite.sqlite", timeout=10) as db:
            return db.execute(sql, args).fetchone()

    def last_error(self) -> str:
        """The last exception the server logged, on one line."""
        lines = [line for line in self.log.read_text(errors="replace").splitlines()
                 if re.match(r"^[\w.]+(Error|Exception)\b", line)]
        return lines[-1][:200] if lines else "(nothing in the server log)"


@pytest.fixture(scope="module")
def site(tmp_path_factory, migrated_db, idle_queue):
    site = Site(tmp_path_factory.mktemp("racing-instance"))
    if idle_queue:
        # this module's subject is the saves and the steps, not the PDFs: approving and publishing queue
        # the documents' files and nothing renders them, so no server process loads the renderer
        site.env["EVENTSITE_QUEUE_URL"] = idle_queue
    # the suite's database made by the migrations (conftest.migrated_db), where `flask db upgrade` puts
    # it: a process less (tests/e2e/ run the README's `flask db upgrade`)
    shutil.copy(migrated_db, site.instance / "eventsite.sqlite")
    site.flask("demo")
    # the demo's letterhead is a placeholder, which the press office may not approve a release with
    with sqlite3.connect(site.instance / "eventsite.sqlite", timeout=10) as db:
        db.execute("UPDATE forum SET press_contact_name = 'Forum Press Office', press_contact_phone = '+7 383 000-00-01',"
                   " about = 'Technoprom is the forum of technological development held in Novosibirsk.'")
    site.start()
    yield site
    site.stop()


@pytest.fixture(scope="module")
def demo_session() -> str:
    bundle = json.loads(resources.files("eventsite").joinpath("demo", f"{FORUM}.json").read_text(encoding="utf-8"))
    return bundle["sessions"][0]["slug"]


def _token(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def _version(page: str) -> str:
    match = re.search(r'name="version"[^>]*value="(\d+)"', page)
    assert match, "no version in the form"
    return match.group(1)


def _textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(match.group(1)).strip() if match else ""


class Browser:
    """One person at one computer: a session of their own, logged in through the form."""

    def __init__(self, site: Site, role: str):
        self.site = site
        self.http = requests.Session()
        email, password = site.accounts()[role]
        token = _token(self.get("/login").text)
        answer = self.http.post(site.url + "/login", data={"email": email, "password": password, "csrf_token": token},
                                allow_redirects=False, timeout=30)
        assert answer.status_code == 302, f"could not log in as {email}: {answer.status_code}"

    def get(self, path: str):
        answer = self.http.get(self.site.url + path, timeout=30)
        assert answer.status_code == 200, f"GET {path}: {answer.status_code}"
        return answer

    def post(self, path: str, data: dict):
        return self.http.post(self.site.url + path, data=data, allow_redirects=False, timeout=60)


def race(first: tuple[Browser, str, dict], second: tuple[Browser, str, dict]):
    """Both posts at the same moment, each from its own thread; their answers in order."""
    barrier = threading.Barrier(2)
    answers: list = [None, None]

    def send(i, browser, path, data):
        barrier.wait()
        try:
            answers[i] = browser.post(path, data)
        except requests.RequestException as exc:
            answers[i] = exc

    threads = [threading.Thread(target=send, args=(i, *job)) for i, job in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return answers


def judge_pair(answers, texts: list[str], field: str, saved: str, site: Site) -> list[str]:
    """What was wrong with one pair of racing saves, in words; empty when one won and one was told."""
    problems = []
    for answer in answers:
        if not isinstance(answer, requests.Response):
            return [f"a request failed: {answer}"]
        if answer.status_code >= 500:
            problems.append(f"a save answered {answer.status_code} ({site.last_error()})")
    if problems:
        return problems
    won = [i for i, a in enumerate(answers) if a.status_code in (302, 303)]
    if len(won) != 1:
        return [f"{len(won)} of the 2 saves won (statuses {[a.status_code for a in answers]})"]
    winner, loser = won[0], 1 - won[0]
    lost = answers[loser]
    if lost.status_code != 409 or CONFLICT not in lost.text:
        problems.append(f"the loser got {lost.status_code} without the conflict page")
    elif _textarea(lost.text, field) != texts[loser]:
        problems.append(f"the loser's text is not in the form: {_textarea(lost.text, field)[:80]!r}")
    if saved != texts[winner]:
        problems.append(f"the database holds {saved[:80]!r}, not the winner's text")
    return problems


def test_racing_summary_saves_keep_the_winners_text_and_show_the_loser_a_conflict(site, demo_session):
    base = f"/forums/{FORUM}/{demo_session}/minutes"
    a, b = Browser(site, "organiser"), Browser(site, "organiser")
    # the demo's minutes are published and locked: a correction opens a draft to edit
    opened = a.post(f"{base}/correction", {"reason": "racing saves", "csrf_token": _token(a.get(base).text)})
    assert opened.status_code == 302, f"could not open a correction: {opened.status_code}"
    problems = []
    for n in range(PAIRS):
        pages = [a.get(base).text, b.get(base).text]
        texts = [f"Summary typed by the first organiser, round {n}.", f"Summary typed by the second, round {n}."]
        jobs = [(browser, f"{base}/summary", {"summary": text, "version": _version(page), "csrf_token": _token(page)})
                for browser, page, text in zip((a, b), pages, texts)]
        answers = race(*jobs)
        saved = site.query("SELECT m.summary FROM minutes m JOIN forum_session s ON s.id = m.session_id "
                           "WHERE s.slug = ?", demo_session)[0]
        problems += [f"pair {n}: {p}" for p in judge_pair(answers, texts, "summary", saved, site)]
    assert not problems, f"{len(problems)} problems in {PAIRS} racing pairs:\n  " + "\n  ".join(problems[:12])


def test_racing_press_release_saves_keep_the_winners_text_and_show_the_loser_a_conflict(site, demo_session):
    a, b = Browser(site, "press"), Browser(site, "press")
    releases = f"/forums/{FORUM}/{demo_session}/press-releases/"
    created = a.post(releases, {"language": "en", "csrf_token": _token(a.get(releases).text)})
    assert created.status_code == 302, f"could not draft a press release: {created.status_code}"
    edit = created.headers["Location"].replace(site.url, "")
    release_id = int(re.search(r"/press-releases/(\d+)/edit", edit).group(1))
    problems = []
    for n in range(PAIRS):
        pages = [a.get(edit).text, b.get(edit).text]
        texts = [f"Text typed by the first press officer, round {n}.", f"Text typed by the second, round {n}."]
        jobs = [(browser, edit, {"headline": "Racing saves", "subheadline": "", "dateline": "NOVOSIBIRSK",
                                 "language": "en", "embargo_local": "", "body": text, "reason": "", "action": "save",
                                 "version": _version(page), "csrf_token": _token(page)})
                for browser, page, text in zip((a, b), pages, texts)]
        answers = race(*jobs)
        saved = site.query("SELECT body FROM press_release WHERE id = ?", release_id)[0]
        problems += [f"pair {n}: {p}" for p in judge_pair(answers, texts, "body", saved, site)]
    assert not problems, f"{len(problems)} problems in {PAIRS} racing pairs:\n  " + "\n  ".join(problems[:12])


def _double_click(site: Site, browsers, page_path: str, action_path: str, extra=lambda page: {}) -> list[str]:
    pages = [browser.get(page_path).text for browser in browsers]
    jobs = [(browser, action_path, {"csrf_token": _token(page), **extra(page)})
            for browser, page in zip(browsers, pages)]
    answers = race(*jobs)
    return [f"{action_path}: {a if not isinstance(a, requests.Response) else a.status_code} ({site.last_error()})"
            for a in answers if not isinstance(a, requests.Response) or a.status_code >= 500]


def test_approving_and_publishing_twice_at_once_is_never_a_server_error(site, demo_session):
    base = f"/forums/{FORUM}/{demo_session}/minutes"
    organisers = [Browser(site, "organiser"), Browser(site, "organiser")]
    press = [Browser(site, "press"), Browser(site, "press")]
    status = lambda: site.query(  # noqa: E731
        "SELECT m.status, (SELECT count(*) FROM minutes_revision r WHERE r.minutes_id = m.id) FROM minutes m "
        "JOIN forum_session s ON s.id = m.session_id WHERE s.slug = ?", demo_session)
    if status()[0] != "draft":
        opened = organisers[0].post(f"{base}/correction", {"reason": "double clicks",
                                                           "csrf_token": _token(organisers[0].get(base).text)})
        assert opened.status_code == 302
    problems, before = [], status()[1]
    problems += _double_click(site, organisers, base, f"{base}/approve")
    problems += _double_click(site, organisers, base, f"{base}/publish")
    after = status()
    releases = f"/forums/{FORUM}/{demo_session}/press-releases/"
    created = press[0].post(releases, {"language": "en", "csrf_token": _token(press[0].get(releases).text)})
    release = re.search(r"/press-releases/(\d+)/edit", created.headers["Location"]).group(1)
    show = f"/press-releases/{release}"
    versioned = lambda page: {"version": _version(page)}  # noqa: E731
    problems += _double_click(site, press, show, f"{show}/approve", versioned)
    problems += _double_click(site, press, show, f"{show}/publish", versioned)
    published = site.query("SELECT status, revision FROM press_release WHERE id = ?", int(release))
    assert not problems, "a double click answered with a server error:\n  " + "\n  ".join(problems)
    # each step was taken once: one approval and one publication, each one revision
    assert after == ("published", before + 2), f"minutes: {after}, had {before} revisions"
    assert published == ("published", 3), f"press release: {published}"
