"""Response headers that make the browser refuse what the site never does.

The templates have no inline script, no on* handlers and no style attributes,
so the Content-Security-Policy can forbid all three: even if some text slipped
past the Markdown sanitiser, the browser would not run or style it.
"""
from __future__ import annotations

from flask import Flask, Response, current_app
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    # for browsers that predate frame-ancestors
    "X-Frame-Options": "DENY",
}
#: sent when the site is served over HTTPS only (SESSION_COOKIE_SECURE): a year of HTTPS, no plain-HTTP first visit
STRICT_TRANSPORT_SECURITY = "max-age=31536000"


def set_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        # a view that needs something else (an embeddable page) sets its own
        response.headers.setdefault(name, value)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    if response.mimetype == "text/html" and current_user.is_authenticated:
        # a page made for a logged-in user may show what others may not see: no copy in the browser's
        # cache or any proxy's, where the back button or the next user of a shared computer would find it
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.after_request(set_security_headers)
