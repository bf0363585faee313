"""Press releases: several per session, each with kept revisions."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsite.models.base import UTCDateTime, Versioned, db, enum_column, keep_account_text, utcnow
from eventsite.models.minutes import DocumentStatus

if TYPE_CHECKING:
    from eventsite.models.forum import ForumSession
    from eventsite.models.user import User


class PressRelease(Versioned, db.Model):
    __tablename__ = "press_release"
    __table_args__ = (
        # the released ones, which the newsroom lists, found from their own rows and not from every session (0022)
        sa.Index("ix_press_release_status", "status", "embargo_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("forum_session.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(sa.String(16), default="en")
    headline: Mapped[str] = mapped_column(sa.String(300))
    subheadline: Mapped[str] = mapped_column(sa.String(300), default="")
    #: "NOVOSIBIRSK, 10 June 2016"
    dateline: Mapped[str] = mapped_column(sa.String(200), default="")
    #: the release's text (Markdown); boilerplate and contact come from the forum
    body: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[DocumentStatus] = mapped_column(
        enum_column(DocumentStatus, "press_release_status"), default=DocumentStatus.draft
    )
    #: before this moment the release is absent from every public place
    embargo_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    #: the approver as a bundle named them (see keep_account_text); None: read approved_by
    approved_by_name: Mapped[str | None] = mapped_column(sa.String(200))
    approved_by_email: Mapped[str | None] = mapped_column(sa.String(200))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    revision: Mapped[int] = mapped_column(default=1)

    #: the key of eventsite.lifecycle.WORDING and eventsite.steps.RACED: what they say of press releases
    document_kind = "press_release"

    session: Mapped[ForumSession] = relationship()
    approved_by: Mapped[User | None] = relationship()
    revisions: Mapped[list[PressReleaseRevision]] = relationship(
        back_populates="press_release", cascade="all, delete-orphan", passive_deletes=True,
        order_by="PressReleaseRevision.number",
    )


class PressReleaseRevision(db.Model):
    """A kept state of a press release; rows are only ever added."""

    __tablename__ = "press_release_revision"
    __table_args__ = (
        sa.UniqueConstraint("press_release_id", "number", name="uq_press_release_revision_release_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    press_release_id: Mapped[int] = mapped_column(sa.ForeignKey("press_release.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    status: Mapped[DocumentStatus] = mapped_column(enum_column(DocumentStatus, "press_release_revision_status"))
    headline: Mapped[str] = mapped_column(sa.String(300))
    subheadline: Mapped[str] = mapped_column(sa.String(300), default="")
    dateline: Mapped[str] = mapped_column(sa.String(200), default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    embargo_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    #: the author as a bundle named them (see keep_account_text); None: read created_by
    created_by_name: Mapped[str | None] = mapped_column(sa.String(200))
    created_by_email: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    press_release: Mapped[PressRelease] = relationship(back_populates="revisions")
    created_by: Mapped[User | None] = relationship()


keep_account_text(PressRelease.approved_by, "approved_by_name", "approved_by_email")
keep_account_text(PressReleaseRevision.created_by, "created_by_name", "created_by_email")
