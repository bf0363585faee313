"""Forums and their sessions."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsite.labels import SESSION_KINDS, VISIBILITY, label
from eventsite.models.base import UTCDateTime, Versioned, db, enum_column
from eventsite.models.lifecycle import Archivable, Trashable

if TYPE_CHECKING:
    from eventsite.models.people import Participation, ParticipantGroup
    from eventsite.models.points import DiscussionPoint


class Forum(Trashable, Archivable, Versioned, db.Model):
    __tablename__ = "forum"
    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="dates_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the forum's part of every URL: /forums/<slug>/
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    #: short name, "Technoprom-2016"
    name: Mapped[str] = mapped_column(sa.String(120))
    #: full title, "IV International Forum of Technological Development Technoprom-2016"
    title: Mapped[str] = mapped_column(sa.String(300))
    city: Mapped[str] = mapped_column(sa.String(120))
    country: Mapped[str] = mapped_column(sa.String(120))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    #: IANA zone name; session times are shown in it
    timezone: Mapped[str] = mapped_column(sa.String(64))
    #: BCP 47 language tag of the forum's documents
    language: Mapped[str] = mapped_column(sa.String(16), default="en")
    #: "About the forum" boilerplate for press releases (Markdown)
    about: Mapped[str] = mapped_column(sa.Text, default="")
    press_contact_name: Mapped[str] = mapped_column(sa.String(200), default="")
    press_contact_email: Mapped[str] = mapped_column(sa.String(200), default="")
    press_contact_phone: Mapped[str] = mapped_column(sa.String(60), default="")
    #: the forum's texts in other languages, for the documents of its sessions in those languages:
    #: {"ru": {"name": "Технопром-2016", "city": "Новосибирск", …}}; a text not given is the forum's own
    translations: Mapped[dict] = mapped_column(sa.JSON, default=dict, server_default="{}")
    #: letterhead logo, re-encoded PNG; None when the forum has none
    logo_png: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)

    sessions: Mapped[list[ForumSession]] = relationship(
        back_populates="forum",
        order_by="ForumSession.starts_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def text_in(self, language: str | None) -> ForumText:
        """The forum as a document in `language` names it: its translation where one is recorded, each text
        left out of it being the forum's own (a Russian release of an English-language forum says
        «НОВОСИБИРСК» once the forum's Russian city is recorded, and "NOVOSIBIRSK" until then)."""
        given = (self.translations or {}).get(language) if language != self.language else None
        texts = {name: (given or {}).get(name) or getattr(self, name) or "" for name in TRANSLATED_TEXTS}
        return ForumText(slug=self.slug, press_contact_email=self.press_contact_email or "",
                         press_contact_phone=self.press_contact_phone or "", **texts)

    def __repr__(self) -> str:
        return f"<Forum {self.slug}>"


#: the texts of a forum that a document in another language may need in that language
TRANSLATED_TEXTS = ("name", "title", "city", "country", "about", "press_contact_name")


@dataclass(frozen=True)
class ForumText:
    """What a document says about its forum, in the document's language (Forum.text_in)."""

    slug: str
    name: str
    title: str
    city: str
    country: str
    about: str
    press_contact_name: str
    press_contact_email: str
    press_contact_phone: str


class SessionKind(enum.Enum):
    round_table = "round_table"
    panel = "panel"
    plenary = "plenary"
    workshop = "workshop"
    other = "other"

    @property
    def label(self) -> str:
        return label(SESSION_KINDS, self)


class Visibility(enum.Enum):
    #: anyone, logged in or not
    public = "public"
    #: the session's participants and staff (press, organisers, admins)
    participants = "participants"
    #: staff only
    internal = "internal"

    @property
    def label(self) -> str:
        return label(VISIBILITY, self)


class ForumSession(Trashable, Versioned, db.Model):
    """One session of a forum (not `Session`: Flask and SQLAlchemy have that name)."""

    __tablename__ = "forum_session"
    __table_args__ = (
        sa.UniqueConstraint("forum_id", "slug", name="uq_forum_session_forum_slug"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        # a forum's programme in order, and what a page of it needs to pick its sessions, from the index alone:
        # the forum page's count and its OFFSET step through these entries and read no session row (a
        # trashed session is left out by deleted_at, which the entries hold too: eventsite/trash/hiding.py)
        sa.Index("ix_forum_session_programme", "forum_id", "deleted_at", "starts_at", "id", "visibility"),
        # the sessions that still need minutes, in the order the organisers' home lists them (0022)
        sa.Index("ix_forum_session_minutes_due", "minutes_approved", "ends_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: indexed by ix_forum_session_programme, which begins with it
    forum_id: Mapped[int] = mapped_column(sa.ForeignKey("forum.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(sa.String(80))
    kind: Mapped[SessionKind] = mapped_column(enum_column(SessionKind, "session_kind"))
    title: Mapped[str] = mapped_column(sa.String(300))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue: Mapped[str] = mapped_column(sa.String(300), default="")
    language: Mapped[str] = mapped_column(sa.String(16), default="en")
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility, "visibility"), default=Visibility.public)
    #: what the session was about (Markdown)
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    #: whether its minutes are approved or published: set by the database's triggers on `minutes` (0022),
    #: never by the application, and read only in queries (an object loaded before a change keeps its value)
    minutes_approved: Mapped[bool] = mapped_column(server_default=sa.false(), default=False)

    forum: Mapped[Forum] = relationship(back_populates="sessions")
    participations: Mapped[list[Participation]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Participation.id",
    )
    groups: Mapped[list[ParticipantGroup]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ParticipantGroup.position",
    )
    points: Mapped[list[DiscussionPoint]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True,
        order_by="DiscussionPoint.position",
    )

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(self.forum.zone)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(self.forum.zone)

    @property
    def live_points(self) -> list[DiscussionPoint]:
        return [p for p in self.points if p.deleted_at is None]

    @property
    def moderators(self) -> list[Participation]:
        return [p for p in self.participations if p.role.value == "moderator"]

    def __repr__(self) -> str:
        return f"<ForumSession {self.slug}>"
