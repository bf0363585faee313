"""A press release as a document: composed once in its own language (eventsite.press.compose), shown on
a page (whatever the reader's language) and made into a one-page PDF by the shared pipeline
(eventsite.pdf), which carries the composed release as its JSON record."""
from __future__ import annotations

import base64
import json
from datetime import datetime

from flask import render_template, url_for
from flask_babel import gettext
from markupsafe import Markup

from eventsite import jobs
from eventsite.i18n import document_language
from eventsite.models import DocumentArtifact, DocumentStatus, Forum, PressRelease, PressReleaseRevision, db
from eventsite.pdf import artifacts
from eventsite.pdf.artifacts import Kind
from eventsite.pdf.cache import cached_pdf, pdf_response
from eventsite.pdf.render import PdfAttachment, PdfError, PdfMetadata, render_pdf
from eventsite.press import workflow
from eventsite.press.blueprint import bp
from eventsite.press.compose import compose_release

#: the name of the JSON record inside the PDF
RECORD_NAME = "press-release.json"


def forum_logo(forum: Forum) -> bytes | None:
    # the column is deferred: lists of forums do not load images
    return db.session.execute(db.select(Forum.logo_png).where(Forum.id == forum.id)).scalar()


def forum_has_logo(forum: Forum) -> bool:
    # without loading the deferred image itself
    return bool(db.session.execute(db.select(Forum.logo_png.isnot(None)).where(Forum.id == forum.id)).scalar())


@bp.app_template_global()
def press_release_html(release: PressRelease, text=None, *, notice: bool = True) -> Markup:
    """The release as it reads on a page, in its own language inside a page in the reader's.

    `text` is what to show when it is not the release's own: a kept revision, or the form being
    typed (a mapping of headline, subheadline, dateline, body).
    """
    doc = compose_release(release, text, notice=notice)
    forum = release.session.forum
    logo = url_for("press.forum_logo", forum_slug=forum.slug) if forum_has_logo(forum) else None
    with document_language(doc["language"]):
        return Markup(render_template("press/_release_block.html", doc=doc, logo_src=logo))


class ReleasePdf:
    """One press release PDF: its HTML, metadata and JSON record, all from one composition."""

    def __init__(self, release: PressRelease, now: datetime | None = None):
        self.release = release
        self.doc = compose_release(release, now=now)

    @property
    def html(self) -> str:
        logo = forum_logo(self.release.session.forum)
        with document_language(self.doc["language"]) as lang:
            return render_template(
                "press/pdf.html", doc=self.doc, lang=lang, title=self.metadata.title,
                draft=self.release.status is not DocumentStatus.published,
                watermark=gettext("DRAFT") if self.release.status is DocumentStatus.draft else gettext("APPROVED"),
                logo_src="data:image/png;base64," + base64.b64encode(logo).decode() if logo else None,
            )

    @property
    def metadata(self) -> PdfMetadata:
        release = self.release
        forum = release.session.forum.text_in(self.doc["language"])
        with document_language(self.doc["language"]) as lang:
            final = release.status is DocumentStatus.published
            return PdfMetadata(
                # a draft's file says so in its title too, wherever it is opened or listed
                title=release.headline if final else gettext("%(headline)s (draft)", headline=release.headline),
                created=(release.published_at or release.approved_at or release.created_at).isoformat()
                if final or release.approved_at else None,
                author=forum.press_contact_name or gettext("%(forum)s press office", forum=forum.name),
                subject=gettext("Press release: %(session)s (%(forum)s)", session=release.session.title,
                                forum=forum.name),
                keywords=(gettext("press release"), forum.name),
                language=lang,
            )

    @property
    def attachments(self) -> tuple[PdfAttachment, ...]:
        record = json.dumps(self.doc, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
        return (PdfAttachment(RECORD_NAME, record, "The press release as data (eventsite-press-release format)"),)

    def render(self) -> bytes:
        return render_pdf(self.html, metadata=self.metadata, attachments=self.attachments)


def press_release_pdf(release: PressRelease) -> bytes:
    """The release as PDF bytes: letterhead, notice, dateline, text, About, contact, ###."""
    return ReleasePdf(release).render()


def _draft_material(release: PressRelease) -> dict:
    """What a render-on-demand PDF is keyed by: everything that goes into the file."""
    pdf = ReleasePdf(release)
    return {"kind": "press-release", "html": pdf.html, "metadata": pdf.metadata, "attachments": pdf.attachments}


def _render(material: dict) -> bytes:
    return render_pdf(material["html"], metadata=material["metadata"], attachments=material["attachments"])


def _download_name(release: PressRelease) -> str:
    return f"press-release-{release.session.forum.slug}-{release.session.slug}-{release.id}.pdf"


def press_release_response(release: PressRelease):
    """The PDF: an approved or published release's stored file (eventsite.pdf.artifacts), or a
    draft rendered on demand behind the shared cache, with ETag/304."""
    revision = workflow.revision_of(release, release.revision)
    if artifacts.is_kept(revision):
        return artifacts.artifact_response(revision, _download_name(release))
    material = _draft_material(release)
    return pdf_response(material, lambda: _render(material), _download_name(release),
                        job=(make_press_release_pdf, (release.id,)))


def make_press_release_pdf(release_id: int) -> None:
    """The job behind a draft's download: its PDF, rendered into the PDF cache."""
    release = db.session.get(PressRelease, release_id)
    if release is None:
        return
    material = _draft_material(release)
    jobs.progress("rendering")
    try:
        cached_pdf(material, lambda: _render(material))
    except PdfError as exc:
        jobs.failed(exc.message)
        raise


def render_revision(revision: PressReleaseRevision) -> bytes | None:
    """The PDF of the release at this revision; None once the release has moved on from it (the
    release, not its revision, is what the letterhead and notice are made from)."""
    release = revision.press_release
    if release.revision != revision.number:
        return None
    return press_release_pdf(release)


def revision_variant(revision: PressReleaseRevision) -> str:
    """An embargoed release's notice says until when; released, it says for immediate release."""
    return "embargoed" if workflow.under_embargo(revision) else ""


#: approved and published releases are stored files (eventsite.pdf.artifacts)
ARTIFACT = Kind(PressReleaseRevision, DocumentArtifact.press_release_revision_id, render_revision, revision_variant)
