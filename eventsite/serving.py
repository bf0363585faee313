"""gunicorn's settings for eventsite: `gunicorn -c python:eventsite.serving 'eventsite:create_app()'`.

Each worker warms itself before it takes its first request: without this, a worker's first page compiles
the templates it uses, loads the translation catalogs and (for search and press releases) pymorphy3's
dictionary, which took 6 to 9 seconds on a busy machine, so the first readers after a (re)start waited.

Then what the worker holds for its life (the app, its compiled templates, catalogs and statements, the
dictionary's tables) is frozen out of the garbage collector's reach (`gc.freeze`): a full collection
otherwise walks those 230,000 objects, a pause of 120 to 140 ms in whichever request sets it off (one of 41
session pages in a run of bench/bench_read_paths.py took 176 ms against a median of 35), and nothing in them
is ever garbage.
"""
from __future__ import annotations

import gc

from flask import Flask


def warm_up(app: Flask) -> None:
    """Compile every page template, load each language's catalog and the Russian dictionary, and answer one
    request per language, so that the first real request costs what any other does."""
    from flask_babel import force_locale, gettext

    from eventsite.i18n import LANGUAGES
    from eventsite.press.russian import morph

    for name in app.jinja_env.list_templates(filter_func=lambda name: name.endswith(".html")):
        app.jinja_env.get_template(name)
    with app.test_request_context():
        for language in LANGUAGES:
            with force_locale(language):
                gettext("Forums")
    morph().parse("форум")
    client = app.test_client()
    for language in LANGUAGES:
        client.get("/", headers={"Accept-Language": language})


def post_worker_init(worker) -> None:
    warm_up(worker.wsgi)
    gc.freeze()
