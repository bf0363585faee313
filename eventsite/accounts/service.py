"""Creating and changing accounts."""
from __future__ import annotations

import functools
import secrets
import sys

import sqlalchemy as sa
from flask import Flask, current_app
from flask_babel import gettext
from werkzeug.security import check_password_hash

from eventsite.accounts.passwords import check_new_password
from eventsite.accounts.sessions import record_session_change
from eventsite.emails import check_email, normalise_email
from eventsite.models import Person, User, UserRole, db
from eventsite.models.user import hash_password, new_session_token

FIRST_ADMIN_EMAIL = "admin@localhost"


class AccountError(ValueError):
    """A change to an account refused, with a message for the person and the form field it is about."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


@functools.cache
def _dummy_hash(method: str | None) -> str:
    # compared against when the email is unknown, so a wrong email takes as long as a wrong password;
    # one per hash method, as a hash of another method would take another time
    return hash_password("no account has this password")


def check_login(email: str, password: str) -> User | None:
    """The active account with this email and password, or None without saying which part was wrong."""
    user = find_user(email)
    if user is None:
        check_password_hash(_dummy_hash(current_app.config.get("PASSWORD_HASH_METHOD")), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def person_link_error(person_id: int | None, user: User | None = None) -> str | None:
    """Why an account cannot be linked to this person, or None if it can (one account per person)."""
    if not person_id:
        return None
    person = db.session.get(Person, person_id)
    if person is None:
        return gettext("There is no such person; choose one from the list.")
    other = db.session.execute(db.select(User).filter_by(person_id=person_id)).scalar_one_or_none()
    if other is not None and (user is None or other.id != user.id):
        return gettext("%(name)s is already linked to the account %(email)s.", name=person.name, email=other.email)
    return None


def change_password(user: User, current_password: str, new_password: str) -> None:
    """The user's own change of password; every other session of theirs ends."""
    if not user.check_password(current_password):
        raise AccountError(gettext("This is not your current password."), "current_password")
    if new_password == current_password:
        raise AccountError(gettext("The new password is the one you have; choose another."), "new_password")
    try:
        check_new_password(new_password, email=user.email, name=user.name)
    except ValueError as exc:
        raise AccountError(str(exc), "new_password") from None
    record_session_change(user, password_hash=hash_password(new_password), session_token=new_session_token())


def find_user(email: str) -> User | None:
    return db.session.execute(db.select(User).filter_by(email=normalise_email(email))).scalar_one_or_none()


def create_user(email: str, role: UserRole | str, password: str, name: str = "", person=None) -> User:
    try:
        email = check_email(email)
    except ValueError as exc:
        raise AccountError(str(exc), "email") from None
    if find_user(email) is not None:
        raise AccountError(gettext("An account for %(email)s already exists.", email=email), "email")
    try:
        check_new_password(password, email=email, name=name)
    except ValueError as exc:
        raise AccountError(str(exc), "password") from None
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
            gettext("eventsite: created the first admin account %(email)s with password %(password)s",
                    email=FIRST_ADMIN_EMAIL, password=password),
            gettext("eventsite: this password is shown once; change it after logging in."),
            sep="\n", file=sys.stderr,
        )
