"""Attachments: slides, documents and photos of a session or of one of its points."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from eventsite.attachments import views

    app.register_blueprint(views.bp)
    app.add_template_global(views.download_url, "attachment_url")
