"""The JSON API under /api/v1/: flask-smorest views on marshmallow schemas, its OpenAPI 3.1 document
made from them at /api/v1/openapi.json, and a page that reads that document at /api/v1/docs.

The API answers with the site's rules: visibility and rights from eventsite/permissions.py,
text by eventsite/text.py, changes by the organisers' domain functions (eventsite/organise/service.py,
eventsite/agenda/plan.py, eventsite/trash/service.py), the audit by its flush hook. Only a personal
token (eventsite/accounts/tokens.py) may change anything.

The document speaks its reader's language: every summary and description in it is a lazy string,
resolved when the document is served, in the language the site would answer in (the account's,
the switch's cookie, Accept-Language, else English: a program that asks nothing gets English).
Each language's document is made once per process and kept (docs.document_text).
"""
from __future__ import annotations

import http
import threading

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_smorest import Api, etag as fs_etag
from flask_smorest.spec import openapi_cli

from eventsite.api import docs, problems, schemas
from eventsite.i18n import current_language

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
        "info": {"description": _l(
            "Forums, sessions, their record, minutes and press releases, as JSON. Send a personal token from your "
            "account page as “Authorization: Bearer <token>”. Times sent without an offset are read in the "
            "forum's time zone. This document is in the language of Accept-Language (English or Russian), "
            "English by default.")},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{}, {"bearer": []}],
    },
}

#: what the answers flask-smorest documents by their bare HTTP phrase mean here
ANSWERS = {
    304: _l("Not changed: the ETag in If-None-Match is still current."),
    **problems.DETAILS,
}


class ProblemApi(Api):
    """flask-smorest's Api whose errors are problem documents, documented as such, and only under /api/;
    its document is served in the reader's language.

    Its OpenAPI document is written when it is first read (the document's page, openapi.json, the
    `flask openapi` commands), not when the app is made: flask-smorest writes it from the views'
    schemas as their blueprint is registered, four fifths of `create_app`'s time, which every app a
    process makes (each test, each command) would pay for a document most never read. The views are
    registered with the app at once; the document is the same either way, made in the same order.
    """

    ERROR_SCHEMA = problems.ProblemSchema

    def __init__(self, app=None, **kw):
        self._spec_kwargs_given: dict | None = None
        self._undocumented: list[tuple] = []
        self._writing = threading.Lock()
        self._spec = None
        super().__init__(app, **kw)

    @property
    def spec(self):
        if self._spec is None and self._spec_kwargs_given is not None:
            with self._writing:
                if self._spec is None:
                    self._write_document()
        return self._spec

    @spec.setter
    def spec(self, value):
        self._spec = value

    def _init_spec(self, **kwargs):
        self._spec_kwargs_given = kwargs
        # the one part of flask-smorest's _init_spec the app needs now: its commands
        self._app.cli.add_command(openapi_cli)

    def register_blueprint(self, blp, *, parameters=None, **options):
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undocumented.append((blp, name, parameters))

    def _write_document(self):
        """flask-smorest's spec, then each blueprint's views and tag, as its init_app and
        register_blueprint would have written them; self._spec is set by its first step."""
        super()._init_spec(**self._spec_kwargs_given)
        for blp, name, parameters in self._undocumented:
            blp.register_views_in_doc(self, self._app, self._spec, name=name, parameters=parameters)
            self._spec.tag({"name": name, "description": blp.description})

    def register_field(self, field, *args):
        # flask-smorest's, without asking for the document (which would write it now): a field given
        # before the document is written is registered when it is (its _init_spec reads self._fields)
        self._fields.append((field, *args))
        if self._spec is not None:
            self._register_field(field, *args)

    def _register_responses(self):
        # flask-smorest's, with the content type the errors are sent in (its own says application/json)
        for status in http.HTTPStatus:
            response = {"description": ANSWERS.get(status, status.phrase)}
            if not (100 <= status < 200) and status not in (204, 304):
                response["content"] = {problems.PROBLEM_JSON: {"schema": self.ERROR_SCHEMA}}
            self._spec.components.response(status.name, response, lazy=True)
        self._spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, {
            "description": _l("An error, as an RFC 9457 problem document"),
            "content": {problems.PROBLEM_JSON: {"schema": self.ERROR_SCHEMA}},
        }, lazy=True)

    def _register_etag_headers(self):
        self._spec.components.parameter("IF_NONE_MATCH", "header", {
            **fs_etag.IF_NONE_MATCH_HEADER, "description": _l("The ETag you hold: 304 while it is current")},
            lazy=True)
        self._spec.components.parameter("IF_MATCH", "header", {
            **fs_etag.IF_MATCH_HEADER,
            "description": _l("The ETag of the version you read: 412 if it changed since, 428 if it is missing")},
            lazy=True)
        self._spec.components.header("ETAG", {
            **fs_etag.ETAG_HEADER,
            "description": _l("The version of what is sent; a change sends it back in If-Match")},
            lazy=True)

    def _register_error_handlers(self):
        # the site's own pages keep their error pages: eventsite/errors.py sends API addresses here
        pass

    def _openapi_json(self):
        return current_app.response_class(docs.document_text(), mimetype="application/json",
                                          headers={"Content-Language": current_language(),
                                                   "Vary": "Accept-Language, Cookie"})


def init_app(app: Flask) -> None:
    for name, value in SETTINGS.items():
        app.config.setdefault(name, value)
    api = ProblemApi(app)
    # documented as what it accepts: an RFC 3339 date-time, or the forum's local time without an offset
    api.register_field(schemas.LocalDateTime, "string", None)
    from eventsite.api.views import bp
    from eventsite.extensions import csrf

    # a write needs a bearer token, never the session cookie (eventsite/api/auth.py), so a page
    # on another site cannot make a logged-in browser change anything: no CSRF token to ask for
    csrf.exempt(bp)
    api.register_blueprint(bp)
    app.register_blueprint(docs.bp)
    app.extensions["eventsite-api"] = api
