"""群众评议 of projects (issue 17) are listed per project, newest first, like those of an
item: an index on (project_id, created_at), as ix_feedback_item_created serves items.

Revision ID: 0013
Revises: 0012
"""
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_feedback_project_created", "feedback", ["project_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_feedback_project_created", table_name="feedback")
