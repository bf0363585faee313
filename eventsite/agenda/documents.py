"""The agenda as a document: composed in the session's language, for its page and its PDF.

One composition (`compose_agenda`) feeds both, through templates/agenda/_agenda.html, as the minutes'
record feeds theirs; the PDF goes through the same pipeline (eventsite.pdf), tagged PDF/A like the minutes.
"""
from __future__ import annotations


from flask import render_template
from flask_babel import gettext

from eventsite.agenda.compose import agenda_entries
from eventsite.i18n import document_language, quote
from eventsite.minutes.compose import _person, _when
from eventsite.models import ForumSession
from eventsite.pdf.cache import template_version
from eventsite.pdf.render import PdfMetadata, render_pdf

#: bump when the code below changes what an agenda turns into
DOCUMENT_VERSION = "1"
_TEMPLATE_DIRS = ("agenda", "pdf", "minutes")


def compose_agenda(session: ForumSession) -> dict:
    """The agenda of `session` as it stands, in the session's language: JSON-ready, like the minutes' record."""
    with document_language(session.language):
        items = agenda_entries(session)
        forum = session.forum.text_in(session.language)
        # the chair as the minutes name them
        chair = [_person(p) for p in session.moderators]
        return {
            "forum": {"slug": forum.slug, "name": forum.name, "title": forum.title},
            "session": {"slug": session.slug, "title": session.title, "venue": session.venue or "",
                        "language": session.language, "kind": session.kind.value},
            "title": gettext("Agenda: %(title)s", title=quote(session.title)),
            "kind_label": session.kind.label,
            "when": _when(session),
            "chair": chair,
            "entries": items,
            "total_minutes": sum(i["planned_minutes"] or 0 for i in items),
        }


def agenda_html(agenda: dict) -> str:
    with document_language(agenda["session"]["language"]):
        return render_template("agenda/_document_block.html", agenda=agenda)


class AgendaPdf:
    """One agenda PDF: its cache key material, its file name, and how to render it."""

    def __init__(self, agenda: dict):
        self.agenda = agenda

    @property
    def key_material(self) -> dict:
        return {"document": "agenda", "templates": template_version(_TEMPLATE_DIRS, DOCUMENT_VERSION), "agenda": self.agenda}

    @property
    def filename(self) -> str:
        return f"{self.agenda['forum']['slug']}-{self.agenda['session']['slug']}-agenda.pdf"

    def render(self) -> bytes:
        agenda = self.agenda
        with document_language(agenda["session"]["language"]):
            html = render_template("pdf/agenda.html", agenda=agenda, draft=False, title=agenda["title"],
                                   lang=agenda["session"]["language"])
            metadata = PdfMetadata(
                title=agenda["title"], author=agenda["forum"]["name"],
                subject=gettext("Agenda, %(day)s, %(forum)s", day=agenda["when"]["date"],
                                forum=agenda["forum"]["title"]),
                keywords=(gettext("agenda"), agenda["forum"]["name"]), language=agenda["session"]["language"])
        return render_pdf(html, metadata=metadata)
