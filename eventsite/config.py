"""Configuration: built-in defaults, then instance/config.py, then EVENTSITE_* variables."""
from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from flask import Flask

ENV_PREFIX = "EVENTSITE_"


class Defaults:
    #: SQLAlchemy URL; None means eventsite.sqlite in the instance folder
    DATABASE_URL: str | None = None
    SECRET_KEY: str | None = None
    #: how long a PDF render may take before it is abandoned, in seconds
    PDF_TIMEOUT = 30
    #: the largest PDF eventsite will produce, in bytes
    PDF_MAX_BYTES = 20 * 1024 * 1024
    #: the largest request body accepted, in bytes; raised at load to let an ATTACHMENT_MAX_BYTES file through
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    #: the largest attachment (slides, documents, photos), in bytes; a larger one is refused at the field
    ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    #: show the photos attached to a session inside its minutes PDF
    MINUTES_PDF_PHOTOS = True
    #: where rendered PDFs are cached; None means pdf-cache/ in the instance folder
    PDF_CACHE_DIR: str | None = None
    #: print the first admin's password when the site starts with no users
    CREATE_FIRST_ADMIN = True
    #: how passwords are hashed (werkzeug's generate_password_hash method); None is werkzeug's default,
    #: deliberately slow. The tests set a fast one.
    PASSWORD_HASH_METHOD: str | None = None
    #: failed logins (wrong password or unknown address) allowed per account, and per client address,
    #: before logging in there is refused until the window ends; a limit string of Flask-Limiter
    LOGIN_LIMIT_PER_ACCOUNT = "10 per 5 minutes"
    LOGIN_LIMIT_PER_ADDRESS = "50 per 5 minutes"
    #: where the counts are kept: memory:// is per process; with several processes use one shared store
    #: such as redis://localhost:6379 (see the `limits` package for the URIs)
    RATELIMIT_STORAGE_URI = "memory://"
    #: how many reverse proxies in front of the site add the client's address to X-Forwarded-For; 0 trusts none
    TRUSTED_PROXIES = 0
    PER_PAGE = 20
    #: Redis URL of the queue for background jobs (PDF renders), e.g. redis://localhost:6379/0, with a
    #: worker started by `flask --app eventsite worker`; empty: jobs run inside the site's processes
    QUEUE_URL = ""
    #: with a queue, a bundle uploaded on /import larger than this (in bytes) is imported by the worker
    BUNDLE_QUEUE_BYTES = 1024 * 1024
    #: the site's address as readers reach it (scheme, host and port), for the links in the feeds;
    #: set it in production: links are never made from the Host header a request sends
    BASE_URL = "http://localhost:5000"
    #: sessions on one page of a forum's programme
    SESSIONS_PER_PAGE = 50
    #: session pages kept per process for anonymous readers (eventsite/reading/page_cache.py); 0: none
    PAGE_CACHE_SIZE = 256
    #: e-mail notifications (eventsite/notify): none unless MAIL_SERVER is set
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    #: with a queue, a mail the SMTP server failed is tried again after each of these delays, in seconds
    MAIL_RETRY_SECONDS = [60, 300, 1800]
    #: the From of every mail, e.g. "Technoprom minutes <minutes@example.org>"
    MAIL_DEFAULT_SENDER = "eventsite@localhost"
    #: always SMTP: Flask-Mailman would keep a testing app's mail in memory, and the tests read a real server
    MAIL_BACKEND = "smtp"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    #: the language of what the commands print ("en", "ru"); None: the POSIX locale (LC_ALL, LC_MESSAGES,
    #: LANG), else English. Pages follow their reader, documents their session, whatever this says.
    LANGUAGE: str | None = None


def instance_path() -> str:
    """The instance folder: EVENTSITE_INSTANCE_PATH, else instance/ of the checkout or working directory."""
    env = os.environ.get(ENV_PREFIX + "INSTANCE_PATH")
    if env:
        return str(Path(env).resolve())
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "setup.cfg").is_file():
        return str(checkout / "instance")
    return str(Path.cwd() / "instance")


def _from_environment() -> dict:
    values = {}
    for key, raw in os.environ.items():
        if not key.startswith(ENV_PREFIX) or key == ENV_PREFIX + "INSTANCE_PATH":
            continue
        name = key[len(ENV_PREFIX):]
        try:
            values[name] = json.loads(raw)
        except ValueError:
            values[name] = raw
        if not isinstance(values[name], (int, float, bool, list, dict)) and values[name] is not None:
            values[name] = raw
    return values


def load(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(_from_environment())
    else:
        app.config.update(test_config)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = "sqlite:///" + os.path.join(app.instance_path, "eventsite.sqlite")
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    # a request carrying the largest attachment, plus room for the form around it and a little more, so a
    # file just over the limit reaches the form and is refused at its field rather than by a bare 413
    app.config["MAX_CONTENT_LENGTH"] = max(app.config["MAX_CONTENT_LENGTH"],
                                           int(app.config["ATTACHMENT_MAX_BYTES"]) * 2 + 1024 * 1024)
    if not app.config.get("PDF_CACHE_DIR"):
        app.config["PDF_CACHE_DIR"] = os.path.join(app.instance_path, "pdf-cache")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))


def _instance_secret(folder: Path) -> str:
    """A secret generated once per installation and kept in the instance folder."""
    path = folder / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    # create exclusively so two workers starting together agree on one key
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key
