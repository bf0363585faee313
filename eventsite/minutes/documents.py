"""The minutes as a PDF: HTML from the composed record, metadata, and the record attached as JSON.

Everything in the PDF follows from the composed record (plus, for a live draft, the session's
bundle) and the templates, so those are what the cache key is made of. Rendering the HTML just
to hash it would cost more than the rest of a cached download: Markdown for a hundred points
takes a quarter of a second. The HTML, metadata and attachments are made only on a cache miss.
"""
from __future__ import annotations

from functools import cached_property

from flask import render_template
from flask_babel import gettext

from flask_login import AnonymousUserMixin

from eventsite import jobs
from eventsite.actions import is_overdue
from eventsite.attachments.service import photo_data_urls
from eventsite.i18n import document_language
from eventsite.labels import label_of
from eventsite.minutes import workflow
from eventsite.minutes.compose import minutes_title, record_json, session_bundle
from eventsite.models import DocumentArtifact, ForumSession, MinutesRevision, User, db
from eventsite.pdf.artifacts import Kind
from eventsite.pdf.cache import cached_pdf, template_version
from eventsite.pdf.render import PdfAttachment, PdfError, PdfMetadata, render_pdf

#: bump when the code below changes what a record turns into
DOCUMENT_VERSION = "1"
_TEMPLATE_DIRS = ("minutes", "pdf")


def minutes_filename(record: dict, extension: str) -> str:
    """"technoprom-2016-round-table-minutes-draft.pdf", "…-minutes-r3.docx": the same name in every format."""
    draft = not record.get("approval")
    suffix = "-draft" if draft else (f"-r{record['revision']}" if record.get("revision") else "")
    return f"{record['forum']['slug']}-{record['session']['slug']}-minutes{suffix}.{extension}"


class MinutesPdf:
    """One minutes PDF: its cache key material, its file name, and how to render it."""

    def __init__(self, session: ForumSession, record: dict, *, live: bool = False):
        self.session = session
        self.record = record
        #: the live draft (its bundle is today's) rather than a kept revision (its bundle is inside)
        self.live = live

    @cached_property
    def bundle(self) -> dict | None:
        if "session_record" in self.record:
            return self.record["session_record"]
        return session_bundle(self.session) if self.live else None

    @property
    def draft(self) -> bool:
        return not self.record.get("approval")

    @property
    def key_material(self) -> dict:
        # "Overdue" is read against today: the same record prints differently once a due date passes
        overdue = [item["number"] for item in self.record.get("actions", [])
                   if is_overdue(item.get("due_on"), item.get("status_value"), self.record.get("when", {}).get("zone"))]
        return {"document": "minutes", "templates": template_version(_TEMPLATE_DIRS, DOCUMENT_VERSION), "record": self.record,
                "bundle": self.bundle, "overdue": overdue}

    @property
    def filename(self) -> str:
        return minutes_filename(self.record, "pdf")

    @cached_property
    def html(self) -> str:
        with document_language(self.record["session"]["language"]):
            return render_template("minutes/pdf.html", record=self.record, draft=self.draft,
                                   photos=photo_data_urls(self.record),
                                   title=minutes_title(self.record), lang=self.record["session"]["language"])

    @cached_property
    def metadata(self) -> PdfMetadata:
        record = self.record
        # in the document's language, like the document
        with document_language(record["session"]["language"]):
            title = minutes_title(record)
            return PdfMetadata(
                title=gettext("%(title)s (draft)", title=title) if self.draft else title,
                author=record["forum"]["name"],
                subject=gettext("%(heading)s, held on %(day)s at %(forum)s",
                                heading=record["session"].get("heading") or title, day=record["when"]["date"],
                                forum=record["forum"]["title"]),
                keywords=tuple(dict.fromkeys(
                    [gettext("minutes"), record["forum"]["name"], record["session"]["kind_label"],
                     label_of("document_status", record["status"]).lower()]
                    + [tag for item in record["discussion"] for tag in item["tags"]]
                )),
                language=record["session"]["language"],
                created=(record.get("published") or {}).get("at") or (record.get("approval") or {}).get("at"),
            )

    @cached_property
    def attachments(self) -> tuple[PdfAttachment, ...]:
        minutes_only = {k: v for k, v in self.record.items() if k != "session_record"}
        bundle = self.bundle
        return (
            PdfAttachment("session-record.json", record_json(bundle if bundle is not None else minutes_only),
                          "The session's record (eventsite bundle format)" if bundle is not None
                          else "The minutes as data (eventsite-minutes format)"),
            PdfAttachment("minutes.json", record_json(minutes_only),
                          "The minutes as data (eventsite-minutes format)"),
        )

    def render(self) -> bytes:
        return render_pdf(self.html, metadata=self.metadata, attachments=self.attachments)


def minutes_pdf(session: ForumSession, record: dict, *, live: bool = False) -> MinutesPdf:
    """The PDF of `record` of `session`: the live draft (`live`), or a kept revision as it was."""
    return MinutesPdf(session, record, live=live)


def render_revision(revision: MinutesRevision) -> bytes:
    """A kept revision's PDF, exactly as the revision reads."""
    return minutes_pdf(revision.minutes.session, workflow.revision_record(revision)).render()


#: approved and published minutes are stored files (eventsite.pdf.artifacts)
ARTIFACT = Kind(MinutesRevision, DocumentArtifact.minutes_revision_id, render_revision)


def make_minutes_pdf(session_id: int, user_id: int | None, number: int | None = None) -> None:
    """The job behind a draft's download: the PDF that user would get, rendered into the PDF cache.

    `number`: that revision (as /minutes/revisions/N.pdf), else the minutes as the user reads them."""
    session = db.session.get(ForumSession, session_id)
    user = (db.session.get(User, user_id) if user_id is not None else None) or AnonymousUserMixin()
    if session is None:
        return
    minutes = workflow.minutes_of(session)
    if number is None:
        reading = workflow.reading_for(user, session, minutes)
        if reading is None:
            return
        document = minutes_pdf(session, reading.record, live=reading.revision is None)
    else:
        revision = workflow.get_revision(minutes, number)
        if revision is None or not workflow.can_read_revision(user, session, revision):
            return
        document = minutes_pdf(session, workflow.revision_record(revision))
    jobs.progress("rendering")
    try:
        cached_pdf(document.key_material, document.render)
    except PdfError as exc:
        jobs.failed(exc.message)
        raise
