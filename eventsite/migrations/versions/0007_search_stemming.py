"""search index: word forms too ("кластеров" finds "кластер"), by Snowball stems beside the words

SQLite: each FTS5 table of 0002 is made again with a `<column>_stem` column beside each column,
its content a view (`fts_point_text`, …) computing the folded words and their stems; triggers keep
it in step with the table, and 'rebuild' indexes the rows already there. The stems come from the
function `word_stems`, which the application registers on every SQLite connection
(eventsite/search/index.py), so this migration must run through the application (`flask db
upgrade`), as every migration here does.

PostgreSQL: each GIN index of 0002 is made again on a tsvector of the words (`simple`) and their
stems (`russian`), weighted by column; building it indexes the rows already there.

The expressions must match eventsite/search/index.py, which queries them; they are frozen here as
they were when this migration was written.

A batch migration that copies an indexed table (SQLite's ALTER by copy) drops its triggers: it must
make them again as this one does.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 12:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
# main had 0006 on 0003 already; chained after it, so there is one head and `db upgrade` runs
down_revision = "0006"
branch_labels = None
depends_on = None

#: (index name, table, text columns, tsvector weight class of each column)
INDEXED = [
    ("fts_session", "forum_session", ("title", "summary", "venue"), ("A", "C", "D")),
    ("fts_person", "person", ("name", "native_name"), ("A", "A")),
    ("fts_point", "discussion_point", ("title", "body"), ("A", "C")),
]
TOKENIZER = "unicode61 remove_diacritics 2"


def _fold(expression: str) -> str:
    # Russian is often written with е for ё (Артем for Артём): the index holds е, queries are folded too
    return f"replace(replace({expression}, 'ё', 'е'), 'Ё', 'Е')"


def _readings(columns: tuple[str, ...], row: str = "") -> list[str]:
    """The values an FTS5 row holds, in its column order: each column folded, then each one's stems."""
    return [_fold(f"{row}{c}") for c in columns] + [f"word_stems({row}{c})" for c in columns]


def _sqlite_drop(name: str) -> None:
    for event in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}_after_{event}")
    op.execute(f"DROP TABLE IF EXISTS {name}")
    op.execute(f"DROP VIEW IF EXISTS {name}_text")


def _sqlite_upgrade(name: str, table: str, columns: tuple[str, ...]) -> None:
    _sqlite_drop(name)
    names = columns + tuple(f"{c}_stem" for c in columns)
    fts_columns = ", ".join(names)
    view_columns = ", ".join(f"{value} AS {column}" for value, column in zip(_readings(columns), names))
    op.execute(f"CREATE VIEW {name}_text AS SELECT id, {view_columns} FROM {table}")
    # external content: the text lives once, in the table; the view reads it as the index does
    op.execute(
        f"CREATE VIRTUAL TABLE {name} USING fts5({fts_columns}, content='{name}_text', content_rowid='id', "
        f"tokenize='{TOKENIZER}')"
    )
    new, old = ", ".join(_readings(columns, "new.")), ", ".join(_readings(columns, "old."))
    indexed = ", ".join(columns)
    op.execute(
        f"CREATE TRIGGER {name}_after_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {name}(rowid, {fts_columns}) VALUES (new.id, {new}); END"
    )
    op.execute(
        f"CREATE TRIGGER {name}_after_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {name}({name}, rowid, {fts_columns}) VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER {name}_after_update AFTER UPDATE OF {indexed} ON {table} BEGIN "
        f"INSERT INTO {name}({name}, rowid, {fts_columns}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {name}(rowid, {fts_columns}) VALUES (new.id, {new}); END"
    )
    # index what is already there, through the view
    op.execute(f"INSERT INTO {name}({name}) VALUES ('rebuild')")


def _postgresql_document(columns: tuple[str, ...], classes: tuple[str, ...]) -> str:
    parts = []
    for column, weight_class in zip(columns, classes):
        text = _fold(f"coalesce({column}, '')")
        for reading in ("simple", "russian"):
            parts.append(f"setweight(to_tsvector('{reading}'::regconfig, {text}), '{weight_class}')")
    return "(" + " || ".join(parts) + ")"


def upgrade():
    dialect = op.get_bind().dialect.name
    for name, table, columns, classes in INDEXED:
        if dialect == "sqlite":
            _sqlite_upgrade(name, table, columns)
        elif dialect == "postgresql":
            op.execute(f"DROP INDEX IF EXISTS ix_{name}")
            op.execute(f"CREATE INDEX ix_{name} ON {table} USING gin ({_postgresql_document(columns, classes)})")


# --- back to 0002's index: the words as written, no stems


def _sqlite_downgrade(name: str, table: str, columns: tuple[str, ...]) -> None:
    _sqlite_drop(name)
    cols = ", ".join(columns)
    new = ", ".join(_fold(f"new.{c}") for c in columns)
    old = ", ".join(_fold(f"old.{c}") for c in columns)
    op.execute(
        f"CREATE VIRTUAL TABLE {name} USING fts5({cols}, content='{table}', content_rowid='id', "
        f"tokenize='{TOKENIZER}')"
    )
    op.execute(
        f"CREATE TRIGGER {name}_after_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {name}(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute(
        f"CREATE TRIGGER {name}_after_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {name}({name}, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER {name}_after_update AFTER UPDATE OF {cols} ON {table} BEGIN "
        f"INSERT INTO {name}({name}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {name}(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    folded = ", ".join(_fold(c) for c in columns)
    op.execute(f"INSERT INTO {name}(rowid, {cols}) SELECT id, {folded} FROM {table}")


def downgrade():
    dialect = op.get_bind().dialect.name
    for name, table, columns, _classes in INDEXED:
        if dialect == "sqlite":
            _sqlite_downgrade(name, table, columns)
        elif dialect == "postgresql":
            joined = " || ' ' || ".join(_fold(f"coalesce({c}, '')") for c in columns)
            op.execute(f"DROP INDEX IF EXISTS ix_{name}")
            op.execute(f"CREATE INDEX ix_{name} ON {table} USING gin (to_tsvector('simple'::regconfig, {joined}))")
