"""A press release drafted from the record, as a press officer writes it: the news first.

- headline and lead: the session's main news (its announcement, decision or proposal, with its key
  dates): who, what, where, when; the details after;
- the quote in the second or third paragraph, attributed the way the language does it
  (“…,” said X, <title>. / «…», — сказала X, <должность>.);
- then the session's framing (its title, moderator, who took part) and the discussion, each statement
  attributed to its speaker, or to the participants, never said in the press office's own voice;
- each person's full title once, then the surname; an organisation named once.

English or Russian: the session's language (a sentence function may be asked for the other, to test it;
a release is always drafted in its session's, see workflow.create_press_release). Russian agreement (gender, case)
comes from pymorphy3 (eventsite/press/russian.py); where it cannot be sure, a construction that needs
none. Each sentence is a small function taking a `Context`, so tests read the draft sentence by
sentence. The stored body holds the release's own text; the forum's "About", the press contact and
the end mark are added wherever the release is shown (eventsite/press/compose.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from eventsite.dates import format_day, format_key_date, phrase_key_date, split_key_date_label
from eventsite.i18n import supported
from eventsite.markdown import markdown_text
from eventsite.models import (
    DatePrecision, DiscussionPoint, ForumSession, ForumText, KeyDate, Organisation, Participation, PointKind, SessionKind,
)
from eventsite.press import english as en
from eventsite.press import russian as ru
from eventsite.press.written_dates import find_dates

#: what a session is called in running text
KIND_NOUN = {
    "en": {SessionKind.round_table: "round table", SessionKind.panel: "panel discussion",
           SessionKind.plenary: "plenary session", SessionKind.workshop: "workshop", SessionKind.other: "session"},
    "ru": {SessionKind.round_table: "круглый стол", SessionKind.panel: "панельная дискуссия",
           SessionKind.plenary: "пленарное заседание", SessionKind.workshop: "семинар",
           SessionKind.other: "сессия"},
}
#: the news of a session, in the order a tie is broken
NEWS_KINDS = {PointKind.decision: 2, PointKind.announcement: 2, PointKind.proposal: 1}


@dataclass
class Draft:
    headline: str
    subheadline: str
    dateline: str
    #: Markdown: lead, body paragraphs, quotes
    body: str
    language: str = "en"


@dataclass
class Context:
    """What the sentences of one release share: its session and language, the words the record writes
    with a capital (names, places, organisations), and who has been named (full title once)."""
    session: ForumSession
    language: str
    proper: frozenset[str] = frozenset()
    named: set[int] = field(default_factory=set)


def context(session: ForumSession, language: str | None = None) -> Context:
    return Context(session=session, language=release_language(session, language), proper=proper_words(session))


def release_language(session: ForumSession, language: str | None = None) -> str:
    return supported(language or session.language or session.forum.language)


def forum_text(session: ForumSession, language: str) -> ForumText:
    """The forum as a release in `language` names it: «Новосибирск» where its Russian city is recorded."""
    return session.forum.text_in(language)


# -- the release ---------------------------------------------------------------------------------------


def draft_press_release(session: ForumSession, language: str | None = None,
                        released_on: date | None = None) -> Draft:
    """The press release that the record of `session` makes, before anyone edits it."""
    ctx = context(session, language)
    return Draft(
        headline=headline(session, ctx.language),
        subheadline=subheadline(session, ctx.language),
        dateline=dateline(session, ctx.language, released_on),
        body="\n\n".join(body_paragraphs(ctx)),
        language=ctx.language,
    )


def body_paragraphs(ctx: Context) -> list[str]:
    """Lead (the news), its details, the quote, the framing, then the discussion in the recorded order."""
    session = ctx.session
    news = main_news(session)
    quotes = [p for p in session.live_points if p.kind is PointKind.quote and _text(p.body)]
    lead, details = lead_and_details(session, ctx, news)
    paragraphs = [lead, " ".join(details)]
    if quotes:
        paragraphs.append(quote_sentence(quotes[0], ctx))
    paragraphs.append(framing_paragraph(session, ctx, title_given=news is None))
    for point in session.live_points:
        if point is news or (quotes and point is quotes[0]):
            continue
        paragraphs.append(point_paragraph(point, ctx))
    return [p for p in paragraphs if p]


def main_news(session: ForumSession) -> DiscussionPoint | None:
    """The point a journalist would lead with: a decision, announcement or proposal, those with key
    dates first, then decisions and announcements before proposals, then the first recorded."""
    candidates = [p for p in session.live_points if p.kind in NEWS_KINDS and (_text(p.body) or p.title)]
    if not candidates:
        return None
    return max(candidates, key=lambda p: (bool(p.key_dates), NEWS_KINDS[p.kind], -candidates.index(p)))


# -- headline, subheadline, dateline ---------------------------------------------------------------------


def headline(session: ForumSession, language: str | None = None) -> str:
    """The news in a line: "Ministry of Health announces registry pilot", «Участники круглого стола решили
    создать рабочую группу …»; "<title>. <forum>." only for a record without news."""
    language = release_language(session, language)
    news = main_news(session)
    if news is None:
        return f"{_sentence(session.title)} {_sentence(forum_text(session, language).name)}"
    ctx = context(session, language)
    if news.kind is PointKind.decision:
        line = decision_headline(news, ctx)
    elif news.kind is PointKind.proposal:
        line = proposal_headline(news, ctx)
    else:
        line = announcement_headline(news, ctx)
    return _upper_first(line.rstrip("."))


def announcement_headline(point: DiscussionPoint, ctx: Context) -> str:
    actor = _headline_actor(point)
    title = point.title.strip().rstrip(".") or _first_sentence(_text(point.body))
    if ctx.language == "ru":
        topic = ru.inflect_phrase(_lower_first_ru(title, ctx), "loct") if ru.is_cyrillic(title) else None
        if actor is None:
            return title
        name, gender = actor
        if topic is None:
            return f"{name}: {_lower_first_ru(title, ctx)}"
        verb = ru.past("объявить", gender) or ru.present("объявлять")
        return f"{name} {verb} {_o(topic)} {topic}"
    if actor is None:
        return f"{title} announced at {forum_text(ctx.session, ctx.language).name}"
    return f"{actor[0]} announces {_headline_phrase(title, ctx)}"


def _headline_actor(point: DiscussionPoint) -> tuple[str, str | None] | None:
    """Who announces, for a headline: the speaker's organisation (its parent, if it has one), else the
    speaker; with the grammatical gender a Russian verb needs."""
    if point.speaker is None:
        return None
    org = point.speaker.organisation
    if org is not None:
        org = org.parent or org
        return org.name, ru.head_gender(org.name) if ru.is_cyrillic(org.name) else None
    return person_name(point.speaker, "ru"), person_gender(point.speaker)


def decision_headline(point: DiscussionPoint, ctx: Context) -> str:
    kind = KIND_NOUN[ctx.language][ctx.session.kind]
    sentence = decision_sentence(point, Context(ctx.session, ctx.language, ctx.proper))
    if ctx.language == "ru":
        kind_genitive = ru.inflect_phrase(kind, "gent")
        if sentence.startswith("Участники ") and kind_genitive:
            return f"Участники {kind_genitive} {sentence[len('Участники '):]}"
        return sentence
    match = re.match(r"(?:The )?participants (decided|agreed|resolved) (.*)", sentence, re.S)
    if match:
        verb = {"decided": "decides", "agreed": "agrees", "resolved": "resolves"}[match.group(1)]
        return f"{forum_text(ctx.session, ctx.language).name} {kind} {verb} {match.group(2)}"
    return sentence


def proposal_headline(point: DiscussionPoint, ctx: Context) -> str:
    fresh = Context(ctx.session, ctx.language, ctx.proper)
    if point.speaker is not None:
        # the headline names the person, not the title
        fresh.named.add(point.speaker.id)
        name = person_name(point.speaker, ctx.language)
        sentence = proposal_sentence(point, fresh)
        surname = short_name(point.speaker, ctx.language)
        line = name + sentence[len(surname):] if sentence.startswith(surname) else sentence
    else:
        line = proposal_sentence(point, fresh)
    # a headline's tense in English is the present: "Dmitry Sokolov proposes …"
    return line.replace(" proposed ", " proposes ", 1) if ctx.language == "en" else line


def _headline_phrase(title: str, ctx: Context) -> str:
    phrase = en.lower_first(title.strip().rstrip("."), ctx.proper)
    return re.sub(r"^(?:the|a|an) ", "", phrase)


def subheadline(session: ForumSession, language: str | None = None) -> str:
    """The news's key dates ("Competition announced at the end of July 2016; programmes accepted until
    26 September 2016"), or where and at what the session took place."""
    language = release_language(session, language)
    news = main_news(session)
    if news is not None and news.key_dates:
        return _upper_first("; ".join(_lower_first_any(key_date_phrase(kd, language), i)
                                      for i, kd in enumerate(news.key_dates)))
    forum = forum_text(session, language)
    kind = KIND_NOUN[language][session.kind]
    if language == "ru":
        return f"{_upper_first(kind)} {_within_forum_ru(forum)}, {forum.city}"
    return f"{_upper_first(kind)} at {forum_phrase(forum)}, {forum.city}"


