"""Importing a large bundle on the web through the queue: a real redis-server and worker. The upload is
answered at once with the job's page, the worker imports the bytes kept in the database, and the page
shows the summary, or the problems of a refused bundle; the command line stays synchronous."""
from __future__ import annotations

import html
import io
import json

import pytest
from redis import Redis

from eventsite.bundles.demo import demo_bundle
from eventsite.models import BundleUpload, Forum, db
from queue_fixtures import needs_redis, redis_url, wait_for_job, worker  # noqa: F401 (fixtures)

pytestmark = needs_redis


@pytest.fixture
def app_config(redis_url):
    Redis.from_url(redis_url).flushall()
    # every upload counts as large here: the test's bundle is small
    return {"QUEUE_URL": redis_url, "BUNDLE_QUEUE_BYTES": 0}


def _bundle(**forum) -> bytes:
    bundle = demo_bundle()
    bundle["forum"].update(slug="imported-forum", name="Imported Forum", **forum)
    return json.dumps(bundle).encode()


def _upload(client, content: bytes):
    return client.post("/import", data={"bundle": (io.BytesIO(content), "forum.json")},
                       content_type="multipart/form-data")


def _forum():
    db.session.expire_all()
    return db.session.execute(db.select(Forum).filter_by(slug="imported-forum")).scalar_one_or_none()


def test_a_large_bundle_is_imported_by_the_worker_and_its_page_shows_the_summary(client, auth, worker):
    auth.login_as("admin")
    response = _upload(client, _bundle())
    assert response.status_code == 303 and response.location.startswith("/jobs/import-")
    status = wait_for_job(client, response.location, worker)
    assert status["report"]["title"] == "Imported the forum Imported Forum."
    page = html.unescape(client.get(response.location).get_data(as_text=True))
    assert "Importing a bundle" in page and "Imported the forum Imported Forum." in page
    assert "created: 1 forum" in page
    assert _forum() is not None
    assert db.session.execute(db.select(BundleUpload)).first() is None  # the kept upload went with the import


def test_a_refused_bundle_shows_its_problems_on_the_jobs_page_and_imports_nothing(client, auth, worker):
    auth.login_as("admin")
    response = _upload(client, _bundle(kind_of_forum="big"))
    assert response.status_code == 303
    status = wait_for_job(client, response.location, worker, fail_on_failure=False)
    assert status["failed"]
    page = html.unescape(client.get(response.location).get_data(as_text=True))
    assert "The bundle was refused and nothing was imported: 1 problem." in page
    assert "forum.kind_of_forum" in page
    assert _forum() is None
    assert db.session.execute(db.select(BundleUpload)).first() is None


def test_the_command_line_import_stays_synchronous_with_a_queue(runner, tmp_path):
    path = tmp_path / "forum.json"
    path.write_bytes(_bundle())
    result = runner.invoke(args=["import-bundle", str(path)])  # no worker runs: done here, at once
    assert result.exit_code == 0, result.output
    assert "imported forum imported-forum" in result.output
    assert _forum() is not None
