"""The same code on PostgreSQL: migrations, the demo, pages, search, PDFs and optimistic locking.

Runs when EVENTSITE_TEST_POSTGRES_URL names an empty database that may be wiped
(`.ci/run` starts PostgreSQL and sets it); skipped otherwise.
"""
from __future__ import annotations

import json
import os
from importlib import resources

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy.orm.exc import StaleDataError

from bundle_fixtures import differences
from eventsite import create_app
from eventsite.models import Forum, ForumSession, Person, Visibility, db
from eventsite.search.index import include_object

URL = os.environ.get("EVENTSITE_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not URL, reason="EVENTSITE_TEST_POSTGRES_URL is not set")

SESSION = "/forums/technoprom-2016/innovation-cluster-vectors-of-development/"


@pytest.fixture(scope="module")
def pg_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pg-instance")
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": URL, "WTF_CSRF_ENABLED": False,
        "CREATE_FIRST_ADMIN": False, "PDF_CACHE_DIR": str(folder / "pdf-cache"),
    })
    with app.app_context():
        downgrade(revision="base")
        upgrade()
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
    return app


@pytest.fixture
def pg(pg_app):
    with pg_app.app_context():
        yield pg_app
        db.session.rollback()


def test_migrations_match_models_on_postgres(pg):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object})
        assert compare_metadata(context, db.metadata) == []


def test_the_demo_loads_twice_and_exports_as_packaged(pg, tmp_path):
    runner = pg.test_cli_runner()
    again = runner.invoke(args=["demo"])
    assert "already up to date" in again.output
    packaged = json.loads(
        resources.files("eventsite").joinpath("demo", "technoprom-2016.json").read_text(encoding="utf-8"))
    assert db.session.scalar(sa.select(sa.func.count(Person.id))) == len(packaged["people"])
    target = tmp_path / "export.json"
    runner.invoke(args=["export-bundle", "technoprom-2016", "-o", str(target)])
    exported = target.read_text(encoding="utf-8")
    assert differences(json.loads(exported), packaged) == []
    # the export imports back as it is: the same bytes again
    assert "already up to date" in runner.invoke(args=["import-bundle", str(target)]).output
    again = tmp_path / "again.json"
    runner.invoke(args=["export-bundle", "technoprom-2016", "-o", str(again)])
    assert again.read_text(encoding="utf-8") == exported


def test_pages_minutes_and_their_pdf(pg):
    import io

    from pypdf import PdfReader

    client = pg.test_client()
    page = client.get(SESSION).get_data(as_text=True)
    assert "Artyom Shadrin" in page and "26 September 2016" in page
    assert "end of July 2016" in client.get(SESSION + "minutes").get_data(as_text=True)
    pdf = client.get(SESSION + "minutes.pdf")
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Артём Шадрин" in text and "page 1 of" in text


def test_search_and_visibility(pg):
    client = pg.test_client()
    assert "Шадрин" in client.get("/search?q=шадрин").get_data(as_text=True)
    assert "/forums/technoprom-2016/innovation-cluster-vectors-of-development/" in client.get(
        "/search?q=bioinform").get_data(as_text=True)
    session = db.session.execute(
        sa.select(ForumSession).where(ForumSession.slug == "innovation-cluster-vectors-of-development")).scalar_one()
    session.visibility = Visibility.internal
    db.session.commit()
    try:
        assert client.get(SESSION).status_code == 404
        assert SESSION not in client.get("/search?q=bioinform").get_data(as_text=True)
    finally:
        session.visibility = Visibility.public
        db.session.commit()


def test_a_concurrent_update_is_refused_on_postgres(pg):
    forum = db.session.execute(sa.select(Forum)).scalar_one()
    assert forum.name == "Technoprom-2016"
    with db.engine.begin() as other:
        other.execute(sa.text("UPDATE forum SET city = city, version = version + 1 WHERE id = :id"), {"id": forum.id})
    forum.country = "Russian Federation"
    with pytest.raises(StaleDataError):
        db.session.commit()


# --- search by word forms: the `russian` configuration beside `simple` (migration 0007)


