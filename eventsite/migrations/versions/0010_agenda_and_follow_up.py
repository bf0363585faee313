"""agenda items of a session, the points made under them; an action owner's progress note;
an organisation's contact person, who answers for its action items

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-02 03:00:00

"""
import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "agenda_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("presenter_id", sa.Integer(), nullable=True),
        sa.Column("presenter_name", sa.String(length=200), nullable=False),
        sa.Column("planned_minutes", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("planned_minutes IS NULL OR planned_minutes > 0",
                           name=op.f("ck_agenda_item_planned_positive")),
        sa.ForeignKeyConstraint(["presenter_id"], ["participation.id"],
                                name=op.f("fk_agenda_item_presenter_id_participation"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["session_id"], ["forum_session.id"],
                                name=op.f("fk_agenda_item_session_id_forum_session"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_item_presenter_id"), ["presenter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agenda_item_session_id"), ["session_id"], unique=False)

    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        # SQLite rebuilds the table to add a named foreign key, which drops the search index's
        # triggers on it and breaks its view: take them down first and make them again after
        _search_index()._sqlite_drop("fts_point")
    with op.batch_alter_table("discussion_point", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agenda_item_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("progress_note", sa.Text(), server_default="", nullable=False))
        batch_op.create_index(batch_op.f("ix_discussion_point_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_discussion_point_agenda_item_id_agenda_item"), "agenda_item",
                                    ["agenda_item_id"], ["id"], ondelete="SET NULL")
    if sqlite:
        _search_index()._sqlite_upgrade("fts_point", "discussion_point", ("title", "body"))
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_person_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_organisation_contact_person_id"), ["contact_person_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_organisation_contact_person_id_person"), "person",
                                    ["contact_person_id"], ["id"], ondelete="SET NULL")


def _search_index():
    """The migration that made the search index as it stands (0007), for its SQLite triggers."""
    path = next(Path(__file__).parent.glob("0007_*.py"))
    spec = importlib.util.spec_from_file_location("eventsite_migration_0007", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_organisation_contact_person_id_person"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_organisation_contact_person_id"))
        batch_op.drop_column("contact_person_id")
    if sqlite:
        _search_index()._sqlite_drop("fts_point")
    with op.batch_alter_table("discussion_point", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_discussion_point_agenda_item_id_agenda_item"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_discussion_point_agenda_item_id"))
        batch_op.drop_column("progress_note")
        batch_op.drop_column("agenda_item_id")
    if sqlite:
        _search_index()._sqlite_upgrade("fts_point", "discussion_point", ("title", "body"))
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_item_session_id"))
        batch_op.drop_index(batch_op.f("ix_agenda_item_presenter_id"))
    op.drop_table("agenda_item")
