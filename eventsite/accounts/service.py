"""Creating and changing accounts."""
from __future__ import annotations

import secrets
import sys

import sqlalchemy as sa
from flask import Flask

from eventsite.models import User, UserRole, db

FIRST_ADMIN_EMAIL = "admin@localhost"


class AccountError(ValueError):
    pass


def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.execute(db.select(User).filter_by(email=normalise_email(email))).scalar_one_or_none()


def create_user(email: str, role: UserRole | str, password: str, name: str = "", person=None) -> User:
    email = normalise_email(email)
    if "@" not in email:
        raise AccountError(f"{email!r} is not an email address")
    if find_user(email) is not None:
        raise AccountError(f"an account for {email} already exists")
    if len(password) < 8:
        raise AccountError("the password must have at least 8 characters")
    user = User(email=email, role=UserRole(role), name=name, person=person)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def ensure_first_admin(app: Flask) -> None:
    """On first start with no users, create an admin and print its password once."""
    with app.app_context():
        if not sa.inspect(db.engine).has_table(User.__tablename__):
            return  # before `db upgrade`
        if db.session.execute(db.select(sa.func.count(User.id))).scalar_one():
            return
        password = generate_password()
        try:
            create_user(FIRST_ADMIN_EMAIL, UserRole.admin, password, name="Administrator")
            db.session.commit()
        except sa.exc.IntegrityError:
            db.session.rollback()  # another worker made it first
            return
        print(
            f"eventsite: created the first admin account {FIRST_ADMIN_EMAIL} with password {password}\n"
            "eventsite: this password is shown once; change it after logging in.",
            file=sys.stderr,
        )
