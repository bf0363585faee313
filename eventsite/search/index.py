"""What the search index covers, and how the schema tools keep out of its way.

The index itself is made by the migration 0002_search_index (SQLite: FTS5
tables kept in sync by triggers; PostgreSQL: GIN indexes on to_tsvector
expressions). It is not part of the models, so Alembic's comparison of models
and database must skip it: see `include_object`.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indexed:
    #: the FTS5 table (SQLite) and, with "ix_" before it, the GIN index (PostgreSQL)
    name: str
    #: the table whose rows are indexed
    table: str
    #: its text columns, in the order bm25 weights and snippet() refer to them
    columns: tuple[str, ...]
    #: bm25 weight of each column: a match in a title counts more than one in a body
    weights: tuple[float, ...]
    #: the longest extract shown of each column, in words; short columns are shown whole
    extract: tuple[int, ...]

    def tsvector_sql(self, qualified: bool = False) -> str:
        """The PostgreSQL document; the migration's index is on exactly this expression."""
        prefix = f"{self.table}." if qualified else ""
        joined = " || ' ' || ".join(fold_sql(f"coalesce({prefix}{c}, '')") for c in self.columns)
        return f"to_tsvector('simple'::regconfig, {joined})"


def fold_sql(expression: str) -> str:
    """Russian is often written with е for ё; the index holds е (see migration 0002)."""
    return f"replace(replace({expression}, 'ё', 'е'), 'Ё', 'Е')"


def fold(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


SESSIONS = Indexed("fts_session", "forum_session", ("title", "summary", "venue"), (10.0, 2.0, 1.0), (64, 24, 64))
PEOPLE = Indexed("fts_person", "person", ("name", "native_name"), (1.0, 1.0), (64, 64))
POINTS = Indexed("fts_point", "discussion_point", ("title", "body"), (5.0, 1.0), (64, 24))
INDEXED = (SESSIONS, PEOPLE, POINTS)

#: FTS5 splits on anything but letters and digits, folds case and drops diacritics (Артём = Артем)
FTS5_TOKENIZER = "unicode61 remove_diacritics 2"


def is_search_index(name: str | None) -> bool:
    # FTS5 also makes shadow tables: fts_session_data, fts_session_idx, …
    return bool(name) and (name.startswith("fts_") or name.startswith("ix_fts_"))


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter: the search index is made by hand in 0002, not derived from the models."""
    return not (type_ in ("table", "index") and is_search_index(name))
