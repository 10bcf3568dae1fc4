"""Index events by action and time: bulletins count transitions in a period.

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_action_at", "events", ["action", "at"])


def downgrade() -> None:
    op.drop_index("ix_events_action_at", "events")
