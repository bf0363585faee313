"""The application factory, configuration and schema."""
from __future__ import annotations

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from eventsite import create_app
from eventsite.models import User, db
from eventsite.search.index import include_object


def test_migrations_match_models(app):
    # the schema is made only by migrations; a model change without one fails here
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_migrating_gives_every_existing_account_a_session_token_of_its_own(old_database):
    import sqlalchemy as sa
    from flask_migrate import downgrade, upgrade

    upgrade(revision="0003")
    now = "2016-06-10 07:00:00"
    for email in ("a@example.org", "b@example.org"):
        db.session.execute(sa.text(
            "INSERT INTO user_account (email, name, password_hash, role, active, version, created_at, updated_at)"
            " VALUES (:email, '', 'x', 'press', 1, 1, :now, :now)"), {"email": email, "now": now})
    db.session.commit()
    upgrade()
    tokens = db.session.execute(sa.text("SELECT session_token FROM user_account")).scalars().all()
    assert len(tokens) == 2 and all(len(t) >= 40 for t in tokens) and tokens[0] != tokens[1]
    downgrade(revision="0003")
    columns = [c["name"] for c in sa.inspect(db.engine).get_columns("user_account")]
    assert "session_token" not in columns


def test_migrating_marks_each_session_whose_minutes_are_approved_and_the_triggers_keep_it(old_database):
    # 0022: the rows already there are marked by the migration; a change after it, by the triggers
    import sqlalchemy as sa
    from flask_migrate import downgrade, upgrade

    from conftest import OLD_FORUM

    upgrade(revision="0021")
    now = "2016-06-10 07:00:00"
    db.session.execute(sa.text(OLD_FORUM), {"now": now})
    for slug in ("published", "draft", "none"):
        db.session.execute(sa.text(
            "INSERT INTO forum_session (forum_id, slug, kind, title, starts_at, ends_at, venue, language,"
            " visibility, summary, version, created_at, updated_at) VALUES (1, :slug, 'round_table', :slug,"
            " '2016-06-10 07:00:00', '2016-06-10 09:00:00', '', 'ru', 'public', '', 1, :now, :now)"),
            {"slug": slug, "now": now})
    for session_id, status in ((1, "published"), (2, "draft")):
        db.session.execute(sa.text(
            "INSERT INTO minutes (session_id, status, summary, revision, version, created_at, updated_at, live)"
            " VALUES (:id, :status, '', 1, 1, :now, :now, 1)"), {"id": session_id, "status": status, "now": now})
    db.session.commit()
    upgrade()

    def marked() -> dict:
        return dict(db.session.execute(sa.text("SELECT slug, minutes_approved FROM forum_session")).all())

    assert marked() == {"published": 1, "draft": 0, "none": 0}
    db.session.execute(sa.text("UPDATE minutes SET status = 'approved' WHERE session_id = 2"))
    db.session.execute(sa.text("UPDATE minutes SET status = 'draft' WHERE session_id = 1"))
    db.session.execute(sa.text("INSERT INTO minutes (session_id, status, summary, revision, version, created_at,"
                               " updated_at, live) VALUES (3, 'published', '', 1, 1, :now, :now, 1)"), {"now": now})
    assert marked() == {"published": 0, "draft": 1, "none": 1}
    db.session.execute(sa.text("DELETE FROM minutes WHERE session_id = 3"))
    assert marked() == {"published": 0, "draft": 1, "none": 0}
    db.session.commit()
    downgrade(revision="0021")
    columns = [c["name"] for c in sa.inspect(db.engine).get_columns("forum_session")]
    assert "minutes_approved" not in columns
    db.session.execute(sa.text("UPDATE minutes SET status = 'published' WHERE session_id = 1"))  # no trigger left
    db.session.commit()


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTSITE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("EVENTSITE_SECRET_KEY", raising=False)
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").read_text().strip() == first
    assert oct(os.stat(tmp_path / "secret_key").st_mode & 0o777) == "0o600"


def test_environment_overrides_instance_config(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTSITE_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "config.py").write_text("PER_PAGE = 7\nPDF_TIMEOUT = 3\n")
    monkeypatch.setenv("EVENTSITE_PDF_TIMEOUT", "9")
    monkeypatch.setenv("EVENTSITE_DATABASE_URL", f"sqlite:///{tmp_path}/other.sqlite")
    app = create_app()
    assert app.config["PER_PAGE"] == 7
    assert app.config["PDF_TIMEOUT"] == 9
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/other.sqlite"


def test_default_database_lives_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTSITE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("EVENTSITE_DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/eventsite.sqlite"


def test_first_start_creates_an_admin_and_prints_its_password_once(tmp_path, monkeypatch, capsys, migrated_db):
    import shutil

    monkeypatch.setenv("EVENTSITE_INSTANCE_PATH", str(tmp_path))
    shutil.copy(migrated_db, tmp_path / "eventsite.sqlite")
    create_app()
    err = capsys.readouterr().err
    assert "admin@localhost" in err and "password" in err
    password = err.split("with password ")[1].split()[0]
    app = create_app()
    assert "admin@localhost" not in capsys.readouterr().err
    with app.app_context():
        admin = db.session.execute(db.select(User)).scalar_one()
        assert admin.role.value == "admin" and admin.check_password(password)


def test_a_later_apps_routes_are_what_werkzeug_itself_makes_of_them(app, tmp_path):
    """eventsite.urls.SharedBuilderRule hands each rule what the first app's rule made of it: every rule of
    a later app must match, carry converters and build addresses exactly as werkzeug's own compiling does."""
    from werkzeug.routing import Map, Rule

    later = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": app.config["DATABASE_URL"],
                        "CREATE_FIRST_ADMIN": False, "PDF_CACHE_DIR": str(tmp_path / "pdf")})
    rules = list(later.url_map.iter_rules())
    from eventsite.urls import SharedBuilderRule

    # every rule but Flask's /static/, which the app adds before eventsite.urls sets the class
    assert len(rules) > 100 and sum(not isinstance(r, SharedBuilderRule) for r in rules) == 1
    own = Map([Rule(r.rule, endpoint=r.endpoint, defaults=r.defaults, methods=r.methods, strict_slashes=r.strict_slashes)
               for r in rules], converters=dict(later.url_map.converters))
    theirs = {(r.rule, r.endpoint): r for r in own.iter_rules()}
    for rule in rules:
        fresh = theirs[(rule.rule, rule.endpoint)]
        assert type(fresh) is Rule
        assert rule._parts == fresh._parts and rule._trace == fresh._trace, rule.rule
        assert rule.arguments == fresh.arguments, rule.rule
        assert {n: (type(c), c.regex) for n, c in rule._converters.items()} == \
            {n: (type(c), c.regex) for n, c in fresh._converters.items()}, rule.rule
        assert all(c.map is later.url_map for c in rule._converters.values())
        values = {name: "7" if name.endswith("id") or name in ("number", "revision", "old", "new") else "x"
                  for name in rule.arguments if name not in (rule.defaults or {})}
        try:
            expected = fresh.build(values, append_unknown=False)
        except Exception:  # noqa: BLE001 - a value werkzeug's own rule refuses is refused by ours too
            expected = None
        try:
            built = rule.build(values, append_unknown=False)
        except Exception:  # noqa: BLE001
            built = None
        assert built == expected, rule.rule
    with later.test_request_context():
        from flask import url_for
        assert url_for("reading.session", forum_slug="f", session_slug="s") == "/forums/f/s/"