def dateline(session: ForumSession, language: str | None = None, released_on: date | None = None) -> str:
    """"NOVOSIBIRSK, 10 June 2016", «ТОМСК, 20 апреля 2017 г.»: where, and the day of the release (by
    default the day of the session, when a release about it goes out)."""
    language = release_language(session, language)
    return f"{forum_text(session, language).city.upper()}, {format_day(released_on or session.local_start.date(), language)}"


# -- the lead -------------------------------------------------------------------------------------------


def lead_paragraph(session: ForumSession, ctx: Context, news: DiscussionPoint | None = None) -> str:
    """Who, what, where, when: the news sentence after the place and date, with its key dates."""
    return lead_and_details(session, ctx, news)[0]


def lead_and_details(session: ForumSession, ctx: Context,
                     news: DiscussionPoint | None = None) -> tuple[str, list[str]]:
    """The lead, and the news's sentences it did not take (those without key dates) for the next
    paragraph; for a record without news, the fallback lead and nothing."""
    if news is None:
        return held_sentence(session, ctx.language), []
    first, rest = news_sentences(news, ctx)
    dated = [s for s in rest if any(mentions(s, kd) for kd in news.key_dates)]
    details = [s for s in rest if s not in dated]
    missing = [kd for kd in news.key_dates if not any(mentions(s, kd) for s in [first] + rest)]
    said_on = session.local_start.date()
    lead = [occasion(session, ctx.language) + _lower_first_any(first, 1, ctx)] + dated
    lead += [key_date_sentence(kd, said_on, ctx.language) for kd in missing]
    return " ".join(lead), details


def occasion(session: ForumSession, language: str) -> str:
    """"At a round table on 10 June 2016 during the IV International Forum … in Novosibirsk, ";
    «20 апреля 2017 г. на круглом столе в рамках Томского инновационного форума в Томске »."""
    forum = forum_text(session, language)
    day = format_day(session.local_start.date(), language)
    kind = KIND_NOUN[language][session.kind]
    if language == "ru":
        where = ru.inflect_phrase(kind, "loct")
        city = ru.inflect_phrase(forum.city, "loct") if ru.is_cyrillic(forum.city) else None
        return " ".join(p for p in (day, f"на {where}", _within_forum_ru(forum), f"в {city}" if city else "") if p) + " "
    article = "an" if kind[0] in "aeiou" else "a"
    return f"At {article} {kind} on {day} during {forum_phrase(forum)} in {forum.city}, "


