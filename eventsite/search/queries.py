"""Finding sessions, people and points, only among what the viewer may see.

- sessions: by title, summary and venue, among the sessions the viewer may see;
- points: by title and body, among the live (not deleted) points of those sessions;
- people: by name in either script. Staff find anyone; everyone else finds a
  person only as a participant of a session they may see, so search never tells
  who took part in a session one may not see.

Every word the user typed is matched as that word and as other forms of the same word: by
its Snowball stem ("кластеров" finds "кластер", "clusters" finds "cluster"; see
eventsite/search/index.py) and, for a Russian word, by the stems of its dictionary forms as well
(«Артёма» finds «Артём», «Технопрома» finds «Технопром»; see eventsite/search/word_forms.py).
All words must match. When, so read, they match nothing the viewer may see, they are read as
the beginnings of words instead ("clust cit" finds "clusters of cities", "telemed" finds
"telemedicine"). Typed search syntax (quotes, *, NEAR, OR, column filters) is treated as plain
words, so no query can fail. The extracts shown are cut and marked here, the same way on either
database.

Why whole words first: a beginning is found by merging the index's lists of every word that starts
with it, all of them, before the first match can be read (on SQLite 10-20 ms for a common word at
200,000 points, and growing with the index), while a whole word's list is read only as far as the
newest matches asked for (0.5 ms), whatever the index's size. And a whole word means what was typed
("art" is not "artificial"). Whether anything matched is known from the results themselves, so
nothing the viewer may not see decides how their words are read.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from itertools import accumulate

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy.orm import aliased, joinedload, selectinload

from eventsite.models import DiscussionPoint, ForumSession, Participation, Person, db
from eventsite import paging
from eventsite.paging import Page
from eventsite.permissions import visible_people_clause, visible_sessions_clause
from eventsite.search.index import PEOPLE, POINTS, SESSIONS, WORD, Indexed, fold, stem
from eventsite.search.word_forms import other_forms

KINDS = ("sessions", "people", "points")
#: more words than this add nothing but work
MAX_TERMS = 8


def terms_of(query: str) -> list[str]:
    """The words of a query: letters and digits in any script; everything else separates them."""
    return re.findall(r"\w+", fold(query))[:MAX_TERMS]


def fts5_query(terms: list[str], spec: Indexed, beginnings: bool) -> str:
    """Each word as written (or as a beginning, with `beginnings`), or its stem or a stem of its other
    forms, whole; all words must match."""
    written, stems = " ".join(spec.columns), " ".join(spec.stem_columns)

    def quoted(word: str) -> str:
        # quoted, so OR, NEAR, column: are words, not syntax
        return '"' + word.replace('"', '""') + '"'

    def either(t: str) -> str:
        wanted = " OR ".join(quoted(stem(w)) for w in (t, *other_forms(t)))
        return f"({{{written}}} : {quoted(t)}{'*' if beginnings else ''} OR {{{stems}}} : ({wanted}))"

    return " AND ".join(either(t) for t in terms)


def _lexeme(word: str) -> str:
    return "'" + word.replace("'", "''").replace("\\", "") + "'"


def tsquery(terms: list[str], beginnings: bool):
    """Each word as written (`simple`; or as a beginning, with `beginnings`), or its stem or its other
    forms' stems (`russian`: the server stems them as it stemmed the index); all words must match."""
    simple, russian = sa.literal_column("'simple'::regconfig"), sa.literal_column("'russian'::regconfig")

    def either(t: str):
        alternatives = [sa.func.to_tsquery(simple, _lexeme(t) + (":*" if beginnings else ""))]
        alternatives += [sa.func.to_tsquery(russian, _lexeme(w)) for w in (t, *other_forms(t))]
        return reduce(lambda a, b: a.op("||")(b), alternatives).self_group()

    return reduce(lambda a, b: a.op("&&")(b).self_group(), [either(t) for t in terms])


#: Markdown that reads as noise in an extract: [text](url) keeps its text; emphasis, headings, quotes go
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"(?m)^[ \t]*[#>]+[ \t]*|[*_`]+")


