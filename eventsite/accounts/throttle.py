"""Guessing passwords is slowed down: wrong passwords are counted per account and per client address,
and past a limit the password is not even checked until the window (minutes) is over.

Only wrong passwords count, so however often the real owner logs in, they are never refused for it, and
one locked account does not lock out the others at the same address.
"""
from __future__ import annotations

import math
import time

from flask import current_app, g, request
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from flask_login import current_user

from eventsite.emails import MAX_LENGTH, normalise_email
from eventsite.extensions import limiter


def wrong_password() -> None:
    """Count this request against its account and its address (a view calls it when it refuses a password)."""
    g.wrong_password = True


def _counted(response) -> bool:
    return g.get("wrong_password", False)


def _account() -> str:
    email = request.form.get("email") or (current_user.email if current_user.is_authenticated else "")
    # a prefix keeps the key non-empty, which Flask-Limiter needs to apply the limit at all
    return "account:" + normalise_email(email)[:MAX_LENGTH]


_per_account = limiter.shared_limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], scope="password-account",
                                    key_func=_account, methods=["POST"], deduct_when=_counted)
_per_address = limiter.shared_limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], scope="password-address",
                                    key_func=get_remote_address, methods=["POST"], deduct_when=_counted)


def throttled(view):
    """The view checks a password: refuse its POSTs while either limit is spent (RateLimitExceeded, 429)."""
    return _per_account(_per_address(view))


def seconds_to_wait() -> int:
    """After RateLimitExceeded: how long until the spent limit allows a try again."""
    spent = limiter.current_limit
    if spent is None:
        return 60
    reset_time, _remaining = spent.window  # RequestLimit.reset_at rounds up a second more
    return max(1, math.ceil(reset_time - time.time()))


def too_many_message(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return ngettext("Too many wrong passwords. Try again in %(num)d minute.",
                    "Too many wrong passwords. Try again in %(num)d minutes.", minutes)
