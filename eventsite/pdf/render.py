"""HTML to PDF with WeasyPrint, bounded in time and size.

WeasyPrint is imported once per process, on the first PDF, and warmed up with a page
in every font and style the print CSS uses. Renders then run in a child process forked
from this warm state (eventsite.pdf.sandbox): a long-lived worker that keeps its caches,
or a one-off child when the worker is busy. The app process waits with a deadline and
kills the child when the deadline passes or the PDF grows past the limit, so a runaway
document cannot hold a web worker or its memory. Where there is no fork() (Windows)
renders run in-process, unbounded in time.
"""
from __future__ import annotations

import gc
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

from eventsite.pdf import STATIC_ORIGIN, sandbox

log = logging.getLogger(__name__)

#: tagged PDF/A-3: archival, with a structure tree for screen readers (headings, lists, tables,
#: reading order), /MarkInfo and DisplayDocTitle, and room for the attached record
PDF_VARIANT = "pdf/a-3a"
DEFAULT_TIMEOUT = 30
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class PdfError(Exception):
    """A PDF that could not be made; the message is fit to show the user.

    The message may be lazy: a document renders in its own language, and the message is read in the
    reader's, where it is shown."""

    def __init__(self, message, status: int = 500):
        super().__init__(message)
        self.message = message
        #: 503 when trying again later may help (timeout), 500 otherwise
        self.status = status


@dataclass(frozen=True)
class PdfMetadata:
    title: str
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    #: BCP 47 language tag of the document
    language: str = "en"
    #: when the document was made (its approval or publication), ISO 8601; None: the moment of rendering
    created: str | None = None

    @classmethod
    def of(cls, value: PdfMetadata | Mapping) -> PdfMetadata:
        if isinstance(value, cls):
            return value
        values = dict(value)
        values["keywords"] = tuple(values.get("keywords") or ())
        return cls(**values)

    def as_dict(self) -> dict:
        return {**asdict(self), "keywords": list(self.keywords)}


@dataclass(frozen=True)
class PdfAttachment:
    """A file embedded in the PDF, such as the session's record as JSON."""

    name: str
    data: bytes
    description: str = ""
    #: PDF/A-3 AFRelationship: Data, Source, Alternative, Supplement or Unspecified
    relationship: str = "Data"

    @classmethod
    def of(cls, value: PdfAttachment | tuple) -> PdfAttachment:
        return value if isinstance(value, cls) else cls(*value)


@dataclass
class _Engine:
    """WeasyPrint, imported once per process."""

    weasyprint: object
    fetchers: dict = field(default_factory=dict)
    worker: sandbox.Worker = field(default_factory=lambda: sandbox.Worker(_render_job))


_engine: _Engine | None = None

#: every letter of the scripts we expect, in the styles the print CSS uses
_WARM_UP_TEXT = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 .,;:!?()[]«»“”‘’—–-·…№%&@/ "
    "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
)
_WARM_UP_HTML = f"""<!doctype html><html lang=en><head><link rel=stylesheet href="{{css}}"></head><body>
<div class=watermark>DRAFT</div><div class=running-strings><p class=running-forum>F</p>
<p class=running-session>S</p></div><h1>{_WARM_UP_TEXT}</h1><h2>{_WARM_UP_TEXT}</h2>
<h3>{_WARM_UP_TEXT}</h3><p>{_WARM_UP_TEXT} <strong>{_WARM_UP_TEXT}</strong> <em>{_WARM_UP_TEXT}</em></p>
<blockquote>{_WARM_UP_TEXT}</blockquote><table><thead><tr><th>{_WARM_UP_TEXT}</th></tr></thead>
<tbody><tr><td>{_WARM_UP_TEXT}</td></tr></tbody></table><ul><li>{_WARM_UP_TEXT}</li></ul></body></html>"""


def _load() -> _Engine:
    """Import WeasyPrint and render one page in this process, so that fonts, shaping and the print
    CSS are loaded once here and every forked child starts warm."""
    global _engine
    if _engine is None:
        import weasyprint

        engine = _Engine(weasyprint)
        try:
            fetcher = _default_fetcher(engine)
            css = STATIC_ORIGIN + (current_app.static_url_path if has_app_context() else "/static") + "/pdf/print.css"
            weasyprint.HTML(string=_WARM_UP_HTML.format(css=css), base_url=STATIC_ORIGIN + "/",
                            url_fetcher=fetcher).write_pdf(pdf_variant=PDF_VARIANT)
        except Exception:  # a failed warm-up only costs speed
            log.exception("WeasyPrint warm-up failed")
        gc.collect()
        # objects alive now are shared with every child; keep the collector from touching (and so
        # copying) their pages in each child
        gc.freeze()
        _engine = engine
    return _engine


def warm_up() -> None:
    """Import WeasyPrint and render the warm-up page now (a worker does it before its first job)."""
    _load()


def _fetcher(engine: _Engine, static_folder: str, static_url_path: str):
    key = (static_folder, static_url_path)
    if key not in engine.fetchers:
        from eventsite.pdf.fetcher import StaticFileFetcher

        engine.fetchers[key] = StaticFileFetcher(static_folder, static_url_path)
    return engine.fetchers[key]


