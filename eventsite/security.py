"""Response headers that make the browser refuse what the site never does.

The templates have no inline script, no on* handlers and no style attributes,
so the Content-Security-Policy can forbid all three: even if some text slipped
past the Markdown sanitiser, the browser would not run or style it.
"""
from __future__ import annotations

from flask import Flask, Response

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


def set_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        # a view that needs something else (an embeddable page) sets its own
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    app.after_request(set_security_headers)