def forum_phrase(forum) -> str:
    """"the IV International Forum of …", "the Digital Health Siberia Forum 2017"."""
    if re.search(r"\b(Forum|Conference|Congress|Summit|Festival|Exhibition|Week|Expo|Symposium)\b", forum.title):
        return forum.title if forum.title.lower().startswith("the ") else f"the {forum.title}"
    return en.with_article(forum.title)


def held_sentence(session: ForumSession, language: str) -> str:
    """The fallback lead for a record without news: "The round table discussion devoted to “…” was held
    on 10 June 2016 during the … in Novosibirsk."."""
    forum = forum_text(session, language)
    day = format_day(session.local_start.date(), language)
    kind = KIND_NOUN[language][session.kind]
    if language == "ru":
        verb = ru.past("состояться", ru.head_gender(kind))
        city = ru.inflect_phrase(forum.city, "loct") if ru.is_cyrillic(forum.city) else None
        where = f" в {city}" if city else ""
        return f"{day} {_within_forum_ru(forum)}{where} {verb} {kind} «{session.title}»."
    noun = {SessionKind.round_table: "round table discussion"}.get(session.kind, kind)
    return f"The {noun} devoted to “{session.title}” was held on {day} during {forum_phrase(forum)} in {forum.city}."


def _within_forum_ru(forum) -> str:
    """«в рамках IV Международного форума …», or «в рамках форума «…»» where the title does not decline."""
    genitive = ru.inflect_phrase(forum.title, "gent") if ru.is_cyrillic(forum.title) else None
    return f"в рамках {genitive}" if genitive else f"в рамках форума «{forum.title}»"


# -- news: announcements, decisions, proposals ---------------------------------------------------------


def news_sentences(point: DiscussionPoint, ctx: Context) -> tuple[str, list[str]]:
    """The sentence that says the news, and the point's other sentences."""
    if point.kind is PointKind.decision:
        text = decision_sentence(point, ctx)
    elif point.kind is PointKind.proposal:
        text = proposal_sentence(point, ctx)
    else:
        return announcement_sentences(point, ctx)
    parts = sentences(text)
    return (parts[0] if parts else text), parts[1:]


def announcement_sentences(point: DiscussionPoint, ctx: Context) -> tuple[str, list[str]]:
    """The announcement as said: its body if the body says who announced it, else a sentence naming the
    speaker and the title first ("Artyom Shadrin, Director …, announced the programme …")."""
    body = _text(point.body)
    parts = sentences(body)
    speaker = point.speaker
    if parts and (_names_someone(parts[0], ctx) or _is_reported(parts[0], ctx)):
        named = [name_people(s, ctx) for s in parts]
        return named[0], named[1:]
    title = point.title.strip().rstrip(".")
    if not title:
        if not parts:
            return "", []
        first = attributed(parts[0], speaker, ctx, verb="announce")
        return first, [name_people(s, ctx) for s in parts[1:]]
    return announced(title, speaker, ctx), [name_people(s, ctx) for s in parts]


def announced(title: str, speaker: Participation | None, ctx: Context) -> str:
    """"X announced the <title>." / «X объявила о <title>.»; without a speaker "Participants were told
    about …" / «Участникам рассказали о …»."""
    if ctx.language == "ru":
        topic = ru.inflect_phrase(_lower_first_ru(title, ctx), "loct") if ru.is_cyrillic(title) else None
        about = f"{_o(topic)} {topic}" if topic else f"об инициативе «{title}»"
        if speaker is None:
            return f"Участникам рассказали {about}."
        verb = ru.past("объявить", person_gender(speaker))
        if verb is None:
            return f"{subject(speaker, ctx)} {ru.present('объявлять')} {about}."
        return f"{subject(speaker, ctx)} {verb} {about}."
    if speaker is None:
        return f"Participants were told about {en.noun_phrase(title)}."
    return f"{subject(speaker, ctx)} announced {_np(title, ctx)}."


def decision_sentence(point: DiscussionPoint, ctx: Context) -> str:
    """A decision as a sentence, with the body's own verb where it has one: "The participants decided
    to form a working group …" (also from "Form a working group …"), «Участники решили создать …»."""
    body = _text(point.body) or point.title.strip()
    if not body:
        return ""
    first, rest = _split_first(body)
    if not _is_resolution(first, ctx) and (_is_reported(first, ctx) or _names_someone(first, ctx)):
        return name_people(body, ctx)
    if ctx.language == "ru":
        lowered = _lower_first_ru(first, ctx)
        if ru.starts_with_infinitive(first):
            text = f"Участники {ru.past('решить', 'plur')} {lowered}"
        elif not ru.has_predicate(first):
            about = ru.inflect_phrase(lowered.rstrip("."), "loct")
            text = (f"Участники {ru.past('договориться', 'plur')} {_o(about)} {about}." if about
                    else f"Участники приняли решение «{first.rstrip('.')}».")
        else:
            text = f"Участники {ru.past('решить', 'plur')}, что {lowered}"
    else:
        lowered = en.lower_first(first, ctx.proper)
        if re.match(r"To\s", first):
            text = f"The participants decided {lowered}"
        elif en.is_resolution(first):
            text = f"The participants decided to {lowered}"
        elif not en.has_verb(first):
            text = f"The participants agreed on {_article_np(lowered)}"
        else:
            text = f"The participants agreed that {lowered}"
    return _join_sentences(_end(text), rest)


