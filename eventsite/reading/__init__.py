"""Reading: the forum list, a forum and its sessions, a session's record."""
from __future__ import annotations

from flask import Flask

from eventsite.reading import follow_up, page_cache  # noqa: F401  (follow_up's routes: "My actions")
from eventsite.reading.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    page_cache.init_app(app)
