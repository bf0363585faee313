"""A press release as a document: in its own language, on a page (whatever the reader's language)
and as a one-page PDF made by the shared pipeline (eventsite.pdf)."""
from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import datetime

from flask import render_template
from flask_babel import gettext
from markupsafe import Markup

from eventsite.i18n import document_language
from eventsite.models import DocumentStatus, Forum, PressRelease, db
from eventsite.pdf.cache import pdf_response
from eventsite.pdf.render import PdfMetadata, render_pdf
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


def press_release_response(release: PressRelease):
    """The PDF with ETag/304 and the shared cache; the key is everything that goes into the file."""
    html = press_release_pdf_html(release)
    metadata = press_release_metadata(release)
    name = f"press-release-{release.session.forum.slug}-{release.session.slug}-{release.id}.pdf"
    return pdf_response({"kind": "press-release", "html": html, "metadata": metadata},
                        lambda: render_pdf(html, metadata=metadata), name)
