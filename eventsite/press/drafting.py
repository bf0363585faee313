"""A press release drafted from the record: templates and small functions, no language model.

The draft says everything the session recorded, in the order it was recorded,
so the press office spends its time on judgement, not retyping. The stored body
holds the release's own text; the forum's "About" boilerplate, the press
contact and the end mark are added wherever the release is shown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from eventsite.dates import format_day, format_key_date, phrase_key_date
from eventsite.markdown import markdown_text
from eventsite.models import DatePrecision, ForumSession, KeyDate, Participation, PointKind, SessionKind
from eventsite.press.written_dates import find_dates

#: month names for datelines in another language; English comes from strftime
MONTHS_GENITIVE = {
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря"],
}

LANGUAGES = {"en": "English", "ru": "Russian"}

END_MARK = "###"

#: what a session is called in running text
_KIND_NOUN = {
    SessionKind.round_table: "round table discussion",
    SessionKind.panel: "panel discussion",
    SessionKind.plenary: "plenary session",
    SessionKind.workshop: "workshop",
    SessionKind.other: "session",
}
_KIND_SHORT = {
    SessionKind.round_table: "round table",
    SessionKind.panel: "panel discussion",
    SessionKind.plenary: "plenary session",
    SessionKind.workshop: "workshop",
    SessionKind.other: "session",
}

#: organisations named with an article in running text ("of the Ministry of …")
_WITH_ARTICLE = {
    "ministry", "department", "government", "administration", "agency", "federal", "university", "academy",
    "institute", "association", "union", "chamber", "council", "committee", "fund", "foundation", "office",
    "service", "centre", "center", "bank", "state", "national", "russian", "european", "international",
}
_DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "its", "their", "our", "new"}
_PARTICIPLES = {"held", "open", "opened", "closed", "given", "made", "sent", "shown", "taken", "chosen",
                "written", "run", "begun", "done", "set", "due", "paid", "put", "kept", "sold", "built"}
_PREPOSITIONS = {"until", "by", "on", "from", "before", "after", "till", "since", "in", "at"}


@dataclass
class Draft:
    headline: str
    subheadline: str
    dateline: str
    #: Markdown: lead, body paragraphs, announcements, quotes
    body: str
    language: str = "en"


def draft_press_release(session: ForumSession, language: str | None = None) -> Draft:
    """The press release that the record of `session` makes, before anyone edits it."""
    language = language or session.language or session.forum.language or "en"
    paragraphs = [lead_paragraph(session)]
    for point in session.live_points:
        paragraph = point_paragraph(point)
        if paragraph:
            paragraphs.append(paragraph)
    return Draft(
        headline=headline(session),
        subheadline=subheadline(session),
        dateline=dateline(session, language),
        body="\n\n".join(paragraphs),
        language=language,
    )


def draft_markdown(session: ForumSession, language: str | None = None) -> str:
    """The whole release as Markdown, boilerplate and end mark included (the CLI prints this)."""
    draft = draft_press_release(session, language)
    return release_markdown(draft.headline, draft.subheadline, draft.dateline, draft.body, session.forum)


def release_markdown(headline_text: str, subheadline_text: str, dateline_text: str, body: str, forum) -> str:
    parts = [f"# {headline_text}"]
    if subheadline_text:
        parts.append(f"*{subheadline_text}*")
    if dateline_text:
        parts.append(f"**{dateline_text}**")
    parts.append(body.strip())
    if forum.about:
        parts.append(f"**About {forum.name}**\n\n{forum.about.strip()}")
    contact = contact_line(forum)
    if contact:
        parts.append(f"**Press contact:** {contact}")
    parts.append(END_MARK)
    return "\n\n".join(parts) + "\n"


def contact_line(forum) -> str:
    return ", ".join(p for p in (forum.press_contact_name, forum.press_contact_email, forum.press_contact_phone) if p)


# -- the parts ---------------------------------------------------------------------------------------


def headline(session: ForumSession) -> str:
    """"<session title>. <forum name>." as in the reference release."""
    return f"{_sentence(session.title)} {_sentence(session.forum.name)}"


def subheadline(session: ForumSession) -> str:
    kind = _KIND_NOUN[session.kind]
    return f"{kind[0].upper()}{kind[1:]} at {session.forum.title}, {session.forum.city}"


def dateline(session: ForumSession, language: str = "en") -> str:
    """"NOVOSIBIRSK, 10 June 2016", or "НОВОСИБИРСК, 10 июня 2016" for a Russian release."""
    return f"{session.forum.city.upper()}, {written_day(session.local_start.date(), language)}"


def written_day(d: date, language: str = "en") -> str:
    months = MONTHS_GENITIVE.get(language.split("-")[0])
    if months:
        return f"{d.day} {months[d.month - 1]} {d.year}"
    return format_day(d)


def lead_paragraph(session: ForumSession) -> str:
    forum = session.forum
    kind = _KIND_NOUN[session.kind]
    sentences = [
        f"The {kind} devoted to “{session.title}” was held on {format_day(session.local_start.date())} "
        f"in the course of {forum.title} in {forum.city}."
    ]
    moderators = [p for p in session.moderators if p.attendance.value != "absent"]
    if moderators:
        who = _join([introduce(p) for p in moderators])
        sentences.append(f"{_upper_first(who)} moderated the {_KIND_SHORT[session.kind]}.")
    taking_part = participants_sentence(session)
    if taking_part:
        sentences.append(taking_part)
    return " ".join(sentences)


def participants_sentence(session: ForumSession) -> str:
    groups = [g.name for g in session.groups if g.name]
    named = [p for p in session.participations
             if p.role.value != "moderator" and p.attendance.value == "attended"]
    sentences = []
    if groups:
        sentences.append(f"The participants of the discussion were {_join(groups)}.")
    if named:
        people = _join([f"{p.person.name}{', ' + affiliation(p) if affiliation(p) else ''}" for p in named], sep="; ")
        lead = "Among them were" if groups else "The participants of the discussion were"
        sentences.append(f"{lead} {people}.")
    return " ".join(sentences)


def point_paragraph(point) -> str:
    """One paragraph for a recorded point, or "" for what a release leaves out (action items)."""
    body = _flatten(point.body)
    title = point.title.strip()
    speaker = point.speaker.person.name if point.speaker is not None else ""
    kind = point.kind
    if kind is PointKind.action:
        return ""
    if kind is PointKind.quote:
        return quote_paragraph(point)
    if kind is PointKind.announcement:
        intro = ""
        # the body may already say who announced what; do not say it twice
        if title and title.lower().rstrip(".") not in body.lower() and not (speaker and speaker in body):
            intro = f"{speaker or 'The organisers'} told the participants about {noun_phrase(title)}."
        said_on = point.session.local_start.date()
        dates = " ".join(key_date_sentence(kd, said_on) for kd in point.key_dates if not mentions(body, kd))
        return " ".join(part for part in (intro, body, dates) if part)
    if not body:
        verb = {PointKind.proposal: "proposed", PointKind.decision: "agreed on"}.get(kind, "discussed")
        return f"{speaker or 'The participants'} {verb} {noun_phrase(title)}." if title else ""
    if kind is PointKind.proposal:
        return f"{speaker or 'The participants'} proposed: {body}" if title or speaker else body
    if kind is PointKind.decision:
        return f"The participants agreed: {body}"
    return body


def quote_paragraph(point) -> str:
    text = _flatten(point.body).strip().strip("\"“”«»").strip()
    if not text:
        return ""
    if point.speaker is None:
        return f"“{text}”"
    who = point.speaker.person.name
    position = affiliation(point.speaker)
    return f"“{text}” — said {who}{', ' + position if position else ''}."


def key_date_sentence(key_date: KeyDate, said_on: date | None = None) -> str:
    """"Programmes will be accepted until 26 September 2016." from the label "Programmes accepted until".

    A label with a participle becomes a sentence in the future (or past, for a
    date before the session); anything else reads "<label>: <date>.".
    """
    words = key_date.label.strip().rstrip(":").split()
    future = said_on is None or key_date.date >= said_on
    when = written_key_date(key_date)
    verb_at = next((i for i, w in enumerate(words) if i > 0 and _is_participle(w)), None)
    if verb_at is None:
        return f"{key_date.label.strip().rstrip(':')}: {when}."
    subject = " ".join(words[:verb_at])
    rest = words[verb_at:]
    if len(words[:verb_at]) == 1 and not subject.lower().endswith("s") and subject.lower() not in _DETERMINERS:
        subject = "The " + _lower_first(subject)
    plural = subject.lower().endswith("s") and not subject.lower().endswith("ss")
    aux = "will be" if future else ("were" if plural else "was")
    if rest[-1].lower() in _PREPOSITIONS:
        phrase = " ".join(rest[:-1] + [phrase_key_date(key_date, rest[-1].lower())])
    else:
        phrase = " ".join(rest + [phrase_key_date(key_date, "")])
    return f"{_upper_first(subject)} {aux} {phrase}."


def mentions(text: str, key_date: KeyDate) -> bool:
    """Whether `text` already gives `key_date`, in any written form."""
    found = find_dates(text, key_date.date.year)
    if key_date.precision is DatePrecision.day:
        return any(m.on == key_date.date and m.precision is DatePrecision.day for m in found)
    return any(m.month == (key_date.date.year, key_date.date.month) for m in found)


def written_key_date(key_date: KeyDate) -> str:
    """"26 September 2016", "July 2016", "the end of July 2016": the date as recorded, no more."""
    when = format_key_date(key_date)
    return f"the {when}" if when.startswith("end of") else when


def introduce(p: Participation) -> str:
    """"Director of the Department … of the Ministry of … Artyom Shadrin", the way the reference names him."""
    org = organisation_phrase(p)
    if p.position and org:
        return f"{p.position} of {org} {p.person.name}"
    if p.position:
        return f"{p.position} {p.person.name}"
    if org:
        return f"{p.person.name} of {org}"
    return p.person.name


def affiliation(p: Participation) -> str:
    """"Director of the Department … of the Ministry of Economic Development of Russia"."""
    org = organisation_phrase(p)
    if p.position and org:
        return f"{p.position} of {org}"
    return p.position or org


def organisation_phrase(p: Participation) -> str:
    if p.organisation is None:
        return ""
    name = p.organisation.name
    first = name.split()[0].lower() if name.split() else ""
    return f"the {name}" if first in _WITH_ARTICLE else name


def noun_phrase(title: str) -> str:
    """A point's title as it reads inside a sentence: "the programme supporting …", "bioinformatics"."""
    title = title.strip().rstrip(".")
    first = title.split()[0] if title.split() else ""
    if not first or first.isupper() or first[0].isdigit() or first.lower() in _DETERMINERS:
        return title
    word = first.lower()
    if word.endswith("s") and not word.endswith("ss"):
        return _lower_first(title)
    return "the " + _lower_first(title)


# -- small text helpers --------------------------------------------------------------------------------


def _is_participle(word: str) -> bool:
    w = word.lower()
    return w in _PARTICIPLES or (len(w) > 4 and w.endswith("ed"))


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    # "Programme …" → "programme …", but leave "IT …" and "Novosibirsk"-like proper nouns to the writer
    first = text.split()[0] if text.split() else ""
    if len(first) > 1 and first[1:].islower():
        return text[:1].lower() + text[1:]
    return text


def _join(items: list[str], sep: str = ", ") -> str:
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} and {items[1]}"
    return sep.join(items[:-1]) + f"{sep.strip()} and {items[-1]}"


def _flatten(markdown: str) -> str:
    """A point's body as one paragraph of running text: the text a reader sees, never its markup."""
    return re.sub(r"\s*\n\s*", " ", markdown_text(markdown))
