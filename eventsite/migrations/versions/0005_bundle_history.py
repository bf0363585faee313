"""bundles keep what they were given: each forum's keys and order of people and organisations, and
the names of approvers and authors who have no account here

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 12:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: (table, prefix): each gets <prefix>_name and <prefix>_email, the account as a bundle named it
ACCOUNT_TEXT = [
    ("minutes", "approved_by"),
    ("minutes_revision", "created_by"),
    ("correction_request", "author"),
    ("correction_request", "decided_by"),
    ("press_release", "approved_by"),
    ("press_release_revision", "created_by"),
]


def upgrade():
    op.create_table(
        "directory_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("(person_id IS NULL) <> (organisation_id IS NULL)",
                           name=op.f("ck_directory_entry_person_or_organisation")),
        sa.ForeignKeyConstraint(["forum_id"], ["forum.id"], name=op.f("fk_directory_entry_forum_id_forum"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_directory_entry_organisation_id_organisation"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_directory_entry_person_id_person"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_entry")),
        sa.UniqueConstraint("forum_id", "key", name="uq_directory_entry_forum_key"),
        sa.UniqueConstraint("forum_id", "organisation_id", name="uq_directory_entry_forum_organisation"),
        sa.UniqueConstraint("forum_id", "person_id", name="uq_directory_entry_forum_person"),
    )
    with op.batch_alter_table("directory_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directory_entry_forum_id"), ["forum_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_directory_entry_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_directory_entry_person_id"), ["person_id"], unique=False)
    for table, prefix in ACCOUNT_TEXT:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(f"{prefix}_name", sa.String(length=200), nullable=True))
            batch_op.add_column(sa.Column(f"{prefix}_email", sa.String(length=200), nullable=True))


def downgrade():
    for table, prefix in reversed(ACCOUNT_TEXT):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(f"{prefix}_email")
            batch_op.drop_column(f"{prefix}_name")
    with op.batch_alter_table("directory_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_entry_person_id"))
        batch_op.drop_index(batch_op.f("ix_directory_entry_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_directory_entry_forum_id"))
    op.drop_table("directory_entry")
