"""What every removable record carries: when it went to the trash and who put it there; a forum's archive mark.

A trashed row stays in its table, whole, until `purge-trash` removes it for good: restoring it is clearing
two columns. Every read of the ORM hides it (eventsite/trash/hiding.py), so no listing, page, feed or
search has to remember to.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from eventsite.models.base import UTCDateTime


class Trashable:
    """A forum, session, person or organisation: soft-deleted, restorable for TRASH_DAYS."""

    #: when an organiser deleted it; None while it is part of the record
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    #: the account that deleted it (accounts are deactivated, not deleted); no foreign key, so that SQLite
    #: can add the column in place (rebuilding person or forum_session would break the search index's
    #: views and triggers) and no cycle with user_account, which refers to person
    deleted_by_id: Mapped[int | None] = mapped_column(sa.Integer)

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None


class Archivable:
    """A forum that is over: still public, read-only for everyone until an organiser unarchives it."""

    #: when it was archived; None while it can be changed
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def archived(self) -> bool:
        return self.archived_at is not None
