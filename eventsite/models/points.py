"""The points of a session's discussion, and the key dates of announcements."""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsite.labels import ACTION_STATUS, label
from eventsite.models.base import UTCDateTime, Versioned, db, enum_column

if TYPE_CHECKING:
    from eventsite.models.agenda import AgendaItem
    from eventsite.models.forum import ForumSession
    from eventsite.models.people import Organisation, Participation, Person


class PointKind(enum.Enum):
    topic = "topic"
    statement = "statement"
    proposal = "proposal"
    decision = "decision"
    action = "action"
    announcement = "announcement"
    quote = "quote"


class ActionStatus(enum.Enum):
    open = "open"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"

    @property
    def label(self) -> str:
        return label(ACTION_STATUS, self)


class DiscussionPoint(Versioned, db.Model):
    __tablename__ = "discussion_point"
    __table_args__ = (
        # owner, due date and status belong to actions only
        sa.CheckConstraint(
            "kind = 'action' OR (status IS NULL AND due_on IS NULL"
            " AND owner_person_id IS NULL AND owner_organisation_id IS NULL)",
            name="action_fields_only_on_actions",
        ),
        sa.CheckConstraint("kind != 'action' OR status IS NOT NULL", name="action_has_status"),
        # actions by due date, as the organisers' home lists the overdue ones, with what that list filters by,
        # so that counting it reads the index alone (0022)
        sa.Index("ix_discussion_point_due", "kind", "due_on", "id", "status", "deleted_at", "session_id"),
        sa.CheckConstraint(
            "owner_person_id IS NULL OR owner_organisation_id IS NULL", name="one_owner"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("forum_session.id", ondelete="CASCADE"), index=True)
    #: order within the session, from 1
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[PointKind] = mapped_column(enum_column(PointKind, "point_kind"))
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    #: what was said or decided (Markdown)
    body: Mapped[str] = mapped_column(sa.Text, default="")
    #: who said it; removing them from the session keeps the point, without a speaker
    speaker_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participation.id", ondelete="SET NULL"), index=True
    )
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: an action's owner: a person or an organisation
    owner_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"), index=True)
    owner_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[date | None]
    status: Mapped[ActionStatus | None] = mapped_column(enum_column(ActionStatus, "action_status"))
    #: the agenda item the point was made under; deleting the item keeps the point, without one
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_item.id", ondelete="SET NULL"), index=True
    )
    #: an action's owner's note on how it goes ("waiting for the regions' figures"); audited like the rest
    progress_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: set when an organiser deletes the point; it can be restored until purged
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[ForumSession] = relationship(back_populates="points")
    speaker: Mapped[Participation | None] = relationship()
    owner_person: Mapped[Person | None] = relationship()
    owner_organisation: Mapped[Organisation | None] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    key_dates: Mapped[list[KeyDate]] = relationship(
        back_populates="point", cascade="all, delete-orphan", passive_deletes=True, order_by="KeyDate.date"
    )

    @property
    def owner_name(self) -> str:
        if self.owner_person is not None:
            return self.owner_person.name
        if self.owner_organisation is not None:
            return self.owner_organisation.name
        return ""

    def __repr__(self) -> str:
        return f"<DiscussionPoint {self.position} {self.kind.value}>"


class DatePrecision(enum.Enum):
    #: "until 26 September 2016"
    day = "day"
    #: "July 2016"; the date is the first of the month
    month = "month"


class MonthPart(enum.Enum):
    """Which part of a month a month-precision date names, when the record says so ("end of July 2016")."""

    early = "early"
    mid = "mid"
    end = "end"


class KeyDate(Versioned, db.Model):
    __tablename__ = "key_date"

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(sa.ForeignKey("discussion_point.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(sa.String(300))
    date: Mapped[date]
    precision: Mapped[DatePrecision] = mapped_column(enum_column(DatePrecision, "date_precision"))
    #: for a month-precision date only: "early", "mid" or "end" of the month, when the record says so
    qualifier: Mapped[MonthPart | None] = mapped_column(enum_column(MonthPart, "month_part"))

    point: Mapped[DiscussionPoint] = relationship(back_populates="key_dates")

    @property
    def iso(self) -> str:
        """"2016-09-26", or "2016-07" for a month."""
        if self.precision is DatePrecision.month:
            return self.date.strftime("%Y-%m")
        return self.date.isoformat()
