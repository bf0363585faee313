"""Finding sessions, people and points, only among what the viewer may see.

- sessions: by title, summary and venue, among the sessions the viewer may see;
- points: by title and body, among the live (not deleted) points of those sessions;
- people: by name in either script. Staff find anyone; everyone else finds a
  person only as a participant of a session they may see, so search never tells
  who took part in a session one may not see.

Every word the user typed is matched as the beginning of a word ("clust" finds
"clusters"); all words must match. Typed search syntax (quotes, *, NEAR, OR,
column filters) is treated as plain words, so no query can fail.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import format_number, gettext
from markupsafe import Markup, escape
from sqlalchemy.orm import aliased, selectinload

from eventsite.models import DiscussionPoint, ForumSession, Participation, Person, db
from eventsite.permissions import is_staff, visible_sessions_clause
from eventsite.search.index import PEOPLE, POINTS, SESSIONS, Indexed, fold

KINDS = ("sessions", "people", "points")
#: more words than this add nothing but work
MAX_TERMS = 8
#: matches counted per kind; past it the page says "more than"
COUNT_CAP = 1000
#: put around matches by snippet(); control characters no user text contains once escaped
_START, _END = "\x02", "\x03"


def terms_of(query: str) -> list[str]:
    """The words of a query: letters and digits in any script; everything else separates them."""
    return re.findall(r"\w+", fold(query))[:MAX_TERMS]


def fts5_query(terms: list[str]) -> str:
    # each word quoted (so OR, NEAR, column: are words, not syntax) and matched as a prefix
    return " ".join('"' + t.replace('"', '""') + '"*' for t in terms)


def tsquery(terms: list[str]) -> str:
    return " & ".join("'" + t.replace("'", "''").replace("\\", "") + "':*" for t in terms)


#: Markdown that reads as noise in an extract: [text](url) keeps its text; emphasis, headings, quotes go
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"(?m)^[ \t]*[#>]+[ \t]*|[*_`]+")


def highlight(extract: str | None) -> Markup:
    """An extract as HTML: its text escaped, Markdown marks dropped, the matches in <mark>."""
    text = _MARKDOWN_MARKS.sub("", _MARKDOWN_LINK.sub(r"\1", extract or ""))
    return Markup(str(escape(text)).replace(_START, "<mark>").replace(_END, "</mark>"))


@dataclass
class Hit:
    item: object
    #: each indexed column's extract, matches marked: hit.extracts["title"]
    extracts: dict[str, Markup]
    #: for a person: the sessions the viewer may see that they took part in
    sessions: list[ForumSession] = field(default_factory=list)


@dataclass
class Group:
    kind: str
    hits: list[Hit]
    total: int
    page: int
    per_page: int

    @property
    def capped(self) -> bool:
        """True when there are more than COUNT_CAP matches and `total` is only that many."""
        return self.total > COUNT_CAP

    @property
    def count_label(self) -> str:
        if self.capped:
            return gettext("more than %(count)s", count=format_number(COUNT_CAP))
        return format_number(self.total)

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, COUNT_CAP) // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


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
        for kind in kinds:
            groups.append(_search_kind(user, kind, terms, max(1, page), per_page))
    return Results(query=query, terms=terms, groups=groups)


def _search_kind(user, kind: str, terms: list[str], page: int, per_page: int) -> Group:
    model, spec = {"sessions": (ForumSession, SESSIONS), "people": (Person, PEOPLE),
                   "points": (DiscussionPoint, POINTS)}[kind]
    match, rank, extracts, source = _index_expressions(model, spec, terms)
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

    # counting stops at the cap: "more than 1,000" is as useful as the exact number, and far cheaper
    counted = base(sa.literal(1)).limit(COUNT_CAP + 1).subquery()
    total = db.session.execute(sa.select(sa.func.count()).select_from(counted)).scalar_one()
    rows = db.session.execute(
        base(model, *extracts)
        .options(*_loads(kind))
        .order_by(rank, model.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    hits = [Hit(item=row[0], extracts={c: highlight(e) for c, e in zip(spec.columns, row[1:])}) for row in rows]
    if kind == "people":
        _add_sessions(user, hits)
    return Group(kind=kind, hits=hits, total=total, page=page, per_page=per_page)


def _index_expressions(model, spec: Indexed, terms: list[str]):
    """(match, rank, an extract per column, FTS table or None) for the database in use."""
    if db.engine.dialect.name == "sqlite":
        fts = sa.table(spec.name, sa.column("rowid"))
        hidden = sa.literal_column(spec.name)  # FTS5's column named after its table
        match = hidden.op("MATCH")(fts5_query(terms))
        rank = sa.func.bm25(hidden, *spec.weights)  # lower is better
        extracts = [sa.func.snippet(hidden, i, _START, _END, "…", words) for i, words in enumerate(spec.extract)]
        return match, rank, extracts, fts
    # PostgreSQL: the same expression as the GIN index of migration 0002, so the index is used
    document = sa.literal_column(spec.tsvector_sql(qualified=True))
    simple = sa.literal_column("'simple'::regconfig")
    wanted = sa.func.to_tsquery(simple, tsquery(terms))
    extracts = [
        sa.func.ts_headline(simple, getattr(model, column), wanted,
                            f"StartSel={_START}, StopSel={_END}, MaxWords={words}, MinWords={min(words, 8)}, "
                            f"HighlightAll={'true' if words >= 64 else 'false'}")
        for column, words in zip(spec.columns, spec.extract)
    ]
    return document.op("@@")(wanted), -sa.func.ts_rank(document, wanted), extracts, None


def _allowed(user, kind: str) -> list:
    if kind == "sessions":
        return [visible_sessions_clause(user)]
    if kind == "points":
        return [DiscussionPoint.deleted_at.is_(None), visible_sessions_clause(user)]
    if is_staff(user):
        return []
    took_part = aliased(Participation)
    seen_in = (
        sa.select(took_part.person_id)
        .join(ForumSession, ForumSession.id == took_part.session_id)
        .where(visible_sessions_clause(user))
    )
    return [Person.id.in_(seen_in)]


def _loads(kind: str) -> list:
    if kind == "sessions":
        return [selectinload(ForumSession.forum)]
    if kind == "points":
        return [selectinload(DiscussionPoint.session).selectinload(ForumSession.forum)]
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