@lru_cache(maxsize=1 << 16)
def _plain(word: str) -> str:
    """A word as the index compares it: lower case, ё as е, Latin letters without diacritics.

    Kept per word: each result's extracts and every candidate's title ask for the same words again, and
    decomposing each letter again cost about 3 ms of a search at 10,000 sessions (of 54)."""
    if word.isascii():
        return word.lower()
    letters = []
    for letter in fold(word).lower():
        base = unicodedata.normalize("NFD", letter)[0]
        letters.append(base if base.isascii() else letter)
    return "".join(letters)


#: every character whose decomposition begins with an ASCII one (é, Ç, ǅ, the Kelvin sign), and a few more:
#: a text without them reads plain as `fold(text).lower()` (tests/test_search.py checks the list is whole)
_LOSES_MARKS = re.compile("[\u00c0-\u024f\u037e\u1e00-\u1fff\u2100-\u214f\u2260\u226e\u226f]")


class Matches:
    """Which words of a text the query's words find: as written (or by their beginning, with `beginnings`)
    or by their stem."""

    def __init__(self, terms: list[str], beginnings: bool):
        self.prefixes = tuple(_plain(t) for t in terms) if beginnings else ()
        self.words = frozenset(_plain(t) for t in terms)
        self.stems = {stem(w) for t in terms for w in (t, *other_forms(t))}
        # a word's stem begins with all but at most its stem's last letter (city → citi); stem only those
        self.stem_heads = tuple(s[:-1] for s in self.stems)

    def __call__(self, word: str) -> bool:
        plain = _plain(word)
        return (plain in self.words or plain.startswith(self.prefixes)
                or (plain.startswith(self.stem_heads) and stem(word) in self.stems))


