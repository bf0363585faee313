"""the lifecycle of records: forums, sessions, people and organisations go to a trash (deleted_at, deleted_by)
before they are purged; a forum can be archived; attachments of sessions and points, their bytes apart

Revision ID: 0012
Revises: 0007
Create Date: 2026-12-02 03:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TRASHABLE = ("forum", "forum_session", "person", "organisation")


def upgrade():
    # plain added columns: SQLite adds them in place, where batch mode would rebuild person and
    # forum_session, which the search index's views and triggers do not survive
    for table in TRASHABLE:
        op.add_column(table, sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        op.add_column(table, sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        op.create_index(f"ix_{table}_deleted_at", table, ["deleted_at"], unique=False)
    op.add_column("forum", sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
    # the programme's index (0009) holds deleted_at too, so a forum page still reads index entries only
    op.drop_index("ix_forum_session_programme", table_name="forum_session")
    op.create_index("ix_forum_session_programme", "forum_session",
                    ["forum_id", "deleted_at", "starts_at", "id", "visibility"])

    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["point_id"], ["discussion_point.id"],
                                name=op.f("fk_attachment_point_id_discussion_point"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["forum_session.id"],
                                name=op.f("fk_attachment_session_id_forum_session"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_point_id"), ["point_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachment_session_id"), ["session_id"], unique=False)
    op.create_table(
        "attachment_content",
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachment.id"],
                                name=op.f("fk_attachment_content_attachment_id_attachment"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("attachment_id", name=op.f("pk_attachment_content")),
    )


def downgrade():
    op.drop_table("attachment_content")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_session_id"))
        batch_op.drop_index(batch_op.f("ix_attachment_point_id"))
    op.drop_table("attachment")
    op.drop_column("forum", "archived_at")
    op.drop_index("ix_forum_session_programme", table_name="forum_session")
    op.create_index("ix_forum_session_programme", "forum_session", ["forum_id", "starts_at", "id", "visibility"])
    for table in TRASHABLE:
        op.drop_index(f"ix_{table}_deleted_at", table_name=table)
        op.drop_column(table, "deleted_by_id")
        op.drop_column(table, "deleted_at")
