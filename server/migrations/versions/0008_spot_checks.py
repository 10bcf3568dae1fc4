"""周抽查 (issue 15): the weekly draws of closed items and their re-checks.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "spot_checks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("week", sa.String(8), nullable=False),
        sa.Column("scope_key", sa.String(24), nullable=False),
        sa.Column("township_id", sa.Integer(), sa.ForeignKey("areas.id"), nullable=True),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("population", sa.JSON(), nullable=False),
        sa.Column("drawn_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("drawn_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("week", "scope_key", name="uq_spot_checks_week_scope"),
    )
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "spot_check_entries",
        sa.Column("id", big, primary_key=True, autoincrement=True),
        sa.Column("spot_check_id", sa.Integer(), sa.ForeignKey("spot_checks.id"),
                  nullable=False),
        sa.Column("item_id", big, sa.ForeignKey("items.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("supervisor_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("closed_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("result", sa.String(4), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.Column("rechecked_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("rechecked_at", sa.DateTime(), nullable=True),
        sa.Column("event_seq", sa.BigInteger(), nullable=True),
    )
    op.create_index("ix_spot_check_entries_spot_check_id", "spot_check_entries",
                    ["spot_check_id"])
    op.create_index("ix_spot_check_entries_item_id", "spot_check_entries", ["item_id"])


def downgrade() -> None:
    op.drop_table("spot_check_entries")
    op.drop_table("spot_checks")
