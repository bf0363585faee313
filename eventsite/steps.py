"""How a view answers a step in a document's life (eventsite.lifecycle), the same for minutes and press.

- done: the change is committed, a flash says so, the browser goes back to the document;
- already done (a second click, a repeated request): nothing changes, a flash says it was
  already so, the browser goes back: a success, not an error;
- refused (WorkflowError): 409, a page with the reason and a link back; nothing changes;
- raced (someone changed the document between this page and this click, or between our
  read and our commit): 409, a page saying so and a link back; nothing changes.
"""
from __future__ import annotations

from typing import Callable

from flask import flash, redirect, render_template
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from eventsite.lifecycle import WorkflowError
from eventsite.models import db

#: by `document_kind`; a whole sentence for each, as Russian agrees every word with the document
RACED = {
    "minutes": _l("Someone else changed these minutes at the same time; nothing was done. "
                  "Look at them again and repeat your step if it is still needed."),
    "press_release": _l("Someone else changed this press release at the same time; nothing was done. "
                        "Look at it again and repeat your step if it is still needed."),
    "correction_request": _l("Someone else changed this correction request at the same time; nothing was done. "
                             "Look at it again and repeat your step if it is still needed."),
}


def refusal(message: str, back: str, status: int = 409, title: str | None = None):
    """The page that says why a step was not taken, with the way back."""
    return render_template("errors/error.html", code=status, title=title or gettext("Not done"), text=message,
                           back=back), status


def raced(document, back: str):
    return refusal(str(RACED[document.document_kind]), back)


def answer_step(document, step: Callable[[], object], *, done: str | Callable[[object], str], already: str,
                back: str, version: int | None = None):
    """Take `step` on `document` and answer as above. `step` returns None (or False) when the document
    was already where the step leads. `done` is the message, or makes it from the document once the
    step is committed (to name the revision it kept). `version` is the document's version the user's
    page showed."""
    seen = document.version
    try:
        result = step()
    except WorkflowError as exc:
        db.session.rollback()
        return refusal(str(exc), back)
    except (StaleDataError, IntegrityError):
        # a flush inside the step met the other request's change
        db.session.rollback()
        return raced(document, back)
    if result is None or result is False:
        db.session.rollback()
        flash(already, "info")
        return redirect(back)
    if version is not None and version != seen:
        db.session.rollback()
        return raced(document, back)
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        return raced(document, back)
    flash(done(document) if callable(done) else done, "success")
    return redirect(back)
