"""What "inert" means, as functions that list what is not: live markup in a page, a feed that does
not parse or carries injected properties, a PDF that fetched something or kept markup as text.

Each returns a list of problems in words (empty when all is well), so a test can gather them over
many payloads and pages and report them together.
"""
from __future__ import annotations

import io
import re
import shutil
import socket
import subprocess
import threading
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

#: schemes that run script or carry a document of their own
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
#: attributes whose value is fetched or followed
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "cite",
                  "codebase", "dynsrc", "lowsrc", "ping", "manifest", "icon", "content"}
#: elements no user text may bring into a page, whatever their attributes
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "svg", "math",
                      "portal", "video", "audio", "source", "picture", "track"}
#: elements that load what their src names; only the site's own paths are allowed
LOADING_ELEMENTS = {"img", "input", "image"}
#: the site's own scripts and stylesheet
OWN_STATIC = "/static/"
OWN_LINK_RELS = {"stylesheet", "alternate"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def _scheme_of(value: str) -> str:
    # browsers ignore whitespace and control characters inside a scheme ("java\tscript:")
    return _INVISIBLE.sub("", value).lower()


def _own_path(value: str) -> bool:
    return value.startswith("/") and not value.startswith("//")


class _MarkupScan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._check(tag, dict(attrs), attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, dict(attrs), attrs)

    def _check(self, tag: str, attributes: dict, pairs: list):
        where = f"<{tag}>"
        for name, value in pairs:
            if name.startswith("on"):
                self.problems.append(f"{where} with an event handler {name}={(value or '')[:40]!r}")
            if name in ("style", "srcdoc", "srcset"):
                self.problems.append(f"{where} with a {name} attribute {(value or '')[:40]!r}")
            if name in URL_ATTRIBUTES and value and _scheme_of(value).startswith(DANGEROUS_SCHEMES):
                self.problems.append(f"{where} with {name}={value[:60]!r}")
        if tag == "script":
            self._in_script = True
            src = attributes.get("src") or ""
            if not src.startswith(OWN_STATIC):
                self.problems.append(f"<script> that is not one of the site's own ({src[:60] or 'inline'})")
        elif tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"a live {where} element")
        elif tag == "link":
            # the site's own: its stylesheet, and the newsroom's feed as an alternate
            if attributes.get("rel") not in OWN_LINK_RELS or not _own_path(attributes.get("href") or ""):
                self.problems.append(f"<link rel={attributes.get('rel')!r} href={attributes.get('href', '')[:60]!r}>")
        elif tag == "meta":
            # the site's own are <meta charset> and <meta name=viewport>; http-equiv refreshes or redirects
            if "http-equiv" in attributes or ("content" in attributes and attributes.get("name") != "viewport"):
                self.problems.append(f"<meta {' '.join(f'{k}={v!r}' for k, v in pairs)[:80]}>")
        elif tag in LOADING_ELEMENTS and "src" in attributes and not _own_path(attributes["src"] or ""):
            self.problems.append(f"{where} loading {attributes['src'][:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"inline script content {data.strip()[:40]!r}")


def live_markup(html: str) -> list[str]:
    """Everything in `html` that could run, restyle the page or fetch from elsewhere.

    The site's own pages have none of it but their `/static/` script and stylesheet, so whatever
    this finds came from user text that was not escaped or sanitised.
    """
    scan = _MarkupScan()
    scan.feed(html)
    scan.close()
    return list(dict.fromkeys(scan.problems))


# -- feeds ---------------------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def atom_problems(body: bytes) -> list[str]:
    """The feed must parse as feedparser reads it (bozo 0), and the HTML of its entries must be inert."""
    import feedparser

    parsed = feedparser.parse(body)
    if parsed.bozo:
        return [f"not well-formed: {parsed.bozo_exception}"]
    problems = []
    for content in ET.fromstring(body).iter(f"{ATOM}content"):
        if content.get("type") == "html":
            problems += [f"entry content: {p}" for p in live_markup(content.text or "")]
    return problems


#: what RFC 5545 allows in a content line besides printable text: HTAB (3.1, 3.3.11)
_ICAL_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
INJECTED_PROPERTIES = ("X-INJECT", "ATTACH")


def ical_problems(body: bytes) -> list[str]:
    """The calendar parses with `icalendar`, its lines end in CRLF only, and nobody's text added a property."""
    import icalendar

    problems = []
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"not UTF-8: {exc}"]
    broken = [(n, line) for n, line in enumerate(text.split("\r\n"), start=1) if _ICAL_CONTROL.search(line)]
    if broken:
        n, line = broken[0]
        problems.append(f"{len(broken)} lines have a control character or a bare line break, "
                        f"the first is line {n}: {line[:60]!r}")
    # a calendar program may break lines at a bare CR or LF too: no such line may start a property
    for line in re.split(r"\r\n|\r|\n", text):
        if line.upper().startswith(INJECTED_PROPERTIES):
            problems.append(f"a line starts an injected property: {line[:60]!r}")
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as exc:  # whatever the parser raises, the feed is broken for every reader
        return problems + [f"icalendar cannot parse it: {type(exc).__name__}: {exc}"]
    for component in calendar.walk():
        for name in component:
            if name.upper() in INJECTED_PROPERTIES:
                problems.append(f"{component.name} has an injected {name} property: {component[name]!r:.60}")
    return list(dict.fromkeys(problems))


# -- PDFs ----------------------------------------------------------------------------------------

def pdf_text(pdf: bytes) -> str:
    """The text pdftotext (poppler) reads from the PDF, as a reader copying it would get it."""
    result = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-q", "-", "-"], input=pdf,
                            capture_output=True, check=True, timeout=60)
    return result.stdout.decode("utf-8", "replace")


def pdf_links(pdf: bytes) -> list[str]:
    """The URI of every link annotation in the PDF."""
    from pypdf import PdfReader

    uris = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def pdf_attachments(pdf: bytes) -> dict[str, list[bytes]]:
    from pypdf import PdfReader

    return dict(PdfReader(io.BytesIO(pdf)).attachments)


class Listener:
    """A socket on a free loopback port that records every connection made to it and its first line."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(0.5)
                try:
                    first = conn.recv(200).split(b"\r\n", 1)[0].decode("latin-1")
                except OSError:
                    first = ""
                self.requests.append(first or "(a connection that sent nothing)")

    def close(self):
        self._stop.set()
        self._thread.join()
        self.sock.close()
