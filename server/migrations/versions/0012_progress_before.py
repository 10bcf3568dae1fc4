"""民生实事 projects (issue 17): each progress update keeps the project's figures just
before it (`percent_before`, `investment_before_wan`), so the 月度进展 counts what a
project's first update adds to the figures it was entered or imported with, and shows a
month before that first update with the entry figures rather than the update's.

Existing rows: the figures before an update are those of the previous update of the same
project (in the order stored, by id) where there is one. For a project's first update
the figures it was entered with were never kept, so its own figures are taken (it adds
nothing, as the report counted it until now): the entry figure of old rows is not known.

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_PREVIOUS = ("(SELECT p.{col} FROM project_progress p WHERE p.project_id = "
             "project_progress.project_id AND p.id < project_progress.id "
             "ORDER BY p.id DESC LIMIT 1)")


def upgrade() -> None:
    wan = sa.Numeric(14, 2)
    with op.batch_alter_table("project_progress") as batch:
        batch.add_column(sa.Column("percent_before", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("investment_before_wan", wan, nullable=True))
    op.execute(sa.text(
        "UPDATE project_progress SET "
        f"percent_before = COALESCE({_PREVIOUS.format(col='percent')}, percent), "
        "investment_before_wan = COALESCE("
        f"{_PREVIOUS.format(col='investment_done_wan')}, investment_done_wan)"))
    with op.batch_alter_table("project_progress") as batch:
        batch.alter_column("percent_before", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("investment_before_wan", existing_type=wan, nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("project_progress") as batch:
        batch.drop_column("investment_before_wan")
        batch.drop_column("percent_before")
