"""What notifications need kept: the reminders sent today, and who organises which forum."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from eventsite.models.base import UTCDateTime, db, utcnow


class ReminderSent(db.Model):
    """One reminder mailed for one action to one account on one day: `send-reminders` sends an action's
    reminder at most once a day, however often cron runs it."""

    __tablename__ = "reminder_sent"
    __table_args__ = (sa.UniqueConstraint("point_id", "user_id", "sent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(sa.ForeignKey("discussion_point.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    #: the day of the run, in UTC
    sent_on: Mapped[date]
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


#: the organisers of a forum: they read its audit log (admins read every forum's)
forum_organiser = sa.Table(
    "forum_organiser", db.metadata,
    sa.Column("forum_id", sa.ForeignKey("forum.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True),
)