def proposal_sentence(point: DiscussionPoint, ctx: Context) -> str:
    """A proposal as a sentence: "Dmitry Sokolov proposed creating a registry …" (from "Create a
    registry …"), «Дмитрий Соколов предложил создать реестр …»."""
    body = _text(point.body) or point.title.strip()
    if not body:
        return ""
    first, rest = _split_first(body)
    if not _is_resolution(first, ctx) and (_is_reported(first, ctx) or _names_someone(first, ctx)):
        return name_people(body, ctx)
    speaker = point.speaker
    if ctx.language == "ru":
        lowered = _lower_first_ru(first, ctx)
        who = subject(speaker, ctx) if speaker else "Участники"
        gender = person_gender(speaker) if speaker else "plur"
        verb = ru.past("предложить", gender)
        if ru.starts_with_infinitive(first) or not ru.has_predicate(first):
            if not ru.starts_with_infinitive(first):
                thing = ru.inflect_phrase(lowered.rstrip("."), "accs")
                lowered = f"{thing}." if thing else f"идею «{first.rstrip('.')}»."
            text = f"{who} {verb or ru.present('предлагать')} {lowered}"
        elif verb:
            text = f"Как {verb} {_at_end(speaker, ctx) if speaker else 'участники'}, {lowered}"
        else:
            text = f"Как {ru.present('предлагать')} {_at_end(speaker, ctx)}, {lowered}"
    else:
        who = subject(speaker, ctx) if speaker else "The participants"
        lowered = en.lower_first(first, ctx.proper)
        to = re.match(r"To\s+(\S+)\s*(.*)", first, re.S)
        if to:
            text = f"{who} proposed {en.gerund(to.group(1))} {to.group(2)}".rstrip()
        elif en.is_resolution(first):
            verb, _, remainder = first.partition(" ")
            text = f"{who} proposed {en.gerund(verb)} {remainder}".rstrip()
        elif not en.has_verb(first):
            text = f"{who} proposed {_article_np(lowered)}"
        else:
            text = f"{who} proposed that {lowered}"
    return _join_sentences(_end(text), rest)


# -- the quote ------------------------------------------------------------------------------------------


def quote_sentence(point: DiscussionPoint, ctx: Context) -> str:
    """“…,” said Artyom Shadrin, Director of … . / «…», — сказала Елена Краснова, проректор … .
    Word for word; the verb agrees with the speaker («сказал» / «сказала»), and where the gender is
    not known, «…», — по словам … (or «— говорит …» where the name does not decline safely)."""
    text = _nested_quotes(_text(point.body).strip().strip("\"“”«»„").strip(), ctx.language)
    if not text:
        return ""
    speaker = point.speaker
    if ctx.language == "ru":
        inner, mark = _quote_end(text)
        if speaker is None:
            return f"«{inner}»"
        verb = ru.past("сказать", person_gender(speaker))
        if verb:
            return f"«{inner}»{mark} — {verb} {_at_end(speaker, ctx)}."
        whose = genitive_mention(speaker, ctx)
        if whose:
            return f"«{inner}»{mark} — по словам {whose}."
        return f"«{inner}»{mark} — {ru.present('говорить')} {_at_end(speaker, ctx)}."
    if speaker is None:
        return f"“{text}”"
    inner, mark = _quote_end(text)
    return f"“{inner}{mark}” said {_at_end(speaker, ctx)}."


def _quote_end(text: str) -> tuple[str, str]:
    """The quote without its full stop, and the comma that takes its place (none after ? ! …)."""
    inner = text.rstrip()
    if inner.endswith(("?", "!", "…")):
        return inner, ""
    return inner.rstrip("."), ","


def _nested_quotes(text: str, language: str) -> str:
    """Quotation marks inside a quote: „…“ in Russian, ‘…’ in English."""
    if language == "ru":
        return re.sub(r"[«“\"]([^«»“”\"]*)[»”\"]", r"„\1“", text)
    return re.sub(r"[“\"«]([^“”\"«»]*)[”\"»]", r"‘\1’", text)


# -- the framing --------------------------------------------------------------------------------------------


def framing_paragraph(session: ForumSession, ctx: Context, title_given: bool = False) -> str:
    """The session itself: its title and moderator, and who took part."""
    return " ".join(s for s in (moderated_sentence(session, ctx, title_given), taking_part_sentence(session, ctx),
                                named_participants_sentence(session, ctx)) if s)


def moderated_sentence(session: ForumSession, ctx: Context, title_given: bool = False) -> str:
    """"The round table “…” was moderated by …" / «Модератором круглого стола «…» выступила …»."""
    moderators = [p for p in session.moderators if p.attendance.value != "absent"]
    kind = KIND_NOUN[ctx.language][session.kind]
    if ctx.language == "ru":
        kind_genitive = ru.inflect_phrase(kind, "gent")
        named = f"{kind_genitive} «{session.title}»" if not title_given else kind_genitive
        if not moderators:
            return "" if title_given else f"Тема {named}."
        people = _ru_list([_at_end(p, ctx) for p in moderators])
        verb = ru.past("выступить", person_gender(moderators[0]) if len(moderators) == 1 else "plur")
        if verb and (len(moderators) == 1 or all(person_gender(p) for p in moderators)):
            role = "Модератором" if len(moderators) == 1 else "Модераторами"
            return f"{role} {named} {verb} {people}."
        return f"{'Модератор' if len(moderators) == 1 else 'Модераторы'} {named} — {people}."
    titled = f"The {kind} “{session.title}”" if not title_given else f"The {kind}"
    if not moderators:
        return "" if title_given else f"{titled} was devoted to the session's theme."
    return f"{titled} was moderated by {en.join([_at_end(p, ctx) for p in moderators])}."


