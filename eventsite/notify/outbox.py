"""When mail goes out: after the commit of the change it tells of, and never at that change's expense.

A domain function that makes news (minutes published, a request answered, an action assigned) calls
`announce(kind, id=...)`; the notice waits in the database session until that transaction commits, and
is dropped if it rolls back, so no one is told of a step that did not happen. Committed notices leave
by `dispatch()` at the end of the request (or of a command): each is a job (eventsite.jobs), `deliver`,
the one function that composes and sends a notice. With a queue configured the worker runs it, and an
SMTP server that fails it is tried again later (`MAIL_RETRY_SECONDS`, RQ's Retry); without one it runs
here and now, as before. Either way a failure is logged and goes no further: the step that made the
news is committed and done.
"""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field

from flask import current_app, has_request_context
from rq import Retry
from sqlalchemy import event
from sqlalchemy.orm import Session

from eventsite import jobs
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


def dispatch() -> None:
    """Send every committed notice: one mail job per notice, on the queue or here and now."""
    from eventsite.notify.sending import mail_enabled

    ready = db.session.info.pop(_READY, [])
    if not ready or not mail_enabled():
        return
    delays = list(current_app.config["MAIL_RETRY_SECONDS"])
    for notice in ready:
        try:
            jobs.enqueue(deliver, notice.kind, notice.ids, job_id=f"mail-{notice.kind}-{uuid.uuid4().hex}",
                         retry=Retry(max=len(delays), interval=delays) if delays else None)
        except Exception:
            # here and now: the SMTP server failed it (a queued job is tried again by the worker instead)
            log.exception("could not send the %s notice %s", notice.kind, notice.ids)


def send_notice(notice: Notice) -> int:
    """Compose and send one notice here and now; the number of mails sent. Never raises: the change it
    tells of is committed already, and a mail server that is down must not turn it into an error page."""
    from eventsite.notify.sending import mail_enabled

    if not mail_enabled():
        return 0
    try:
        return deliver(notice.kind, notice.ids)
    except Exception:
        log.exception("could not send the %s notice %s", notice.kind, notice.ids)
        return 0


def deliver(kind: str, ids: dict) -> int:
    """The mail job: compose the notice for each recipient and send it; the number sent. Raises when the
    SMTP server fails, so that the queue tries again later."""
    from eventsite.notify.messages import COMPOSERS
    from eventsite.notify.sending import send_messages

    try:
        with _request_context():
            return send_messages(COMPOSERS[kind](**ids))
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
