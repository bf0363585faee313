"""A press release as a one-page PDF, made by the shared pipeline (eventsite.pdf)."""
from __future__ import annotations

import base64
from datetime import datetime

from flask import render_template

from eventsite.models import DocumentStatus, Forum, PressRelease, db
from eventsite.pdf.cache import pdf_response
from eventsite.pdf.render import PdfMetadata, render_pdf
from eventsite.press import workflow


def forum_logo(forum: Forum) -> bytes | None:
    # the column is deferred: lists of forums do not load images
    return db.session.execute(db.select(Forum.logo_png).where(Forum.id == forum.id)).scalar()


def press_release_html(release: PressRelease, now: datetime | None = None) -> str:
    session = release.session
    forum = session.forum
    logo = forum_logo(forum)
    return render_template(
        "pdf/press_release.html",
        release=release, session=session, forum=forum, lang=release.language,
        title=release.headline, running_forum=forum.name, running_session="Press release",
        status_text=workflow.release_notice(release, now),
        notice=workflow.release_notice(release, now),
        draft=release.status is not DocumentStatus.published,
        watermark=release.status.value.upper(),
        logo_data_url="data:image/png;base64," + base64.b64encode(logo).decode() if logo else None,
    )


def press_release_metadata(release: PressRelease) -> PdfMetadata:
    forum = release.session.forum
    return PdfMetadata(
        title=release.headline,
        author=forum.press_contact_name or f"{forum.name} press office",
        subject=f"Press release: {release.session.title} ({forum.name})",
        keywords=("press release", forum.name),
        language=release.language,
    )


def press_release_pdf(release: PressRelease) -> bytes:
    """The release as PDF bytes: letterhead, notice, dateline, text, About, contact, ###."""
    return render_pdf(press_release_html(release), metadata=press_release_metadata(release))


def press_release_response(release: PressRelease):
    """The PDF with ETag/304 and the shared cache; the key is everything that goes into the file."""
    html = press_release_html(release)
    metadata = press_release_metadata(release)
    name = f"press-release-{release.session.forum.slug}-{release.session.slug}-{release.id}.pdf"
    return pdf_response({"kind": "press-release", "html": html, "metadata": metadata},
                        lambda: render_pdf(html, metadata=metadata), name)
