"""Commands speak their user's language everywhere: the problems of a refused bundle, Click's own words
("Usage:", "Error: …") and the help of our commands and options, by the rule of
eventsite.i18n.command_language (the LANGUAGE setting, else LC_ALL, LC_MESSAGES, LANG, else English)."""
from __future__ import annotations

import gettext
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import _config, terminal_environment
from test_bundles import rich_bundle
from flask_babel import force_locale
from jsonschema import Draft202012Validator

from eventsite import create_app
from eventsite.bundles import BundleError, import_bundle, read_bundle, validate_bundle
from eventsite.bundles.demo import demo_bundle
from eventsite.bundles.validate import FORMAT_MESSAGES, PATTERN_MESSAGES, _explain, schema

CHECKOUT = Path(__file__).resolve().parent.parent
RUSSIAN = {"LANG": "ru_RU.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}
ENGLISH = {"LANG": "en_GB.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}


def broken_bundle() -> dict:
    """The demo with one problem of each kind: the schema's keywords, a reference, the calendar."""
    bundle = demo_bundle()
    bundle["format"] = "other"                              # const
    del bundle["forum"]["city"]                             # required
    bundle["forum"]["colour"] = "blue"                      # additionalProperties
    bundle["forum"]["name"] = None                          # type, null
    bundle["people"][0]["name"] = 42                        # type
    bundle["forum"]["title"] = "T" * 400                    # maxLength
    bundle["forum"]["slug"] = "Techno Prom"                 # pattern
    bundle["forum"]["starts_on"] = "2016-02-30"             # format
    bundle["sessions"][0]["title"] = ""                     # minLength
    bundle["sessions"][0]["points"][3]["kind"] = "vote"     # enum
    bundle["sessions"][0]["points"][0]["speaker"] = "nobody"  # across values
    bundle["forum"]["timezone"] = "Mars/Olympus"            # across values
    return bundle


SAYS = {
    "en": [
        "format: 'other' should be 'eventsite-bundle'",
        "forum.city: is required but missing",
        "forum.colour: unknown key (allowed here: slug, name, title, city,",
        "forum.name: may not be null: it must be text",
        "people[0].name: 42 is not text",
        "forum.title: is 400 characters long; at most 300 are allowed",
        "forum.slug: 'Techno Prom' is not a slug: lowercase letters, digits and single hyphens",
        "forum.starts_on: '2016-02-30' is not a date in the calendar",
        "sessions[0].title: should not be empty",
        "sessions[0].points[3].kind: 'vote' is not one of ['topic', 'statement',",
        "sessions[0].points[0].speaker: 'nobody' is not the key of any person in the bundle",
        "forum.timezone: 'Mars/Olympus' is not an IANA time zone",
    ],
    "ru": [
        "format: здесь должно быть 'eventsite-bundle', а не 'other'",
        "forum.city: обязательное поле отсутствует",
        "forum.colour: неизвестный ключ (здесь допустимы: slug, name, title, city,",
        "forum.name: не может быть null: требуется текст",
        "people[0].name: значение 42 не подходит: требуется текст",
        "forum.title: текст длиной 400, а можно не больше 300 символов",
        "forum.slug: 'Techno Prom' — не слаг: строчные латинские буквы, цифры и одиночные дефисы",
        "forum.starts_on: '2016-02-30' — такой даты в календаре нет",
        "sessions[0].title: не может быть пустым",
        "sessions[0].points[3].kind: недопустимое значение 'vote'; допустимы: ['topic', 'statement',",
        "sessions[0].points[0].speaker: в пакете нет человека с ключом 'nobody'",
        "forum.timezone: 'Mars/Olympus' — не часовой пояс IANA",
    ],
}


@pytest.mark.parametrize("language, env, setting", [("ru", RUSSIAN, None), ("en", ENGLISH, None),
                                                    ("ru", {"LANG": "C.UTF-8"}, "ru"), ("en", RUSSIAN, "en")])
def test_import_bundle_lists_every_problem_in_the_commands_language(app, runner, tmp_path, language, env, setting):
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(broken_bundle()), encoding="utf-8")
    app.config["LANGUAGE"] = setting  # EVENTSITE_LANGUAGE, as create_app reads it

    result = runner.invoke(args=["import-bundle", str(source)], env=env)

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].endswith({"en": "refused, nothing was imported (12 problems):",
                              "ru": "отклонено, ничего не импортировано (12 ошибок):"}[language]), result.output
    for line in SAYS[language]:
        assert any(shown.startswith(f"  {line}") for shown in lines), (line, result.output)
    assert len(lines) == 13


