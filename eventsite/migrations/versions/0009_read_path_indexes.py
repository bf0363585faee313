"""read paths: a forum's programme in order from one index, so that any page of it costs the same

The forum page counts the sessions a reader may see and steps over the pages before the one asked
for; with (forum_id, starts_at, id, visibility) both read index entries only, in order, and no session
row. It begins with forum_id, so it serves the foreign key too and the index on forum_id alone goes.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-02 03:00:00

"""
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_forum_session_programme", "forum_session", ["forum_id", "starts_at", "id", "visibility"])
    op.drop_index("ix_forum_session_forum_id", table_name="forum_session")


def downgrade():
    op.create_index("ix_forum_session_forum_id", "forum_session", ["forum_id"])
    op.drop_index("ix_forum_session_programme", table_name="forum_session")