def taking_part_sentence(session: ForumSession, ctx: Context) -> str:
    """"Taking part were representatives of …" / «В обсуждении приняли участие представители …»."""
    groups = [g.name for g in session.groups if g.name]
    if not groups:
        return ""
    if ctx.language == "ru":
        return f"В обсуждении приняли участие {_ru_list(groups)}."
    return f"Taking part were {en.join(groups)}."


def named_participants_sentence(session: ForumSession, ctx: Context) -> str:
    """"Among the participants were …" / «Среди участников — …» (no verb, so no agreement)."""
    people = [p for p in session.participations
              if p.role.value != "moderator" and p.attendance.value == "attended"]
    if not people:
        return ""
    names = [_at_end(p, ctx) for p in people]
    sep = "; " if any("," in n for n in names) else ", "
    if ctx.language == "ru":
        return f"Среди участников — {_ru_list(names, sep)}."
    return f"Among the participants {'was' if len(names) == 1 else 'were'} {en.join(names, sep=sep)}."


# -- the discussion ------------------------------------------------------------------------------------------


def point_paragraph(point: DiscussionPoint, ctx: Context | str | None = None) -> str:
    """One paragraph for a recorded point, or "" for what a release leaves out (action items)."""
    if not isinstance(ctx, Context):
        ctx = context(point.session, ctx)
    kind = point.kind
    if kind is PointKind.action:
        return ""
    if kind is PointKind.quote:
        return quote_sentence(point, ctx)
    said_on = point.session.local_start.date()
    if kind in NEWS_KINDS:
        first, rest = news_sentences(point, ctx)
        text = " ".join(s for s in [first] + rest if s)
        dates = [key_date_sentence(kd, said_on, ctx.language) for kd in point.key_dates if not mentions(text, kd)]
        return " ".join([text] + dates).strip()
    if kind is PointKind.topic:
        return topic_sentence(point, ctx)
    return statement_sentence(point, ctx)


def statement_sentence(point: DiscussionPoint, ctx: Context) -> str:
    """"Dmitry Sokolov noted that …", «Дмитрий Соколов отметил, что …»; without a speaker "Participants
    noted that …", «Участники отметили, что …»; a body that already says who said it stays as it is."""
    body = _text(point.body)
    if not body:
        return topic_sentence(point, ctx)
    first, rest = _split_first(body)
    if _names_someone(first, ctx) or (point.speaker is None and _is_reported(first, ctx)):
        return name_people(body, ctx)
    return _join_sentences(attributed(first, point.speaker, ctx), rest)


def attributed(sentence: str, speaker: Participation | None, ctx: Context, verb: str = "note") -> str:
    """`sentence` as what `speaker` (or the participants) said: "X noted that …" / «X отметила, что …»."""
    if ctx.language == "ru":
        lowered = _lower_first_ru(sentence, ctx)
        infinitive = {"note": "отметить", "announce": "сообщить"}[verb]
        if speaker is None:
            return _end(f"Участники {ru.past(infinitive, 'plur')}, что {lowered}")
        past = ru.past(infinitive, person_gender(speaker))
        if past:
            return _end(f"{subject(speaker, ctx)} {past}, что {lowered}")
        whose = genitive_mention(speaker, ctx)
        if whose:
            return _end(f"По словам {whose}, {lowered}")
        present = {"note": "отмечать", "announce": "сообщать"}[verb]
        return _end(f"{subject(speaker, ctx)} {ru.present(present)}, что {lowered}")
    lowered = en.lower_first(sentence, ctx.proper)
    said = {"note": "noted", "announce": "announced"}[verb]
    if speaker is None:
        return _end(f"Participants {said} that {lowered}")
    return _end(f"{subject(speaker, ctx)} {said} that {lowered}")


def topic_sentence(point: DiscussionPoint, ctx: Context) -> str:
    """A topic: its body where that says who discussed it; a sentence of its own attributed like a
    statement; a title or noun phrase as "The participants discussed …" / «Участники обсудили …»."""
    body = _text(point.body)
    title = point.title.strip().rstrip(".")
    if body:
        first, rest = _split_first(body)
        if _names_someone(first, ctx) or _is_reported(first, ctx):
            return name_people(body, ctx)
        has_verb = ru.has_predicate(first) if ctx.language == "ru" else en.has_verb(first)
        if has_verb:
            return _join_sentences(attributed(first, point.speaker, ctx), rest)
    topic = title or body.rstrip(".")
    if not topic:
        return ""
    detail = body.rstrip(".") if body and title else ""
    if ctx.language == "ru":
        who = subject(point.speaker, ctx) if point.speaker else "Участники"
        gender = person_gender(point.speaker) if point.speaker else "plur"
        lowered = _lower_first_ru(topic, ctx)
        what = ru.inflect_phrase(lowered, "accs") or f"тему «{topic}»"
        verb = ru.past("обсудить", gender) if point.speaker is None else ru.past("затронуть", gender)
        verb = verb or ru.present("затрагивать")
        extra = ru.inflect_phrase(_lower_first_ru(detail, ctx), "accs") if detail else None
        return f"{who} {verb} {what}" + (f", в том числе {extra}" if extra else (f": {detail}" if detail else "")) + "."
    who = subject(point.speaker, ctx) if point.speaker else "The participants"
    verb = "discussed" if point.speaker is None else "spoke about"
    phrase = _np(topic, ctx)
    extra = f", including {en.lower_first(detail, ctx.proper)}" if detail else ""
    return f"{who} {verb} {phrase}{extra}."


# -- key dates -----------------------------------------------------------------------------------------------