def test_broken_json_is_refused_in_russian(app, runner, tmp_path):
    source = tmp_path / "broken.json"
    source.write_text('{\n  "format": "eventsite-bundle",\n  "version" 2\n}\n', encoding="utf-8")

    result = runner.invoke(args=["import-bundle", str(source)], env=RUSSIAN)

    assert "  (документ целиком): это не JSON: ожидается ':' (строка 3, столбец 13)" in result.output


def test_a_problem_is_put_into_words_when_it_is_shown(app):
    # found outside any command or request (English), shown to a Russian reader, then to an English one
    problems = validate_bundle(broken_bundle())
    with pytest.raises(BundleError) as caught:
        read_bundle(b'{"forum": "\xed\xa0\x80"}')

    with force_locale("ru"):
        russian = [str(p) for p in problems] + [str(p) for p in caught.value.problems]
    english = [str(p) for p in problems]

    assert "forum.city: обязательное поле отсутствует" in russian
    assert "(документ целиком): это не текст в UTF-8 (недопустимый байт внутри символа, байт 11)" in russian
    assert "forum.city: is required but missing" in english


def test_a_list_of_types_is_joined_in_the_readers_language(app):
    bundle = demo_bundle()
    bundle["forum"]["language"] = 7  # a language or null

    [problem] = validate_bundle(bundle)

    assert str(problem) == "forum.language: 7 is not text or null"
    with force_locale("ru"):
        assert str(problem) == "forum.language: значение 7 не подходит: требуется текст или null"


def test_every_pattern_and_format_of_the_schema_has_words_of_its_own():
    patterns, formats = set(), set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.add(node["pattern"])
            if isinstance(node.get("format"), str):
                formats.add(node["format"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema())
    assert patterns and patterns <= set(PATTERN_MESSAGES), patterns - set(PATTERN_MESSAGES)
    assert formats and formats <= set(FORMAT_MESSAGES), formats - set(FORMAT_MESSAGES)


@pytest.mark.parametrize("rule, instance", [
    ({"type": "array", "minItems": 2}, [1]),
    ({"type": "array", "maxItems": 1}, [1, 2]),
    ({"type": "array", "uniqueItems": True}, [1, 1]),
    ({"type": "integer", "multipleOf": 5}, 7),
    ({"type": "integer", "exclusiveMinimum": 0}, 0),
    ({"type": "integer", "maximum": 3}, 4),
    ({"type": "object", "minProperties": 1}, {}),
    ({"dependentRequired": {"a": ["b"]}}, {"a": 1}),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, []),
    ({"not": {"type": "string"}}, "x"),
    ({"properties": {"a": False}}, {"a": 1}),
    ({"contains": {"type": "string"}}, [1]),  # a keyword without words of its own: still ours, not jsonschema's
])
def test_any_schema_error_is_put_into_our_words_not_jsonschemas(app, rule, instance):
    [error] = Draft202012Validator(rule).iter_errors(instance)

    [problem] = _explain(error)

    with force_locale("ru"):
        russian = str(problem.message)
    assert any("а" <= c <= "я" for c in russian.lower()), russian
    assert error.message not in russian


# -- Click's own words and our help texts: the `flask` command line, run in the test's process
# (conftest.FlaskCommand) but for one real process of the installed `flask`, which proves it does the same


def flask(tmp_path, migrated_db, *args, **env) -> subprocess.CompletedProcess:
    environment = terminal_environment(tmp_path, migrated_db, **env)
    # the venv's `flask`, as a user runs it (`python -m flask` would call itself "python -m flask")
    return subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "eventsite", *args], env=environment,
                          capture_output=True, text=True, cwd=CHECKOUT)


