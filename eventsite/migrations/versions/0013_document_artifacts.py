"""document artifacts: the PDF of each approved or published revision, kept in the database

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 02:50:00

"""
import sqlalchemy as sa
from alembic import op

from eventsite.models.base import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "document_artifact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minutes_revision_id", sa.Integer(), nullable=True),
        sa.Column("press_release_revision_id", sa.Integer(), nullable=True),
        sa.Column("variant", sa.String(length=32), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("(minutes_revision_id IS NULL) <> (press_release_revision_id IS NULL)",
                           name=op.f("ck_document_artifact_one_revision")),
        sa.ForeignKeyConstraint(["minutes_revision_id"], ["minutes_revision.id"],
                                name=op.f("fk_document_artifact_minutes_revision_id_minutes_revision"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["press_release_revision_id"], ["press_release_revision.id"],
                                name=op.f("fk_document_artifact_press_release_revision_id_press_release_revision"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_artifact")),
        sa.UniqueConstraint("minutes_revision_id", "variant", name="uq_document_artifact_minutes_revision"),
        sa.UniqueConstraint("press_release_revision_id", "variant", name="uq_document_artifact_press_revision"),
    )


def downgrade():
    op.drop_table("document_artifact")
