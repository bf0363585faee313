"""The lifecycle of records: delete to the trash, restore, purge, merge duplicate people, archive a forum."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from eventsite.trash import commands, hiding, views

    hiding.install()
    app.register_blueprint(views.bp)
    commands.init_app(app)
