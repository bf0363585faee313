"""The hostile payload list: what the outside review typed into every field, kept as one table.

Each payload is a string a person could type or paste. `{FETCH}` stands for the address of a
listening loopback socket (`with_fetch_url`): the PDF tests start one and require that rendering
makes no connection to it, so a payload that names it is one that would make the renderer fetch.

The ids name the attack, so a failing test says which kind of input got through.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

FETCH = "{FETCH}"

#: the size of the long-text payload: twice the 50,000 characters that broke LIKE patterns
LONG = 100_000


@dataclass(frozen=True)
class Payload:
    id: str
    text: str
    #: leaves an element open that hides the rest of a Markdown text: an unclosed <script> or <style>
    #: swallows it, an unclosed block element leaves it unrendered. Where payloads share a field,
    #: these go last, or the ones after them would not be tested as Markdown
    swallows: bool = False
    #: markup, characters, syntax or size: a round of payloads holds one kind
    kind: str = "markup"

    def with_fetch_url(self, url: str) -> str:
        return self.text.replace(FETCH, url.rstrip("/"))

    @property
    def fetches(self) -> bool:
        """True if the payload names the loopback listener."""
        return FETCH in self.text

    @property
    def long(self) -> bool:
        return len(self.text) >= LONG


def _p(id: str, text: str, swallows: bool = False) -> Payload:
    return Payload(id, text, swallows)


def _kind(kind: str, payloads: list[Payload]) -> list[Payload]:
    return [replace(p, kind=kind) for p in payloads]


MARKUP: list[Payload] = [
    # script, in every spelling a sanitiser or an escaper might miss
    _p("script-tag", "<script>alert(1)</script>Harmless script text"),
    _p("script-src", f'<script src="{FETCH}/x.js"></script>'),
    _p("script-upper-src", f"<SCRIPT SRC={FETCH}/upper.js></SCRIPT>"),
    _p("script-split", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    _p("script-unclosed", "<script>alert(1)//", swallows=True),
    _p("attribute-breakout-double", '"><script>alert(1)</script>'),
    _p("attribute-breakout-single", "'><script>alert(1)</script>"),
    _p("textarea-breakout", "</textarea><script>alert(1)</script>"),
    _p("title-breakout", "</title><script>alert(1)</script>"),
    _p("html-block-script", "<div>\n<script>alert(1)</script>\n</div>"),
    _p("cdata-script", "<![CDATA[<script>alert(1)</script>]]>"),
    _p("comment-script", "<!--><script>alert(1)</script>-->"),
    # event handlers
    _p("img-onerror", "<img src=x onerror=alert(1)> Harmless handler text"),
    _p("img-onload-fetch", f'<img src="{FETCH}/onload.png" onload="alert(1)">'),
    _p("body-onload", "<body onload=alert(1)>", swallows=True),
    _p("svg-onload", "<svg onload=alert(1)>"),
    _p("svg-script", "<svg><script>alert(1)</script></svg>"),
    _p("svg-xlink", '<svg><a xlink:href="javascript:alert(1)"><text x="9" y="9">Harmless svg</text></a></svg>'),
    _p("svg-image-fetch", f'<svg><image href="{FETCH}/svg.png"/></svg>'),
    _p("mathml-mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", swallows=True),
    _p("div-onmouseover", '<div onmouseover="alert(1)">Harmless hover</div>'),
    _p("a-onclick", '<a href="#" onclick="alert(1)">Harmless click</a>'),
    _p("input-onfocus", "<input autofocus onfocus=alert(1)>"),
    _p("details-ontoggle", "<details open ontoggle=alert(1)>", swallows=True),
    _p("attribute-injection-double", '" onmouseover="alert(1)" x="'),
    _p("attribute-injection-single", "' onfocus='alert(1)' x='"),
    # javascript: and data: URLs, in Markdown and in raw HTML
    _p("md-javascript-link", "[Harmless md link](javascript:alert(1))"),
    _p("md-javascript-mixed-case", "[Harmless mixed link](JaVaScRiPt:alert(1))"),
    _p("md-javascript-entity", "[Harmless entity link](jav&#x09;ascript:alert(1))"),
    _p("md-javascript-reference", "[Harmless reference][r]\n\n[r]: javascript:alert(1)"),
    _p("md-javascript-autolink", "<javascript:alert(1)>"),
    _p("md-javascript-image", "![Harmless image](javascript:alert(1))"),
    _p("md-data-link", "[Harmless data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    _p("html-javascript-link", '<a href="javascript:alert(1)">Harmless html link</a>'),
    _p("html-javascript-encoded", '<a href="&#106;avascript:alert(1)">Harmless encoded link</a>'),
    _p("html-javascript-spaced", '<a href=" javascript:alert(1)">Harmless spaced link</a>'),
    _p("html-data-link", '<a href="data:text/html,<script>alert(1)</script>">Harmless data html</a>'),
    _p("html-vbscript-link", '<a href="vbscript:msgbox(1)">Harmless vbscript link</a>'),
    _p("form-javascript-action", '<form action="javascript:alert(1)"><button>Harmless form</button></form>'),
    # frames, objects, embeds
    _p("iframe-javascript", '<iframe src="javascript:alert(1)"></iframe>'),
    _p("iframe-fetch", f'<iframe src="{FETCH}/frame.html"></iframe>'),
    _p("iframe-srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'),
    _p("object-fetch", f'<object data="{FETCH}/object.swf"></object>'),
    _p("embed-fetch", f'<embed src="{FETCH}/embed.swf">'),
    # images pointing outside
    _p("md-image-fetch", f"![Harmless remote image]({FETCH}/md.png)"),
    _p("md-image-reference-fetch", f"![Harmless ref image][i]\n\n[i]: {FETCH}/ref.png"),
    _p("html-image-fetch", f'<img src="{FETCH}/raw.png" alt="Harmless raw image">'),
    _p("html-srcset-fetch", f'<img srcset="{FETCH}/set.png 1x">'),
    _p("picture-fetch", f'<picture><source srcset="{FETCH}/picture.png"><img src="x"></picture>'),
    _p("video-poster-fetch", f'<video poster="{FETCH}/poster.png"><source src="{FETCH}/v.mp4"></video>'),
    _p("file-image", '<img src="file:///etc/passwd">'),
    # CSS
    _p("style-attribute-fetch", f'<p style="background:url({FETCH}/bg.png)">Harmless styled text</p>'),
    _p("style-import-fetch", f'<style>@import url("{FETCH}/import.css");</style>'),
    _p("style-url-fetch", f"<style>body {{ background: url({FETCH}/style.png) }}</style>"),
    _p("style-font-face-fetch", f"<style>@font-face {{ font-family: x; src: url({FETCH}/font.woff) }}</style>"),
    _p("link-stylesheet-fetch", f'<link rel="stylesheet" href="{FETCH}/link.css">'),
    _p("style-expression", '<div style="width: expression(alert(1))">Harmless expression</div>'),
    _p("css-import-text", f"@import url({FETCH}/bare.css);"),
    # documents that pull things in or go elsewhere
    _p("link-attachment-file", "<link rel=attachment href=file:///etc/passwd>"),
    _p("link-attachment-fetch", f'<link rel="attachment" href="{FETCH}/attachment.json">'),
    _p("a-attachment-file", '<a rel="attachment" href="file:///etc/passwd">Harmless attachment</a>'),
    _p("base-href-fetch", f'<base href="{FETCH}/">'),
    _p("meta-refresh-javascript", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    _p("meta-refresh-fetch", f'<meta http-equiv="refresh" content="0;url={FETCH}/refresh">'),
    _p("xml-entity", ']]><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'),
]
CHARACTERS: list[Payload] = [
    # control characters: XML 1.0 (Atom) and iCalendar refuse them
    _p("control-soh", "Harmless\x01start of heading"),
    _p("control-escape", "Harmless\x1b[31m escape sequence"),
    _p("control-vertical-tab", "Harmless\x0bvertical tab"),
    _p("control-nul", "Harmless\x00NUL"),
    _p("control-backspace-form-feed", "Harmless\x08backspace\x0cform feed"),
    _p("control-del-and-c1", "Harmless\x7fDEL\x85NEL\x9fAPC"),
    _p("noncharacters", "Harmless\ufffe\uffffnon-characters"),
    # bidi overrides and invisible characters
    _p("bidi-override", "Harmless \u202egnp.exe"),
    _p("bidi-isolates", "Harmless \u2066isolate\u2069 \u200fmark \u202aembedding\u202c"),
    _p("zero-width", "Harm\u200bless\u200d\ufeff"),
    # line breaks that inject properties into line-based formats
    _p("ical-lone-cr", "p78\rX-INJECT:1\rATTACH:file:///etc/passwd"),
    _p("ical-crlf", "p79\r\nX-INJECT:1\r\nATTACH:file:///etc/passwd"),
    _p("ical-lf", "p80\nX-INJECT:1\nATTACH:file:///etc/passwd"),
    _p("ical-vevent", "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nATTACH:file:///etc/passwd"),
    _p("unicode-line-separators", "Harmless\u2028line\u2029paragraph"),
]
SYNTAX: list[Payload] = [
    # text that is syntax somewhere else
    _p("template-syntax", "{{ 7*7 }} {% debug %} ${7*7} #{7*7}"),
    _p("sql-and-like", "' OR 1=1 -- %_\\"),
    _p("search-syntax", '"unbalanced NEAR( OR * title: -x AND ^'),
    _p("non-latin", "Артём Шадрин — 技术 🚀 é"),
]
SIZE: list[Payload] = [
    _p("long-text", "a" * LONG),
]
PAYLOADS: list[Payload] = (_kind("markup", MARKUP) + _kind("characters", CHARACTERS) + _kind("syntax", SYNTAX)
                           + _kind("size", SIZE))

assert len(PAYLOADS) >= 60, "the review used 80; keep at least 60"
assert len({p.id for p in PAYLOADS}) == len(PAYLOADS), "payload ids must be unique"

BY_ID = {p.id: p for p in PAYLOADS}
IDS = [p.id for p in PAYLOADS]


def in_one_field(payloads: list[Payload]) -> list[Payload]:
    """The order in which payloads can share one field: those that hide what follows them last."""
    return sorted(payloads, key=lambda p: p.swallows)