def _found(client, q: str) -> str:
    page = client.get("/search", query_string={"q": q}).get_data(as_text=True)
    return page.replace("<mark>", "").replace("</mark>", "")


@pytest.fixture
def russian_table(pg):
    from conftest import Factory

    make = Factory()
    forum = make.forum(slug="pg-russian", language="ru")
    session = make.session(forum, slug="pg-russian-table", title="Кластер и медицина", language="ru",
                           summary="Круглый стол прошёл в Новосибирск-Экспо. A cluster of cities.")
    make.point(session, title="Бюджет", body="Упоминает медицину и кластеры один раз.")
    make.point(session, title="Кластерам", body="О другом.")
    db.session.commit()
    yield session
    db.session.rollback()
    db.session.delete(db.session.get(Forum, forum.id))
    db.session.commit()


@pytest.mark.parametrize("query", ["кластера", "кластеров", "медицине", "Новосибирске", "клас", "city", "clusters"])
def test_word_forms_find_the_base_form_on_postgres(pg, russian_table, query):
    assert "Кластер и медицина" in _found(pg.test_client(), query)


def test_the_base_form_finds_word_forms_and_yo_folds_on_postgres(pg, russian_table):
    client = pg.test_client()
    assert "Бюджет" in _found(client, "медицина кластер")
    points = _found(client, "кластер")
    assert points.index("Кластерам</strong>") < points.index("Бюджет</strong>")  # a title match first
    assert "Кластер и медицина" in _found(client, "прошел")
    assert "Artyom Shadrin" in _found(client, "Шадрина")  # the demo's Артём Шадрин
    marked = client.get("/search", query_string={"q": "кластеров"}).get_data(as_text=True)
    assert "<mark>Кластер</mark> и медицина" in marked and "<mark>кластеры</mark>" in marked


def test_whole_words_first_and_beginnings_when_nothing_matches_on_postgres(pg):
    from conftest import Factory

    make = Factory()
    forum = make.forum(slug="pg-art")
    make.session(forum, slug="pg-art-of-funding", title="The art of funding")
    make.session(forum, slug="pg-artificial", title="Artificial intelligence in medicine")
    db.session.commit()
    try:
        client = pg.test_client()
        assert "The art of funding" in _found(client, "art")
        assert "Artificial intelligence" not in _found(client, "art")
        assert "Artificial intelligence" in _found(client, "medicine artif")
        assert "Artificial intelligence" in _found(client, "art medicine")  # nothing has both words whole
    finally:
        db.session.rollback()
        db.session.delete(db.session.get(Forum, forum.id))
        db.session.commit()


def test_an_edited_point_is_found_by_its_new_words_forms_on_postgres(pg, russian_table):
    client = pg.test_client()
    point = next(p for p in russian_table.points if p.title == "Кластерам")
    point.title, point.body = "Новая тема", "Теперь о дирижаблях."
    db.session.commit()
    assert "Новая тема" in _found(client, "дирижабль")
    assert "Новая тема" not in _found(client, "кластеров")


@pytest.fixture
def named_table(pg):
    """Names whose Snowball stems differ between cases («Артём» → «арт», «Артёма» → «артем»), not the demo's."""
    from conftest import Factory

    make = Factory()
    forum = make.forum(slug="pg-names", name="Технопром-2018", language="ru")
    hidden = make.session(forum, slug="pg-hidden", title="Закрытый Технопром", visibility=Visibility.participants)
    make.participation(hidden, make.person(name="Hidden Artyom", native_name="Артём Скрытный"))
    session = make.session(forum, slug="pg-names-table", title="Итоги форума Технопром", language="ru",
                           summary="Модератор — Лев Гуревич.")
    make.participation(session, make.person(name="Artyom Kuzmin", native_name="Артём Кузьмин"))
    make.point(session, title="Слово модератора", body="Артём открыл стол, Технопром продолжится.")
    db.session.commit()
    yield session
    db.session.rollback()
    db.session.delete(db.session.get(Forum, forum.id))
    db.session.commit()
    db.session.execute(sa.delete(Person).where(Person.name.in_(["Hidden Artyom", "Artyom Kuzmin"])))
    db.session.commit()


