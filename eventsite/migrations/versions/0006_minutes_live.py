"""minutes: a draft either follows the session's record or holds a restored revision as it was;
accounts: the language each user chose for the interface

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 00:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("live", sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.drop_column("live")
