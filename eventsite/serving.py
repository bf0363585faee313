"""gunicorn's settings for eventsite: `gunicorn -c python:eventsite.serving 'eventsite:create_app()'`.

Each worker warms itself before it takes its first request: without this, a worker's first page compiles
the templates it uses, loads the translation catalogs and (for search and press releases) pymorphy3's
dictionary, which took 6 to 9 seconds on a busy machine, so the first readers after a (re)start waited.
"""
from __future__ import annotations

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
