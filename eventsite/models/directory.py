"""How one forum's bundle names its people and organisations: each one's key and place in its list.

People and organisations are shared by every forum, but a bundle names them by keys of its own
("krasnova", "minec") and lists them in an order of its own; two forums imported from two systems may
key the same person differently. So the key and the place belong to the pair (forum, person) or
(forum, organisation), kept here, and export writes them back as they were imported.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsite.models.base import db

if TYPE_CHECKING:
    from eventsite.models.forum import Forum
    from eventsite.models.people import Organisation, Person


class DirectoryEntry(db.Model):
    """A person or an organisation in a forum's bundle; bookkeeping of import and export, not audited."""

    __tablename__ = "directory_entry"
    __table_args__ = (
        sa.UniqueConstraint("forum_id", "key", name="uq_directory_entry_forum_key"),
        sa.UniqueConstraint("forum_id", "person_id", name="uq_directory_entry_forum_person"),
        sa.UniqueConstraint("forum_id", "organisation_id", name="uq_directory_entry_forum_organisation"),
        sa.CheckConstraint("(person_id IS NULL) <> (organisation_id IS NULL)", name="person_or_organisation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(sa.ForeignKey("forum.id", ondelete="CASCADE"), index=True)
    #: the bundle's key, unique within the forum's bundle
    key: Mapped[str] = mapped_column(sa.String(80))
    #: the place in the bundle's list of people (or of organisations), from 1
    position: Mapped[int]
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )

    forum: Mapped[Forum] = relationship()
    person: Mapped[Person | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
