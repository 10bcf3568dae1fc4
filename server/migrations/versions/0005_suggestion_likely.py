"""Suggestions say whether the merge decision thinks the pair likely one problem.

Merge v2 (issue 14) also records near items it judged another problem (same object, other
defect), so the office sees them marked "not a duplicate"; the queue shows likely ones.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("suggestions") as batch:
        batch.add_column(sa.Column("likely", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))
    # v1 stored near items whose own reasons said the topics or numbers differ: not likely.
    op.execute(sa.text(
        "UPDATE suggestions SET likely = false WHERE CAST(details AS TEXT) LIKE '%topic_conflict%'"
        " OR CAST(details AS TEXT) LIKE '%number_conflict%'"))


def downgrade() -> None:
    with op.batch_alter_table("suggestions") as batch:
        batch.drop_column("likely")
