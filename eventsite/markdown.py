"""User text is Markdown, shown as sanitised HTML that can run nothing and fetch nothing."""
from __future__ import annotations

import re
import threading
from html import unescape

import markdown as md
import nh3
from flask import Flask
from markupsafe import Markup

#: what Markdown may produce and a reader may see; no img, style, rel, or script
ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    "abbr", "sup", "sub", "del", "dl", "dt", "dd",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
#: relative links are kept; no javascript:, data: or file:
URL_SCHEMES = {"http", "https", "mailto"}


#: each thread's converter: building one loads its extensions and registers some forty patterns, which cost
#: more than converting a paragraph (0.45 ms against 0.2 ms), and a session page converts twenty; one may
#: not be shared between threads, and is reset before each text
_local = threading.local()


def _converter() -> md.Markdown:
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = md.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    return converter.reset()


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    html = _converter().convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return Markup(clean)


#: where a rendered block ends, so its text does not run into the next block's
_BLOCK_END = re.compile(r"(</(p|li|h[1-6]|blockquote|pre|tr|dd|dt)>|<br\s*/?>|<hr\s*/?>)", re.IGNORECASE)


def markdown_text(text: str | None) -> str:
    """The text a reader sees of `text`, without markup: rendered and sanitised first, so raw HTML
    (<script>, <iframe>, javascript: links) leaves nothing behind, then reduced to plain text with
    one line per block."""
    if not text:
        return ""
    html = _BLOCK_END.sub(lambda m: m.group(0) + "\n", str(render_markdown(text)))
    plain = unescape(nh3.clean(html, tags=set(), attributes={}, strip_comments=True))
    return "\n".join(line.strip() for line in plain.splitlines() if line.strip())


def init_app(app: Flask) -> None:
    app.add_template_filter(render_markdown, "markdown")
