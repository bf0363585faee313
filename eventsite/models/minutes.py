"""Minutes: one per session, with an append-only history of revisions and participants' correction requests."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsite.models.base import UTCDateTime, Versioned, db, enum_column, keep_account_text, utcnow

if TYPE_CHECKING:
    from eventsite.models.forum import ForumSession
    from eventsite.models.user import User


class DocumentStatus(enum.Enum):
    """The life of minutes and press releases: draft → approved → published."""

    draft = "draft"
    approved = "approved"
    published = "published"


class Minutes(Versioned, db.Model):
    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("forum_session.id", ondelete="CASCADE"), unique=True)
    status: Mapped[DocumentStatus] = mapped_column(
        enum_column(DocumentStatus, "minutes_status"), default=DocumentStatus.draft
    )
    #: the organiser's summary at the head of the minutes (Markdown)
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    #: the approver as a bundle named them (see keep_account_text); None: read approved_by
    approved_by_name: Mapped[str | None] = mapped_column(sa.String(200))
    approved_by_email: Mapped[str | None] = mapped_column(sa.String(200))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the number of the current revision, from 1
    revision: Mapped[int] = mapped_column(default=1)
    #: a draft follows the session's record (True), or holds a kept revision's content as it was
    #: (False, after a restore) until an organiser takes the live record again
    live: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    session: Mapped[ForumSession] = relationship()
    approved_by: Mapped[User | None] = relationship()
    revisions: Mapped[list[MinutesRevision]] = relationship(
        back_populates="minutes", cascade="all, delete-orphan", passive_deletes=True,
        order_by="MinutesRevision.number",
    )
    corrections: Mapped[list[CorrectionRequest]] = relationship(
        back_populates="minutes", cascade="all, delete-orphan", passive_deletes=True,
        order_by="CorrectionRequest.created_at",
    )

    #: the key of eventsite.lifecycle.WORDING and eventsite.steps.RACED: what they say of minutes
    document_kind = "minutes"

    @property
    def locked(self) -> bool:
        return self.status is not DocumentStatus.draft


class MinutesRevision(db.Model):
    """A kept state of the minutes; rows are only ever added."""

    __tablename__ = "minutes_revision"
    __table_args__ = (sa.UniqueConstraint("minutes_id", "number", name="uq_minutes_revision_minutes_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(sa.ForeignKey("minutes.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    status: Mapped[DocumentStatus] = mapped_column(enum_column(DocumentStatus, "minutes_revision_status"))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    #: why this revision was made ("correction: wrong date of the competition")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    #: the composed minutes at this revision, so an old revision reads as it was
    record: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    #: the author as a bundle named them (see keep_account_text); None: read created_by
    created_by_name: Mapped[str | None] = mapped_column(sa.String(200))
    created_by_email: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    minutes: Mapped[Minutes] = relationship(back_populates="revisions")
    created_by: Mapped[User | None] = relationship()


class CorrectionStatus(enum.Enum):
    open = "open"
    accepted = "accepted"
    declined = "declined"


class CorrectionRequest(Versioned, db.Model):
    """A participant's request to correct draft minutes; kept whatever the organiser decides."""

    __tablename__ = "correction_request"
    __table_args__ = (
        # the requests by status, oldest first, as the organisers' home lists the open ones (0022)
        sa.Index("ix_correction_request_status", "status", "created_at", "id"),
    )
    #: the key of eventsite.steps.RACED
    document_kind = "correction_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(sa.ForeignKey("minutes.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    #: the participant as a bundle named them (see keep_account_text); None: read author
    author_name: Mapped[str | None] = mapped_column(sa.String(200))
    author_email: Mapped[str | None] = mapped_column(sa.String(200))
    text: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[CorrectionStatus] = mapped_column(
        enum_column(CorrectionStatus, "correction_status"), default=CorrectionStatus.open
    )
    #: the organiser's answer
    response: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    #: the organiser as a bundle named them (see keep_account_text); None: read decided_by
    decided_by_name: Mapped[str | None] = mapped_column(sa.String(200))
    decided_by_email: Mapped[str | None] = mapped_column(sa.String(200))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    minutes: Mapped[Minutes] = relationship(back_populates="corrections")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


keep_account_text(Minutes.approved_by, "approved_by_name", "approved_by_email")
keep_account_text(MinutesRevision.created_by, "created_by_name", "created_by_email")
keep_account_text(CorrectionRequest.author, "author_name", "author_email")
keep_account_text(CorrectionRequest.decided_by, "decided_by_name", "decided_by_email")
