"""English and Russian: the interface follows its reader, a document follows its session's language."""
from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from pypdf import PdfReader

from eventsite.models import User, db

PACKAGE = Path(__file__).resolve().parent.parent / "eventsite"
CATALOG = PACKAGE / "translations" / "ru" / "LC_MESSAGES"
MINUTES = "/forums/technoprom-2016/cluster-round-table/minutes"


def _lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def _pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.mark.parametrize("header, lang", [("ru-RU,ru;q=0.9,en;q=0.5", "ru"), ("en-GB,en;q=0.9", "en"),
                                          ("de-DE", "en"), ("", "en")])
def test_the_browsers_language_chooses_the_interface(client, header, lang):
    page = client.get("/", headers={"Accept-Language": header} if header else {}).get_data(as_text=True)
    assert _lang(page) == lang


def test_the_switch_in_the_header_wins_over_the_browser_and_works_logged_out(client):
    response = client.post("/language", data={"language": "ru", "next": "/newsroom"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/newsroom")
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert _lang(page) == "ru"
    client.post("/language", data={"language": "en", "next": "/"})
    assert _lang(client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)) == "en"


def test_the_switch_refuses_other_languages_and_foreign_redirects(client):
    response = client.post("/language", data={"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "lang=" not in response.headers.get("Set-Cookie", "")


def test_a_logged_in_users_choice_is_saved_with_the_account(client, auth, users):
    auth.login_as("organiser")
    client.post("/language", data={"language": "ru", "next": "/"})
    db.session.expire_all()
    assert db.session.get(User, users["organiser"].id).language == "ru"
    client.delete_cookie("lang")
    assert _lang(client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)) == "ru"


RUSSIAN_LABELS = ["Протокол заседания круглого стола", "Дата и время", "Место проведения", "Председатель",
                  "Секретарь", "Состав участников", "Присутствовали", "Обсуждение", "Решения", "Поручения",
                  "ЧЕРНОВИК", "10 июня 2016 г.", "в конце июля 2016 г.", "до 26 сентября 2016 г.",
                  "«Innovation Cluster: vectors of development»"]
ENGLISH_LABELS = ["Minutes of the round table", "Date and time", "Venue", "Chair", "Minutes taken by",
                  "Attendance", "Present", "Discussion", "Decisions", "Action items", "DRAFT", "10 June 2016",
                  "at the end of July 2016", "until 26 September 2016"]


@pytest.mark.parametrize("reader", ["en", "ru"])
def test_a_russian_sessions_minutes_are_russian_whatever_the_readers_language(client, auth, round_table, reader):
    round_table.language = "ru"
    db.session.commit()
    auth.login_as("organiser")
    headers = {"Accept-Language": reader}
    data = client.get(MINUTES + ".pdf", headers=headers).data
    text = _pdf_text(data)
    # the file's own description too: a library or a search engine lists it by these
    info = PdfReader(io.BytesIO(data)).metadata
    assert "черновик" in info["/Keywords"] and "draft" not in info["/Keywords"], info["/Keywords"]
    assert info["/Title"].startswith("Протокол заседания круглого стола")
    for label in RUSSIAN_LABELS:
        assert label in text, label
    for english in ("Minutes of the", "Date and time", "Attendance", "Present", "DRAFT"):
        assert english not in text, english
    assert "Артём Шадрин (Artyom Shadrin)" in text and "Artyom Shadrin (Артём Шадрин)" not in text
    page = client.get(MINUTES, headers=headers).get_data(as_text=True)
    assert _lang(page) == reader
    assert '<article class="minutes-doc is-draft" lang="ru">' in page and "Присутствовали" in page
    # the name in the document's script first
    assert "Артём Шадрин</span> <span class=\"native-name\" lang=\"en\">(Artyom Shadrin)" in page


@pytest.mark.parametrize("reader", ["en", "ru"])
def test_an_english_sessions_minutes_are_english_whatever_the_readers_language(client, auth, round_table, reader):
    auth.login_as("organiser")
    text = _pdf_text(client.get(MINUTES + ".pdf", headers={"Accept-Language": reader}).data)
    for label in ENGLISH_LABELS:
        assert label in text, label
    for russian in ("Протокол", "Присутствовали", "ЧЕРНОВИК", "июня"):
        assert russian not in text, russian
    assert "Artyom Shadrin (Артём Шадрин)" in text


def test_the_russian_catalog_translates_every_message_and_is_compiled(tmp_path):
    # pybabel writes "-o -" to a file named "-", not to standard output: extract to a file of its own
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l", "-k", "_lp:1c,2", "-k", "_ln:1,2",
         "--no-location", "-o", str(pot), "."], cwd=PACKAGE.parent, capture_output=True, text=True, check=True)
    with open(pot, "rb") as f:
        extracted = read_po(f)
    assert len(extracted) > 100, "nothing was extracted"
    with open(CATALOG / "messages.po", "rb") as f:
        catalog = read_po(f, locale="ru")
    untranslated = [m.id for m in extracted if m.id and not _translated(catalog.get(m.id, m.context))]
    assert untranslated == [], f"run pybabel update and translate: {untranslated[:20]}"
    with open(CATALOG / "messages.mo", "rb") as f:
        compiled = read_mo(f)
    stale = [m.id for m in catalog if m.id and (compiled.get(m.id, m.context) is None
                                                or _strings(compiled.get(m.id, m.context)) != _strings(m))]
    assert stale == [], f"run pybabel compile -d eventsite/translations: {stale[:20]}"


def test_the_catalog_of_clicks_words_translates_everything_click_says_and_is_compiled(tmp_path):
    # extracted from the Click installed, so an upgrade that says something new fails here
    pot = tmp_path / "click.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-k", "click_word", "--no-location",
                    "-o", str(pot), str(Path(click.__file__).parent), str(CATALOG.parent.parent / "click_words.py")],
                   capture_output=True, text=True, check=True)
    with open(pot, "rb") as f:
        extracted = read_po(f)
    assert len(extracted) > 50, "nothing was extracted"
    with open(CATALOG / "click.po", "rb") as f:
        catalog = read_po(f, locale="ru")
    untranslated = [m.id for m in extracted if m.id and not _translated(catalog.get(m.id, m.context))]
    assert untranslated == [], f"see the README's Languages for Click's words: {untranslated[:20]}"
    with open(CATALOG / "click.mo", "rb") as f:
        compiled = read_mo(f)
    stale = [m.id for m in catalog if m.id and (compiled.get(m.id, m.context) is None
                                                or _strings(compiled.get(m.id, m.context)) != _strings(m))]
    assert stale == [], f"run pybabel compile -d eventsite/translations -D click: {stale[:20]}"


def _strings(message) -> tuple:
    # a plural's forms: a tuple read from the .po, a list from the .mo
    return tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)


def _translated(message) -> bool:

    if message is None or "fuzzy" in message.flags:
        return False
    return all(_strings(message))
