"""Background work: RQ on Redis when QUEUE_URL is set, else in this process, at once.

`enqueue(func, *args, job_id=...)` runs `func(*args)` now and returns None when no
queue is configured (one machine, the default: nothing else to start); with a queue it puts the
job on it, or finds the same job (`job_id`) still waiting or running, and returns its id. A page
that needs the job's result then sends the reader to `/jobs/<id>`, which shows the job's progress
(polled by static/js/job-status.js, refreshed by the page itself without JavaScript) and, once the
job is done, sends the reader back to the address that asked (`next`, a path of this site). So no web worker waits on a render.

Jobs are plain module-level functions (RQ names them by their dotted path) that read and write the
database themselves and report their steps with `progress()`. The worker is
`flask --app eventsite worker`: an RQ worker inside the application, one job after another in one
process, so the PDF renderer stays warm between jobs.
"""
from __future__ import annotations

from collections.abc import Callable

import click
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext, lazy_gettext as _l
from redis import Redis, RedisError
from rq import Queue, Retry, SimpleWorker, get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from eventsite.i18n import TranslatedOption
from eventsite.models import db
from eventsite.pdf import render

bp = Blueprint("jobs", __name__)

#: what the status page says of each step a job reports (the RQ status first, then our own steps)
STEPS = {
    "queued": _l("Waiting for a free worker…"),
    "started": _l("Started…"),
    "rendering": _l("Making the PDF…"),
    "reading": _l("Checking the bundle…"),
    "importing": _l("Importing the bundle…"),
    "storing": _l("Keeping the file…"),
    "finished": _l("Done."),
    "failed": _l("The job failed."),
}

#: what the page of a job says whose worker stopped in the middle of it
STOPPED = _l("The worker stopped in the middle of this job, so it was not finished.")

#: the heading of a job's page, by what the job makes
TITLES = {
    "file": _l("Preparing your file"),
    "import": _l("Importing a bundle"),
}

#: how long a finished job's status is kept, in seconds (long enough to be read, short enough to be forgotten)
RESULT_TTL = 600


def queue():
    """The RQ queue of this app, or None when jobs run in-process."""
    return current_app.extensions.get("eventsite.queue")


def enqueue(func: Callable, *args, job_id: str, retry: Retry | None = None, kind: str = "file") -> str | None:
    """Run `func(*args)`: now, returning None, when there is no queue; else on the queue, returning the id.

    `retry` (RQ's Retry): how often, and after how long, the worker tries a failed job again; `kind`
    (a key of TITLES): what the job's page says it makes."""
    q = queue()
    if q is not None:
        try:
            return _put(q, func, args, job_id, retry, kind)
        except RedisError:
            # the queue is down: the work is done here, slower, rather than not at all
            current_app.logger.exception("the queue at QUEUE_URL did not answer; running %s here", job_id)
    func(*args)
    return None


def _fetch(q: Queue, job_id: str) -> Job | None:
    """The job, or None. A job "started" by a worker that has died (killed, out of memory) is found out
    here: RQ's own cleanup of the started jobs fails each one whose worker stopped renewing it (its
    timeout and a minute past its start or last heartbeat), so nobody waits on it for ever and asking
    again makes a new one."""
    try:
        job = Job.fetch(job_id, connection=q.connection)
    except NoSuchJobError:
        return None
    if job.get_status(refresh=False) == JobStatus.STARTED:
        q.started_job_registry.cleanup()
        job.refresh()
    return job


def _put(q: Queue, func: Callable, args: tuple, job_id: str, retry: Retry | None, kind: str) -> str:
    existing = _fetch(q, job_id)
    if existing is not None and existing.get_status(refresh=False) in (
            JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED):
        return job_id
    q.enqueue(func, *args, job_id=job_id, result_ttl=RESULT_TTL, failure_ttl=RESULT_TTL,
              job_timeout=int(current_app.config["PDF_TIMEOUT"]) * 2 + 30,
              retry=retry, meta={"step": "queued", "kind": kind, "locale": str(get_locale() or "en")})
    return job_id


