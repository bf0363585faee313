"""search index (PostgreSQL): each indexed row's tsvector stored in its own column, the GIN index on it

0007 indexed an expression: the GIN index found a rare word's rows, but for a common one the planner
reads the table newest first and filters, and the filter computed the row's tsvector (both readings
of every text column) again for each row it read: 160-180 ms for the newest 1,001 matches at 10,000
sessions and 200,000 points. A stored generated column holds the same tsvector, computed once when
the row is written (as the index's entry was), so that filter only compares, and the GIN index is
made again on the column. The expression is 0007's, frozen here; eventsite/search/index.py names the
column. SQLite's FTS5 tables are unchanged.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 14:00:00

"""
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

#: (index name, table, text columns, tsvector weight class of each column), as in 0007
INDEXED = [
    ("fts_session", "forum_session", ("title", "summary", "venue"), ("A", "C", "D")),
    ("fts_person", "person", ("name", "native_name"), ("A", "A")),
    ("fts_point", "discussion_point", ("title", "body"), ("A", "C")),
]
#: the column holding each row's tsvector (eventsite/search/index.py: DOCUMENT)
DOCUMENT = "fts_document"


def _document(columns: tuple[str, ...], classes: tuple[str, ...]) -> str:
    parts = []
    for column, weight_class in zip(columns, classes):
        text = f"replace(replace(coalesce({column}, ''), 'ё', 'е'), 'Ё', 'Е')"
        for reading in ("simple", "russian"):
            parts.append(f"setweight(to_tsvector('{reading}'::regconfig, {text}), '{weight_class}')")
    return "(" + " || ".join(parts) + ")"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, table, columns, classes in INDEXED:
        op.execute(f"DROP INDEX IF EXISTS ix_{name}")
        op.execute(f"ALTER TABLE {table} ADD COLUMN {DOCUMENT} tsvector "
                   f"GENERATED ALWAYS AS ({_document(columns, classes)}) STORED")
        op.execute(f"CREATE INDEX ix_{name} ON {table} USING gin ({DOCUMENT})")
        op.execute(f"ANALYZE {table}")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, table, columns, classes in INDEXED:
        op.execute(f"DROP INDEX IF EXISTS ix_{name}")
        op.execute(f"ALTER TABLE {table} DROP COLUMN {DOCUMENT}")
        op.execute(f"CREATE INDEX ix_{name} ON {table} USING gin ({_document(columns, classes)})")
