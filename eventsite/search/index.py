"""What the search index covers, how it reads words, and how the schema tools keep out of its way.

A typed word matches a word of the text that begins with it ("clust" finds "clusters", "Артем"
finds "Артём") or that has the same stem ("кластеров" finds "кластер", "медицине" finds
"медицина", "clusters" finds "cluster"). So the index reads every text column twice: the words
as written, with ё folded to е, matched by prefix; and their Snowball stems, matched whole. The
index is made by migrations (0002, rebuilt with stems by 0007) and is not part of the models.

PostgreSQL: a tsvector of both readings in a stored generated column of each table (`fts_document`,
migration 0021), the `simple` configuration for the words and the `russian` one for the stems (it
stems Cyrillic words with the Russian Snowball stemmer and Latin ones with the English), each column
weighted so a title counts more than a body, and a GIN index on it. The server computes it when a
row is written, so a query that reads rows newest first only compares it (`Indexed.document`).

SQLite: an FTS5 table per table, with each column as written and a `<column>_stem` column of its
stems. Its content is a view (`fts_point_text`, …) that computes both readings from the table, and
triggers on the table add and remove a row's readings when it is inserted, updated or deleted. The
stems come from PyStemmer (Snowball's own C library) through `word_stems(text)`, a Python function
registered on every SQLite connection the application opens (`_register_sqlite_functions`).

Why triggers calling a registered function, rather than stems written by the application: the
index must follow every way a row changes (the ORM, bulk inserts such as `session.execute(insert(
DiscussionPoint), rows)` that skip ORM events, raw SQL in a migration), and only the database sees
them all. A connection that lacks the function (the `sqlite3` shell) cannot change an indexed
column: the trigger fails with "no such function: word_stems" and the statement is undone, so the
index may refuse a change but never drift from its table. Because the content view computes the
same readings as the triggers, `INSERT INTO fts_point(fts_point) VALUES('rebuild')` remakes an
index exactly (0007 does so for the rows already there), and FTS5's 'integrity-check' can verify it.

Removing a row's readings needs the same stems as when they were added, so the Snowball version
is pinned through PyStemmer in setup.cfg; after changing it, rebuild the SQLite index (as 0007
does) or REINDEX the PostgreSQL ones, whose stemmer comes with the server.

Alembic's comparison of models and database skips the index: see `include_object`.
"""
from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass

import sqlalchemy as sa
import Stemmer
from sqlalchemy import event
from sqlalchemy.engine import Engine


#: the PostgreSQL column of each indexed table holding its tsvector (0021); ignored by Alembic's comparison
DOCUMENT = "fts_document"


@dataclass(frozen=True)
class Indexed:
    #: the FTS5 table (SQLite) and, with "ix_" before it, the GIN index (PostgreSQL)
    name: str
    #: the table whose rows are indexed
    table: str
    #: its text columns, in the order the FTS5 table and the weights refer to them
    columns: tuple[str, ...]
    #: bm25 weight of each column (SQLite): a match in a title counts more than one in a body
    weights: tuple[float, ...]
    #: the longest extract shown of each column, in words; short columns are shown whole
    extract: tuple[int, ...]

    @property
    def stem_columns(self) -> tuple[str, ...]:
        """The FTS5 columns holding the stems of `columns`, in the same order."""
        return tuple(f"{c}_stem" for c in self.columns)

    def document(self):
        """The PostgreSQL column of the row's tsvector, which the GIN index indexes."""
        return sa.literal_column(f"{self.table}.{DOCUMENT}")


def fold(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


#: a word as FTS5's unicode61 tokenizer sees one: letters and digits (not "_")
WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
#: PyStemmer's stemmers may not be shared between threads, so each thread has its own stems
_local = threading.local()
#: how many words a thread's table of stems holds before it starts again (a few MB)
_STEMS_KEPT = 50_000


class _Stems(dict):
    """Lower-cased, folded word → its stem: a thread's table, so each word is stemmed once.

    Text repeats its words, and an import of a forum stems millions of them: a dict lookup (in C,
    through `map`) costs a fraction of a call into the stemmer.
    """

    def __init__(self):
        super().__init__()
        self.russian, self.english = Stemmer.Stemmer("russian"), Stemmer.Stemmer("english")
        #: a piece of text between white space ("biotechnology," "e-mail") → the stems of its words
        self.pieces = _Pieces(self)

    def __missing__(self, word: str) -> str:
        if len(self) >= _STEMS_KEPT:
            self.clear()
        stemmer = self.russian if _CYRILLIC.search(word) else self.english
        value = self[word] = stemmer.stemWord(word)
        return value


class _Pieces(dict):
    """Lower-cased, folded text between white space → the stems of its words joined by spaces, "" if none.

    Words never span white space, so the words of a text are those of its pieces in order; most
    pieces are a word with its punctuation, and looking one up saves the regular expression that
    finds its words, the slower part of stemming a text.
    """

    def __init__(self, stems: _Stems):
        super().__init__()
        self.stems = stems

    def __missing__(self, piece: str) -> str:
        if len(self) >= _STEMS_KEPT:
            self.clear()
        value = self[piece] = " ".join(map(self.stems.__getitem__, WORD.findall(piece)))
        return value


def _stems() -> _Stems:
    stems = getattr(_local, "stems", None)
    if stems is None:
        stems = _local.stems = _Stems()
    return stems


def stem(word: str) -> str:
    """A word's Snowball stem, lower case: Russian for a word in Cyrillic, English for any other."""
    return _stems()[fold(word).lower()]


def word_stems(text: str | None) -> str | None:
    """The stem of every word of `text`, in order: what the SQLite index holds beside the text."""
    if text is None:
        return None
    return " ".join(filter(None, map(_stems().pieces.__getitem__, fold(text).lower().split())))


@event.listens_for(Engine, "connect")
def _register_sqlite_functions(dbapi_connection, connection_record):
    # every connection, before any statement: the index triggers and views of 0007 call word_stems
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("word_stems", 1, word_stems, deterministic=True)


# (PostgreSQL weighs the columns by the weight classes of migration 0021: A, C, D; A, A; A, C)
SESSIONS = Indexed("fts_session", "forum_session", ("title", "summary", "venue"), (10.0, 2.0, 1.0), (64, 24, 64))
PEOPLE = Indexed("fts_person", "person", ("name", "native_name"), (1.0, 1.0), (64, 64))
POINTS = Indexed("fts_point", "discussion_point", ("title", "body"), (5.0, 1.0), (64, 24))
INDEXED = (SESSIONS, PEOPLE, POINTS)

#: FTS5 splits on anything but letters and digits, folds case and drops diacritics of Latin letters
FTS5_TOKENIZER = "unicode61 remove_diacritics 2"


def is_search_index(name: str | None) -> bool:
    # FTS5 also makes shadow tables: fts_session_data, fts_session_idx, …
    return bool(name) and (name.startswith("fts_") or name.startswith("ix_fts_"))


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter: the search index is made by hand in 0002, 0007 and 0021, not derived from the models."""
    return not (type_ in ("table", "index", "column") and is_search_index(name))
