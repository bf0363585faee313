"""Fixtures: an app on a migrated SQLite copy per test, a client, accounts of every role, and a factory."""
from __future__ import annotations

import functools
import os
import shutil
import sys
from datetime import date, datetime
from zoneinfo import ZoneInfo

# Where the environment asks Python to write no bytecode (PYTHONDONTWRITEBYTECODE), every xdist worker and
# every process the suite starts (the sites, the queue's workers, the `flask` command) compiled the project
# and the tests anew each time: collecting took 12.8 s a worker instead of 5.4. The suite writes it, as
# Python does by default, into the `__pycache__` folders git ignores. (Not to a cache of its own through
# PYTHONPYCACHEPREFIX: Python then reads bytecode from there only, and compiled every installed package
# again too, 56 s of CPU on a clean checkout.) Set before the project is imported, here and for the
# processes started.
if sys.dont_write_bytecode:
    sys.dont_write_bytecode = False
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

import pytest
from flask import Flask
from flask_migrate import upgrade
from jinja2 import BytecodeCache

from eventsite import create_app
from eventsite.models import (
    Attendance, DiscussionPoint, Forum, ForumSession, KeyDate, MonthPart, Organisation, Participation, Person,
    PointKind, Role, SessionKind, User, UserRole, Visibility, db,
)

PASSWORD = "correct-horse-42"
#: a fast hash: the default is slow on purpose, and the suite logs in hundreds of times
PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
ROLES = ["anonymous", "participant", "press", "organiser", "admin"]
NSK = ZoneInfo("Asia/Novosibirsk")


class _CompiledTemplates(BytecodeCache):
    """Each template compiled once per test process, not once per app.

    Every test makes its own app, and each app's Jinja environment would compile every template it
    renders from source again: more time than the test itself in most of the suite. The code kept
    is checked against the template's source (Jinja's checksum), so an edited template compiles anew.
    All the suite's apps are made by create_app, so they compile templates alike.
    """

    def __init__(self):
        self.code: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket) -> None:
        checksum, code = self.code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = (bucket.checksum, bucket.code)


# Flask builds each app's Jinja environment with these options: every app of the suite, the ones tests
# make themselves included
Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": _CompiledTemplates()}


def _config(tmp_path, database: str, **extra) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{database}",
        "PDF_CACHE_DIR": str(tmp_path / "pdf-cache"),
        "CREATE_FIRST_ADMIN": False,
        "PASSWORD_HASH_METHOD": PASSWORD_HASH_METHOD,
        # tests post forms directly; `csrf_app` turns protection back on to test it
        "WTF_CSRF_ENABLED": False,
        **extra,
    }


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """One database made by the migrations; each test gets a copy of it (or of `demo_db`, made from it)."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.sqlite"
    app = create_app(_config(folder, str(path)))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def demo_db(migrated_db, tmp_path_factory):
    """The migrated database with the packaged demo bundle imported: for tests about the demo's records,
    whose app is then made on a copy of it (they override `template_db`) rather than importing the
    bundle again in every test. The accounts `flask demo` makes are not in it."""
    from eventsite.bundles.demo import demo_bundle
    from eventsite.bundles.importer import import_bundle

    folder = tmp_path_factory.mktemp("demo-template")
    path = folder / "demo.sqlite"
    shutil.copy(migrated_db, path)
    app = create_app(_config(folder, str(path)))
    with app.app_context():
        import_bundle(demo_bundle())
        db.session.commit()
        db.engine.dispose()
    return path


@pytest.fixture
def template_db(migrated_db):
    """The database each test's app gets a copy of; a module may override it (with `demo_db`)."""
    return migrated_db


