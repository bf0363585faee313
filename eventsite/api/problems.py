"""Errors of the API as RFC 9457 problem documents (`application/problem+json`).

Every error under /api/ is one of these, whoever raised it: the API's own views, webargs refusing
a body (422, with the fields in error), the site's 404 for what the caller may not see, a stale
`If-Match` (412), a missing one (428). The `errors` member names each field in error by a JSON
pointer into the request body (or query) and says what is wrong in the caller's language.
"""
from __future__ import annotations

import marshmallow as ma
from flask import current_app, json, request
from flask_babel import gettext, lazy_gettext as _l
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

#: the path every address of the API starts with
API_PREFIX = "/api/"
PROBLEM_JSON = "application/problem+json"

#: what each status means to a caller of the API, read in the caller's language
DETAILS = {
    400: _l("The request could not be understood."),
    401: _l("Send a valid API token as “Authorization: Bearer <token>”."),
    403: _l("Your token or account may see this but not change it."),
    404: _l("There is nothing here, or you may not see it."),
    405: _l("This address does not accept that method."),
    412: _l("The resource changed since you read it: read it again, then send its new ETag in If-Match."),
    415: _l("Send the body as application/json."),
    422: _l("Some fields were refused; see errors."),
    428: _l("Send the resource's ETag in If-Match: changes are made only to the version you read."),
    500: _l("Something went wrong. The error has been logged."),
}


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


class FieldErrorSchema(ma.Schema):
    pointer = ma.fields.String(required=True, metadata={"description": "JSON pointer to the field, e.g. /title"})
    field = ma.fields.String(required=True, metadata={"description": "The field's name, e.g. key_dates.0.date"})
    detail = ma.fields.String(required=True)


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details; `errors` lists the fields in error."""

    type = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String()
    instance = ma.fields.String()
    errors = ma.fields.List(ma.fields.Nested(FieldErrorSchema))


def field_errors(messages, path: tuple = ()) -> list[dict]:
    """Marshmallow's nested messages ({"json": {"title": ["…"]}}) as a flat list of fields in error."""
    found = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            # webargs puts the location (json, query, headers) first; it is not part of the field's name
            inner = path if not path and key in ("json", "query", "headers", "form") else (*path, str(key))
            found += field_errors(value, inner)
    elif isinstance(messages, (list, tuple)):
        if all(isinstance(m, str) for m in messages):
            name = ".".join(path) or "_schema"
            found += [{"pointer": "/" + "/".join(path), "field": name, "detail": str(m)} for m in messages]
        else:
            for item in messages:
                found += field_errors(item, path)
    elif messages is not None:
        found.append({"pointer": "/" + "/".join(path), "field": ".".join(path) or "_schema", "detail": str(messages)})
    return found


def problem(status: int, detail: str | None = None, errors: list[dict] | None = None, headers: dict | None = None):
    body = {
        "type": "about:blank",
        "title": HTTP_STATUS_CODES.get(status, "Error"),
        "status": status,
        "detail": str(detail or DETAILS.get(status) or HTTP_STATUS_CODES.get(status, "")),
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    response = current_app.response_class(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_exception(error: HTTPException):
    """The problem document of an HTTP error raised anywhere while answering an API request."""
    data = getattr(error, "data", None) or {}
    messages = data.get("errors") or data.get("messages")
    headers = dict(data.get("headers") or {})
    if error.code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    if error.code == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="eventsite"')
    return problem(error.code or 500, data.get("message"), field_errors(messages) if messages else None, headers)


def refuse(status: int, detail: str | None = None, errors: list[dict] | None = None, headers: dict | None = None):
    """Stop the request with a problem document (for the API's own refusals)."""
    from flask import abort

    abort(problem(status, detail, errors, headers))


def at_field(name: str, detail: str) -> list[dict]:
    """One field in error, for a rule the domain checks (a slug taken, a speaker from another session)."""
    return [{"pointer": "/" + name.replace(".", "/"), "field": name, "detail": str(detail)}]


def server_error():
    return problem(500, gettext("Something went wrong. The error has been logged."))
