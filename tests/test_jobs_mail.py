"""E-mail through the queue: with QUEUE_URL set, the mail a step causes is a job that the worker sends to
a real SMTP server (aiosmtpd on a loopback port), and tries again later when that server fails it; the
step itself is answered at once, whatever the mail server does."""
from __future__ import annotations

import time

import pytest
from aiosmtpd.controller import Controller
from redis import Redis
from rq import Queue
from rq.job import Job

from eventsite.models import db
from mail_fixtures import Inbox
from queue_fixtures import DEADLINE, free_port, needs_redis, redis_url, worker  # noqa: F401 (fixtures)

pytestmark = needs_redis

SMTP_PORT = free_port()


@pytest.fixture
def app_config(redis_url):
    Redis.from_url(redis_url).flushall()
    return {"QUEUE_URL": redis_url, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": SMTP_PORT,
            "MAIL_DEFAULT_SENDER": "minutes@example.org", "BASE_URL": "http://events.example.org",
            # tried again after 1 s, twice: the test waits for that, not for minutes
            "MAIL_RETRY_SECONDS": [1, 1]}


@pytest.fixture
def smtp_server():
    """Start the SMTP server when the test says so (`start()`), and stop it at the end."""
    inbox, started = Inbox(), []

    def start():
        controller = Controller(inbox, hostname="127.0.0.1", port=SMTP_PORT)
        controller.start()
        started.append(controller)
        return inbox

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def participant(make, round_table, users):
    user = make.user("participant", email="anna@example.org", person=make.person(name="Anna Ivanova"),
                     language="ru")
    make.participation(round_table, user.person)
    db.session.commit()
    return user


def _publish(client, auth, session):
    auth.login_as("organiser")
    url = f"/forums/{session.forum.slug}/{session.slug}/minutes"
    assert client.post(url + "/approve").status_code == 302
    response = client.post(url + "/publish")
    assert response.status_code == 302
    assert client.get(response.location).status_code == 200


def _mail_jobs(redis_url) -> list[Job]:
    connection = Redis.from_url(redis_url)
    ids = [key.decode().removeprefix("rq:job:") for key in connection.scan_iter("rq:job:mail-*")]
    return [job for job in Job.fetch_many(ids, connection=connection) if job is not None]


def _wait_until(condition, what: str, worker):
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert worker.poll() is None, "the worker stopped"
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {DEADLINE} s")
        time.sleep(0.1)


def test_published_minutes_are_mailed_by_the_worker(client, auth, round_table, participant, smtp_server,
                                                     worker, redis_url):
    inbox = smtp_server()
    _publish(client, auth, round_table)
    [message] = inbox.wait(1, timeout=DEADLINE)
    assert message["To"] == "anna@example.org"
    assert str(message["Subject"]).strip() == "Опубликован протокол: Innovation Cluster: vectors of development"
    assert any(part.get_filename() for part in message.iter_attachments())  # the minutes PDF
    # it was the worker's job that sent it
    [job] = _mail_jobs(redis_url)
    _wait_until(lambda: job.get_status(refresh=True) == "finished", "the job's end", worker)
    assert job.return_value() == 1


def test_a_mail_the_smtp_server_failed_is_sent_again_once_it_answers(client, auth, round_table, participant,
                                                                      smtp_server, worker, redis_url):
    # nothing listens on the mail port yet: the step is answered all the same
    _publish(client, auth, round_table)
    _wait_until(lambda: any(job.retries_left is not None and job.retries_left < 2 for job in _mail_jobs(redis_url)),
                "a failed first attempt", worker)
    assert Queue("eventsite", connection=Redis.from_url(redis_url)).failed_job_registry.count == 0
    inbox = smtp_server()
    [message] = inbox.wait(1, timeout=DEADLINE)
    assert message["To"] == "anna@example.org"