@pytest.fixture
def old_database(tmp_path, monkeypatch):
    """An app on an empty SQLite file, in its context, for a test that migrates it step by step:
    `upgrade(revision=…)`, rows written in SQL for that revision's tables (today's models may have columns
    they lack), then `upgrade()`."""
    monkeypatch.setenv("EVENTSITE_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(_config(tmp_path, str(tmp_path / "old.sqlite")))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


#: a forum (id 1) as the tables of every migration since 0001 hold it, for `old_database`; `:now` its times
OLD_FORUM = (
    "INSERT INTO forum (slug, name, title, city, country, starts_on, ends_on, timezone, language, about,"
    " press_contact_name, press_contact_email, press_contact_phone, version, created_at, updated_at)"
    " VALUES ('f', 'F', 'F', 'Novosibirsk', 'Russia', '2016-06-09', '2016-06-10', 'Asia/Novosibirsk', 'ru',"
    " '', '', '', '', 1, :now, :now)")


@pytest.fixture
def app_config(tmp_path):
    """Extra configuration for the `app` fixture; override in a test module to change it."""
    return {}


@pytest.fixture
def app(tmp_path, template_db, app_config, monkeypatch):
    monkeypatch.setenv("EVENTSITE_INSTANCE_PATH", str(tmp_path / "instance"))
    # commands print in the terminal's language (eventsite.i18n.command_language): the suite reads English
    # whatever the machine's locale, unless a test gives a command its own
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    database = tmp_path / "eventsite.sqlite"
    shutil.copy(template_db, database)
    app = create_app(_config(tmp_path, str(database), **app_config))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def csrf_app(app):
    """The same app with CSRF protection on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


#: the variables a command's language is read from (eventsite.i18n.command_language)
LOCALE = ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")


def terminal_environment(tmp_path, migrated_db, **env: str) -> dict[str, str]:
    """The environment of a terminal with none of the suite's settings, only what the test names, for a
    `flask` command on a copy of the migrated database in tmp_path (made at the first command)."""
    database = tmp_path / "eventsite.sqlite"
    if not database.exists():
        shutil.copy(migrated_db, database)
    environment = {name: value for name, value in os.environ.items()
                   if name not in LOCALE and name != "FLASK_RUN_FROM_CLI" and not name.startswith("EVENTSITE_")}
    environment.update(env, EVENTSITE_INSTANCE_PATH=str(tmp_path / "instance"),
                       EVENTSITE_DATABASE_URL=f"sqlite:///{database}")
    return environment


class FlaskCommand:
    """The `flask` command line run in the test's process: the same Click group the installed `flask`
    runs (flask.cli.cli), loading the app with `--app eventsite` from the environment it is given, as
    a command started in a terminal does. A process costs seconds (Python, the app's imports, create_app);
    this costs the app only. tests/test_i18n_commands.py keeps one real `flask` process, which proves
    the installed command does the same.

    What the command changes in the process is put back: the environment (LANGUAGE, which
    eventsite.i18n.speak_clicks_words sets, and FLASK_RUN_FROM_CLI, which Flask's group sets) and
    gettext's text domain (the catalog of Click's words).
    """

    def __init__(self, tmp_path, migrated_db):
        self.tmp_path, self.migrated_db = tmp_path, migrated_db

    def __call__(self, *args: str, **env: str):
        import gettext

        from click.testing import CliRunner
        from flask.cli import cli

        wanted = terminal_environment(self.tmp_path, self.migrated_db, **env)
        # CliRunner sets these over the process's own environment for the command: what is not wanted, unset
        environment = {**{name: None for name in os.environ if name not in wanted}, **wanted}
        domain = gettext.textdomain()
        try:
            return CliRunner().invoke(cli, ["--app", "eventsite", *args], env=environment, prog_name="flask")
        finally:
            gettext.textdomain(domain)


@pytest.fixture
def flask_command(tmp_path, migrated_db) -> FlaskCommand:
    return FlaskCommand(tmp_path, migrated_db)


@functools.cache
def _password_hash() -> str:
    # every test account shares one hash of PASSWORD
    from werkzeug.security import generate_password_hash

    return generate_password_hash(PASSWORD, PASSWORD_HASH_METHOD)


class Factory:
    """Makes records with sensible defaults; every argument can be overridden."""

    def __init__(self):
        self.count = 0

    def _n(self) -> int:
        self.count += 1
        return self.count

    def forum(self, **kw) -> Forum:
        n = self._n()
        values = dict(
            slug=f"forum-{n}", name=f"Forum {n}", title=f"The {n}th International Forum", city="Novosibirsk",
            country="Russia", starts_on=date(2016, 6, 9), ends_on=date(2016, 6, 10), timezone="Asia/Novosibirsk",
            language="en", about="About the forum.", press_contact_name="Forum Press Office",
            press_contact_email="press@example.org", press_contact_phone="+7 000 000-00-00",
        )
        values.update(kw)
        forum = Forum(**values)
        db.session.add(forum)
        db.session.flush()
        return forum

    def session(self, forum: Forum | None = None, **kw) -> ForumSession:
        n = self._n()
        values = dict(
            forum=forum or self.forum(), slug=f"session-{n}", kind=SessionKind.round_table, title=f"Session {n}",
            starts_at=datetime(2016, 6, 10, 14, 0, tzinfo=NSK), ends_at=datetime(2016, 6, 10, 16, 0, tzinfo=NSK),
            venue="Hall A", language="en", visibility=Visibility.public, summary="",
        )
        values.update(kw)
        session = ForumSession(**values)
        db.session.add(session)
        db.session.flush()
        return session

    def organisation(self, **kw) -> Organisation:
        n = self._n()
        org = Organisation(**{"name": f"Organisation {n}", **kw})
        db.session.add(org)
        db.session.flush()
        return org

    def person(self, **kw) -> Person:
        n = self._n()
        person = Person(**{"name": f"Person {n}", **kw})
        db.session.add(person)
        db.session.flush()
        return person

    def participation(self, session: ForumSession, person: Person | None = None, **kw) -> Participation:
        values = dict(session=session, person=person or self.person(), role=Role.participant,
                      attendance=Attendance.attended, position="")
        values.update(kw)
        p = Participation(**values)
        db.session.add(p)
        db.session.flush()
        return p

    def point(self, session: ForumSession, **kw) -> DiscussionPoint:
        position = kw.pop("position", None) or len(session.points) + 1
        values = dict(session=session, kind=PointKind.statement, title="", body="A point.", position=position, tags=[])
        values.update(kw)
        point = DiscussionPoint(**values)
        db.session.add(point)
        db.session.flush()
        return point

    def key_date(self, point: DiscussionPoint, **kw) -> KeyDate:
        kd = KeyDate(point=point, **kw)
        db.session.add(kd)
        db.session.flush()
        return kd

    def user(self, role: str, email: str | None = None, person: Person | None = None, **kw) -> User:
        user = User(email=email or f"{role}-{self._n()}@example.org", role=UserRole(role), name=role.title(),
                    person=person, **kw)
        user.password_hash = _password_hash()
        db.session.add(user)
        db.session.flush()
        return user


@pytest.fixture
def make(app) -> Factory:
    return Factory()


@pytest.fixture
def users(app, make) -> dict[str, User | None]:
    """One account per role; the participant is linked to a person of their own."""
    accounts = {"anonymous": None}
    for role in ROLES[1:]:
        person = make.person(name=f"{role.title()} Person") if role == "participant" else None
        accounts[role] = make.user(role, email=f"{role}@example.org", person=person)
    db.session.commit()
    return accounts


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = PASSWORD):
        return self._client.post("/login", data={"email": email, "password": password})

    def login_as(self, role: str):
        if role == "anonymous":
            return None
        return self.login(f"{role}@example.org")

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client, users) -> AuthActions:
    return AuthActions(client)


@pytest.fixture(autouse=True)
def _fresh_g_per_request(request):
    """Give every request its own `g`, as in production.

    The `app` fixture keeps an application context pushed for the whole test, and
    a request reuses a pushed context, so without this `g` (Flask-Login's current
    user, Flask-WTF's token) would leak from one request to the next: a second,
    anonymous client would see the first client's user logged in.
    """
    if "app" not in request.fixturenames:
        yield
        return
    from flask import g, request_started

    app = request.getfixturevalue("app")

    def clear(sender, **extra):
        for name in list(vars(g)):
            delattr(g, name)

    request_started.connect(clear, app)
    yield
    request_started.disconnect(clear, app)

# --- minutes (eventsite/minutes) ---

@pytest.fixture
def round_table(make):
    """The Technoprom-2016 round table as the minutes tests know it: a moderator with a native name,
    a rapporteur, someone excused and someone absent, groups, and one point of every kind."""
    from eventsite.models import ActionStatus, DatePrecision, ParticipantGroup

    forum = make.forum(slug="technoprom-2016", name="Technoprom-2016",
                       title="IV International Forum of Technological Development Technoprom-2016")
    session = make.session(forum, slug="cluster-round-table", title="Innovation Cluster: vectors of development",
                           venue="Expocentre, hall 3", summary="A round table on the Cluster.")
    minec = make.organisation(name="Ministry of Economic Development of Russia", short_name="MinEc")
    shadrin = make.participation(
        session, make.person(name="Artyom Shadrin", native_name="Артём Шадрин"), role=Role.moderator,
        position="Director of the Department of Social Development and Innovation", organisation=minec)
    make.participation(session, make.person(name="Olga Rapporteur"), role=Role.rapporteur, position="Secretary")
    make.participation(session, make.person(name="Ivan Excused"), attendance=Attendance.excused)
    make.participation(session, make.person(name="Pyotr Absent"), attendance=Attendance.absent)
    for n, name in enumerate(["representatives of the IT and BIO branches of the Cluster", "state offices"]):
        db.session.add(ParticipantGroup(session=session, position=n, name=name))
    make.point(session, kind=PointKind.topic, title="Key vectors of development",
               body="Cooperation between IT and biopharmaceutical technologies.", tags=["cluster policy"])
    announcement = make.point(session, kind=PointKind.announcement, title="Clusters 2.0 competition",
                              body="The Ministry will announce a competition for clusters.", speaker=shadrin)
    make.key_date(announcement, label="Competition announced", date=date(2016, 7, 1), precision=DatePrecision.month,
                  qualifier=MonthPart.end)
    make.key_date(announcement, label="Programmes accepted until", date=date(2016, 9, 26),
                  precision=DatePrecision.day)
    make.point(session, kind=PointKind.decision, title="Joint IT-Bio projects",
               body="Common projects are a focal area of the cluster policy.")
    make.point(session, kind=PointKind.action, title="Prepare the cluster programme", body="Draft it.",
               owner_organisation=minec, due_on=date(2016, 9, 26), status=ActionStatus.open)
    make.point(session, kind=PointKind.quote, body="We want to raise the bar of an immensity of projects.",
               speaker=shadrin)
    db.session.commit()
    return session


# --- sharing the suite out among the xdist workers ---

@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """--dist loadfile (setup.cfg), with the journeys as one unit and the longest units first: tests/scheduling.py."""
    if config.option.dist == "loadfile":
        from scheduling import Scheduling

        return Scheduling(config, log)
    return None


def pytest_configure(config):
    # the xdist controller remembers how long each unit took, for the next run's order (tests/scheduling.py)
    if getattr(config.option, "dist", "no") != "no" and not hasattr(config, "workerinput"):
        from scheduling import UnitTimes

        config.pluginmanager.register(UnitTimes(config), "eventsite-unit-times")


def pytest_xdist_auto_num_workers(config):
    """`-n auto` (setup.cfg): one worker more than there are cores. Some 90 s of the suite's worker time is
    spent waiting on the processes it starts (the sites, the queue's workers, the browser), and the extra
    worker fills it: on 2 cores the suite took 260 s with 2 workers, 227 s with 3, 237 s with 4."""
    return (os.cpu_count() or 1) + 1
