"""What a release's text still says of the record, what it dropped, and what it says that the record does not.

The press office edits the draft freely; this tells it which recorded points
and key dates the text no longer mentions, whether a quote is still word for
word, and warns about a date or a person's name that appears nowhere in the
record (a likely typo: "Artyom Shadrn", "26 September 2017").
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext

from eventsite.dates import format_day
from eventsite.models import DatePrecision, ForumSession, PointKind
from eventsite.press import russian
from eventsite.press.drafting import context, key_date_sentence, point_paragraph, written_key_date
from eventsite.press.written_dates import MONTHS_EN, DateMention, find_dates

# -- words -------------------------------------------------------------------------------------------

STOPWORDS = set("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other
our ours out over own same she should so some such than that the their theirs them then there these they this
those through to too under until up very was we were what when where which while who whom why will with would
you your yours new two one three many much well within since via per among
participant participants discussion discussed session round table said noted told mentioned considered
presented including include need needs required require requires made make given
""".split())

_WORD = re.compile(r"[^\W_]+(?:[.\-'’][^\W_]+)*")


def _stem(word: str) -> str:
    """A word's stem, so that the forms a sentence needs still meet the record's word: Russian by its
    dictionary form («университета», «Томского» → «университет», «томский»); English lightly
    ("personalized"/"personalised", "projects"/"project", "create"/"creating"/"created")."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if russian.is_cyrillic(word):
        return russian.lemma(word)
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word[:7]


def terms(text: str) -> dict[str, str]:
    """Content words of `text`: stem → the word as first written. Acronyms (IT, BIO) keep their
    capitals so the pronoun "it" does not match "IT"."""
    found: dict[str, str] = {}
    for token in _WORD.findall(text or ""):
        if token.isupper() and len(token) >= 2 and token.isalpha():
            found.setdefault(token, token)
            continue
        lower = token.lower()
        if lower in STOPWORDS or (len(lower) < 3 and not lower[0].isdigit()):
            continue
        found.setdefault(_stem(lower), token)
    return found


# -- names ---------------------------------------------------------------------------------------------

_NAME_WORD = r"[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?"
_NAME_PAIR = re.compile(rf"(?=(?<![\w-])({_NAME_WORD})\s+({_NAME_WORD})(?![\w-]))")

#: capitalised words that start sentences or headings, not names
COMMON_CAPITALISED = set("""
the a an in on at of for from to by with and or but as this that these those its it our we they he she his her
their there here about press contact release about after before during while when where what which who how
why all some many most more new next last first second third also however moreover furthermore according
monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr prof professor minister director deputy
head chairman chair president governor mayor ceo
""".split()) | set(MONTHS_EN)

#: words that make a capitalised pair an organisation or a place, not a person
NOT_A_PERSON = set("""
foundation technopark university institute academy company corporation group holding park centre center agency
fund bank ministry department region oblast krai republic federation city council committee association union
society partnership laboratory lab labs school college hospital clinic cluster forum conference summit expo
expocentre hall street avenue square river lake international national global technology technologies systems
solutions ventures capital inc ltd llc jsc pjsc gmbh plc airport station office board network alliance
""".split())


def find_names(text: str) -> list[str]:
    return [f"{a} {b}" for a, b in _NAME_PAIR.findall(_plain(text))]


def _plain(markdown_text: str) -> str:
    text = re.sub(r"\]\([^)]*\)", "]", markdown_text or "")
    return re.sub(r"[*_#>`\[\]]", " ", text)


# -- the coverage --------------------------------------------------------------------------------------


@dataclass
class PointCoverage:
    point: object
    kind: str
    title: str
    #: "mentioned", "partly", "dropped"; quotes: "verbatim", "altered", "dropped"
    status: str
    matched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    #: a paragraph the press office can insert to bring the point back
    sentence: str = ""

    @property
    def kept(self) -> bool:
        return self.status in ("mentioned", "verbatim")


@dataclass
class KeyDateCoverage:
    key_date: object
    label: str
    written: str
    point_title: str
    mentioned: bool
    sentence: str = ""


@dataclass
class PersonCoverage:
    name: str
    role: str
    mentioned: bool


@dataclass
class Warning:
    kind: str  # "date" or "name"
    found: str
    message: str
    suggestion: str = ""


@dataclass
class Coverage:
    points: list[PointCoverage]
    key_dates: list[KeyDateCoverage]
    people: list[PersonCoverage]
    warnings: list[Warning]

    @property
    def dropped_points(self) -> list[PointCoverage]:
        return [p for p in self.points if not p.kept]

    @property
    def dropped_key_dates(self) -> list[KeyDateCoverage]:
        return [d for d in self.key_dates if not d.mentioned]

    @property
    def complete(self) -> bool:
        return not self.dropped_points and not self.dropped_key_dates and not self.warnings


def coverage(session: ForumSession, text: str, language: str | None = None) -> Coverage:
    """Compare a release's text (headline, dateline, body …) with the record of `session`; the
    sentences it offers to insert are in `language` (the session's by default)."""
    year = session.local_start.year
    points = [p for p in session.live_points if p.kind is not PointKind.action]
    mentions = find_dates(text, year)
    language = context(session, language).language
    return Coverage(
        points=_points(points, text, language),
        key_dates=_key_dates(points, mentions, language),
        people=_people(session, text),
        warnings=_unknown_dates(session, mentions) + _unknown_names(session, text),
    )


def _points(points, text: str, language: str) -> list[PointCoverage]:
    text_terms = terms(text)
    normalised = _normalise(text)
    per_point = {p.id: terms(f"{p.title} {p.body}") for p in points}
    frequency: dict[str, int] = {}
    for words in per_point.values():
        for w in words:
            frequency[w] = frequency.get(w, 0) + 1
    result = []
    for point in points:
        if point.kind is PointKind.quote:
            result.append(_quote(point, text_terms, normalised, language))
            continue
        words = per_point[point.id]
        # a word that other points share (the cluster, the ministry) says little about this one
        weight = {w: 1 / frequency[w] ** 2 for w in words}
        total = sum(weight.values())
        matched = [w for w in words if w in text_terms]
        share = sum(weight[w] for w in matched) / total if total else 1.0
        title_words = [w for w in terms(point.title) if frequency.get(w, 0) <= 1]
        title_hit = not title_words or any(w in text_terms for w in title_words)
        sentence = point_paragraph(point, language)
        # the record's words that the drafter's own sentence for the point uses: a text that keeps
        # them says what the draft said of the point, so a fresh draft never marks itself "partly"
        own = [w for w in terms(sentence) if w in words]
        own_total = sum(weight[w] for w in own)
        own_share = sum(weight[w] for w in own if w in text_terms) / own_total if own_total else 0.0
        if share >= 0.8 or (share >= 0.6 and title_hit) or (own and own_share >= 0.9 and share >= 0.5):
            status = "mentioned"
        elif share >= 0.5 or (share >= 0.35 and title_hit):
            status = "partly"
        else:
            status = "dropped"
        result.append(PointCoverage(
            point=point, kind=point.kind.value, title=point.title or _excerpt(point.body), status=status,
            matched=[words[w] for w in matched],
            missing=[words[w] for w in sorted(words, key=lambda w: -weight[w]) if w not in text_terms],
            sentence=sentence,
        ))
    return result


def _quote(point, text_terms, normalised_text, language: str) -> PointCoverage:
    quote = _normalise(point.body).strip(" \"“”«»")
    words = terms(point.body)
    matched = [words[w] for w in words if w in text_terms]
    if quote and quote in normalised_text:
        status = "verbatim"
    elif words and len(matched) / len(words) >= 0.5:
        status = "altered"
    else:
        status = "dropped"
    speaker = point.speaker.person.name if point.speaker else ""
    return PointCoverage(
        point=point, kind="quote", title=(f"{speaker}: " if speaker else "") + _excerpt(point.body),
        status=status, matched=matched, missing=[words[w] for w in words if w not in text_terms],
        sentence=point_paragraph(point, language),
    )


def _key_dates(points, mentions: list[DateMention], language: str) -> list[KeyDateCoverage]:
    # the same test as drafting.mentions, on dates found once for the whole text
    days = {m.on for m in mentions if m.precision is DatePrecision.day}
    months = {m.month for m in mentions}
    result = []
    for point in points:
        for kd in point.key_dates:
            if kd.precision is DatePrecision.day:
                mentioned = kd.date in days
            else:
                mentioned = (kd.date.year, kd.date.month) in months
            result.append(KeyDateCoverage(
                key_date=kd, label=kd.label, written=written_key_date(kd, language), point_title=point.title,
                mentioned=mentioned, sentence=key_date_sentence(kd, point.session.local_start.date(), language),
            ))
    return result


def _people(session, text: str) -> list[PersonCoverage]:
    plain = _plain(text).lower()
    result = []
    for p in session.participations:
        if p.attendance.value != "attended":
            continue
        names = [p.person.name, p.person.native_name]
        mentioned = any(n and n.lower() in plain for n in names)
        result.append(PersonCoverage(name=p.person.name, role=p.role.value, mentioned=mentioned))
    return result


def _record_text(session: ForumSession) -> str:
    forum = session.forum
    parts = [forum.name, forum.title, forum.city, forum.country, forum.about, forum.press_contact_name,
             session.title, session.summary, session.venue]
    parts += [g.name for g in session.groups]
    for p in session.participations:
        parts += [p.position, p.organisation.name if p.organisation else "",
                  p.organisation.short_name if p.organisation else ""]
        if p.organisation is not None and p.organisation.parent is not None:
            parts.append(p.organisation.parent.name)
    for point in session.live_points:
        parts += [point.title, point.body, point.owner_name]
        parts += [kd.label for kd in point.key_dates]
    return "\n".join(x for x in parts if x)


def _unknown_dates(session: ForumSession, mentions: list[DateMention]) -> list[Warning]:
    forum = session.forum
    known_days = {session.local_start.date(), session.local_end.date()}
    d = forum.starts_on
    while d <= forum.ends_on and len(known_days) < 400:
        known_days.add(d)
        d += timedelta(days=1)
    known_months = {(x.year, x.month) for x in known_days}
    for point in session.live_points:
        for kd in point.key_dates:
            if kd.precision is DatePrecision.day:
                known_days.add(kd.date)
            known_months.add((kd.date.year, kd.date.month))
        if point.due_on:
            known_days.add(point.due_on)
            known_months.add((point.due_on.year, point.due_on.month))
    for m in find_dates(_record_text(session), session.local_start.year):
        if m.precision is DatePrecision.day:
            known_days.add(m.on)
        known_months.add(m.month)
    warnings, seen = [], set()
    for m in mentions:
        known = m.on in known_days if m.precision is DatePrecision.day else m.month in known_months
        if known or m.written in seen:
            continue
        seen.add(m.written)
        warnings.append(Warning(
            kind="date", found=m.written,
            message=gettext("“%(date)s” is a date that appears nowhere in the record.", date=m.written),
            suggestion=_closest_date(m, known_days),
        ))
    return warnings


def _closest_date(mention: DateMention, known_days: set[date]) -> str:
    if not known_days or mention.precision is not DatePrecision.day:
        return ""
    # a typo changes one part: the same day and month in another year, or a near day
    same_day_month = [d for d in known_days if (d.day, d.month) == (mention.on.day, mention.on.month)]
    if same_day_month:
        return format_day(same_day_month[0], "en")
    nearest = min(known_days, key=lambda d: abs((d - mention.on).days))
    return format_day(nearest, "en") if abs((nearest - mention.on).days) <= 31 else ""


def _unknown_names(session: ForumSession, text: str) -> list[Warning]:
    known_names = []
    for p in session.participations:
        known_names += [n for n in (p.person.name, p.person.native_name) if n]
    for point in session.live_points:
        if point.owner_person is not None:
            known_names.append(point.owner_person.name)
    if session.forum.press_contact_name:
        known_names.append(session.forum.press_contact_name)
    name_words = {_name_key(w) for n in known_names for w in n.split()}
    vocabulary = {_name_key(w) for w in _WORD.findall(_record_text(session))} - name_words
    # a word the text itself writes in lower case is an ordinary word, not a name
    vocabulary |= {_name_key(w) for w in _WORD.findall(_plain(text)) if w.islower()}
    # «Елены Красновой» is Елена Краснова in another case
    known_keys = {_name_key(n) for n in known_names}
    warnings, seen = [], set()
    for pair in find_names(text):
        first, second = pair.split(" ")
        words = [first.lower(), second.lower()]
        if _name_key(pair) in known_keys or pair in seen:
            continue
        if any(w in COMMON_CAPITALISED or w in NOT_A_PERSON or _name_key(w) in vocabulary for w in words):
            continue
        seen.add(pair)
        close = difflib.get_close_matches(pair, known_names, n=1, cutoff=0.7)
        message = gettext("“%(name)s” looks like a person's name but appears nowhere in the record.", name=pair)
        if close:
            message = gettext("“%(name)s” is not a name in the record. Did you mean %(suggestion)s?", name=pair,
                              suggestion=close[0])
        warnings.append(Warning(kind="name", found=pair, message=message, suggestion=close[0] if close else ""))
    return warnings


def _name_key(name: str) -> str:
    """A name compared whatever its case: a Russian word by its dictionary form."""
    return " ".join(russian.lemma(w) if russian.is_cyrillic(w) else w.lower() for w in name.split())


def _normalise(text: str) -> str:
    text = _plain(text or "").replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def _excerpt(text: str, length: int = 70) -> str:
    flat = re.sub(r"\s+", " ", (text or "")).strip()
    return flat if len(flat) <= length else flat[: length - 1].rsplit(" ", 1)[0] + "…"
