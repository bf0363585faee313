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
from markupsafe import Markup, escape
from sqlalchemy.orm import aliased, selectinload

from eventsite.models import DiscussionPoint, ForumSession, Participation, Person, db
from eventsite.permissions import is_staff, visible_sessions_clause
from eventsite.search.index import PEOPLE, POINTS, SESSIONS, Indexed, fold

KINDS = ("sessions", "people", "points")
#: more words than this add nothing but work
MAX_TERMS = 8
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


def highlight(snippet: str | None) -> Markup:
    """The snippet as HTML: its text escaped, the matches in <mark>."""
    text = str(escape(snippet or ""))
    return Markup(text.replace(_START, "<mark>").replace(_END, "</mark>"))


@dataclass
class Hit:
    item: object
    snippet: Markup
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
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

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
    match, rank, snippet, source = _index_expressions(model, spec, terms)
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

    total = db.session.execute(base(sa.func.count())).scalar_one()
    rows = db.session.execute(
        base(model, snippet.label("snippet"))
        .options(*_loads(kind))
        .order_by(rank, model.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    hits = [Hit(item=row[0], snippet=highlight(row.snippet)) for row in rows]
    if kind == "people":
        _add_sessions(user, hits)
    return Group(kind=kind, hits=hits, total=total, page=page, per_page=per_page)


def _index_expressions(model, spec: Indexed, terms: list[str]):
    """(match, rank, snippet, FTS table or None) for the database in use."""
    if db.engine.dialect.name == "sqlite":
        fts = sa.table(spec.name, sa.column("rowid"))
        hidden = sa.literal_column(spec.name)  # FTS5's column named after its table
        match = hidden.op("MATCH")(fts5_query(terms))
        rank = sa.func.bm25(hidden, *spec.weights)  # lower is better
        snippet = sa.func.snippet(hidden, -1, _START, _END, "…", 16)
        return match, rank, snippet, fts
    # PostgreSQL: the same expression as the GIN index of migration 0002, so the index is used
    document = sa.literal_column(spec.tsvector_sql(qualified=True))
    simple = sa.literal_column("'simple'::regconfig")
    wanted = sa.func.to_tsquery(simple, tsquery(terms))
    text = sa.func.concat_ws(" ", *(getattr(model, c) for c in spec.columns))
    snippet = sa.func.ts_headline(simple, text, wanted,
                                  f"StartSel={_START}, StopSel={_END}, MaxWords=24, MinWords=8")
    return document.op("@@")(wanted), -sa.func.ts_rank(document, wanted), snippet, None


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
