"""Search: sessions, people and points, only among what the viewer may see."""
from __future__ import annotations

from flask import Flask

from eventsite.search.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
