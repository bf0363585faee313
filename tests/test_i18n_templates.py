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