def progress(step: str, **meta) -> None:
    """Record the step the running job has reached (a key of STEPS); nothing outside a queued job."""
    job = get_current_job()
    if job is not None:
        job.meta.update(step=step, **meta)
        job.save_meta()


def report(title, lines: list[str]) -> None:
    """What the running job made, for its page to show once it is done: a heading and lines."""
    job = get_current_job()
    if job is not None:
        job.meta.update(report={"title": str(title), "lines": [str(line) for line in lines]})
        job.save_meta()


def failed(message, details: list[str] | tuple = ()) -> None:
    """Say why the running job fails (its page shows it, with `details`, one a line); the job then raises."""
    job = get_current_job()
    if job is not None:
        job.meta.update(error=str(message), details=[str(d) for d in details])
        job.save_meta()


def job_locale() -> str | None:
    """The language of the reader who asked for the running job: its messages are for them."""
    job = get_current_job()
    return job.meta.get("locale") if job is not None else None


def _status(job_id: str) -> dict:
    q = queue()
    if q is None:
        abort(404)
    job = _fetch(q, job_id)
    if job is None:
        abort(404)
    status = job.get_status(refresh=False).value
    if status == "failed" and not job.meta.get("error"):
        last = job.latest_result()
        if last is not None and "AbandonedJobError" in (last.exc_string or ""):
            job.meta["error"] = str(STOPPED)
    step = status if status in ("queued", "finished", "failed") else job.meta.get("step", status)
    position = job.get_position() if status == "queued" else None
    return {
        "id": job.id, "status": status, "step": step, "text": str(STEPS.get(step, STEPS["started"])),
        "position": position, "error": job.meta.get("error"), "details": job.meta.get("details", []),
        "title": str(TITLES.get(job.meta.get("kind"), TITLES["file"])), "report": job.meta.get("report"),
        "next": _next(),
        "done": status == "finished", "failed": status in ("failed", "stopped", "canceled"),
    }


def _next() -> str | None:
    """Where the reader goes once the job is done: a path of this site only (never another site)."""
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith("//") or parts.scheme or parts.netloc or "\\" in target:
        return None
    return target


@bp.get("/jobs/<job_id>.json")
def status_json(job_id: str):
    return jsonify(_status(job_id))


@bp.get("/jobs/<job_id>")
def status_page(job_id: str):
    status = _status(job_id)
    if status["done"] and status["next"]:
        return redirect(status["next"], 303)
    return render_template("jobs/status.html", job=status,
                           json_url=url_for("jobs.status_json", job_id=job_id, next=status["next"])), 200


def waiting_page(job_id: str):
    """The answer to a request whose result a job is making: the job's page, which comes back here."""
    here = request.full_path if request.query_string else request.path
    return redirect(url_for("jobs.status_page", job_id=job_id, next=here), 303)


@click.command("worker", help=_l("Run the background jobs of QUEUE_URL (PDF renders), one after another."))
@click.option("--burst", is_flag=True, help=_l("Run the jobs waiting now, then stop."), cls=TranslatedOption)
def worker_command(burst: bool) -> None:
    q = queue()
    if q is None:
        raise click.UsageError(gettext("QUEUE_URL is not set: without a queue, jobs run inside the site's own "
                                        "processes, and there is nothing for a worker to do."))

    class AppWorker(SimpleWorker):
        """Runs each job in this process, inside the app context the command runs in."""

        def perform_job(self, job, queue):
            try:
                return super().perform_job(job, queue)
            finally:
                # each job starts with a fresh database session and sees what others committed
                db.session.remove()

    # the renderer is imported and warmed once, here, not in the first job
    render.warm_up()
    db.engine.dispose()
    # the scheduler puts jobs to be tried again (a mail the SMTP server failed) back on the queue in time
    AppWorker([q], connection=q.connection).work(burst=burst, with_scheduler=True)


def init_app(app: Flask) -> None:
    url = app.config.get("QUEUE_URL")
    if url:
        app.extensions["eventsite.queue"] = Queue("eventsite", connection=Redis.from_url(url))
    app.register_blueprint(bp)
    app.cli.add_command(worker_command)
