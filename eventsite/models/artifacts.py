"""Published documents kept as files: the PDF of an approved or published revision, made once.

Every app server serves these same bytes, whatever its disk holds; the sha256 is shown on the
document's page and is the download's ETag. A row belongs to exactly one revision, of minutes or
of a press release, and goes with it. Rows are only ever added.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from eventsite.models.base import UTCDateTime, db, utcnow


class DocumentArtifact(db.Model):
    __tablename__ = "document_artifact"
    __table_args__ = (
        sa.UniqueConstraint("minutes_revision_id", "variant", name="uq_document_artifact_minutes_revision"),
        sa.UniqueConstraint("press_release_revision_id", "variant", name="uq_document_artifact_press_revision"),
        sa.CheckConstraint("(minutes_revision_id IS NULL) <> (press_release_revision_id IS NULL)",
                           name="one_revision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_revision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("minutes_revision.id", ondelete="CASCADE"))
    press_release_revision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("press_release_revision.id", ondelete="CASCADE"))
    #: what else the file depends on besides its revision: "" for minutes; for a press release
    #: "embargoed" while its embargo runs (the notice says until when), "" once it is released
    variant: Mapped[str] = mapped_column(sa.String(32), default="")
    #: hex sha256 of `pdf`: shown on the page, and the ETag of the download
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    #: the file itself; deferred, so asking for the checksum does not load it
    pdf: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
