"""gunicorn's settings (eventsite/serving.py): a worker warms itself before its first request."""
from __future__ import annotations

import time

from eventsite.serving import warm_up


def test_a_warmed_worker_answers_its_first_page_without_compiling_templates(app, client, round_table):
    warm_up(app)
    compiled = len(app.jinja_env.cache)
    assert compiled >= len(app.jinja_env.list_templates(filter_func=lambda name: name.endswith(".html")))
    started = time.perf_counter()
    assert client.get("/forums/technoprom-2016/cluster-round-table/").status_code == 200
    # nothing was left to compile for the first page
    assert len(app.jinja_env.cache) == compiled
    assert time.perf_counter() - started < 30
