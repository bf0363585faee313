"""Every word a reader sees in a template goes through the translation functions, and pages and
documents come out in the right language.

The static check reads each template with Jinja's own lexer: the HTML between the tags (text and the
attributes a reader sees or hears) and every string literal inside `{{ }}` and `{% %}` must hold no
letters unless they are inside `_()`, `ngettext`, `pgettext`, `npgettext` or `{% trans %}`; a string
made only of CSS classes or of an identifier (an endpoint, an enum value) is not language.
"""
from __future__ import annotations

import ast
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment
from pypdf import PdfReader

from eventsite.models import db

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))

TRANSLATING = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
#: attributes a reader sees or hears
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-confirm", "aria-roledescription",
                   "data-unavailable", "data-organisation"}
#: words that are not language: the product's name, a file format, marks
NOT_LANGUAGE = {"eventsite", "PDF", "ics", "Atom"}
#: a Jinja expression's place in the HTML: a character that is not a letter
HOLE = "\ue000"
#: strings compared with, or passed as names: endpoints, enum values, keys, files
IDENTIFIER = re.compile(r"[a-z0-9_.\-/:#?=&]*")
COMPARISONS = {"==", "!=", "in", "not", "is"}
CSS_CLASSES = {name for css in (ROOT / "static").rglob("*.css")
               for name in re.findall(r"\.([a-zA-Z][\w-]*)", css.read_text(encoding="utf-8"))}


def _is_language(text: str) -> bool:
    words = [w for w in re.split(r"[\s\ue000]+", text) if w]
    return any(any(c.isalpha() for c in w) and w.strip("()[].,:;«»“”") not in NOT_LANGUAGE for w in words)


def _is_technical(text: str) -> bool:
    """CSS classes ("button primary", " is-draft") or names with a separator ("reading.index")."""
    words = text.split()
    return bool(words) and all(w in CSS_CLASSES or (IDENTIFIER.fullmatch(w) and re.search(r"[-_./:#=]", w))
                               for w in words)


class _Reader(HTMLParser):
    """The text nodes and the read attributes of a template's HTML, Jinja holes left in place."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or (
                    name == "value" and tag == "input" and attributes.get("type") in ("submit", "button", "reset"))):
                if _is_language(value):
                    self.found.append(f'{tag} {name}="{value}"')

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and _is_language(data):
            self.found.append(" ".join(data.split()))


def untranslated(source: str) -> list[str]:
    """What a reader would see of `source` untranslated: text, attributes, string literals."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    tokens = [(kind, value) for _, kind, value in env.lex(source) if kind != "whitespace"]
    html, found, stack = [], [], []
    in_trans = False
    for i, (kind, value) in enumerate(tokens):
        previous = tokens[i - 1] if i else ("", "")
        following = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
        if kind == "name" and previous[0] == "block_begin":
            if value == "trans":
                in_trans = True
            elif value == "endtrans":
                in_trans = False
        if kind == "data":
            html.append(HOLE if in_trans else value)
        elif kind in ("variable_begin", "block_begin", "comment_begin"):
            html.append(HOLE)
        elif kind == "operator" and value in "([{":
            stack.append(value == "(" and previous[0] == "name" and previous[1] in TRANSLATING)
            if stack[-1] and following[0] != "string":
                found.append(f"{previous[1]}() of something else than a literal: extraction cannot see it")
        elif kind == "operator" and value in ")]}":
            if stack:
                stack.pop()
        elif kind in ("variable_end", "block_end"):
            stack.clear()
        elif kind == "string":
            text = ast.literal_eval(value)
            if stack and stack[-1]:
                if previous == ("operator", "(") and following[1] not in (",", ")"):
                    found.append(f"{tokens[i - 2][1]}() of something else than a literal: extraction cannot see it")
                continue
            if not any(c.isalpha() for c in text):
                continue
            if previous[1] in COMPARISONS or following[1] in COMPARISONS or _in_unread_attribute("".join(html)):
                # compared with, or written into a class, an id, a URL: never read
                continue
            if _is_technical(text) or not _is_language(text):
                continue
            if IDENTIFIER.fullmatch(text) and not (not stack and _opens_variable(tokens, i)):
                # a name passed along (an endpoint, a value, a key), not written out
                continue
            found.append(f"string {value}")
    reader = _Reader()
    reader.feed("".join(html))
    reader.close()
    return found + reader.found


def _in_unread_attribute(html: str) -> bool:
    """Whether the HTML so far ends inside a tag, and not in the value of an attribute people read."""
    if html.rfind("<") <= html.rfind(">"):
        return False
    value = re.search(r"""([\w:-]+)\s*=\s*(["'])[^"']*$""", html)
    if value is None:
        return True
    return value.group(1) not in READ_ATTRIBUTES and value.group(1) != "value"


