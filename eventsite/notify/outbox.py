"""When mail goes out: after the commit of the change it tells of, and never at that change's expense.

A domain function that makes news (minutes published, a request answered, an action assigned) calls
`announce(kind, id=...)`; the notice waits in the database session until that transaction commits, and
is dropped if it rolls back, so no one is told of a step that did not happen. Committed notices are sent
by `dispatch()` at the end of the request (or of a command), each through `send_notice`, the one
function that composes and sends a notice: a failure there is logged and goes no further.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from flask import current_app, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from eventsite.models import db

log = logging.getLogger(__name__)

_WAITING = "notify_waiting"
_READY = "notify_ready"


@dataclass(frozen=True)
class Notice:
    """Plain data (a kind and row ids), so that a job queue can carry it."""

    kind: str
    ids: dict = field(default_factory=dict)


def announce(kind: str, **ids: int) -> None:
    """Tell the people concerned of `kind` once the current transaction commits."""
    db.session.info.setdefault(_WAITING, []).append(Notice(kind, ids))


def _committed(session: Session) -> None:
    waiting = session.info.pop(_WAITING, [])
    if waiting:
        session.info.setdefault(_READY, []).extend(waiting)


def _rolled_back(session: Session) -> None:
    session.info.pop(_WAITING, None)


def dispatch() -> int:
    """Send every committed notice; the number of mails sent."""
    ready = db.session.info.pop(_READY, [])
    return sum(send_notice(notice) for notice in ready)


def send_notice(notice: Notice) -> int:
    """Compose and send one notice; the number of mails sent. Never raises: the change it tells of is
    committed already, and a mail server that is down must not turn it into an error page."""
    from eventsite.notify.messages import COMPOSERS
    from eventsite.notify.sending import mail_enabled, send_messages

    if not mail_enabled():
        return 0
    try:
        with _request_context():
            return send_messages(COMPOSERS[notice.kind](**notice.ids))
    except Exception:
        log.exception("could not send the %s notice %s", notice.kind, notice.ids)
        return 0
    finally:
        # the reads made to compose it hold no transaction open afterwards
        db.session.rollback()


class _request_context:
    """Links in a mail are made from BASE_URL; url_for needs a request context, which a command lacks."""

    def __enter__(self):
        self._context = None
        if not has_request_context():
            self._context = current_app.test_request_context(base_url=current_app.config["BASE_URL"])
            self._context.__enter__()

    def __exit__(self, *exc):
        if self._context is not None:
            self._context.__exit__(*exc)


def init_app(app) -> None:
    if not event.contains(Session, "after_commit", _committed):
        event.listen(Session, "after_commit", _committed)
        event.listen(Session, "after_rollback", _rolled_back)

    @app.teardown_request
    def _send_committed(exc):
        if db.session.info.get(_READY):
            dispatch()
