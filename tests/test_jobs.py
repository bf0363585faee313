"""Background work on a real queue: a redis-server and a `flask --app eventsite worker` process, each
started here on a free port; renders run on the worker and the pages show their progress and result."""
from __future__ import annotations

import hashlib
import html
from urllib.parse import parse_qs, urlsplit

import pytest
from redis import Redis

from eventsite.models import DocumentArtifact, db
from queue_fixtures import needs_redis, redis_url, wait_for_job, worker  # noqa: F401 (fixtures)

URL = "/forums/technoprom-2016/cluster-round-table/minutes"

pytestmark = needs_redis


@pytest.fixture
def app_config(redis_url):
    Redis.from_url(redis_url).flushall()
    return {"QUEUE_URL": redis_url}


def test_a_published_documents_file_is_made_by_the_worker_and_its_page_shows_the_result(
        client, auth, round_table, worker):
    auth.login_as("organiser")
    client.post(URL + "/summary", data={"summary": "The round table discussed the Cluster.", "version": 1})
    assert client.post(URL + "/approve").status_code == 302
    assert client.post(URL + "/publish").status_code == 302
    auth.logout()
    # the request does not wait for the render: the reader is sent to the job's page
    response = client.get(URL + ".pdf")
    if response.status_code == 303:
        job_page = response.headers["Location"]
        assert job_page.startswith("/jobs/") and parse_qs(urlsplit(job_page).query)["next"] == [URL + ".pdf"]
        wait_for_job(client, job_page, worker)
        finished = client.get(job_page)
        assert finished.status_code == 303 and finished.headers["Location"] == URL + ".pdf"
        response = client.get(URL + ".pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    db.session.expire_all()
    artifact = db.session.execute(
        db.select(DocumentArtifact).order_by(DocumentArtifact.id.desc()).limit(1)).scalar_one()
    assert artifact.sha256 == hashlib.sha256(response.data).hexdigest()
    assert artifact.sha256 in html.unescape(client.get(URL).get_data(as_text=True))


def test_a_draft_render_waits_on_a_page_that_shows_its_progress_then_opens_the_pdf(
        client, auth, round_table, worker):
    auth.login_as("organiser")
    response = client.get(URL + ".pdf")
    assert response.status_code == 303
    job_page = response.headers["Location"]
    page = client.get(job_page)
    if page.status_code == 200:  # still waiting or rendering: the page says so, and follows it
        text = html.unescape(page.get_data(as_text=True))
        assert "Preparing your file" in text
        assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in text
        assert "/static/js/job-status.js" in text and "<script>" not in text
    status = wait_for_job(client, job_page, worker)
    assert status["next"] == URL + ".pdf"
    done = client.get(job_page)
    assert done.status_code == 303 and done.headers["Location"] == URL + ".pdf"
    pdf = client.get(URL + ".pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert db.session.execute(db.select(DocumentArtifact)).first() is None  # a draft is not a stored file


def test_the_job_page_sends_the_reader_back_to_this_site_only(client, auth, round_table, worker):
    auth.login_as("organiser")
    job_page = client.get(URL + ".pdf").headers["Location"].split("?")[0]
    wait_for_job(client, job_page + "?next=" + URL + ".pdf", worker)
    for elsewhere in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = client.get(job_page, query_string={"next": elsewhere})
        assert response.status_code == 200 and "evil.example" not in response.headers.get("Location", "")


def test_a_job_whose_worker_was_killed_fails_on_its_page_and_asking_again_runs_it(
        app, app_config, client, redis_url, worker, tmp_path):
    import os
    import signal
    import time

    from rq.job import Job, JobStatus

    from eventsite.jobs import enqueue, queue
    from queue_fixtures import DEADLINE, started_worker

    job_id = "a-long-job"
    with app.test_request_context():
        q = queue()
        q.enqueue("time.sleep", 600, job_id=job_id, job_timeout=900)
    job_page = f"/jobs/{job_id}?next=/"
    deadline = time.monotonic() + DEADLINE
    while Job.fetch(job_id, connection=q.connection).get_status() != JobStatus.STARTED:
        assert time.monotonic() < deadline and worker.poll() is None, "the worker never started the job"
        time.sleep(0.1)
    assert "Started…" in client.get(job_page).get_data(as_text=True)
    os.kill(worker.pid, signal.SIGKILL)  # as the kernel's out-of-memory killer would
    worker.wait()
    # while its deadline (the job's timeout and a minute) has not passed, the job may still be running
    assert "Started…" in client.get(job_page).get_data(as_text=True)
    registry = q.started_job_registry
    # the deadline passes: nobody renewed it (RQ keeps the deadline as the entry's score)
    for entry in registry.connection.zrange(registry.key, 0, -1):
        registry.connection.zadd(registry.key, {entry: time.time() - 1})
    page = client.get(job_page)
    text = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 200 and "The worker stopped in the middle of this job, so it was not finished." in text
    assert 'href="/">Try again' in text
    assert client.get(f"/jobs/{job_id}.json").get_json()["failed"]
    russian = html.unescape(client.get(job_page, headers={"Accept-Language": "ru"}).get_data(as_text=True))
    assert "Обработчик остановился посреди этого задания, и оно не было выполнено." in russian
    # asked again, the same job is made anew, and a new worker does it
    with started_worker(app, app_config, redis_url, tmp_path / "second-worker") as second:
        with app.test_request_context():
            assert enqueue(time.sleep, 0, job_id=job_id) == job_id
        status = wait_for_job(client, f"/jobs/{job_id}", second)
    assert status["done"]
