"""Organising: the organiser's workflow — forums, sessions, people, participants, points."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from eventsite.organise import agenda, forums, home, participants, people, points, sessions  # noqa: F401  (routes)
    from eventsite.organise.blueprint import bp

    app.register_blueprint(bp)
