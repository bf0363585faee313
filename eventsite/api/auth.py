"""Who calls the API: the owner of a bearer token, or — for reading only — the browser's session.

A request with `Authorization: Bearer <token>` acts as the token's owner, whatever cookie it
carries. A write needs such a token with the read-write scope: the session cookie never changes
anything through the API, so a page on another site cannot use a logged-in browser to write, and
the API needs no CSRF token. Reads without a token see what the session (or nobody) may see.
"""
from __future__ import annotations

from flask import g, request
from flask_babel import gettext
from flask_login import AnonymousUserMixin, current_user

from eventsite.accounts.tokens import api_token_for
from eventsite.api.problems import refuse
from eventsite.models import db
from eventsite.permissions import can_edit_records

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CHALLENGE = 'Bearer realm="eventsite"'


def authenticate() -> None:
    """Before every API view: take the caller from the bearer token, or leave the session's for a read."""
    header = request.headers.get("Authorization")
    g.api_token = None
    if header is None:
        if request.method not in SAFE_METHODS:
            # Flask-Login's current user for this request: nobody, whatever the cookie says
            g._login_user = AnonymousUserMixin()
        return
    scheme, _, secret = header.partition(" ")
    token = api_token_for(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        refuse(401, gettext("This API token is not valid: it was revoked, mistyped, or its account is "
                            "disabled."), headers={"WWW-Authenticate": CHALLENGE + ', error="invalid_token"'})
    g.api_token = token
    g._login_user = token.user
    # "last used" is bookkeeping of the token, kept even when the request itself changes nothing
    db.session.commit()


def require_writer() -> None:
    """A change to the record: a read-write token of an organiser or admin (401 or 403 otherwise)."""
    token = g.get("api_token")
    if token is None:
        refuse(401, gettext("Changes through the API need a personal API token with the read-write scope, "
                            "sent as “Authorization: Bearer <token>”."), headers={"WWW-Authenticate": CHALLENGE})
    if not token.may_write:
        refuse(403, gettext("This token may only read. Create a read-write token on your account page."),
               headers={"WWW-Authenticate": CHALLENGE + ', error="insufficient_scope"'})
    if not can_edit_records(current_user):
        refuse(403)
