"""The agenda as readers get it: /forums/F/S/agenda and /forums/F/S/agenda.pdf, seen by whoever may see the session."""
from __future__ import annotations

from flask import Blueprint, render_template
from markupsafe import Markup

from eventsite.agenda.documents import AgendaPdf, agenda_html, compose_agenda
from eventsite.pdf.cache import pdf_response
from eventsite.reading.queries import session_or_404

bp = Blueprint("agenda", __name__)


@bp.app_template_global()
def agenda_document_html(agenda: dict) -> Markup:
    """The agenda document in its session's language, inside a page in the reader's."""
    return Markup(agenda_html(agenda))


@bp.get("/forums/<forum_slug>/<session_slug>/agenda")
def show(forum_slug: str, session_slug: str):
    session = session_or_404(forum_slug, session_slug)
    return render_template("agenda/show.html", forum=session.forum, session=session, agenda=compose_agenda(session))


@bp.get("/forums/<forum_slug>/<session_slug>/agenda.pdf")
def pdf(forum_slug: str, session_slug: str):
    session = session_or_404(forum_slug, session_slug)
    document = AgendaPdf(compose_agenda(session))
    return pdf_response(document.key_material, document.render, document.filename)
