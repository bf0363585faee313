"""The commands that belong to no area: create-user and backup."""
from __future__ import annotations

import sqlite3

from eventsite.bundles import import_bundle
from eventsite.bundles.demo import demo_bundle
from eventsite.models import User, db


def user(email: str) -> User | None:
    db.session.expire_all()
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()


def test_create_user_reads_the_password_from_standard_input(app, runner):
    result = runner.invoke(args=["create-user", "Editor@Example.org", "--role", "press", "--password-stdin"],
                           input="a-long-secret-1\n")

    assert result.exit_code == 0, result.output
    assert "created editor@example.org (press)" in result.output
    assert "a-long-secret-1" not in result.output
    created = user("editor@example.org")
    assert created.role.value == "press" and created.check_password("a-long-secret-1")


def test_create_user_without_a_password_prints_a_generated_one(app, runner):
    result = runner.invoke(args=["create-user", "org@example.org", "--role", "organiser"])

    assert result.exit_code == 0, result.output
    password = result.output.split("password: ")[1].strip()
    assert user("org@example.org").check_password(password)


def test_create_user_refuses_an_email_that_has_an_account(app, runner):
    first = runner.invoke(args=["create-user", "org@example.org", "--role", "organiser", "--password-stdin"],
                          input="a-long-secret-1\n")
    second = runner.invoke(args=["create-user", "ORG@example.org", "--role", "admin", "--password-stdin"],
                           input="another-secret-2\n")

    assert first.exit_code == 0
    assert second.exit_code != 0
    assert "An account for org@example.org already exists." in second.output
    assert user("org@example.org").role.value == "organiser"


def test_create_user_refuses_a_short_password(app, runner):
    result = runner.invoke(args=["create-user", "x@example.org", "--role", "press", "--password-stdin"],
                           input="short\n")

    assert result.exit_code != 0
    assert "at least 8 characters" in result.output
    assert user("x@example.org") is None


def test_create_user_refuses_an_unknown_role(app, runner):
    result = runner.invoke(args=["create-user", "x@example.org", "--role", "king"])

    assert result.exit_code != 0
    assert "'king' is not one of" in result.output


def test_backup_writes_a_consistent_copy_of_the_database(app, runner, tmp_path):
    import_bundle(demo_bundle())
    target = tmp_path / "backup.sqlite"

    result = runner.invoke(args=["backup", str(target)])

    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("select slug from forum").fetchall() == [("technoprom-2016",)]
        assert copy.execute("select count(*) from discussion_point").fetchone() == (10,)
        assert copy.execute("pragma integrity_check").fetchone() == ("ok",)
    finally:
        copy.close()


def test_backup_refuses_to_overwrite_a_file(app, runner, tmp_path):
    target = tmp_path / "backup.sqlite"
    target.write_text("keep me")

    result = runner.invoke(args=["backup", str(target)])

    assert result.exit_code != 0
    assert "exists; choose a new file name" in result.output
    assert target.read_text() == "keep me"