def key_date_sentence(key_date: KeyDate, said_on: date | None = None, language: str = "en") -> str:
    """"Programmes will be accepted until 26 September 2016." from the label "Programmes accepted
    until"; «Приём заявок — до 15 августа 2017 г.» (a dash where the verb is left out).

    An English label with a participle becomes a sentence in the future (or past, for a date before
    the session); anything else reads "<label>: <date>.".
    """
    if language == "ru":
        label, word = split_key_date_label(key_date.label)
        return _end(f"{_upper_first(label)} — {phrase_key_date(key_date, word, 'ru')}")
    words = key_date.label.strip().rstrip(":").split()
    future = said_on is None or key_date.date >= said_on
    verb_at = next((i for i, w in enumerate(words) if i > 0 and _is_participle(w)), None)
    present = next((i for i, w in enumerate(words) if i > 0 and w.lower() in _PRESENT_VERBS), None)
    if verb_at is None and present is not None:
        # "Pilot starts" → "The pilot starts in September 2017."
        label, word = split_key_date_label(key_date.label)
        subject_text = " ".join(words[:present])
        if present == 1 and subject_text.lower() not in en.DETERMINERS:
            subject_text = "The " + en.lower_first(subject_text)
        return f"{_upper_first(subject_text)} {words[present].lower()} {phrase_key_date(key_date, word, 'en')}."
    if verb_at is None:
        return f"{key_date.label.strip().rstrip(':')}: {written_key_date(key_date, 'en')}."
    subject_words = words[:verb_at]
    subject_text = " ".join(subject_words)
    rest = words[verb_at:]
    lower = subject_text.lower()
    if len(subject_words) == 1 and not lower.endswith("s") and lower not in en.DETERMINERS:
        subject_text = "The " + en.lower_first(subject_text)
    plural = lower.endswith("s") and not lower.endswith("ss")
    aux = "will be" if future else ("were" if plural else "was")
    if rest[-1].lower() in _PREPOSITIONS:
        phrase = " ".join(rest[:-1] + [phrase_key_date(key_date, rest[-1].lower(), "en")])
    else:
        phrase = " ".join(rest + [phrase_key_date(key_date, "", "en")])
    return f"{_upper_first(subject_text)} {aux} {phrase}."


def key_date_phrase(key_date: KeyDate, language: str = "en") -> str:
    """"Programmes accepted until 26 September 2016", «Приём заявок — до 15 августа 2017 г.»: a key date
    as a line of a subheadline."""
    label, word = split_key_date_label(key_date.label)
    if language == "ru":
        return f"{label} — {phrase_key_date(key_date, word, 'ru')}"
    return f"{label} {phrase_key_date(key_date, word, 'en')}"


def mentions(text: str, key_date: KeyDate) -> bool:
    """Whether `text` already gives `key_date`, in any written form."""
    found = find_dates(text, key_date.date.year)
    if key_date.precision is DatePrecision.day:
        return any(m.on == key_date.date and m.precision is DatePrecision.day for m in found)
    return any(m.month == (key_date.date.year, key_date.date.month) for m in found)


def written_key_date(key_date: KeyDate, language: str = "en") -> str:
    """"26 September 2016", "July 2016", "the end of July 2016": the date as recorded, no more."""
    when = format_key_date(key_date, language)
    return f"the {when}" if when.startswith("end of") else when


_PARTICIPLES = {"held", "open", "opened", "closed", "given", "made", "sent", "shown", "taken", "chosen",
                "written", "run", "begun", "done", "set", "due", "paid", "put", "kept", "sold", "built"}
_PREPOSITIONS = {"until", "by", "on", "from", "before", "after", "till", "since", "in", "at"}
_PRESENT_VERBS = {"starts", "begins", "opens", "closes", "ends", "runs", "launches", "finishes", "expires",
                  "resumes", "continues"}


def _is_participle(word: str) -> bool:
    w = word.lower()
    return w in _PARTICIPLES or (len(w) > 4 and w.endswith("ed"))


# -- people ----------------------------------------------------------------------------------------------


def person_name(p: Participation, language: str) -> str:
    """The name in the document's script: «Елена Краснова» in Russian where recorded, else as recorded."""
    if language == "ru" and p.person.native_name:
        return p.person.native_name
    return p.person.name


def short_name(p: Participation, language: str) -> str:
    """The surname, for every mention after the first."""
    name = person_name(p, language)
    if ru.is_cyrillic(name):
        return ru.surname(name)
    return name.split()[-1] if name.split() else name


def person_gender(p: Participation | None) -> str | None:
    """"masc" / "femn" from the first name of the native name or the name (pymorphy3), or None."""
    if p is None:
        return None
    for name in (p.person.native_name, p.person.name):
        if name and ru.is_cyrillic(name):
            found = ru.gender(name)
            if found:
                return found
    return None


def person_title(p: Participation, language: str = "en") -> str:
    """The position and organisation, each organisation once: "Director of the Department … of the
    Ministry …", "Deputy Director of the Ministry of Health's Department of Digital Development";
    «проректор по научной работе Томского государственного университета»."""
    position = (p.position or "").strip()
    org = p.organisation
    # the grammar of the words as recorded: a Russian position is composed in Russian whatever the
    # document's language, an English one in English
    if ru.is_cyrillic(position) or (not position and org is not None and ru.is_cyrillic(org.name)):
        return _title_ru(position, org)
    return _title_en(position, org)


def _title_en(position: str, org: Organisation | None) -> str:
    if org is None:
        return position
    parent = org.parent
    if names_organisation(position, org, "en"):
        if parent is None or names_organisation(position, parent, "en"):
            return position
        at = position.lower().find(org.name.lower())
        start = at - 4 if at >= 4 and position[at - 4:at].lower() == "the " else at
        if at < 0:
            return f"{position} of {en.with_article(parent.name)}"
        return position[:start] + organisation_phrase(org) + position[at + len(org.name):]
    if not position:
        return organisation_phrase(org)
    return f"{position} of {organisation_phrase(org)}"


