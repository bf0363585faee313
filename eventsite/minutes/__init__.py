"""Minutes: composed from the session's record, approved and published by organisers, kept in revisions."""
from __future__ import annotations

from flask import Flask

from eventsite import pdf
from eventsite.minutes import documents
from eventsite.minutes.commands import export_document_command, export_pdf_command
from eventsite.pdf import artifacts
from eventsite.minutes.views import bp


def init_app(app: Flask) -> None:
    pdf.init_app(app)
    artifacts.register("minutes", documents.ARTIFACT)
    app.register_blueprint(bp)
    app.cli.add_command(export_pdf_command)
    app.cli.add_command(export_document_command)
