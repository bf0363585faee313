"""A press release as a document: in its own language, on a page (whatever the reader's language)
and as a one-page PDF made by the shared pipeline (eventsite.pdf)."""
from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import datetime

from flask import render_template
from flask_babel import gettext
from markupsafe import Markup

from eventsite import jobs
from eventsite.i18n import document_language
from eventsite.models import DocumentArtifact, DocumentStatus, Forum, PressRelease, PressReleaseRevision, db
from eventsite.pdf import artifacts
from eventsite.pdf.artifacts import Kind
from eventsite.pdf.cache import cached_pdf, pdf_response
from eventsite.pdf.render import PdfError, PdfMetadata, render_pdf
from eventsite.press import workflow
from eventsite.press.blueprint import bp

#: what a release's text is made of: a release, a kept revision, or the form being typed
TEXT_FIELDS = ("headline", "subheadline", "dateline", "body")


def forum_logo(forum: Forum) -> bytes | None:
    # the column is deferred: lists of forums do not load images
    return db.session.execute(db.select(Forum.logo_png).where(Forum.id == forum.id)).scalar()


def _text_of(text, name: str) -> str:
    value = text.get(name) if isinstance(text, Mapping) else getattr(text, name, None)
    return value or ""


@bp.app_template_global()
def press_release_html(release: PressRelease | None = None, text=None, *, forum: Forum | None = None,
                       language: str | None = None, notice: bool = True) -> Markup:
    """The release as it reads on a page, in its own language inside a page in the reader's.

    `text` is what to show when it is not the release's own: a kept revision, or the form being
    typed (a mapping of headline, subheadline, dateline, body). Without a release (a preview of
    unsaved text) give `forum` and `language`.
    """
    forum = forum or release.session.forum
    with document_language(language or (release.language if release is not None else None)) as lang:

        return Markup(render_template(
            "press/_release_block.html", forum=forum, lang=lang,
            notice=workflow.release_notice(release) if release is not None and notice else None,
            **{name: _text_of(text if text is not None else release, name) for name in TEXT_FIELDS},
        ))


def press_release_pdf_html(release: PressRelease, now: datetime | None = None) -> str:
    """The HTML the PDF is made from, in the release's language whatever the reader's."""
    session = release.session
    forum = session.forum
    logo = forum_logo(forum)
    with document_language(release.language) as lang:
        notice = workflow.release_notice(release, now)
        return render_template(
            "pdf/press_release.html",
            release=release, session=session, forum=forum, lang=lang,
            title=release.headline, running_forum=forum.name, running_session=gettext("Press release"),
            status_text=notice, notice=notice,
            embargoed=release.status is DocumentStatus.published and workflow.under_embargo(release, now),

            draft=release.status is not DocumentStatus.published,
            watermark=gettext("DRAFT") if release.status is DocumentStatus.draft else gettext("APPROVED"),
            logo_data_url="data:image/png;base64," + base64.b64encode(logo).decode() if logo else None,
        )


def press_release_metadata(release: PressRelease) -> PdfMetadata:
    forum = release.session.forum
    with document_language(release.language) as lang:
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


def press_release_pdf(release: PressRelease) -> bytes:
    """The release as PDF bytes: letterhead, notice, dateline, text, About, contact, ###."""
    return render_pdf(press_release_pdf_html(release), metadata=press_release_metadata(release))


def _draft_material(release: PressRelease) -> dict:
    """What a render-on-demand PDF is keyed by: everything that goes into the file."""
    return {"kind": "press-release", "html": press_release_pdf_html(release),
            "metadata": press_release_metadata(release)}


def _download_name(release: PressRelease) -> str:
    return f"press-release-{release.session.forum.slug}-{release.session.slug}-{release.id}.pdf"


def press_release_response(release: PressRelease):
    """The PDF: an approved or published release's stored file (eventsite.pdf.artifacts), or a
    draft rendered on demand behind the shared cache, with ETag/304."""
    revision = workflow.revision_of(release, release.revision)
    if artifacts.is_kept(revision):
        return artifacts.artifact_response(revision, _download_name(release))
    material = _draft_material(release)
    return pdf_response(material, lambda: render_pdf(material["html"], metadata=material["metadata"]),
                        _download_name(release), job=(make_press_release_pdf, (release.id,)))


def make_press_release_pdf(release_id: int) -> None:
    """The job behind a draft's download: its PDF, rendered into the PDF cache."""
    release = db.session.get(PressRelease, release_id)
    if release is None:
        return
    material = _draft_material(release)
    jobs.progress("rendering")
    try:
        cached_pdf(material, lambda: render_pdf(material["html"], metadata=material["metadata"]))
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
