"""the organisers' home: each of its lists read from an index made for it, in the order it shows

The home lists open correction requests, sessions that have ended without approved minutes, and
overdue actions, across the forums the user organises. Each was found by walking every session of
those forums, and with its points, every point: at 10,000 sessions and 200,000 points the page took
200 ms on SQLite and 480 ms on PostgreSQL, however short the lists. Now:

- correction requests by status, oldest first (`ix_correction_request_status`);
- actions by due date (`ix_discussion_point_due`: kind, due_on, id, then what the list filters by, so
  that its count reads the index alone);
- `forum_session.minutes_approved`, true while the session's minutes are approved or published, and
  an index on it and `ends_at` (`ix_forum_session_minutes_due`), which holds the sessions still
  needing minutes in the order the list shows them. Triggers on `minutes` set it whenever a session's
  minutes are added, change status or go, so every way of writing them (the workflow, an import's
  bulk inserts, raw SQL) keeps it true, as the search index's triggers keep the index (0007); the
  rows already there are set here.

(The count of each list stops at 1,000: eventsite/paging.py.)

And the newsroom's released press releases by status (`ix_press_release_status`): it found them from
every session of every forum (at 10,000 sessions and no release, 8.7 ms on SQLite against 3.3 ms).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 02:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

#: true for a session whose minutes row has this status (the DocumentStatus values but "draft")
APPROVED = "status <> 'draft'"


def upgrade():
    # ADD COLUMN, not a table rebuild: the search index's triggers on SQLite would not survive one
    op.add_column("forum_session", sa.Column("minutes_approved", sa.Boolean(), server_default=sa.false(),
                                             nullable=False))
    op.execute("UPDATE forum_session SET minutes_approved = EXISTS (SELECT 1 FROM minutes "
               f"WHERE minutes.session_id = forum_session.id AND minutes.{APPROVED})")
    op.create_index("ix_forum_session_minutes_due", "forum_session", ["minutes_approved", "ends_at", "id"])
    op.create_index("ix_correction_request_status", "correction_request", ["status", "created_at", "id"])
    op.create_index("ix_press_release_status", "press_release", ["status", "embargo_until"])
    op.create_index("ix_discussion_point_due", "discussion_point",
                    ["kind", "due_on", "id", "status", "deleted_at", "session_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION minutes_approved_sync() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN
                    UPDATE forum_session SET minutes_approved = false WHERE id = OLD.session_id;
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    UPDATE forum_session SET minutes_approved = (NEW.{APPROVED}) WHERE id = NEW.session_id;
                END IF;
                RETURN NULL;
            END $$""")
        op.execute("CREATE TRIGGER minutes_approved_sync AFTER INSERT OR DELETE OR UPDATE OF status, session_id "
                   "ON minutes FOR EACH ROW EXECUTE FUNCTION minutes_approved_sync()")
        return
    op.execute("CREATE TRIGGER minutes_approved_after_insert AFTER INSERT ON minutes BEGIN "
               f"UPDATE forum_session SET minutes_approved = (new.{APPROVED}) WHERE id = new.session_id; END")
    op.execute("CREATE TRIGGER minutes_approved_after_update AFTER UPDATE OF status, session_id ON minutes BEGIN "
               "UPDATE forum_session SET minutes_approved = 0 WHERE id = old.session_id; "
               f"UPDATE forum_session SET minutes_approved = (new.{APPROVED}) WHERE id = new.session_id; END")
    op.execute("CREATE TRIGGER minutes_approved_after_delete AFTER DELETE ON minutes BEGIN "
               "UPDATE forum_session SET minutes_approved = 0 WHERE id = old.session_id; END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER minutes_approved_sync ON minutes")
        op.execute("DROP FUNCTION minutes_approved_sync()")
    else:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER minutes_approved_after_{event}")
    op.drop_index("ix_discussion_point_due", table_name="discussion_point")
    op.drop_index("ix_press_release_status", table_name="press_release")
    op.drop_index("ix_correction_request_status", table_name="correction_request")
    op.drop_index("ix_forum_session_minutes_due", table_name="forum_session")
    # ALTER TABLE … DROP COLUMN (SQLite 3.35 and later), for the same reason
    op.drop_column("forum_session", "minutes_approved")
