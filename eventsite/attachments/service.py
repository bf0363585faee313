"""Attaching files to a session or a point, removing them, and reading them back.

One rule for where the bytes go: the database (attachment_content), so every app server of a
PostgreSQL installation sees the same files. Listing reads `attachment` only; the bytes are read
when a file is served, embedded in a PDF or written into a bundle.
"""
from __future__ import annotations

import base64
import hashlib

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext

from eventsite.attachments.content import AttachmentRefused, content_type_of, safe_filename
from flask_babel import format_decimal as format_number
from eventsite.models import Attachment, AttachmentContent, DiscussionPoint, ForumSession, db


def max_bytes() -> int:
    return int(current_app.config["ATTACHMENT_MAX_BYTES"])


def size_text(size: int) -> str:
    """"820 bytes", "1.4 MB" in the current language."""
    if size < 1024:
        return gettext("%(num)s bytes", num=format_number(size))
    if size < 1024 * 1024:
        return gettext("%(num)s KB", num=format_number(round(size / 1024, 1)))
    return gettext("%(num)s MB", num=format_number(round(size / 1024 / 1024, 1)))


def add_attachment(session: ForumSession, data: bytes, filename: str | None,
                   point: DiscussionPoint | None = None) -> Attachment:
    """Check the file (size, then type by content) and keep it; AttachmentRefused stores nothing."""
    if not data:
        raise AttachmentRefused(gettext("Choose a file to attach."))
    if len(data) > max_bytes():
        raise AttachmentRefused(gettext("This file is %(size)s; attachments may be at most %(limit)s.",
                                        size=size_text(len(data)), limit=size_text(max_bytes())))
    if point is not None and point.session_id != session.id:
        raise AttachmentRefused(gettext("The point must be one of this session's."))
    attachment = Attachment(session=session, point=point, filename=safe_filename(filename),
                            content_type=content_type_of(data), size=len(data),
                            sha256=hashlib.sha256(data).hexdigest(), content=AttachmentContent(data=data))
    db.session.add(attachment)
    db.session.flush()
    return attachment


def remove_attachment(attachment: Attachment) -> None:
    db.session.delete(attachment)
    db.session.flush()


#: built once: every minutes record asks it (an import of older minutes composes a thousand)
_OF_SESSION = sa.select(Attachment).where(Attachment.session_id == sa.bindparam("session_id")).order_by(Attachment.id)


def attachments_of(session: ForumSession) -> list[Attachment]:
    """The session's attachments, the session's own first, then by point, as added; no bytes loaded."""
    rows = db.session.execute(_OF_SESSION, {"session_id": session.id}).scalars().all()
    return sorted(rows, key=lambda a: (a.point.position if a.point else 0, a.id))


def content_of(attachment_id: int) -> bytes | None:
    return db.session.execute(
        db.select(AttachmentContent.data).where(AttachmentContent.attachment_id == attachment_id)
    ).scalar_one_or_none()


def photo_data_urls(record: dict) -> dict[int, str]:
    """The minutes' photos as data: URLs, for the PDF (its fetcher decodes them; nothing is requested).

    Only images whose bytes still have the checksum the record lists: a revision shows what it kept.
    """
    if not current_app.config.get("MINUTES_PDF_PHOTOS", True):
        return {}
    photos = {}
    for item in record.get("attachments", []):
        if not item["content_type"].startswith("image/"):
            continue
        data = content_of(item["id"])
        if data is not None and hashlib.sha256(data).hexdigest() == item["sha256"]:
            photos[item["id"]] = f"data:{item['content_type']};base64,{base64.b64encode(data).decode('ascii')}"
    return photos
