"""Personal API tokens and the secret calendar address: made, found and revoked here, for the
account page, the API and the calendar feed alike. The caller commits.

A secret is returned once, when it is made; afterwards only its hash exists.
"""
from __future__ import annotations

from datetime import timedelta

from eventsite.models import ApiToken, CalendarFeed, TokenScope, User, db
from eventsite.models.api import hash_secret, new_secret
from eventsite.models.base import utcnow

#: "last used" is written at most this often per token: a busy script must not write on every request
LAST_USED_STEP = timedelta(minutes=1)
#: the prefix of every API token, so a token pasted where it does not belong is recognisable
TOKEN_PREFIX = "evs_"


def create_api_token(user: User, name: str, scope: TokenScope) -> tuple[ApiToken, str]:
    """A new token for `user`: the row and the secret, which is shown once and never again."""
    secret = TOKEN_PREFIX + new_secret()
    token = ApiToken(user=user, name=name.strip(), scope=scope, token_hash=hash_secret(secret))
    db.session.add(token)
    db.session.flush()
    return token, secret


def api_tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.execute(
        db.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ).scalars())


def revoke_api_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()


def api_token_for(secret: str | None) -> ApiToken | None:
    """The live token whose secret this is, for an active account; None for anything else."""
    if not secret:
        return None
    token = db.session.execute(
        db.select(ApiToken).where(ApiToken.token_hash == hash_secret(secret))
    ).scalar_one_or_none()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    _touch(token)
    return token


def new_calendar_feed(user: User) -> str:
    """A new secret calendar address for `user` (the old one, if any, stops working): its token."""
    secret = new_secret()
    feed = calendar_feed_of(user)
    if feed is None:
        feed = CalendarFeed(user=user)
        db.session.add(feed)
    feed.token_hash = hash_secret(secret)
    feed.created_at = utcnow()
    feed.last_used_at = None
    db.session.flush()
    return secret


def calendar_feed_of(user: User) -> CalendarFeed | None:
    return db.session.execute(db.select(CalendarFeed).where(CalendarFeed.user_id == user.id)).scalar_one_or_none()


def revoke_calendar_feed(user: User) -> None:
    feed = calendar_feed_of(user)
    if feed is not None:
        db.session.delete(feed)
        db.session.flush()


def calendar_user_for(secret: str) -> User | None:
    """The active account whose calendar address carries `secret`; None for anything else."""
    feed = db.session.execute(
        db.select(CalendarFeed).where(CalendarFeed.token_hash == hash_secret(secret))
    ).scalar_one_or_none()
    if feed is None or not feed.user.is_active:
        return None
    _touch(feed)
    return feed.user


def _touch(row) -> None:
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_STEP:
        row.last_used_at = now
