"""The commands that belong to no area (create-user and backup), and the language every command speaks."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess

import pytest
from conftest import _config

from eventsite import create_app
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


# --- the language of what commands print: EVENTSITE_LANGUAGE, else the POSIX locale, else English

#: a terminal whose locale is only LANG (LC_ALL and LC_MESSAGES unset, so LANG decides)
RUSSIAN = {"LANG": "ru_RU.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}
ENGLISH = {"LANG": "en_GB.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}


def test_a_command_speaks_russian_in_a_russian_locale(app, runner, tmp_path):
    bundle = tmp_path / "demo.json"
    bundle.write_text(json.dumps(demo_bundle()), encoding="utf-8")

    first = runner.invoke(args=["import-bundle", str(bundle)], env=RUSSIAN)

    assert first.exit_code == 0, first.output
    assert "форум technoprom-2016 импортирован\n" in first.output
    assert "  создано: 1 форум, " in first.output and "2 сессии" in first.output
    assert "  удалено: ничего" in first.output
    again = runner.invoke(args=["import-bundle", str(bundle)], env=RUSSIAN)
    assert "форум technoprom-2016 импортирован: изменений нет" in again.output


def test_a_command_speaks_english_by_default_and_in_an_english_or_c_locale(app, runner, tmp_path):
    bundle = tmp_path / "demo.json"
    bundle.write_text(json.dumps(demo_bundle()), encoding="utf-8")

    first = runner.invoke(args=["import-bundle", str(bundle)], env={"LANG": None, "LC_ALL": None, "LC_MESSAGES": None})
    again = runner.invoke(args=["import-bundle", str(bundle)], env={"LANG": "C.UTF-8", "LC_ALL": None})

    assert "imported forum technoprom-2016\n" in first.output and "  deleted: nothing" in first.output
    assert "imported forum technoprom-2016: already up to date" in again.output


@pytest.mark.parametrize("setting, env, russian", [
    (None, {"LC_ALL": "ru_RU.UTF-8", "LANG": "en_GB.UTF-8"}, True),   # LC_ALL overrides every other variable
    (None, {"LC_MESSAGES": "ru_RU.UTF-8", "LANG": "en_GB.UTF-8", "LC_ALL": None}, True),
    (None, {"LC_ALL": "C", "LANG": "ru_RU.UTF-8"}, False),
    (None, {"LANG": "de_DE.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}, False),  # not spoken here: English
    ("ru", ENGLISH, True),                                               # the setting wins over the locale
    ("en", RUSSIAN, False),
])
def test_the_commands_language_follows_the_setting_then_the_posix_locale(tmp_path, migrated_db, monkeypatch,
                                                                        setting, env, russian):
    monkeypatch.setenv("EVENTSITE_INSTANCE_PATH", str(tmp_path / "instance"))
    shutil.copy(migrated_db, tmp_path / "eventsite.sqlite")
    app = create_app(_config(tmp_path, str(tmp_path / "eventsite.sqlite"), LANGUAGE=setting))
    with app.app_context():  # as `flask` pushes one for every command
        result = app.test_cli_runner().invoke(args=["export-pdf", "nowhere", "nothing", "minutes", "-o", "x.pdf"],
                                              env=env)
    assert result.exit_code != 0
    assert ("форума 'nowhere' нет" if russian else "there is no forum 'nowhere'") in result.output


@pytest.mark.parametrize("env, says", [
    ({"LANG": "ru_RU.UTF-8"}, "форума 'nowhere' нет"),
    ({"LANG": "C.UTF-8", "EVENTSITE_LANGUAGE": "ru"}, "форума 'nowhere' нет"),
])
def test_the_flask_command_reads_the_locale_and_eventsite_language(flask_command, tmp_path, env, says):
    # the `flask` command line on a terminal's environment (conftest.FlaskCommand); the installed
    # `flask` in a process of its own: tests/test_i18n_commands.py
    done = flask_command("export-pdf", "nowhere", "nothing", "minutes", "-o", str(tmp_path / "x.pdf"), **env)
    assert done.exit_code != 0
    assert says in done.stderr, done.stderr


def test_create_user_and_backup_speak_russian(app, runner, tmp_path):
    created = runner.invoke(args=["create-user", "org@example.org", "--role", "organiser"], env=RUSSIAN)
    assert created.exit_code == 0, created.output
    assert "создана учётная запись org@example.org (organiser)" in created.output
    assert "пароль: " in created.output
    taken = tmp_path / "taken.sqlite"
    taken.write_text("keep me")
    refused = runner.invoke(args=["backup", str(taken)], env=RUSSIAN)
    assert refused.exit_code != 0 and "существует" in refused.output and "exists" not in refused.output


def test_export_pdf_speaks_the_commands_language_and_the_pdf_its_sessions(app, runner, make, tmp_path):
    make.session(forum=make.forum(slug="ru-forum", language="ru"), slug="ru-table", language="ru")
    db.session.commit()
    target = tmp_path / "minutes.pdf"

    result = runner.invoke(args=["export-pdf", "ru-forum", "ru-table", "minutes", "-o", str(target)], env=ENGLISH)

    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {target} (")
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "ЧЕРНОВИК" in text and "DRAFT" not in text


def test_export_pdf_says_what_is_missing_in_russian(app, runner, make, tmp_path):
    # the command makes a request context to render: it speaks the command's language too
    make.session(forum=make.forum(slug="en-forum"), slug="en-table")
    db.session.commit()

    missing = runner.invoke(args=["export-pdf", "en-forum", "en-table", "press-release", "-o",
                                  str(tmp_path / "x.pdf")], env=RUSSIAN)

    assert missing.exit_code != 0
    assert "у сессии 'en-table' нет пресс-релиза" in missing.output, missing.output
