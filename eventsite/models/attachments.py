"""Slides, documents and photos attached to a session or to one of its points.

The bytes live in the database, in a table of their own: one rule for every installation (several app
servers on PostgreSQL share them without a shared disk), and listing attachments never loads them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsite.models.base import Versioned, db

if TYPE_CHECKING:
    from eventsite.models.forum import ForumSession
    from eventsite.models.points import DiscussionPoint


class Attachment(Versioned, db.Model):
    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("forum_session.id", ondelete="CASCADE"), index=True)
    #: the point it belongs to, or None for the session as a whole
    point_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("discussion_point.id", ondelete="CASCADE"), index=True
    )
    #: the file's name as uploaded, made safe (no path, no control characters)
    filename: Mapped[str] = mapped_column(sa.String(255))
    #: the type its content was found to be (never the browser's word for it)
    content_type: Mapped[str] = mapped_column(sa.String(120))
    size: Mapped[int]
    #: hex SHA-256 of the content, shown in the minutes so a copy can be checked
    sha256: Mapped[str] = mapped_column(sa.String(64))

    session: Mapped[ForumSession] = relationship()
    point: Mapped[DiscussionPoint | None] = relationship()
    content: Mapped[AttachmentContent] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, uselist=False, lazy="select",
    )

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    def __repr__(self) -> str:
        return f"<Attachment {self.filename!r}>"


class AttachmentContent(db.Model):
    """The bytes of one attachment; read only to serve it, embed it or export it."""

    __tablename__ = "attachment_content"

    attachment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("attachment.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
