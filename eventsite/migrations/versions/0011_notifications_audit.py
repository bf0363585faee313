"""notifications: who wants mail, the reminders sent each day; the audit screen: where each entry
belongs (forum, session, person) with indexes for its filters, and who organises which forum

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-02 03:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

#: tables whose rows carry their session directly
_SESSION_CHILDREN = ("discussion_point", "participation", "participant_group", "minutes", "press_release")


def upgrade():
    # plain ALTER TABLE ADD COLUMN, which SQLite has: a batch would copy the table, and dropping the old
    # copy with foreign keys on would set every reference to an account (audit entries, approvals) to NULL
    op.add_column("user_account", sa.Column("notifications", sa.Boolean(), server_default=sa.true(), nullable=False))

    op.create_table(
        "reminder_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["point_id"], ["discussion_point.id"],
                                name=op.f("fk_reminder_sent_point_id_discussion_point"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_reminder_sent_user_id_user_account"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_sent")),
        sa.UniqueConstraint("point_id", "user_id", "sent_on", name=op.f("uq_reminder_sent_point_id_user_id_sent_on")),
    )
    with op.batch_alter_table("reminder_sent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_sent_point_id"), ["point_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reminder_sent_user_id"), ["user_id"], unique=False)

    op.create_table(
        "forum_organiser",
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["forum_id"], ["forum.id"], name=op.f("fk_forum_organiser_forum_id_forum"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_forum_organiser_user_id_user_account"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("forum_id", "user_id", name=op.f("pk_forum_organiser")),
    )
    with op.batch_alter_table("forum_organiser", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forum_organiser_user_id"), ["user_id"], unique=False)

    for column in ("forum_id", "session_id", "person_id"):
        op.add_column("audit_entry", sa.Column(column, sa.Integer(), nullable=True))
    op.drop_index("ix_audit_entry_user_id", table_name="audit_entry")
    op.create_index("ix_audit_entry_forum_at", "audit_entry", ["forum_id", "at"], unique=False)
    op.create_index("ix_audit_entry_session_at", "audit_entry", ["session_id", "at"], unique=False)
    op.create_index("ix_audit_entry_person_at", "audit_entry", ["person_id", "at"], unique=False)
    op.create_index("ix_audit_entry_user_at", "audit_entry", ["user_id", "at"], unique=False)

    # the entries written before: where their rows belong, as far as the rows still exist
    execute = op.execute
    execute("UPDATE audit_entry SET forum_id = entity_id WHERE entity = 'forum'")
    execute("UPDATE audit_entry SET session_id = entity_id WHERE entity = 'forum_session'")
    for table in _SESSION_CHILDREN:
        execute(f"UPDATE audit_entry SET session_id = (SELECT t.session_id FROM {table} t "
                f"WHERE t.id = audit_entry.entity_id) WHERE entity = '{table}'")
    execute("UPDATE audit_entry SET session_id = (SELECT p.session_id FROM key_date k JOIN discussion_point p "
            "ON p.id = k.point_id WHERE k.id = audit_entry.entity_id) WHERE entity = 'key_date'")
    execute("UPDATE audit_entry SET session_id = (SELECT m.session_id FROM correction_request c JOIN minutes m "
            "ON m.id = c.minutes_id WHERE c.id = audit_entry.entity_id) WHERE entity = 'correction_request'")
    execute("UPDATE audit_entry SET forum_id = (SELECT s.forum_id FROM forum_session s "
            "WHERE s.id = audit_entry.session_id) WHERE session_id IS NOT NULL")
    execute("UPDATE audit_entry SET person_id = entity_id WHERE entity = 'person'")
    execute("UPDATE audit_entry SET person_id = (SELECT p.person_id FROM participation p "
            "WHERE p.id = audit_entry.entity_id) WHERE entity = 'participation'")
    # an organiser who created a forum organises it, as create_forum does from now on
    execute("INSERT INTO forum_organiser (forum_id, user_id) SELECT DISTINCT a.entity_id, a.user_id FROM audit_entry a "
            "JOIN user_account u ON u.id = a.user_id JOIN forum f ON f.id = a.entity_id "
            "WHERE a.entity = 'forum' AND a.action = 'create' AND u.role = 'organiser'")


def downgrade():
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_user_at")
        batch_op.drop_index("ix_audit_entry_person_at")
        batch_op.drop_index("ix_audit_entry_session_at")
        batch_op.drop_index("ix_audit_entry_forum_at")
        batch_op.create_index("ix_audit_entry_user_id", ["user_id"], unique=False)
        batch_op.drop_column("person_id")
        batch_op.drop_column("session_id")
        batch_op.drop_column("forum_id")
    op.drop_table("forum_organiser")
    op.drop_table("reminder_sent")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("notifications")
