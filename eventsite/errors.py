"""Error pages a person can read."""
from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from eventsite.api import problems
from eventsite.models import db

#: title and text of each page, read in the language of the request that gets it
MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Not allowed"), _l("Your account may see this but not change it.")),
    404: (_l("Not found"), _l("There is nothing here, or you may not see it.")),
    405: (_l("Not this way"), _l("This address does not take that kind of request: use the links and buttons of "
                                 "the site's pages.")),
    409: (_l("Changed meanwhile"), _l("Someone else changed this while you were editing.")),
    413: (_l("Too large"), _l("The file you sent is larger than the site accepts.")),
    500: (_l("Something went wrong"), _l("The error has been logged. Nothing you typed has been saved twice.")),
}
CSRF_EXPIRED = _l("The form had expired or did not come from this site. Go back, reload the page and try again; "
                  "what you typed is still in the form when you go back.")


def _page(code: int, detail: str | None = None, error: HTTPException | None = None):
    if problems.is_api_request():
        # a program asked: it gets a problem document (RFC 9457), not a page
        return problems.from_exception(error) if error is not None else problems.problem(code, detail)
    title, text = MESSAGES.get(code, (_l("Error"), _l("Something went wrong.")))
    return render_template("errors/error.html", code=code, title=str(title), text=str(detail or text)), code


def _server_error(e):
    # the request's transaction may be the thing that failed; the page itself must still render
    db.session.rollback()
    if problems.is_api_request():
        return problems.problem(500)
    return _page(500)


def _http_error(e: HTTPException):
    """Every HTTP error gets the site's page in the reader's language, not werkzeug's English one (a
    program asking under /api/ gets a problem document); a 405 keeps its Allow header."""
    if problems.is_api_request():
        return problems.from_exception(e)
    html, code = _page(e.code)
    return html, code, [(name, value) for name, value in e.get_headers() if name == "Allow"]


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(500, _server_error)

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return _page(400, CSRF_EXPIRED)
