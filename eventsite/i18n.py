"""English and Russian: the interface follows its reader, a document follows its session.

The reader's language is, in this order: the language saved with their account, the
language switch in the header (a cookie, so it works logged out), the browser's
Accept-Language, English. A document (minutes, agenda, press release, calendar text)
is composed inside `document_language(session.language)`, whatever the reader's.

A command (`flask --app eventsite …`) has a reader too, at the terminal: what it prints is in
`command_language()`, the LANGUAGE setting (EVENTSITE_LANGUAGE=ru) if set, else the POSIX locale
as programs read it for their messages (LC_ALL, else LC_MESSAGES, else LANG: "ru_RU.UTF-8" is
Russian; "C", "POSIX" and languages eventsite does not speak are English), else English. It is
the locale selector's answer outside a request while a command runs, so `gettext` in a command
needs nothing more; a command that makes a request context to render a template gives it
`command_headers()`. Anything else without a request (a test, a job) reads English.

Click's own words ("Usage:", "Error: …", "Show this message and exit.") are in the command's language
too: `speak_clicks_words` (below) gives Click our catalog of them, and the help texts of our commands
and options are lazily translated (`_l` in `help=`, `TranslatedOption` for options).

Catalogs live in eventsite/translations (`pybabel extract -F babel.cfg`, `update`,
`compile`; see the README). Dates, times, numbers and plurals go through Babel.
"""
from __future__ import annotations

import gettext as stdlib_gettext
import os
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask, current_app, flash, has_request_context, redirect, request, url_for
from flask_babel import Babel, force_locale, get_locale, gettext
from flask_login import current_user

from eventsite.extensions import csrf
from eventsite.models import db

#: the languages of the interface and of documents, each named in itself
LANGUAGES = {"en": "English", "ru": "Русский"}
DEFAULT = "en"
COOKIE = "lang"
#: the POSIX locale variables a program reads its messages' language from, the first set one winning
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
#: the catalog of Click's own words, beside ours in translations/<language>/LC_MESSAGES/ (made from Click's
#: source, see the README's Languages)
CLICK_DOMAIN = "click"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def supported(language: str | None) -> str:
    """`language` if eventsite speaks it ("ru-RU" → "ru"), else English."""
    code = (language or "").split("-")[0].split("_")[0].lower()
    return code if code in LANGUAGES else DEFAULT


def command_language(app: Flask | None = None) -> str:
    """The language of what a command prints: the LANGUAGE setting, else the POSIX locale, else English."""
    configured = (app or current_app).config.get("LANGUAGE")
    if configured:
        return supported(configured)
    for name in LOCALE_VARIABLES:
        value = os.environ.get(name)
        if value:
            # language[_territory][.codeset][@modifier]: "ru_RU.UTF-8", "ru.UTF-8", "C.UTF-8"
            return supported(value.split(".")[0].split("@")[0])
    return DEFAULT


def speak_clicks_words(app: Flask) -> None:
    """Click's own words ("Usage:", "Error: …", its --help option) in the command's language.

    Click translates them through the standard library's gettext: its module functions, in the process's
    text domain, in the language the environment names (LANGUAGE, then LC_ALL, LC_MESSAGES, LANG). So the
    domain becomes our catalog of Click's words, and LANGUAGE, gettext's first choice, the command's
    language: Click's words follow the rule ours follow (the LANGUAGE setting, then the locale), and a
    program the command starts inherits the choice. Called when a command line loads the app, before
    Click shows anything of a command; the web process never is, nor an app a test makes.
    """
    stdlib_gettext.bindtextdomain(CLICK_DOMAIN, str(TRANSLATIONS))
    stdlib_gettext.textdomain(CLICK_DOMAIN)
    os.environ["LANGUAGE"] = command_language(app)


class TranslatedOption(click.Option):
    """An option whose help (`_l(...)`) is translated when shown: Click would make it a str when declared."""

    def __init__(self, *args, help=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._help = help

    @property
    def help(self) -> str | None:
        return None if self._help is None else str(self._help)

    @help.setter
    def help(self, value) -> None:
        self._help = value


def command_headers() -> dict:
    """Headers for a request context a command makes: its pages speak the command's language."""
    return {"Accept-Language": command_language()}


def select_locale() -> str:
    if not has_request_context():
        # documents set their own language; a command speaks its user's; a job or a test, English
        return command_language() if click.get_current_context(silent=True) is not None else DEFAULT
    saved = getattr(current_user, "language", None) if current_user and current_user.is_authenticated else None
    if saved in LANGUAGES:
        return saved
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


def current_language() -> str:
    return str(get_locale() or DEFAULT)


@contextmanager
def document_language(language: str | None):
    """Compose a document in its own language: labels, dates, quotation marks."""
    with force_locale(supported(language)):
        yield supported(language)


def quote(text: str, language: str | None = None) -> str:
    """“…” in English, «…» in Russian."""
    if supported(language or current_language()) == "ru":
        return f"«{text}»"
    return f"“{text}”"


# -- the switch ------------------------------------------------------------------------------------------


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    Babel(app, locale_selector=select_locale)
    if click.get_current_context(silent=True) is not None:
        # the `flask` command is loading the app to run one of its commands (or to list them)
        speak_clicks_words(app)

    @app.context_processor
    def languages():
        return {"languages": LANGUAGES, "current_language": current_language()}

    @app.post("/language")
    @csrf.exempt
    def set_language():
        """The header's switch: remembered in a cookie, and with the account of a logged-in user.

        An anonymous reader's switch carries no CSRF token, so the pages kept for anonymous readers
        (eventsite/reading/page_cache.py) are the same bytes for all of them and give them no session
        cookie. What a forged switch could do is set a visitor's language cookie. A logged-in user's
        pages carry the token, and their switch is checked as every other form is (a missing or expired
        token is the "form had expired" page, eventsite/errors.py), since it changes their account."""
        if current_user.is_authenticated and current_app.config["WTF_CSRF_ENABLED"]:
            csrf.protect()
        language = request.form.get("language", "")
        target = request.form.get("next", "")
        if not target.startswith("/") or target.startswith("//"):
            target = url_for("reading.index")
        if language not in LANGUAGES:
            flash(gettext("Choose English or Russian."), "error")
            return redirect(target)
        if current_user.is_authenticated and hasattr(current_user, "language"):
            current_user.language = language
            db.session.commit()
        response = redirect(target)
        response.set_cookie(COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
        return response

