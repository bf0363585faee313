"""People, organisations, and who took part in a session as what."""
from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsite.models.base import Versioned, db, enum_column
from eventsite.models.lifecycle import Trashable

if TYPE_CHECKING:
    from eventsite.models.forum import ForumSession


class OrganisationKind(enum.Enum):
    government = "government"
    business = "business"
    research = "research"
    education = "education"
    cluster = "cluster"
    media = "media"
    other = "other"


class Organisation(Trashable, Versioned, db.Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300), unique=True)
    short_name: Mapped[str] = mapped_column(sa.String(120), default="")
    kind: Mapped[OrganisationKind] = mapped_column(
        enum_column(OrganisationKind, "organisation_kind"), default=OrganisationKind.other
    )
    #: a department's ministry; deleting the ministry leaves the department standing alone
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True)

    #: who answers for the organisation's action items: they see them under "My actions"
    contact_person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL"), index=True
    )

    parent: Mapped[Organisation | None] = relationship(remote_side=[id])
    contact_person: Mapped[Person | None] = relationship()

    @property
    def display_name(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"


class Person(Trashable, Versioned, db.Model):
    """Someone who takes part in sessions; reused across sessions and forums."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the name as the forum's documents write it, "Artyom Shadrin"
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    #: the name in its original script, "Артём Шадрин"
    native_name: Mapped[str] = mapped_column(sa.String(200), default="")
    email: Mapped[str | None] = mapped_column(sa.String(200), unique=True)

    participations: Mapped[list[Participation]] = relationship(back_populates="person")

    def __repr__(self) -> str:
        return f"<Person {self.name!r}>"


class Role(enum.Enum):
    moderator = "moderator"
    speaker = "speaker"
    participant = "participant"
    rapporteur = "rapporteur"
    guest = "guest"


class Attendance(enum.Enum):
    invited = "invited"
    attended = "attended"
    absent = "absent"
    excused = "excused"


class Participation(Versioned, db.Model):
    """A person in one session, with the position and organisation they held then."""

    __tablename__ = "participation"
    __table_args__ = (sa.UniqueConstraint("session_id", "person_id", name="uq_participation_session_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("forum_session.id", ondelete="CASCADE"), index=True)
    #: a person who took part in a session cannot be deleted: old minutes name them
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "participation_role"), default=Role.participant)
    attendance: Mapped[Attendance] = mapped_column(
        enum_column(Attendance, "attendance"), default=Attendance.attended
    )
    #: the position as it was at this session; people change jobs, old minutes must not
    position: Mapped[str] = mapped_column(sa.String(300), default="")
    #: the organisation as it was at this session
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )

    session: Mapped[ForumSession] = relationship(back_populates="participations")
    person: Mapped[Person] = relationship(back_populates="participations")
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def affiliation(self) -> str:
        """"Director of the Department …, Ministry of Economic Development of Russia"."""
        return ", ".join(part for part in (self.position, self.organisation and self.organisation.name) if part)

    def __repr__(self) -> str:
        return f"<Participation {self.person_id} in {self.session_id} as {self.role.value}>"


class ParticipantGroup(Versioned, db.Model):
    """Who took part without names: "state offices", "business"."""

    __tablename__ = "participant_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("forum_session.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(300))

    session: Mapped[ForumSession] = relationship(back_populates="groups")
