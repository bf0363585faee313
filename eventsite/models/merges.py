"""What a merge of duplicates moved, so that restoring the merged record from the trash undoes it exactly."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from eventsite.models.base import UTCDateTime, db, utcnow


class MergeRecord(db.Model):
    """One merge of a person or an organisation into another (eventsite/trash/merging.py).

    The merged record stays in the trash; this row says, column by column, what the merge changed and
    which rows it removed, whole. Undoing the merge (restoring the merged record) plays it backwards and
    deletes this row; purging the merged record deletes it too.
    """

    __tablename__ = "merge_record"
    __table_args__ = (sa.Index("ix_merge_record_kind_source", "kind", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "person" or "organisation"
    kind: Mapped[str] = mapped_column(sa.String(20))
    #: the merged record, in the trash (no foreign key: purging it removes this row in the same step)
    source_id: Mapped[int]
    #: the record kept
    target_id: Mapped[int]
    #: every column the merge set: [{"table", "id", "column", "before", "after"}], in the order set
    changes: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: every row the merge deleted, whole: [{"table", "row": {column: value}}]
    removed: Mapped[list] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the account that merged (accounts are deactivated, not deleted)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
