"""key dates: an optional part of the month ("end of July 2016") on month-precision dates

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 23:55:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("key_date", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "qualifier",
            sa.Enum("early", "mid", "end", name="month_part", native_enum=False, create_constraint=True, length=32),
            nullable=True,
        ))


def downgrade():
    with op.batch_alter_table("key_date", schema=None) as batch_op:
        batch_op.drop_column("qualifier")
