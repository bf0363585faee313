"""forums: their name, title, city, country, About and press contact in other languages, for the
documents of sessions held in those languages

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 06:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    # ADD COLUMN, not a table rebuild: the search index's triggers on SQLite would not survive one
    op.add_column("forum", sa.Column("translations", sa.JSON(), server_default="{}", nullable=False))


def downgrade():
    # ALTER TABLE … DROP COLUMN (SQLite 3.35 and later), for the same reason
    op.drop_column("forum", "translations")
