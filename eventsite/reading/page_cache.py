"""Pages for anonymous readers, made once and served again until anything is written.

Anonymous readers all get the same page for the same address and language, so the session page is kept
per process (an LRU of `PAGE_CACHE_SIZE` pages) and served again after one cheap query: the number in
`content_version`, which every committed write changes (below). The kept page's key is that number, the
address, the reader's language and the current quarter of an hour (so what depends on today — "Overdue",
in any time zone, whose offsets are whole quarters — is made again when the day turns); it is also the
page's ETag, so a browser that has the page gets 304.

Who is not served a kept page: a logged-in user (the page shows their name and what their role may do),
and anyone with a message waiting to be flashed. A kept page has nothing per reader: the header's language
switch asks an anonymous reader for no CSRF token (eventsite/i18n.py says why), so serving one signs
nothing and sets no cookie.

The number: every statement that writes (INSERT, UPDATE, DELETE) through a connection marks it; before the
application's database session commits a transaction that wrote, it adds one to `content_version` in the
same transaction. So a page made after the commit has the new number, a page made before is never served
again, a rolled-back write changes nothing, and every process and machine on the same database sees the
same number. Whatever changes what a page shows — an edit, a visibility change, the trash, a publication,
an import, a user's change of name — is a write. Writes made outside the application's session (a
migration, the `psql` shell) do not change it: restart the app servers after those.
"""
from __future__ import annotations

import hashlib
import os
import re
import threading
import time
import weakref
from collections.abc import Callable

from cachetools import LRUCache
from flask import Flask, Response, current_app, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from eventsite.models import ContentVersion, db

_TABLE = ContentVersion.__tablename__
_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
_WROTE = "eventsite.wrote"
#: seconds: a kept page is made again each quarter of an hour at the latest (see above)
_QUARTER = 900


# -- the number ----------------------------------------------------------------------------------------


_DROP = re.compile(r"\s*DROP\b", re.IGNORECASE)
#: the engines whose database has the table (once seen there, asked no more: a page costs the same
#: number of statements on every connection)
_HAVE_TABLE: weakref.WeakSet = weakref.WeakSet()


def _note_write(conn, cursor, statement, parameters, context, executemany) -> None:
    if _WRITE.match(statement) and _TABLE not in statement:
        conn.info[_WROTE] = True
    elif _DROP.match(statement):
        _HAVE_TABLE.discard(conn.engine)  # a downgrade may take the table away


def _has_table(connection) -> bool:
    """Whether the database has the table yet: not while a test or an upgrade writes through the
    application at an older revision of the schema."""
    if connection.engine not in _HAVE_TABLE and connection.dialect.has_table(connection, _TABLE):
        _HAVE_TABLE.add(connection.engine)
    return connection.engine in _HAVE_TABLE


def _forget_write(conn) -> None:
    conn.info.pop(_WROTE, None)


def _bump_before_commit(db_session: Session) -> None:
    if db_session.get_transaction() is None:
        return
    db_session.flush()
    connection = db_session.connection()
    if connection.info.get(_WROTE) and _has_table(connection):
        connection.execute(db.update(ContentVersion).where(ContentVersion.id == 1)
                           .values(value=ContentVersion.value + 1))


#: asked before every kept page is served, as text: it needs none of SQLAlchemy's compiling and caching
_VERSION = f"SELECT value FROM {_TABLE} WHERE id = 1"


class _Asker:
    """Asks for the number: on PostgreSQL on one connection that the process keeps for it, out of any
    transaction (AUTOCOMMIT), so a page costs one round trip and none of the pool's checkout, BEGIN,
    ROLLBACK and reset; threads take turns on it. On SQLite, whose connections stay in the thread that
    made them and cost no round trip, on a connection of the pool each time.

    A process forked from this one (a gunicorn worker of a preloaded app) opens its own and never touches
    the parent's; a connection the database dropped (a restart) is given up and the question asked again
    on a new one."""

    def __init__(self):
        self.lock = threading.Lock()
        self.connection: Connection | None = None
        self.pid = 0
        #: connections inherited through fork(): kept referenced, so that nothing here closes the parent's
        self.inherited: list[Connection] = []

    def ask(self, engine: Engine) -> int | None:
        if engine.dialect.name == "sqlite":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                return connection.exec_driver_sql(_VERSION).scalar()
        with self.lock:
            try:
                return self._kept(engine).exec_driver_sql(_VERSION).scalar()
            except DBAPIError:
                self._give_up()
                return self._kept(engine).exec_driver_sql(_VERSION).scalar()

    def _kept(self, engine: Engine) -> Connection:
        if self.connection is not None and self.pid != os.getpid():
            self.inherited.append(self.connection)
            self.connection = None
        if self.connection is None:
            self.connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self.pid = os.getpid()
        return self.connection

    def _give_up(self) -> None:
        if self.connection is not None:
            connection, self.connection = self.connection, None
            try:
                connection.invalidate()  # its DBAPI connection is closed, not given back to the pool
            except DBAPIError:
                pass


def content_version() -> int | None:
    """The number now; None where the table has no row (a database not made by the migrations)."""
    return current_app.extensions["page_cache"].asker.ask(db.engine)


# -- the pages ------------------------------------------------------------------------------------------


class _Pages:
    def __init__(self, size: int):
        self.pages: LRUCache = LRUCache(maxsize=size)
        self.lock = threading.Lock()
        self.asker = _Asker()

    def get(self, key):
        with self.lock:
            return self.pages.get(key)

    def put(self, key, page: bytes) -> None:
        with self.lock:
            self.pages[key] = page


def _keepable() -> bool:
    return (request.method == "GET" and not current_user.is_authenticated and "_flashes" not in session
            and current_app.config["PAGE_CACHE_SIZE"] > 0)


def readers_page(make: Callable[[], str]) -> Response | str:
    """The page `make` renders, kept for anonymous readers (see above); `make` may abort (404) as usual."""
    if not _keepable():
        return make()
    version = content_version()
    if version is None:
        return make()
    key = (version, request.full_path, str(get_locale()), int(time.time() // _QUARTER))
    etag = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        pages: _Pages = current_app.extensions["page_cache"]
        page = pages.get(key)
        if page is None:
            page = make().encode()  # kept encoded: a page is tens of kilobytes, served many times
            pages.put(key, page)
        response = make_response(page)
    response.set_etag(etag)
    # the page depends on the reader's language, so only their browser keeps it; every use asks again
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def init_app(app: Flask) -> None:
    app.extensions["page_cache"] = _Pages(app.config["PAGE_CACHE_SIZE"] or 1)
    # listeners are global to SQLAlchemy; install them once however many apps are made
    if not event.contains(Engine, "before_cursor_execute", _note_write):
        event.listen(Engine, "before_cursor_execute", _note_write)
        event.listen(Engine, "commit", _forget_write)
        event.listen(Engine, "rollback", _forget_write)
        event.listen(Session, "before_commit", _bump_before_commit)

