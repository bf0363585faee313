"""The agenda of a session: planned before it, shown with it, printed as a PDF, followed by the minutes."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from eventsite.agenda.views import bp

    app.register_blueprint(bp)
