"""search index: FTS5 tables kept in sync by triggers (SQLite), GIN tsvector indexes (PostgreSQL)

Not derived from the models, so `flask db migrate` leaves it alone (migrations/env.py
skips fts_* names). To regenerate 0001 from the models, move this file aside first
(its down_revision names 0001) and put it back afterwards.

The column lists must match eventsite/search/index.py, which queries these.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 15:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: (index name, table, text columns) — frozen here as they were when this migration was written
INDEXED = [
    ("fts_session", "forum_session", ("title", "summary", "venue")),
    ("fts_person", "person", ("name", "native_name")),
    ("fts_point", "discussion_point", ("title", "body")),
]
TOKENIZER = "unicode61 remove_diacritics 2"


def _fold(expression: str) -> str:
    # Russian is often written with е for ё (Артем for Артём); the tokenizer does not fold it, so the
    # index holds е and queries are folded the same way. Same length, so snippet() offsets still fit.
    return f"replace(replace({expression}, 'ё', 'е'), 'Ё', 'Е')"


def _sqlite_upgrade(name: str, table: str, columns: tuple[str, ...]) -> None:
    cols = ", ".join(columns)
    new = ", ".join(_fold(f"new.{c}") for c in columns)
    old = ", ".join(_fold(f"old.{c}") for c in columns)
    # external content: the text lives once, in the table itself; FTS5 keeps only the index
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
    # index what is already there
    folded = ", ".join(_fold(c) for c in columns)
    op.execute(f"INSERT INTO {name}(rowid, {cols}) SELECT id, {folded} FROM {table}")


def _postgresql_document(columns: tuple[str, ...]) -> str:
    joined = " || ' ' || ".join(_fold(f"coalesce({c}, '')") for c in columns)
    return f"to_tsvector('simple'::regconfig, {joined})"


def upgrade():
    dialect = op.get_bind().dialect.name
    for name, table, columns in INDEXED:
        if dialect == "sqlite":
            _sqlite_upgrade(name, table, columns)
        elif dialect == "postgresql":
            op.execute(f"CREATE INDEX ix_{name} ON {table} USING gin ({_postgresql_document(columns)})")


def downgrade():
    dialect = op.get_bind().dialect.name
    for name, table, columns in INDEXED:
        if dialect == "sqlite":
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {name}_after_{event}")
            op.execute(f"DROP TABLE IF EXISTS {name}")
        elif dialect == "postgresql":
            op.execute(f"DROP INDEX IF EXISTS ix_{name}")
