"""A bundle uploaded on the import page, kept until the worker has imported it.

The bytes live in the database, the one store every app server and worker shares (not a temporary
file on the machine that took the upload): whichever worker takes the job reads them here. The row
goes once the import is done or refused; a job that failed for another reason leaves it, so nothing
uploaded is lost.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from eventsite.models.base import UTCDateTime, db, utcnow


class BundleUpload(db.Model):
    __tablename__ = "bundle_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: who uploaded it (the import acts for them)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    #: the file's name as the browser sent it, for the page that reports on it
    filename: Mapped[str] = mapped_column(sa.String(255))
    size: Mapped[int]
    #: the file itself; deferred, so listing uploads does not load it
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
