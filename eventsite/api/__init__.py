"""The JSON API under /api/v1/: flask-smorest views on marshmallow schemas, its OpenAPI 3.1 document
made from them at /api/v1/openapi.json, and a page that reads that document at /api/v1/docs.

The API answers with the site's rules: visibility and rights from eventsite/permissions.py,
text by eventsite/text.py, changes by the organisers' domain functions (eventsite/organise/service.py),
the audit by its flush hook. Only a personal token (eventsite/accounts/tokens.py) may change anything.
"""
from __future__ import annotations

import http

from flask import Flask
from flask_smorest import Api

from eventsite.api import docs, problems

API_VERSION = "1"

#: flask-smorest's settings: the document, where it is served, no bundled documentation UI (ours is
#: a page of our own, under the site's Content-Security-Policy)
SETTINGS = {
    "API_TITLE": "eventsite",
    "API_VERSION": API_VERSION,
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {"description": "Forums, sessions, their record, minutes and press releases, as JSON. "
                                "Send a personal token from your account page as “Authorization: Bearer <token>”."},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{}, {"bearer": []}],
    },
}


class ProblemApi(Api):
    """flask-smorest's Api whose errors are problem documents, documented as such, and only under /api/."""

    ERROR_SCHEMA = problems.ProblemSchema

    def _register_responses(self):
        # flask-smorest's, with the content type the errors are sent in (its own says application/json)
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["content"] = {problems.PROBLEM_JSON: {"schema": self.ERROR_SCHEMA}}
            self.spec.components.response(status.name, response, lazy=True)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, {
            "description": "An error, as an RFC 9457 problem document",
            "content": {problems.PROBLEM_JSON: {"schema": self.ERROR_SCHEMA}},
        }, lazy=True)

    def _register_error_handlers(self):
        # the site's own pages keep their error pages: eventsite/errors.py sends API addresses here
        pass


def init_app(app: Flask) -> None:
    for name, value in SETTINGS.items():
        app.config.setdefault(name, value)
    api = ProblemApi(app)
    from eventsite.api.views import bp
    from eventsite.extensions import csrf

    # a write needs a bearer token, never the session cookie (eventsite/api/auth.py), so a page
    # on another site cannot make a logged-in browser change anything: no CSRF token to ask for
    csrf.exempt(bp)
    api.register_blueprint(bp)
    app.register_blueprint(docs.bp)
    app.extensions["eventsite-api"] = api
