"""Error pages a person can read."""
from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from eventsite.models import db

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Not allowed", "Your account may see this but not change it."),
    404: ("Not found", "There is nothing here, or you may not see it."),
    409: ("Changed meanwhile", "Someone else changed this while you were editing."),
    413: ("Too large", "The file you sent is larger than the site accepts."),
    500: ("Something went wrong", "The error has been logged. Nothing you typed has been saved twice."),
}


def _page(code: int, detail: str | None = None):
    title, text = MESSAGES.get(code, ("Error", "Something went wrong."))
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def _server_error(e):
    # the request's transaction may be the thing that failed; the page itself must still render
    db.session.rollback()
    return _page(500)


def init_app(app: Flask) -> None:
    for code in MESSAGES:
        if code != 500:
            app.register_error_handler(code, lambda e, code=code: _page(code))
    app.register_error_handler(500, _server_error)

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return _page(400, "The form had expired or did not come from this site. Go back, reload the page and try again; "
                          "what you typed is still in the form when you go back.")
