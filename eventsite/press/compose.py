"""A press release composed once, in its own language: the page, the PDF and the Markdown of
`draft-press-release` are all drawn from the dict `compose_release` returns, as the minutes are
from `compose_minutes` (templates/press/_document.html for the page and the PDF, `release_markdown`
for the command line). The same dict is the JSON record the PDF carries.

Its parts, in reading order: the notice (for immediate release, embargoed until …, draft, or whom a
release of a closed session is for), the letterhead, the headline and subheadline, the dateline run
into the lead, the body's paragraphs (quotes marked as such), the forum's About, the press contact,
and the end mark. Every label is in the document's language, whatever the reader's.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from flask_babel import gettext

from eventsite.i18n import document_language
from eventsite.models import DocumentStatus, ForumSession, PressRelease
from eventsite.press import russian as ru
from eventsite.press import workflow
from eventsite.press.drafting import draft_press_release, release_language

FORMAT = "eventsite-press-release"
VERSION = 1

END_MARK = "###"

#: what a release's text is made of: a release, a kept revision, a draft, or the form being typed
TEXT_FIELDS = ("headline", "subheadline", "dateline", "body")

#: a paragraph that opens with a quotation mark is a quote
_QUOTE_START = re.compile(r"^[“«„\"]")
#: a block that goes on the block before it: an indented line, or the next item of a list
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s")
#: what would be read as Markdown in a dateline typed by the press office (backslash-escaped), and what
#: would be read as HTML or an entity (written as entities: Markdown has no escape for "<")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _text_of(text, name: str) -> str:
    value = text.get(name) if isinstance(text, Mapping) else getattr(text, name, None)
    return (value or "").strip() if name != "body" else (value or "")


def compose_release(release: PressRelease | None = None, text=None, *, session: ForumSession | None = None,
                    notice: bool = True, now: datetime | None = None) -> dict:
    """The release as its readers get it, as a plain, JSON-ready dict.

    `text` is what to show when it is not the release's own: a kept revision, the form being typed
    (a mapping of headline, subheadline, dateline, body), or a draft of `session` that is not saved
    (the command line; then `release` is None). `notice=False` leaves the notice out (a revision, an
    editor's preview).
    """
    session = session or release.session
    language = release.language if release is not None else release_language(session)
    source = text if text is not None else release
    with document_language(language) as lang:
        return _compose(session, release, {name: _text_of(source, name) for name in TEXT_FIELDS}, lang,
                        notice, now)


def compose_draft(session: ForumSession) -> dict:
    """The draft the press office would get for `session`, composed as a release; saves nothing."""
    return compose_release(text=draft_press_release(session), session=session)


def draft_markdown(session: ForumSession) -> str:
    """The whole draft as Markdown, notice, boilerplate and end mark included (the CLI prints this)."""
    return release_markdown(compose_draft(session))


def _compose(session: ForumSession, release: PressRelease | None, text: dict, lang: str, notice: bool,
             now: datetime | None) -> dict:
    forum = session.forum.text_in(lang)
    status = release.status if release is not None else DocumentStatus.draft
    embargo_until = release.embargo_until if release is not None else None
    the_notice = None
    if notice:
        the_notice = {
            "text": workflow.notice_for(status, session, embargo_until, lang, now),
            "embargoed": status is DocumentStatus.published and embargo_until is not None
            and workflow.under_embargo(release, now),
        }
    contact = {"name": forum.press_contact_name or "", "email": forum.press_contact_email or "",
               "phone": forum.press_contact_phone or ""}
    return {
        "format": FORMAT,
        "version": VERSION,
        "language": lang,
        "status": status.value,
        "revision": release.revision if release is not None else None,
        "embargo_until": embargo_until.isoformat() if embargo_until else None,
        "published_at": release.published_at.isoformat() if release is not None and release.published_at else None,
        "forum": {"slug": forum.slug, "name": forum.name, "title": forum.title, "city": forum.city,
                  "country": forum.country},
        "session": {"slug": session.slug, "title": session.title, "visibility": session.visibility.value},
        "label": gettext("Press release"),
        "notice": the_notice,
        "headline": text["headline"],
        "subheadline": text["subheadline"],
        "dateline": text["dateline"],
        "blocks": body_blocks(text["body"], text["dateline"]),
        "about": {"heading": about_heading(forum, lang), "markdown": forum.about.strip()}
        if (forum.about or "").strip() else None,
        "contact": dict(contact, heading=gettext("Press contact")) if any(contact.values()) else None,
        "end_mark": END_MARK,
    }


def body_blocks(body: str, dateline: str = "") -> list[dict]:
    """The body's paragraphs, each {"kind": "lead" | "quote" | "text", "markdown": …}; the dateline
    runs into the lead ("**NOVOSIBIRSK, 10 June 2016** — At a round table …") as a press release
    opens, or stands alone above a lead that is not a plain paragraph."""
    chunks: list[str] = []
    for chunk in re.split(r"\n[ \t]*\n", (body or "").strip()):
        if not chunk.strip():
            continue
        # a list's next item or an indented line belongs to the block before it
        if chunks and (chunk[:1].isspace() or (_LIST_ITEM.match(chunk) and _LIST_ITEM.match(chunks[-1]))):
            chunks[-1] += "\n\n" + chunk
        else:
            chunks.append(chunk.strip("\n"))
    blocks = [{"kind": "quote" if _QUOTE_START.match(c) else "text", "markdown": c} for c in chunks]
    if blocks:
        blocks[0]["kind"] = "lead"
    if dateline:
        mark = f"**{markdown_literal(dateline)}**"
        if blocks and _is_plain_paragraph(blocks[0]["markdown"]):
            blocks[0]["markdown"] = f"{mark} — {blocks[0]['markdown']}"
        else:
            if blocks:
                blocks[0]["kind"] = "text"
            blocks.insert(0, {"kind": "lead", "markdown": mark})
    return blocks


def markdown_literal(text: str) -> str:
    """`text` as Markdown that renders to exactly `text`: "NOVOSIBIRSK, 10 June 2016" stays as it is,
    "*A* <b>" becomes "\\*A\\* &lt;b&gt;"."""
    # a bare "&" is text to Markdown already; only one that would start an entity ("&amp;") is written out
    escaped = re.sub(r"&(?=#?\w+;)|[<>]", lambda m: _HTML_SPECIAL[m.group(0)], text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def _is_plain_paragraph(markdown: str) -> bool:
    return not re.match(r"^(?:#|>|[-*+]\s|\d+[.)]\s|\s|\||```)", markdown)


def about_heading(forum, language: str) -> str:
    """"About Technoprom-2016"; «О Томском инновационном форуме» where the name declines, else
    «О форуме «Технопром-2016»» (a Russian name that does not decline is quoted), «О форуме
    Technoprom-2016». Call inside document_language(language)."""
    name = forum.name
    if language == "ru" and ru.is_cyrillic(name):
        prepositional = ru.inflect_phrase(name, "loct")
        if prepositional:
            preposition = "об" if prepositional[:1].lower() in "аэиоуы" else "о"
            return f"{preposition.capitalize()} {prepositional}"
        name = f"«{name.strip('«»')}»"
    return gettext("About %(forum)s", forum=name)


def release_markdown(doc: dict) -> str:
    """The composed release as Markdown: what `draft-press-release` prints."""
    parts = []
    if doc["notice"]:
        parts.append(f"**{doc['notice']['text']}**")
    parts.append(f"# {doc['headline']}")
    if doc["subheadline"]:
        parts.append(f"*{doc['subheadline']}*")
    parts.extend(block["markdown"] for block in doc["blocks"])
    if doc["about"]:
        parts.append(f"**{doc['about']['heading']}**\n\n{doc['about']['markdown']}")
    contact = doc["contact"]
    if contact:
        line = ", ".join(v for v in (contact["name"], contact["email"], contact["phone"]) if v)
        parts.append(f"**{contact['heading']}:** {line}")
    parts.append(doc["end_mark"])
    return "\n\n".join(parts) + "\n"
