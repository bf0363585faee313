"""The unsubscribe link of each account: a signed token of its id, good without logging in."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from eventsite.models import User, db
from eventsite.urls import absolute_url

_SALT = "eventsite.notify.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(user: User) -> str:
    # the address is signed too: a token outlives nothing but the account it was made for
    return _serializer().dumps([user.id, user.email])


def unsubscribe_url(user: User) -> str:
    return absolute_url("notify.unsubscribe", token=unsubscribe_token(user))


def user_of(token: str) -> User | None:
    """The account a token was made for, or None for a token that is not ours or outlived its account."""
    try:
        user_id, email = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    return user if user is not None and user.email == email else None
