"""民生实事 projects (issue 17): their on-site verifications, and one project per item.

A verification is a row of its own, not columns on the project: a project may be verified
more than once (不满意 sends it back to in_progress, and it is verified again later), and
each verification is evidence to keep whole (who, where, how far, photos, the residents'
satisfaction, an office override and its reason), as an item keeps its in its events.

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "project_verifications",
        sa.Column("id", big, primary_key=True, autoincrement=True),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("satisfaction", sa.String(20), nullable=False),
        sa.Column("closes", sa.Boolean(), nullable=False),
        sa.Column("from_status", sa.String(20), nullable=False),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column("signature", sa.String(64), nullable=True),
        sa.Column("resident_name", sa.String(60), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("accuracy_m", sa.Float(), nullable=True),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("client_at", sa.DateTime(), nullable=True),
        sa.Column("client_id", sa.String(64), nullable=True, unique=True),
    )
    op.create_index("ix_project_verifications_project_id", "project_verifications",
                    ["project_id"])
    # An item escalates into one project at most (the rule refuses a second one first).
    op.create_index("ux_projects_item_id", "projects", ["item_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_projects_item_id", table_name="projects")
    op.drop_table("project_verifications")
