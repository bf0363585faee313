"""Accounts and their roles."""
from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from eventsite.models.base import Versioned, db, enum_column, UTCDateTime

if TYPE_CHECKING:
    from eventsite.models.people import Person


def hash_password(password: str) -> str:
    """werkzeug's salted hash, by the configured PASSWORD_HASH_METHOD or werkzeug's default."""
    method = current_app.config.get("PASSWORD_HASH_METHOD")
    return generate_password_hash(password, method) if method else generate_password_hash(password)


def new_session_token() -> str:
    """A fresh User.session_token: 256 random bits."""
    return secrets.token_urlsafe(32)


class UserRole(enum.Enum):
    participant = "participant"
    press = "press"
    organiser = "organiser"
    admin = "admin"


class User(UserMixin, Versioned, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(200), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(300))
    role: Mapped[UserRole] = mapped_column(enum_column(UserRole, "user_role"))
    #: the person a participant is; their restricted sessions are the ones this person took part in
    person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL"), unique=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    #: the interface language the user chose ("en", "ru"); None: the switch or the browser decides
    language: Mapped[str | None] = mapped_column(sa.String(8))
    #: e-mail notifications (minutes, corrections, actions, reminders); the link in every mail turns them off
    notifications: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: part of the login cookie and checked on every request: a new one logs the account out in every
    #: browser (logout, a new password)
    session_token: Mapped[str] = mapped_column(sa.String(64), default=new_session_token)

    person: Mapped[Person | None] = relationship()

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)
        # whoever logged in with the old password is logged out
        self.session_token = new_session_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        # what flask-login keeps in the session cookie; load_user checks the token part
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:  # flask-login refuses inactive users
        return self.active

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"
