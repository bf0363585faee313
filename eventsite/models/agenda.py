"""A session's agenda: the items an organiser plans before it, in order."""
from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from eventsite.models.base import Versioned, db

if TYPE_CHECKING:
    from eventsite.models.forum import ForumSession
    from eventsite.models.people import Participation


class AgendaItem(Versioned, db.Model):
    """One item of the agenda; points captured during the session attach to it (DiscussionPoint.agenda_item)."""

    __tablename__ = "agenda_item"
    __table_args__ = (sa.CheckConstraint("planned_minutes IS NULL OR planned_minutes > 0", name="planned_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("forum_session.id", ondelete="CASCADE"), index=True)
    #: order within the agenda, from 1
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(300))
    #: who presents it, when they are a participant of the session; removing them keeps the item
    presenter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participation.id", ondelete="SET NULL"), index=True
    )
    #: who presents it, as free text ("the Cluster's working group"), when not a participant
    presenter_name: Mapped[str] = mapped_column(sa.String(200), default="")
    #: the time planned for it, in minutes
    planned_minutes: Mapped[int | None]
    #: the organiser's notes on the item (Markdown), printed in the agenda
    notes: Mapped[str] = mapped_column(sa.Text, default="")

    # the backref keeps the agenda out of models/forum.py: ForumSession.agenda_items
    session: Mapped[ForumSession] = relationship(backref=backref(
        "agenda_items", order_by="AgendaItem.position", cascade="all, delete-orphan", passive_deletes=True))
    presenter: Mapped[Participation | None] = relationship()

    @property
    def presenter_text(self) -> str:
        """The presenter's name as the agenda prints it: the participant's, else the free text."""
        if self.presenter is not None:
            return self.presenter.person.name
        return self.presenter_name or ""

    def __repr__(self) -> str:
        return f"<AgendaItem {self.position} {self.title!r}>"
