"""Press office: press releases drafted from the record, edited with a coverage panel,
approved, embargoed, published as pages, PDF and the newsroom's Atom feed."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from eventsite import pdf
    from eventsite.pdf import artifacts
    from eventsite.press import cli, documents, newsroom, views  # noqa: F401  (routes and template globals attach to the blueprint)
    from eventsite.press.blueprint import bp

    pdf.init_app(app)
    artifacts.register("press_release", documents.ARTIFACT)
    app.register_blueprint(bp)
    cli.init_app(app)
