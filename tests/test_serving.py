"""gunicorn's settings (eventsite/serving.py): a worker warms itself before its first request."""
from __future__ import annotations

import gc
import time

from eventsite.serving import post_worker_init, warm_up


def test_a_warmed_worker_answers_its_first_page_without_compiling_templates(app, client, round_table):
    warm_up(app)
    compiled = len(app.jinja_env.cache)
    assert compiled >= len(app.jinja_env.list_templates(filter_func=lambda name: name.endswith(".html")))
    started = time.perf_counter()
    assert client.get("/forums/technoprom-2016/cluster-round-table/").status_code == 200
    # nothing was left to compile for the first page
    assert len(app.jinja_env.cache) == compiled
    assert time.perf_counter() - started < 30


def test_a_served_worker_keeps_what_it_holds_for_life_out_of_full_collections(app, round_table):
    """A full collection walks every object it tracks; after the worker's warm-up the app, its templates
    and its pages' compiled statements are no longer among them, so the collection costs what the
    requests left, not what the worker holds."""

    class Worker:
        wsgi = app

    try:
        post_worker_init(Worker())
        template = app.jinja_env.get_template("reading/session.html")
        walked = {id(obj) for obj in gc.get_objects()}
        assert id(app) not in walked and id(app.jinja_env) not in walked and id(template) not in walked
        assert gc.get_freeze_count() > len(walked)
    finally:
        gc.unfreeze()
