"""Secrets a user gives to programs: personal API tokens and the address of their calendar feed.

Only a SHA-256 of each secret is kept: the secret itself is shown once, when it is made, and a
copy of the database gives nobody a working token. A secret has 256 random bits, so a plain,
unsalted hash is enough (there is nothing to guess, unlike a password).
"""
from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsite.models.base import UTCDateTime, db, enum_column, utcnow

if TYPE_CHECKING:
    from eventsite.models.user import User


def new_secret() -> str:
    """256 random bits, URL-safe: what a token or a feed address carries."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


class TokenScope(enum.Enum):
    #: may read what the user may read
    read = "read"
    #: may also change what the user may change
    read_write = "read_write"


class ApiToken(db.Model):
    """A personal token for the JSON API, sent as `Authorization: Bearer <token>`."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    #: what the user called it ("live capture laptop")
    name: Mapped[str] = mapped_column(sa.String(120))
    #: sha256 of the token, hex
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    scope: Mapped[TokenScope] = mapped_column(enum_column(TokenScope, "api_token_scope"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: set when the user revokes it; a revoked token is refused and kept only as a line in the list
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @property
    def may_write(self) -> bool:
        return self.scope is TokenScope.read_write


class CalendarFeed(db.Model):
    """A user's secret calendar address, /calendar/<token>.ics: one per user, replaced when regenerated."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    #: sha256 of the token in the address, hex
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
