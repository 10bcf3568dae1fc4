"""Photos a recorded report still waits for (text first, photos after; issue 18).

A report whose photos are not on the server yet is recorded at once; each missing photo
is a row here until it arrives and is attached.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "photos_pending",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("report_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("photo_sha", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("report_id", "photo_sha", name="uq_photos_pending"),
    )
    op.create_index("ix_photos_pending_report_id", "photos_pending", ["report_id"])
    op.create_index("ix_photos_pending_photo_sha", "photos_pending", ["photo_sha"])


def downgrade() -> None:
    op.drop_index("ix_photos_pending_photo_sha", "photos_pending")
    op.drop_index("ix_photos_pending_report_id", "photos_pending")
    op.drop_table("photos_pending")