def _default_fetcher(engine: _Engine):
    if has_app_context():
        return _fetcher(engine, current_app.static_folder, current_app.static_url_path)
    return _fetcher(engine, os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, "static"), "/static")


def _config(name: str, default):
    if has_app_context():
        return current_app.config.get(name, default)
    return default


def render_pdf(
    html: str,
    *,
    metadata: PdfMetadata | Mapping,
    attachments: Iterable[PdfAttachment | tuple] | None = None,
    pdf_variant: str | None = PDF_VARIANT,
    timeout: float | None = None,
    max_bytes: int | None = None,
) -> bytes:
    """Render `html` to PDF bytes, or raise PdfError with a message for the user.

    Relative URLs in `html` resolve against STATIC_ORIGIN; only static files are read.
    Call within an app context (for the static folder and the PDF_* settings).
    """
    metadata = PdfMetadata.of(metadata)
    attachments = [PdfAttachment.of(a) for a in attachments or ()]
    timeout = float(timeout if timeout is not None else _config("PDF_TIMEOUT", DEFAULT_TIMEOUT))
    max_bytes = int(max_bytes if max_bytes is not None else _config("PDF_MAX_BYTES", DEFAULT_MAX_BYTES))
    engine = _load()
    if has_app_context():
        static = (current_app.static_folder, current_app.static_url_path)
    else:
        static = (os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, "static"), "/static")
    job = (html, metadata, attachments, pdf_variant, *static)
    if not hasattr(os, "fork"):  # pragma: no cover - no fork(): no time bound either
        pdf = _render_job(job)
    else:
        try:
            pdf = engine.worker.run(job, timeout, max_bytes)
            if pdf is None:  # the worker is busy with another request's PDF
                pdf = sandbox.run_once(_render_job, job, timeout, max_bytes)
        except sandbox.RenderTimeout:
            raise PdfError(_l("Making the PDF took longer than %(seconds)s seconds and was stopped. Try again in a "
                              "while; if it keeps failing, the document may be too long.", seconds=f"{timeout:g}"),
                           503) from None
        except sandbox.RenderTooLarge:
            raise PdfError(_too_large(max_bytes)) from None
        except sandbox.RenderFailed as exc:
            log.error("PDF render failed: %s", exc)
            raise PdfError(_l("The PDF could not be made because of an error in the renderer. "
                              "The error has been logged; the page itself is unaffected.")) from None
    if len(pdf) > max_bytes:
        raise PdfError(_too_large(max_bytes))
    return pdf


def _render_job(job: tuple) -> bytes:
    """Runs in the render child: everything it needs came in `job` or with the fork."""
    html, metadata, attachments, pdf_variant, static_folder, static_url_path = job
    engine = _load()
    return write_pdf(engine.weasyprint, html, metadata, attachments, pdf_variant,
                     _fetcher(engine, static_folder, static_url_path))


def write_pdf(weasyprint, html: str, metadata: PdfMetadata, attachments: list[PdfAttachment],
              pdf_variant: str | None, fetcher) -> bytes:
    """The WeasyPrint calls themselves, unbounded; render_pdf runs this in a child."""
    document = weasyprint.HTML(string=html, base_url=STATIC_ORIGIN + "/", url_fetcher=fetcher).render()
    info = document.metadata
    info.title = metadata.title
    info.authors = [metadata.author] if metadata.author else []
    info.description = metadata.subject or None
    info.keywords = list(metadata.keywords)
    info.lang = metadata.language
    # one instant, written the one way both the Info dictionary and the XMP can hold exactly: WeasyPrint
    # copies the string into the XMP as it is but drops a fraction of a second from Info, and leaves
    # Info without a date at all for a time without a zone
    info.created = info.modified = _instant(metadata.created)
    embedded = [
        weasyprint.Attachment(string=a.data, name=a.name, description=a.description or None,
                              relationship=a.relationship, url_fetcher=fetcher)
        for a in attachments
    ]
    return document.write_pdf(pdf_variant=pdf_variant, attachments=embedded, finisher=_one_entry_per_file)


def _instant(moment: str | None) -> str:
    """`moment` (ISO 8601; now if None) as UTC to the second: "2016-06-10T07:00:00+00:00"; a time
    without a zone is taken as UTC, as eventsite stores times."""
    when = datetime.fromisoformat(moment) if moment else datetime.now(timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def _one_entry_per_file(document, pdf) -> None:
    """WeasyPrint 70 lists each attached file twice in the catalog's /AF (from the name tree and
    from the file specification); keep each once."""
    entries = pdf.catalog.get("AF")
    if entries:
        # the entries are references ("12 0 R"), as bytes or text: compare them as bytes, keep them as they are
        unique = list({(e if isinstance(e, bytes) else str(e).encode()): e for e in reversed(entries)}.values())[::-1]
        entries.clear()
        entries.extend(unique)


def _too_large(max_bytes: int):
    return _l("The PDF would be larger than %(size)s MB, the most this site makes. Nothing was saved; ask an "
              "administrator to raise PDF_MAX_BYTES if the document is right.", size=f"{max_bytes / 1024 / 1024:.0f}")