def _opens_variable(tokens, i) -> bool:
    """Whether token `i` is inside `{{ }}` (what it yields is written out) rather than `{% %}`."""
    for kind, _value in reversed(tokens[:i]):
        if kind in ("variable_begin", "block_begin"):
            return kind == "variable_begin"
    return False


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_every_word_of_a_template_goes_through_the_translation_functions(template):
    assert untranslated(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("source, what", [
    ("<p>Forums</p>", "Forums"),
    ('<button aria-label="Move up">↑</button>', 'aria-label="Move up"'),
    ('<input type="search" placeholder="Search…">', 'placeholder="Search…"'),
    ('<form data-confirm="Delete it?"></form>', 'data-confirm="Delete it?"'),
    ("{{ empty('No sessions yet.') }}", "'No sessions yet.'"),
    ("{{ breadcrumbs([('Forums', url_for('reading.index'))]) }}", "'Forums'"),
    ("{{ 'yes' if user.active else 'no' }}", "'yes'"),
    ("<p>Page {{ n }} of {{ pages }}</p>", "Page"),
    ("{{ _('Revision ' ~ n) }}", "extraction cannot see it"),
    ("<p>Готово</p>", "Готово"),
])
def test_the_check_finds_words_outside_the_translation_functions(source, what):
    assert any(what in line for line in untranslated(source)), untranslated(source)


@pytest.mark.parametrize("source", [
    "<p>{{ _('Forums') }}</p>",
    "{% trans n=3 %}Page {{ n }}{% endtrans %}",
    "{{ ngettext('%(num)d session', '%(num)d sessions', count) }}",
    "{{ post_button(url_for('minutes.approve', **args), _('Approve'), class_='button primary') }}",
    "{% if status == 'draft' %}<a class=\"{{ 'current' if here }}\" href=\"{{ url_for('reading.index') }}\">eventsite</a>{% endif %}",
    "<style>.notice { content: 'x'; }</style><span>— · ###</span>",
])
def test_the_check_lets_translated_text_and_non_language_pass(source):
    assert untranslated(source) == []


# -- pages in the reader's language ------------------------------------------------------------------------

F = "/forums/technoprom-2016"
S = F + "/cluster-round-table"

#: (page, who reads it, [(the Russian text, the English text)]): each page must have the one and not the other
PAGES = [
    ("/", "anonymous", [("Форумы", "Forums"), ("1 сессия", "1 session"), ("9–10 июня 2016 г.", "9–10 June 2016"),
                        ("Войти", "Log in"), ("Пресс-центр", "Newsroom")]),
    (F + "/", "anonymous", [("Сессии", "Sessions"), ("10 июня 2016 г., 14:00</time>", "10 June 2016, 14:00</time>"),
                            ("Добавить в календарь", "Add to your calendar"), ("О форуме Technoprom-2016", "About Technoprom-2016"),
                            ("часовой пояс: Asia/Novosibirsk", "times in Asia/Novosibirsk"), ("круглый стол", "round table")]),
    (S + "/", "anonymous", [("Участники", "Participants"), ("Обсуждение", "Discussion"), (">модератор<", ">moderator<"),
                            ("Также участвовали", "Also taking part"), (">Объявление<", ">Announcement<"),
                            ("Ответственный", "Owner"), ("срок 26 сентября 2016 г.", "due 26 September 2016")]),
    (S + "/minutes", "organiser", [("Скачать PDF", "Download PDF"), (">черновик<", ">draft<"),
                                   ("Утвердить", ">Approve<"), ("Краткое содержание протокола", "Summary of the minutes"),
                                   ("Утвердить протокол?", "Approve these minutes?")]),
    ("/login", "anonymous", [("<h1>Войти</h1>", "<h1>Log in</h1>"), ("Перейти к содержанию", "Skip to content")]),
    ("/newsroom", "anonymous", [("<h1>Пресс-центр</h1>", "<h1>Newsroom</h1>"), (">Читать<", ">Read<"),
                                ("Пресс-релизы о сессиях наших форумов", "Press releases about the sessions")]),
    ("/search?q=cluster", "anonymous", [("Поиск: «cluster»", "Search: “cluster”"), ("<h2 id=\"group-sessions\">Сессии",
                                         "<h2 id=\"group-sessions\">Sessions"), ("Найти сессии, людей", "Find sessions, people")]),
    (S + "/points", "organiser", [("Пункты обсуждения", "Discussion points"), ("Записать пункт", "Capture a point"),
                                  ("Ответственный: Ministry of Economic Development of Russia · срок 26 сентября 2016 г.",
                                   "Owner: Ministry of Economic Development of Russia · due 26 September 2016"),
                                  ('aria-label="Переместить пункт 1 ниже"', 'aria-label="Move point 1 down"'),
                                  ("Удалить пункт 1? Это можно будет отменить.", "Delete point 1? You can undo this."),
                                  ("рабочее место организатора", "organiser’s workspace")]),
]


@pytest.fixture
def published_release(round_table, users):
    from eventsite.press import workflow

    release = workflow.create_press_release(round_table, users["press"])
    workflow.approve_press_release(release, users["press"])
    workflow.publish_press_release(release, users["press"])
    db.session.commit()
    return release


def _lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


@pytest.mark.parametrize("reader", ["ru", "en"])
@pytest.mark.parametrize("url, role, texts", PAGES, ids=[p[0] for p in PAGES])
def test_a_page_speaks_the_readers_language(client, auth, published_release, reader, url, role, texts):
    auth.login_as(role)
    response = client.get(url, headers={"Accept-Language": f"{reader},en;q=0.5" if reader == "ru" else reader})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _lang(page) == reader
    for russian, english in texts:
        wanted, unwanted = (russian, english) if reader == "ru" else (english, russian)
        assert wanted in page, wanted
        assert unwanted not in page, unwanted


@pytest.mark.parametrize("reader", ["ru", "en"])
def test_a_russian_release_reads_russian_inside_a_page_in_the_readers_language(client, round_table, users, reader):
    from eventsite.press import workflow

    round_table.language = "ru"
    release = workflow.create_press_release(round_table, users["press"])
    workflow.approve_press_release(release, users["press"])
    workflow.publish_press_release(release, users["press"])
    db.session.commit()
    page = client.get(S + "/press-release", headers={"Accept-Language": reader}).get_data(as_text=True)
    assert _lang(page) == reader
    document = page[page.index('<article class="press-release" lang="ru">'):]
    for label in ("ДЛЯ НЕМЕДЛЕННОГО РАСПРОСТРАНЕНИЯ", "Пресс-релиз", "О форуме Technoprom-2016", "Контакты для прессы"):
        assert label in document, label
    for english in ("FOR IMMEDIATE RELEASE", "About Technoprom-2016", "Press contact"):
        assert english not in page, english
    chrome = page[:page.index('<article class="press-release"')]
    assert ("Пресс-центр" if reader == "ru" else "Newsroom") in chrome


# -- the press release PDF in its session's language ----------------------------------------------------------

RELEASE_LABELS = {
    "ru": ["ПРЕСС-РЕЛИЗ", "ДЛЯ НЕМЕДЛЕННОГО РАСПРОСТРАНЕНИЯ", "О форуме Technoprom-2016", "Контакты для прессы"],
    "en": ["PRESS RELEASE", "FOR IMMEDIATE RELEASE", "About Technoprom-2016", "Press contact"],
}


def _pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.mark.parametrize("reader", ["ru", "en"])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_press_release_pdf_is_in_its_sessions_language_whatever_the_readers(client, auth, round_table, users,
                                                                              language, reader):
    from eventsite.press import workflow

    round_table.language = language
    release = workflow.create_press_release(round_table, users["press"])
    workflow.approve_press_release(release, users["press"])
    workflow.publish_press_release(release, users["press"])
    db.session.commit()
    auth.login_as("press")
    response = client.get(f"/press-releases/{release.id}.pdf", headers={"Accept-Language": reader})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _pdf_text(response.data)
    other = "en" if language == "ru" else "ru"
    for label in RELEASE_LABELS[language]:
        assert label in text, label
    for label in RELEASE_LABELS[other]:
        assert label not in text, label
    assert PdfReader(io.BytesIO(response.data)).trailer["/Root"].get("/Lang") == language


def test_a_draft_pdf_says_so_in_its_language(client, auth, round_table, users):
    from eventsite.press import workflow

    round_table.language = "ru"
    release = workflow.create_press_release(round_table, users["press"])
    db.session.commit()
    auth.login_as("press")
    text = _pdf_text(client.get(f"/press-releases/{release.id}.pdf", headers={"Accept-Language": "en"}).data)
    assert "ЧЕРНОВИК — НЕ ДЛЯ ПУБЛИКАЦИИ" in text and "NOT FOR PUBLICATION" not in text


# -- the filters dates go through ------------------------------------------------------------------------------

@pytest.mark.parametrize("language, start, end, written", [
    ("ru", (2016, 6, 9), (2016, 6, 10), "9–10 июня 2016 г."),
    ("ru", (2016, 6, 30), (2016, 7, 1), "30 июня – 1 июля 2016 г."),
    ("ru", (2016, 12, 30), (2017, 1, 2), "30 декабря 2016 г. – 2 января 2017 г."),
    ("ru", (2016, 6, 9), (2016, 6, 9), "9 июня 2016 г."),
    ("en", (2016, 6, 9), (2016, 6, 10), "9–10 June 2016"),
    ("en", (2016, 6, 30), (2016, 7, 1), "30 June – 1 July 2016"),
])
def test_a_span_of_days_is_written_as_people_write_it(app, language, start, end, written):
    from datetime import date

    from eventsite.i18n import document_language
    from eventsite.templating import day_range

    with document_language(language):
        assert day_range(date(*start), date(*end)) == written


def test_a_moment_is_written_in_the_forums_zone_and_the_current_language(app):
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from eventsite.i18n import document_language
    from eventsite.templating import clock, day, day_time

    moment = datetime(2017, 4, 20, 7, 0, tzinfo=timezone.utc)
    tomsk = ZoneInfo("Asia/Tomsk")
    with document_language("ru"):
        assert day_time(moment, tomsk) == "20 апреля 2017 г., 14:00"
        assert day("2016-09-26") == "26 сентября 2016 г." and clock(moment, tomsk) == "14:00"
    with document_language("en"):
        assert day_time(moment, tomsk) == "20 April 2017, 14:00"
