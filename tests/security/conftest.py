"""Fixtures of the security suite: one app per test module, shared by its many requests, and visitors
that record a server error as an answer instead of raising it.

The suite makes thousands of requests; building an app (and compiling its templates) for each test
would cost more than the requests themselves. A module's tests therefore share one app and one
database, each round of a test working in records of its own. No application context stays pushed
between requests, so each request gets a fresh `g`, as in production.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass

import pytest
from flask import Flask, got_request_exception

from conftest import PASSWORD, Factory, _config
from eventsite import create_app
from eventsite.models import Person, db

TEXT_TYPES = ("text/", "application/json", "application/atom+xml", "application/xml")


@dataclass
class Answer:
    """What a request got: the status, the body, and the exception behind a server error."""

    method: str
    path: str
    status: int
    data: bytes
    content_type: str
    location: str | None = None
    #: the exception the app logged or raised, for a server error
    error: str | None = None

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")

    @property
    def server_error(self) -> bool:
        return self.status >= 500

    def describe(self) -> str:
        cause = f" ({self.error})" if self.error else ""
        return f"{self.method} {self.path[:80]} → {self.status}{cause}"


class Visitor:
    """A test client, logged in as `email` or anonymous, whose requests never raise."""

    def __init__(self, app: Flask, email: str | None = None):
        self.app = app
        self.client = app.test_client()
        if email is not None:
            answer = self.post("/login", data={"email": email, "password": PASSWORD})
            assert answer.status == 302, f"could not log in as {email}: {answer.describe()}"

    def open(self, method: str, path: str, **kw) -> Answer:
        errors = self.app.extensions["security-suite-errors"]
        errors.clear()
        try:
            response = self.client.open(path, method=method, **kw)
        except Exception as exc:  # the error page itself failed: the reader got nothing
            cause = errors[0] if errors else root_cause(exc)
            return Answer(method, path, 500, b"", "", error=f"{cause}; then the error page failed")
        content_type = response.headers.get("Content-Type", "")
        data = response.get_data() if content_type.startswith(TEXT_TYPES) or response.status_code >= 500 else b""
        if content_type.startswith("application/pdf"):
            data = response.get_data()
        error = errors[0] if errors else None
        return Answer(method, path, response.status_code, data, content_type, response.headers.get("Location"),
                      error)

    def get(self, path: str, **kw) -> Answer:
        return self.open("GET", path, **kw)

    def post(self, path: str, **kw) -> Answer:
        return self.open("POST", path, **kw)


def root_cause(exception: BaseException) -> str:
    """The innermost exception behind `exception` (SQLAlchemy wraps the driver's), on one line."""
    inner, seen = exception, set()
    while id(inner) not in seen:
        seen.add(id(inner))
        following = getattr(inner, "orig", None) or inner.__cause__ or (
            None if inner.__suppress_context__ else inner.__context__)
        if not isinstance(following, BaseException):
            break
        inner = following
    text = str(inner).splitlines()[0] if str(inner) else ""
    return f"{type(inner).__name__}: {text[:160]}"


def build_app(migrated_db, folder, monkeypatch, **extra) -> Flask:
    """An app on a copy of the migrated database; server errors are answered, not raised."""
    monkeypatch.setenv("EVENTSITE_INSTANCE_PATH", str(folder / "instance"))
    database = folder / "eventsite.sqlite"
    shutil.copy(migrated_db, database)
    # TESTING would re-raise a view's exception in the test; the suite wants the answer a reader gets
    app = create_app(_config(folder, str(database), PROPAGATE_EXCEPTIONS=False, **extra))
    errors: list[str] = []
    app.extensions["security-suite-errors"] = errors

    def record(sender, exception, **kw):
        errors.append(root_cause(exception))

    got_request_exception.connect(record, app, weak=False)
    return app


@pytest.fixture(scope="module")
def module_config() -> dict:
    """Extra configuration for the module's app; override in a test module to change it."""
    return {}


@pytest.fixture(scope="module")
def module_app(migrated_db, tmp_path_factory, module_config):
    with pytest.MonkeyPatch.context() as monkeypatch:
        app = build_app(migrated_db, tmp_path_factory.mktemp("security"), monkeypatch, **module_config)
    yield app
    with app.app_context():
        db.engine.dispose()


class Accounts:
    """One account per role in the module's app, and a visitor for each."""

    ROLES = ("participant", "press", "organiser", "admin")

    def __init__(self, app: Flask):
        self.app = app
        with app.app_context():
            make = Factory()
            self.person_id = make.person(name="Participant Person").id
            self.ids = {}
            for role in self.ROLES:
                person = db.session.get(Person, self.person_id) if role == "participant" else None
                self.ids[role] = make.user(role, email=f"{role}@example.org", person=person).id
            db.session.commit()
        self.visitors = {role: Visitor(app, f"{role}@example.org") for role in self.ROLES}
        self.visitors["anonymous"] = Visitor(app)

    def __getitem__(self, role: str) -> Visitor:
        return self.visitors[role]


@pytest.fixture(scope="module")
def accounts(module_app) -> Accounts:
    return Accounts(module_app)