def organisation_phrase(org: Organisation) -> str:
    """"the Ministry of Economic Development of Russia"; with a parent, named once: "the Ministry of
    Health's Department of Digital Development" (or "the Department … of the Ministry …" where the
    parent's name is long)."""
    parent = org.parent
    if parent is None or parent.name.lower() in org.name.lower():
        return en.with_article(org.name)
    if len(parent.name.split()) <= 4:
        possessive = "'" if parent.name.endswith("s") else "'s"
        return f"{en.with_article(parent.name)}{possessive} {org.name}"
    return f"{en.with_article(org.name)} of {en.with_article(parent.name)}"


def _title_ru(position: str, org: Organisation | None) -> str:
    position_text, chain = _title_parts_ru(position, org)
    return " ".join(p for p in (position_text, chain) if p)


def _title_parts_ru(position: str, org: Organisation | None) -> tuple[str, str]:
    """(the position in lower case, the organisations in the genitive), each organisation once."""
    lowered = _lower_first_word(position)
    if org is None:
        return lowered, ""
    parent = org.parent
    chain = []
    if not names_organisation(position, org, "ru"):
        chain.append(_genitive_org(org.name))
    if parent is not None and not names_organisation(position, parent, "ru") and not names_organisation(
            org.name, parent, "ru"):
        chain.append(_genitive_org(parent.name))
    if not lowered and chain:
        lowered = "представитель"
    return lowered, " ".join(chain)


def _genitive_org(name: str) -> str:
    """«Томского государственного университета»; the name as recorded where it does not decline safely."""
    return (ru.inflect_phrase(name, "gent") if ru.is_cyrillic(name) else None) or name


def names_organisation(text: str, org: Organisation, language: str) -> bool:
    """Whether `text` (a position) already names `org`, in any case: "Deputy Director of the Department of
    Digital Development", «заместитель директора Департамента цифрового развития»."""
    if not text:
        return False
    if org.name.lower() in text.lower() or (org.short_name and re.search(
            rf"(?<!\w){re.escape(org.short_name)}(?!\w)", text)):
        return True
    if language == "ru" and ru.is_cyrillic(org.name):
        wanted, have = ru.lemmas(org.name), ru.lemmas(text)
        return bool(wanted) and any(have[i:i + len(wanted)] == wanted for i in range(len(have) - len(wanted) + 1))
    return False


def apposition(p: Participation, language: str) -> str:
    """What follows the name the first time: ", Director of …", " of BioVector", «, проректор …»."""
    title = person_title(p, language)
    if not title:
        return ""
    if not (p.position or "").strip() and not ru.is_cyrillic(title):
        return f" of {title}"
    return f", {title}"


def mention(p: Participation, ctx: Context) -> tuple[str, str]:
    """(name, apposition): the full name and title the first time, the surname after."""
    if p.id in ctx.named:
        return short_name(p, ctx.language), ""
    ctx.named.add(p.id)
    return person_name(p, ctx.language), apposition(p, ctx.language)


def subject(p: Participation, ctx: Context) -> str:
    """A person as the subject of a sentence: "Artyom Shadrin, Director of …," then "Shadrin"."""
    name, app = mention(p, ctx)
    return name + app + ("," if app.startswith(",") else "")


def _at_end(p: Participation, ctx: Context) -> str:
    name, app = mention(p, ctx)
    return name + app


def genitive_mention(p: Participation, ctx: Context) -> str | None:
    """«Елены Красновой, проректора по научной работе …» for «по словам …», or None where a part does not
    decline safely."""
    first = p.id not in ctx.named
    name = ru.genitive_name(person_name(p, "ru") if first else short_name(p, "ru"))
    if name is None:
        return None
    if first:
        position, chain = _title_parts_ru(p.position or "", p.organisation)
        if position:
            position = ru.inflect_phrase(position, "gent") if ru.is_cyrillic(position) else None
            if position is None:
                return None
        ctx.named.add(p.id)
        title = " ".join(x for x in (position, chain) if x)
        return f"{name}, {title}" if title else name
    return name


def name_people(text: str, ctx: Context) -> str:
    """Names in copied text follow the rule too: the first mention gets the full title, a later full
    name becomes the surname."""
    for p in ctx.session.participations:
        for name in dict.fromkeys(n for n in (person_name(p, ctx.language), p.person.name) if n):
            pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
            text = pattern.sub(lambda m: _named_here(m, p, ctx), text)
    return text


def _named_here(match: re.Match, p: Participation, ctx: Context) -> str:
    after = match.string[match.end():match.end() + 2]
    if after.startswith(("'", "’")):
        return match.group(0)
    name, app = mention(p, ctx)
    if not app:
        return name
    close = "," if after[:1] not in ("", ".", ",", ";", ":", "!", "?", ")") and app.startswith(",") else ""
    return f"{match.group(0)}{app}{close}"


def _names_someone(sentence: str, ctx: Context) -> bool:
    for p in ctx.session.participations:
        for name in (p.person.name, p.person.native_name, short_name(p, ctx.language)):
            if name and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence):
                return True
    return False


def _is_resolution(sentence: str, ctx: Context) -> bool:
    """"Create a working group …", «Создать рабочую группу …», "To form …": a verb first."""
    if ctx.language == "ru" and ru.is_cyrillic(sentence):
        return ru.starts_with_infinitive(sentence)
    return en.is_resolution(sentence) or bool(re.match(r"To\s", sentence))


def _is_reported(sentence: str, ctx: Context) -> bool:
    if ctx.language == "ru" and ru.is_cyrillic(sentence):
        return is_reported_ru(sentence)
    return en.is_reported(sentence)


