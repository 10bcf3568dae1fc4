"""民生实事 projects (issue 17): projects, their milestones and progress updates.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    wan = sa.Numeric(14, 2)
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(40), sa.ForeignKey("categories.code"), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("leader", sa.String(60), nullable=True),
        sa.Column("leader_led", sa.Boolean(), nullable=False),
        sa.Column("investment_total_wan", wan, nullable=False),
        sa.Column("investment_done_wan", wan, nullable=False),
        sa.Column("over_budget_reason", sa.Text(), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("area_id", sa.Integer(), sa.ForeignKey("areas.id"), nullable=True),
        sa.Column("township_id", sa.Integer(), sa.ForeignKey("areas.id"), nullable=True),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("item_id", big, sa.ForeignKey("items.id"), nullable=True),
        sa.Column("progress_photo_count", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_projects_unit_id", "projects", ["unit_id"])
    op.create_index("ix_projects_status", "projects", ["status"])
    op.create_index("ix_projects_township_id", "projects", ["township_id"])
    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index("ix_milestones_project_id", "milestones", ["project_id"])
    op.create_table(
        "project_progress",
        sa.Column("id", big, primary_key=True, autoincrement=True),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("investment_done_wan", wan, nullable=False),
        sa.Column("over_budget_reason", sa.Text(), nullable=True),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("accuracy_m", sa.Float(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=True, unique=True),
    )
    op.create_index("ix_project_progress_project_id", "project_progress", ["project_id"])


def downgrade() -> None:
    op.drop_table("project_progress")
    op.drop_table("milestones")
    op.drop_table("projects")