@pytest.mark.parametrize("env, says", [
    ({"LANG": "ru_RU.UTF-8"}, ["Использование: flask import-bundle [OPTIONS] FILE",
                               "Справка: 'flask import-bundle --help'.", "Ошибка: Нет параметра '--bogus'."]),
    ({"LANG": "C.UTF-8", "EVENTSITE_LANGUAGE": "ru"}, ["Использование: flask import-bundle", "Ошибка: Нет параметра"]),
    ({"LANG": "ru_RU.UTF-8", "EVENTSITE_LANGUAGE": "en"}, ["Usage: flask import-bundle [OPTIONS] FILE",
                                                           "Error: No such option '--bogus'."]),
    ({"LANG": "en_GB.UTF-8", "LANGUAGE": "ru"}, ["Usage: flask import-bundle", "Error: No such option"]),
])
def test_a_wrong_option_is_refused_in_the_commands_language(flask_command, env, says):
    done = flask_command("import-bundle", "--bogus", "x.json", **env)

    assert done.exit_code == 2
    for words in says:
        assert words in done.stderr, done.stderr


def test_a_missing_argument_and_an_unknown_command_are_refused_in_russian(flask_command):
    missing = flask_command("create-user", LANG="ru_RU.UTF-8")
    unknown = flask_command("import-bundel", LANG="ru_RU.UTF-8")

    assert "Ошибка: Не указан аргумент 'EMAIL'." in missing.stderr, missing.stderr
    assert "Ошибка: Нет команды 'import-bundel'." in unknown.stderr, unknown.stderr


def test_help_is_russian_in_a_russian_locale(tmp_path, migrated_db):
    # the installed `flask`, in a process of its own: Click's words and ours, from the locale it is started in
    done = flask(tmp_path, migrated_db, "create-user", "--help", LANG="ru_RU.UTF-8")

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Использование: flask create-user [OPTIONS] EMAIL\n\n  Создать учётную запись.\n")
    text = " ".join(done.stdout.split())  # as Click wraps it to the terminal
    for words in ("Параметры: --role [participant|press|organiser|admin] [обязательный]",
                  "--name TEXT Имя, которое показывается для учётной записи.",
                  "--password-stdin Прочитать пароль со стандартного ввода, а не создавать его.",
                  "--help Показать эту справку и выйти."):
        assert words in text, done.stdout


def test_the_help_of_a_command_is_in_the_commands_language(flask_command):
    russian = flask_command("import-bundle", "--help", LANG="ru_RU.UTF-8")
    assert "Импортировать пакет; неверный файл ничего не меняет" in russian.stdout, russian.stdout
    english = flask_command("import-bundle", "--help", LANG="C.UTF-8")
    assert "Usage: flask import-bundle [OPTIONS] FILE\n\n  Import a bundle;" in english.stdout, english.stdout
    assert "Show this message and exit." in english.stdout


def test_an_app_made_outside_the_flask_command_leaves_gettext_and_the_environment_alone(tmp_path, monkeypatch):
    # the web process (gunicorn, a test) makes its app without a command line
    monkeypatch.setenv("LANGUAGE", "xx")
    create_app(_config(tmp_path, str(tmp_path / "eventsite.sqlite"), LANGUAGE="ru"))

    assert os.environ["LANGUAGE"] == "xx"
    assert gettext.textdomain() == "messages"


def test_what_the_database_refuses_is_put_into_words_when_shown_too(app):
    # the import's own refusals (after the checks, against what the database keeps) are problems like the rest
    import_bundle(rich_bundle())
    bundle = rich_bundle()
    bundle["sessions"][1]["minutes"]["revisions"][1]["summary"] = "Another summary."

    with pytest.raises(BundleError) as caught:
        import_bundle(bundle)

    [problem] = caught.value.problems
    with force_locale("ru"):
        assert str(problem) == ("sessions[1].minutes.revisions[1]: редакция 2 хранится в базе данных с другим "
                                "содержанием; сохранённые редакции не переписываются")