def extract(text: str | None, matches: Matches, words: int) -> Markup:
    """At most `words` words of `text` as HTML, where most matches are, the matches in <mark>.

    Markdown marks are dropped first and the text escaped, so nothing a user typed becomes markup.
    """
    text = _MARKDOWN_MARKS.sub("", _MARKDOWN_LINK.sub(r"\1", text or ""))
    spans = [m.span() for m in WORD.finditer(text)]
    found = [i for i, (a, b) in enumerate(spans) if matches(text[a:b])]
    first, last = 0, len(spans)
    if len(spans) > words:
        if found:
            # the window of `words` words holding the most matches, with a few words before the first
            densest = max(range(len(found)), key=lambda k: bisect_left(found, found[k] + words) - k)
            first = max(0, min(found[densest] - words // 6, len(spans) - words))
        last = first + words
    start = spans[first][0] if first else 0
    end = spans[last - 1][1] if last < len(spans) else len(text)
    html, at = ["…" if first else ""], start
    for a, b in (spans[i] for i in found if first <= i < last):
        html += [str(escape(text[at:a])), "<mark>", str(escape(text[a:b])), "</mark>"]
        at = b
    html += [str(escape(text[at:end])), "…" if last < len(spans) else ""]
    return Markup("".join(html))


@dataclass
class Hit:
    item: object
    #: each indexed column's extract, matches marked: hit.extracts["title"]
    extracts: dict[str, Markup]
    #: for a person: the sessions the viewer may see that they took part in
    sessions: list[ForumSession] = field(default_factory=list)


@dataclass
class Group(Page):
    """One kind's page of hits, counted up to the cap as other long lists are (eventsite.paging)."""

    kind: str = ""

    @property
    def hits(self) -> list[Hit]:
        return self.items


@dataclass
class Results:
    query: str
    terms: list[str]
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)


def search(user, query: str, kinds: tuple[str, ...] = KINDS, page: int = 1, per_page: int = 10) -> Results:
    terms = terms_of(query)
    groups = []
    if terms:
        # whole words first; only if nothing of any kind matches them, as beginnings (see above)
        for beginnings in (False, True):
            groups = [_search_kind(user, kind, terms, max(1, page), per_page, beginnings) for kind in kinds]
            if any(group.total for group in groups):
                break
    return Results(query=query, terms=terms, groups=groups)


def _search_kind(user, kind: str, terms: list[str], page: int, per_page: int, beginnings: bool) -> Group:
    model, spec = {"sessions": (ForumSession, SESSIONS), "people": (Person, PEOPLE),
                   "points": (DiscussionPoint, POINTS)}[kind]
    match, rank, source = _index_expressions(spec, terms, beginnings)
    allowed = _allowed(user, kind)

    def base(*columns):
        stmt = sa.select(*columns)
        if source is not None:
            stmt = stmt.select_from(source).join(model, model.id == source.c.rowid)
        else:
            stmt = stmt.select_from(model)
        if kind == "points":
            stmt = stmt.join(ForumSession, ForumSession.id == DiscussionPoint.session_id)
        return stmt.where(match, *allowed)

    # The candidates: the newest paging.COUNT_CAP (1,000) matches the viewer may see, found in the index's own order
    # (newest first; on SQLite FTS5's rowid, which FTS5 itself orders), ids and first columns only. Counting
    # stops there ("more than 1,000" is as useful as the exact number), and pages stop there too, so they are
    # every result any page can list. They are not ranked in this query: the database's rank (bm25 on SQLite,
    # ts_rank on PostgreSQL) costs a pass over every match of every word, however few rows it ranks (on
    # SQLite 15-50 ms for a common word at 200,000 points, three times the finding). So only when they are
    # all the matches are they ranked by the database, in a second query among those ids; past the cap
    # they are ranked here by how many of the words their first column (a title, a name) holds, then newest.
    # They are plain rows (through the session's connection, not the ORM's column loading, which cost about
    # 6 ms a kind at a thousand rows, against 1 ms).
    key = source.c.rowid if source is not None else model.id
    first = getattr(model, spec.columns[0])
    candidates = db.session.connection().execute(
        base(model.id, first.label("first")).order_by(key.desc()).limit(paging.COUNT_CAP + 1)).all()
    total = len(candidates)
    if total > paging.COUNT_CAP:
        ordered = [row.id for row in _by_title(candidates[:paging.COUNT_CAP], terms, beginnings)]
    elif candidates:
        ids = [row.id for row in candidates]
        ordered = [row.id for row in db.session.execute(
            base(model.id, rank.label("rank")).where(model.id.in_(ids)).order_by(rank, model.id))]
    else:
        ordered = []
    wanted = ordered[(page - 1) * per_page:page * per_page]
    rows = {item.id: item for item in db.session.execute(
        sa.select(model).where(model.id.in_(wanted)).options(*_loads(kind))).scalars()} if wanted else {}
    items = [rows[row_id] for row_id in wanted]
    matches = Matches(terms, beginnings)
    hits = [Hit(item=item, extracts={c: extract(getattr(item, c), matches, words)
                                     for c, words in zip(spec.columns, spec.extract)})
            for item in items]
    if kind == "people":
        _add_sessions(user, hits)
    return Group(items=hits, page=page, per_page=per_page, counted=total, kind=kind)


def _by_title(rows: list, terms: list[str], beginnings: bool) -> list:
    """The candidate rows, those whose first column (a title, a name) holds more of the query's words first
    (by prefix or by form, as `Matches` reads a word), otherwise in their order (newest first).

    A word can match only if, read plain, it begins with a query word or with one of their stems but its
    last letter (see `Matches`), so the titles are read plain, joined, and searched once for those
    beginnings, and each distinct word found is matched once, rather than every title split into all its
    words: a thousand titles cost about 1 ms, not 3. A title with a letter that loses its marks when read
    plain (é → e) is read word by word instead."""
    each = [Matches([term], beginnings) for term in terms]
    held = _Held(each)
    titles = [row.first or "" for row in rows]
    joined = fold("\n".join(titles)).lower()
    if len(joined) != sum(map(len, titles)) + len(titles) - 1:  # a letter longer in lower case (İ)
        titles = [title.lower() for title in titles]
    starts = list(accumulate((len(title) + 1 for title in titles), initial=0))
    heads = {head for matches in each for head in (*matches.words, *matches.stem_heads)}
    found = [0] * len(rows)  # which of the query's words each title holds, as bits
    every_word = "" in heads  # a stem of one letter: any word may match
    if not every_word:
        # longest first, so that the alternation takes a whole head; then the rest of the word
        candidates = re.compile(r"(?:%s)[^\W_]*" % "|".join(map(re.escape, sorted(heads, key=len, reverse=True))))
        for match in candidates.finditer(joined):
            at = match.start()
            if at and joined[at - 1].isalnum():  # inside a word, not its beginning
                continue
            k = bisect_right(starts, at) - 1
            found[k] |= held[match.group()]
    if every_word or _LOSES_MARKS.search(joined):
        for k, row in enumerate(rows):
            if every_word or _LOSES_MARKS.search(joined, starts[k], starts[k + 1]):
                found[k] = reduce(int.__or__, map(held.__getitem__, WORD.findall(row.first or "")), 0)
    score = [-bits.bit_count() for bits in found]
    return [rows[k] for k in sorted(range(len(rows)), key=score.__getitem__)]


class _Held(dict):
    """A word → which of the query's words it matches, as bits (1 << k: the k-th); a title's words repeat
    in others."""

    def __init__(self, each: list[Matches]):
        super().__init__()
        self.each = each

    def __missing__(self, word: str) -> int:
        value = self[word] = sum(1 << k for k, matches in enumerate(self.each) if matches(word))
        return value


def _index_expressions(spec: Indexed, terms: list[str], beginnings: bool):
    """(match, rank, FTS table or None) for the database in use."""
    if db.engine.dialect.name == "sqlite":
        fts = sa.table(spec.name, sa.column("rowid"))
        hidden = sa.literal_column(spec.name)  # FTS5's column named after its table
        match = hidden.op("MATCH")(fts5_query(terms, spec, beginnings))
        rank = sa.func.bm25(hidden, *spec.weights, *spec.weights)  # lower is better; stems weigh as words
        return match, rank, fts
    # PostgreSQL: the stored tsvector of migration 0021, which its GIN index indexes
    document = spec.document()
    wanted = tsquery(terms, beginnings)
    return document.op("@@")(wanted), -sa.func.ts_rank(document, wanted), None


def held_as_beginnings(model, words: list[str]):
    """A WHERE clause on `model` (Person, ForumSession or DiscussionPoint): its indexed columns hold each of
    `words` as the beginning of a word or in one of its forms, found through the search index, so that it
    costs what the matches cost and not what the table holds (as a lookup typed letter by letter needs). Who
    may see the rows is the caller's to add."""
    spec = {ForumSession: SESSIONS, Person: PEOPLE, DiscussionPoint: POINTS}[model]
    match, _rank, source = _index_expressions(spec, words, beginnings=True)
    if source is None:
        return match
    return model.id.in_(sa.select(source.c.rowid).where(match))


def _allowed(user, kind: str) -> list:
    if kind == "sessions":
        return [visible_sessions_clause(user)]
    if kind == "points":
        return [DiscussionPoint.deleted_at.is_(None), visible_sessions_clause(user)]
    return [visible_people_clause(user)]


def _loads(kind: str) -> list:
    """What a hit's line shows besides the item: its forum, a point's session. Joined, since each is one row
    per item: one statement, not two or three (selectinload's), which took a sixth off a search's CPU time."""
    if kind == "sessions":
        return [joinedload(ForumSession.forum)]
    if kind == "points":
        return [joinedload(DiscussionPoint.session).joinedload(ForumSession.forum)]
    return []


def _add_sessions(user, hits: list[Hit]) -> None:
    if not hits:
        return
    by_person = {hit.item.id: hit for hit in hits}
    part = aliased(Participation)
    rows = db.session.execute(
        sa.select(part.person_id, ForumSession)
        .join(ForumSession, ForumSession.id == part.session_id)
        .where(part.person_id.in_(by_person), visible_sessions_clause(user))
        .options(selectinload(ForumSession.forum))
        .order_by(ForumSession.starts_at.desc())
    ).all()
    for person_id, session in rows:
        by_person[person_id].sessions.append(session)