@pytest.mark.parametrize("query", ["Артема", "Артёма", "артёмом"])
def test_a_name_in_another_case_finds_the_name_on_postgres(pg, named_table, query):
    page = _found(pg.test_client(), query)
    assert "Artyom Kuzmin" in page and "Слово модератора" in page
    assert "Hidden Artyom" not in page  # a participant of a session anonymous readers may not see


@pytest.mark.parametrize("query", ["Технопрома", "технопромом", "Льва Гуревича"])
def test_dictionary_forms_find_a_session_on_postgres(pg, named_table, query):
    page = _found(pg.test_client(), query)
    assert "Итоги форума Технопром" in page
    assert "Закрытый Технопром" not in page


def test_dictionary_forms_are_marked_and_every_word_must_match_on_postgres(pg, named_table):
    client = pg.test_client()
    marked = client.get("/search", query_string={"q": "Технопрома"}).get_data(as_text=True)
    assert "Итоги форума <mark>Технопром</mark>" in marked
    assert "Artyom Kuzmin" in _found(client, "Артёма Кузьмина")
    assert "Artyom Kuzmin" not in _found(client, "Артёма Шадрина")


@pytest.mark.parametrize("q, names", [
    ("kuz", ["Artyom Kuzmin"]), ("ARTYOM KUZ", ["Artyom Kuzmin"]), ("кузьм", ["Artyom Kuzmin"]),
    # the organisers' directory holds everyone: the demo's Артём Шадрин and a hidden session's participant
    ("Артем", ["Artyom Kuzmin", "Artyom Shadrin", "Hidden Artyom"]),
])
def test_the_organisers_people_lookup_finds_beginnings_of_names_on_postgres(pg, named_table, q, names):
    from eventsite.accounts.service import create_user
    from eventsite.models import User, UserRole

    if db.session.execute(sa.select(User).filter_by(email="pg-organiser@example.org")).scalar() is None:
        create_user("pg-organiser@example.org", UserRole.organiser, password="a long pg passphrase 2016", name="PG")
        db.session.commit()
    client = pg.test_client()
    assert client.post("/login", data={"email": "pg-organiser@example.org",
                                       "password": "a long pg passphrase 2016"}).status_code == 302
    assert [p["label"] for p in client.get("/people/search", query_string={"q": q}).get_json()] == names
    assert "Artyom Kuzmin" in client.get("/people/", query_string={"q": q}).get_data(as_text=True)


def test_a_typed_name_is_the_person_of_that_name_on_postgres(pg, named_table):
    from eventsite.organise.service import find_person

    for typed in ("артем кузьмин", "ARTYOM KUZMIN", "Артём Кузьмин"):
        assert find_person(typed).found.name == "Artyom Kuzmin", typed
    assert find_person("Артём").found is None  # three of that name: the organiser chooses
    assert len(find_person("Артём").candidates) == 3


def test_a_sessions_minutes_approved_follows_its_minutes_on_postgres(pg):
    """0022 marks the demo's sessions as it finds them, and its trigger function keeps the flag the
    organisers' home reads following every change of the minutes."""
    from eventsite.models import DocumentStatus, Minutes

    db.session.remove()
    downgrade(revision="0021")
    upgrade()
    def flags() -> dict:
        return dict(db.session.execute(sa.select(ForumSession.slug, ForumSession.minutes_approved)).all())

    expected = dict(db.session.execute(
        sa.select(ForumSession.slug, sa.exists().where(Minutes.session_id == ForumSession.id,
                                                       Minutes.status != DocumentStatus.draft))).all())
    assert flags() == expected and any(expected.values())
    minutes = db.session.execute(sa.select(Minutes).where(Minutes.status != DocumentStatus.draft)).scalars().first()
    slug = minutes.session.slug
    minutes.status = DocumentStatus.draft
    db.session.flush()
    assert flags()[slug] is False
    minutes.status = DocumentStatus.approved
    db.session.flush()
    assert flags()[slug] is True
    db.session.delete(minutes)
    db.session.flush()
    assert flags()[slug] is False
    db.session.rollback()
    assert flags()[slug] is True