#: the beginnings of Russian verbs of saying, discussing, deciding (on any form's dictionary form)
_RU_REPORTING = ("отмет", "отмеча", "подчерк", "сказа", "заяв", "сообщ", "рассказ", "обсу", "рассмотр",
                 "представ", "упомян", "упомина", "предлож", "предлага", "реш", "договор", "указ", "выступ",
                 "подели", "счита", "высказ", "соглас", "призна", "констатир", "напомн", "поясн", "добав",
                 "замет", "говор", "обрат", "презент", "поддерж")
_RU_SPEAKERS = {"участник", "эксперт", "спикер", "представитель", "член", "организатор", "модератор",
                "докладчик"}


def is_reported_ru(sentence: str) -> bool:
    """Whether a Russian sentence already says who said it: «Участники обсудили …», «… было отмечено»."""
    for word in ru.WORD.findall(sentence):
        best = ru.parses(word.lower())[0]
        if best.normal_form in _RU_SPEAKERS:
            return True
        if best.tag.POS in {"VERB", "INFN", "PRTF", "PRTS", "GRND"} and best.normal_form.startswith(_RU_REPORTING):
            return True
    return False


# -- small text helpers --------------------------------------------------------------------------------


def proper_words(session: ForumSession) -> frozenset[str]:
    """Words the record writes with a capital letter other than at a sentence's start: names, places,
    organisations, "Cluster"; a sentence beginning with one keeps it."""
    forums = (session.forum.text_in(session.forum.language), forum_text(session, release_language(session)))
    words: set[str] = set()
    for text in [t for forum in forums for t in (forum.name, forum.city, forum.country)]:
        words.update(re.findall(r"[^\W\d_][\w-]*", text or ""))
    for text in [forum.title for forum in forums] + [session.title]:
        # a title's first word is capitalised because it is first
        words.update(re.findall(r"[^\W\d_][\w-]*", text or "")[1:])
    for p in session.participations:
        words.update((p.person.name or "").split() + (p.person.native_name or "").split())
        org = p.organisation
        while org is not None:
            words.update(re.findall(r"[^\W\d_][\w-]*", org.name))
            org = org.parent
    for point in session.live_points:
        for sentence in sentences(_text(point.body)) + [point.title]:
            tokens = re.findall(r"[^\W\d_][\w-]*", sentence)
            words.update(t for t in tokens[1:] if t[:1].isupper())
    return frozenset(w for w in words if w[:1].isupper() and w.lower() not in en.DETERMINERS)


def _text(markdown: str) -> str:
    """A point's body as one paragraph of running text: the text a reader sees, never its markup."""
    return re.sub(r"\s*\n\s*", " ", markdown_text(markdown)).strip()


_ABBREVIATIONS = ("Dr", "Mr", "Mrs", "Ms", "Prof", "St", "vs", "etc", "т", "им", "ул", "д", "гг", "т.е", "т.д")


def sentences(text: str) -> list[str]:
    """`text` in sentences, without breaking after "Dr." or an initial ("А. С. Пушкин")."""
    parts, start = [], 0
    for match in re.finditer(r"(?<=[.!?…])[»”\"]?\s+(?=[«“\"(]?[A-ZА-ЯЁ0-9])", text or ""):
        before = text[start:match.start()].rstrip()
        last_word = re.search(r"([\w.]+)[.!?…]$", before)
        if last_word and (len(last_word.group(1)) == 1 or last_word.group(1) in _ABBREVIATIONS):
            continue
        parts.append(text[start:match.end()].strip())
        start = match.end()
    if (text or "")[start:].strip():
        parts.append(text[start:].strip())
    return parts


def _first_sentence(text: str) -> str:
    parts = sentences(text)
    return parts[0] if parts else ""


def _split_first(text: str) -> tuple[str, list[str]]:
    parts = sentences(text)
    return (parts[0], parts[1:]) if parts else ("", [])


def _join_sentences(first: str, rest: list[str]) -> str:
    return " ".join([first] + rest).strip()


def _end(sentence: str) -> str:
    sentence = sentence.rstrip()
    return sentence if sentence.endswith((".", "!", "?", "…", "»", "”")) else sentence + "."


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first_word(text: str) -> str:
    """«Проректор по научной работе» → «проректор по научной работе», «ТГУ» stays."""
    words = text.split(maxsplit=1)
    if not words or (len(words[0]) > 1 and not words[0][1:].islower()):
        return text
    return text[:1].lower() + text[1:]


def _lower_first_ru(text: str, ctx: Context) -> str:
    words = text.split(maxsplit=1)
    if not words:
        return text
    first = words[0].strip("«»“”\"(,.:;")
    if first in ctx.proper or ru.keeps_capital(first):
        return text
    return _lower_first_word(text)


def _lower_first_any(text: str, position: int, ctx: Context | None = None) -> str:
    """The first letter lowered where `text` goes on a sentence (position > 0), a proper name kept."""
    if position == 0:
        return text
    proper = ctx.proper if ctx else frozenset()
    if ru.is_cyrillic(text.split(maxsplit=1)[0] if text.split() else ""):
        return _lower_first_ru(text, ctx) if ctx else _lower_first_word(text)
    return en.lower_first(text, proper)


def _np(title: str, ctx: Context) -> str:
    title = title.strip().rstrip(".")
    first = title.split()[0] if title.split() else ""
    if first in ctx.proper:
        return title
    return en.noun_phrase(title)


def _article_np(phrase: str) -> str:
    phrase = phrase.rstrip(".")
    return en.with_indefinite_article(phrase) + "."


def _o(phrase: str | None) -> str:
    """«о» or «об» before a word in the prepositional: «о конкурсе», «об инициативе»."""
    first = (phrase or " ").lstrip()[:1].lower()
    return "об" if first in "аэиоуы" else "о"


def _ru_list(items: list[str], sep: str = ", ") -> str:
    return en.join(items, conjunction="и", sep=sep, serial=False)
