"""The minutes as a PDF: HTML from the composed record, metadata, and the record attached as JSON.

Everything in the PDF follows from the composed record (plus, for a live draft, the session's
bundle) and the templates, so those are what the cache key is made of. Rendering the HTML just
to hash it would cost more than the rest of a cached download: Markdown for a hundred points
takes a quarter of a second. The HTML, metadata and attachments are made only on a cache miss.
"""
from __future__ import annotations

import hashlib
from functools import cached_property
from pathlib import Path

from flask import current_app, render_template
from flask_babel import gettext

from eventsite.i18n import document_language
from eventsite.minutes.compose import minutes_title, record_json, session_bundle
from eventsite.models import ForumSession
from eventsite.pdf.render import PdfAttachment, PdfMetadata, render_pdf

#: bump when the code below changes what a record turns into
DOCUMENT_VERSION = "1"
_TEMPLATE_DIRS = ("minutes", "pdf")
_template_versions: dict[str, str] = {}


def template_version() -> str:
    """A hash of the templates the PDF is made from, read once per process (and on every call in debug)."""
    root = current_app.template_folder
    folder = Path(current_app.root_path, root) if not Path(root).is_absolute() else Path(root)
    if current_app.debug or str(folder) not in _template_versions:
        digest = hashlib.sha256(DOCUMENT_VERSION.encode())
        for name in _TEMPLATE_DIRS:
            for path in sorted((folder / name).rglob("*.html")):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
        _template_versions[str(folder)] = digest.hexdigest()[:16]
    return _template_versions[str(folder)]


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
        return {"document": "minutes", "templates": template_version(), "record": self.record,
                "bundle": self.bundle}

    @property
    def filename(self) -> str:
        return minutes_filename(self.record, "pdf")

    @cached_property
    def html(self) -> str:
        with document_language(self.record["session"]["language"]):
            return render_template("minutes/pdf.html", record=self.record, draft=self.draft,
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
                    [gettext("minutes"), record["forum"]["name"], record["session"]["kind_label"], record["status"]]
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