def test_search_uses_the_indexes_made_by_the_migrations(pg):
    """Down to 0006 and up again; then the search condition is planned on 0021's GIN indexes, on the
    stored tsvector the queries compare (a mismatch would read every row)."""
    from eventsite.search.index import INDEXED
    from eventsite.search.queries import terms_of, tsquery

    db.session.remove()
    downgrade(revision="0006")
    upgrade()
    assert "Artyom Shadrin" in _found(pg.test_client(), "Шадрина")
    with db.engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")
        connection.exec_driver_sql("SET enable_indexscan = off")
        for spec in INDEXED:
            condition = spec.document().op("@@")(tsquery(terms_of("кластеров"), True))
            statement = sa.select(sa.literal(1)).select_from(sa.table(spec.table)).where(condition)
            sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
            plan = "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + sql.replace("%", "%%")))
            assert f"Bitmap Index Scan on ix_{spec.name}" in plan, plan


def test_a_kept_page_sees_another_servers_write_at_once_and_outlives_a_dropped_connection(pg_app, tmp_path):
    """The number is asked on a connection each process keeps (eventsite/reading/page_cache.py)."""
    other = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": URL, "CREATE_FIRST_ADMIN": False,
                        "PDF_CACHE_DIR": str(tmp_path / "pdf-cache")})
    reader = pg_app.test_client()
    assert "Artyom Shadrin" in reader.get(SESSION).get_data(as_text=True)
    statements: list[str] = []
    listener = lambda conn, cursor, statement, *rest: statements.append(statement)  # noqa: E731
    with pg_app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert "Artyom Shadrin" in reader.get(SESSION).get_data(as_text=True)
        assert len(statements) == 1 and "content_version" in statements[0]
        with other.app_context():  # another app server writes
            session = db.session.execute(sa.select(ForumSession).where(
                ForumSession.slug == "innovation-cluster-vectors-of-development")).scalar_one()
            title = session.title
            session.title = "Vectors, as the other server saved them"
            db.session.commit()
        assert "Vectors, as the other server saved them" in reader.get(SESSION).get_data(as_text=True)
        with other.app_context():  # the database drops the reader's kept connection (a restart, an admin)
            assert db.session.execute(sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE query LIKE 'SELECT value FROM content_version%' AND pid <> pg_backend_pid()")).scalar() >= 1
            session = db.session.execute(sa.select(ForumSession).where(
                ForumSession.slug == "innovation-cluster-vectors-of-development")).scalar_one()
            session.title = title
            db.session.commit()
        page = reader.get(SESSION)
        assert page.status_code == 200 and title in page.get_data(as_text=True)
        assert "Vectors, as the other server saved them" not in page.get_data(as_text=True)
    finally:
        with pg_app.app_context():
            sa.event.remove(db.engine, "before_cursor_execute", listener)
        with other.app_context():
            db.engine.dispose()


def test_a_forked_process_asks_on_its_own_connection_and_leaves_the_parents_alone(pg_app):
    """A gunicorn worker forked from a preloaded app: what the child opens and closes is its own, and the
    parent goes on asking on the connection it had."""
    from flask import current_app

    from eventsite.reading import page_cache

    with pg_app.app_context():
        asker = current_app.extensions["page_cache"].asker
        before = page_cache.content_version()
        parents = asker.connection.connection.dbapi_connection.info.backend_pid
        pid = os.fork()
        if pid == 0:  # the child asks, then closes what it holds, as a worker that stops does
            try:
                same = page_cache.content_version() == before
                own = asker.connection.connection.dbapi_connection.info.backend_pid != parents
                asker._give_up()
                code = 0 if same and own else 1
            except BaseException:  # noqa: BLE001 - anything at all fails the test, in the parent
                code = 2
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert page_cache.content_version() == before
        assert asker.connection.connection.dbapi_connection.info.backend_pid == parents
