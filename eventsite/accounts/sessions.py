"""Who is logged in: the session cookie names an account and its session token, checked on every request.

A new token (logging out, a new password) ends every session that carried the old one, in every
browser, even where a copy of the cookie was kept.
"""
from __future__ import annotations

import hmac

from flask import current_app, g, session
from flask_login import login_user

from eventsite.models import User, db
from eventsite.models.base import utcnow
from eventsite.models.user import new_session_token


def load_user(cookie_id: str) -> User | None:
    """The user a session cookie names (User.get_id), if its session token is still the account's."""
    user_id, _, token = cookie_id.partition(":")
    if not user_id.isdigit() or not token:
        return None  # a cookie from before session tokens
    user = db.session.get(User, int(user_id))
    # a deactivated account is logged out at its next request, not only at its next login
    if user is None or not user.active or not hmac.compare_digest(user.session_token, token):
        return None
    return user


def start_session(user: User) -> None:
    """Log `user` in in this browser."""
    login_user(user)
    # a CSRF token seen before logging in (by whoever shared the browser, or planted) is not carried over;
    # Flask-WTF makes a new one for the next form
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    session.pop(field, None)
    g.pop(field, None)
    record_session_change(user, last_login_at=utcnow())


def end_sessions(user: User) -> None:
    """Log `user` out in every browser."""
    record_session_change(user, session_token=new_session_token())


def record_session_change(user: User, **values) -> None:
    """Write logging in and out, and a new password of one's own, to the account.

    This is no edit of the account: it bypasses the version check, so it neither makes an admin's open
    form of the account stale nor fails when two clicks race (the later one wins).
    """
    db.session.execute(db.update(User).where(User.id == user.id).values(**values))
