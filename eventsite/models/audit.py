"""The audit log: who changed what, when, with the values before and after."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from eventsite.models.base import UTCDateTime, db, utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"
    __table_args__ = (
        sa.Index("ix_audit_entry_entity", "entity", "entity_id"),
        # the audit screen's filters, each newest first
        sa.Index("ix_audit_entry_forum_at", "forum_id", "at"),
        sa.Index("ix_audit_entry_session_at", "session_id", "at"),
        sa.Index("ix_audit_entry_person_at", "person_id", "at"),
        sa.Index("ix_audit_entry_user_at", "user_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: the account that made the change; None for the command line
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    #: "create", "update" or "delete"
    action: Mapped[str] = mapped_column(sa.String(16))
    #: the table of the changed row
    entity: Mapped[str] = mapped_column(sa.String(64))
    entity_id: Mapped[int | None]
    #: where the changed row belongs, as it was when it changed (no foreign keys: the log outlives the rows):
    #: the forum and session of a session's record, the person of a person or a participation
    forum_id: Mapped[int | None]
    session_id: Mapped[int | None]
    person_id: Mapped[int | None]
    before: Mapped[dict | None] = mapped_column(sa.JSON)
    after: Mapped[dict | None] = mapped_column(sa.JSON)
