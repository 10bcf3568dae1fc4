"""Publication (issue 16): the office's choices about an item's public page, and 群众评议.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "publications",
        sa.Column("item_id", big, sa.ForeignKey("items.id"), primary_key=True,
                  autoincrement=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("hidden_reason", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "feedback",
        sa.Column("id", big, primary_key=True, autoincrement=True),
        sa.Column("target", sa.String(10), nullable=False),
        sa.Column("item_id", big, sa.ForeignKey("items.id"), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("rating", sa.String(12), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("item_status", sa.String(20), nullable=True),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_feedback_item_created", "feedback", ["item_id", "created_at"])
    op.create_index("ix_feedback_address_created", "feedback", ["address", "created_at"])


def downgrade() -> None:
    op.drop_table("feedback")
    op.drop_table("publications")
