"""A real queue for the job tests: a redis-server and a `flask --app eventsite worker` process, each started
on a free port, on the test's own database. A test module uses them with

    from queue_fixtures import redis_url, worker, wait_for_job  # noqa: F401 (fixtures)

and an `app_config` fixture that sets QUEUE_URL to `redis_url`; every other setting of that fixture is
given to the worker too, so the site and the worker are configured alike, as in production."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from redis import Redis

CHECKOUT = Path(__file__).resolve().parent.parent
DEADLINE = 180  # seconds: generous, since the machine may be busy; the waits end as soon as the job does

needs_redis = pytest.mark.skipif(shutil.which("redis-server") is None,
                                 reason="redis-server is not installed (Debian package redis-server)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    port = free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path_factory.mktemp("redis"))],
                              stdout=subprocess.DEVNULL)
    client = Redis(port=port)
    deadline = time.monotonic() + 30
    while True:
        try:
            client.ping()
            break
        except Exception:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


@pytest.fixture(scope="module")
def idle_queue(request) -> str | None:
    """The URL of a queue that no worker serves, for a module whose subject is not the documents' PDFs:
    approving and publishing queue their files, as production with a queue does, and nothing renders
    them. The queued jobs stay for the module's other tests, whose databases number their revisions
    alike: a test here that asked for a kept PDF would be sent to an earlier test's job. None without
    redis-server: the files are then rendered in-process, as with no queue."""
    if shutil.which("redis-server") is None:
        return None
    return request.getfixturevalue("redis_url")


@pytest.fixture(name="app_config")
def idle_queue_app_config(idle_queue) -> dict:
    """`app_config` with the idle queue, for a module that imports this fixture, whose subject is the
    pages and steps and not the PDFs (those are test_artifacts.py's, test_minutes_pdf.py's and
    test_press_pdf.py's): its approvals and publications queue the files, and nothing renders them."""
    return {"QUEUE_URL": idle_queue} if idle_queue else {}


@pytest.fixture
def worker(app, app_config, redis_url, tmp_path):
    """`flask --app eventsite worker` on the test's database, PDF cache and settings."""
    with started_worker(app, app_config, redis_url, tmp_path / "worker") as process:
        yield process


@contextmanager
def started_worker(app, app_config: dict, redis_url: str, folder: Path):
    """A worker process as the `worker` fixture starts it (`folder` holds its instance and log), stopped
    at the end unless the test has stopped it already."""
    settings = {f"EVENTSITE_{key}": value if isinstance(value, str) else json.dumps(value)
                for key, value in app_config.items()}
    env = {**os.environ, **settings, "EVENTSITE_DATABASE_URL": app.config["DATABASE_URL"],
           "EVENTSITE_PDF_CACHE_DIR": app.config["PDF_CACHE_DIR"], "EVENTSITE_QUEUE_URL": redis_url,
           "EVENTSITE_SECRET_KEY": "test-secret", "EVENTSITE_CREATE_FIRST_ADMIN": "false",
           "EVENTSITE_INSTANCE_PATH": str(folder / "instance")}
    folder.mkdir(parents=True, exist_ok=True)
    log = open(folder / "worker.log", "w+")
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "eventsite", "worker"], cwd=CHECKOUT,
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.seek(0)
        print(log.read())
        log.close()


def wait_for_job(client, job_page: str, worker, *, fail_on_failure: bool = True) -> dict:
    """Poll the job's status, as the page's script does, until it is done or failed (or the deadline passes)."""
    deadline = time.monotonic() + DEADLINE
    status: dict = {}
    while time.monotonic() < deadline:
        assert worker.poll() is None, "the worker stopped"
        path, _, query = job_page.partition("?")
        status = client.get(path + ".json" + ("?" + query if query else "")).get_json()
        if fail_on_failure:
            assert not status["failed"], status
        if status["done"] or status["failed"]:
            return status
        time.sleep(0.2)
    pytest.fail(f"the job was not done within {DEADLINE} s: {status}")
