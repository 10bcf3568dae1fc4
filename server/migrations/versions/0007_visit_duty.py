"""Check-ins judged for 丈量 duty (issue 15): local day, own area, counts as out, late.

Existing rows: the day is the local (Asia/Shanghai, the deployment default) date of the
phone time; a check-in counts when it was not outside its area (the old rule had no
accuracy margin and no assignment check, so older rows are taken as they were shown).

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("visits") as batch:
        batch.add_column(sa.Column("day", sa.Date(), nullable=True))
        batch.add_column(sa.Column("assigned", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))
        batch.add_column(sa.Column("counts", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("late", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE visits SET day = CAST(at + INTERVAL '8 hours' AS DATE)")
    else:
        op.execute("UPDATE visits SET day = date(at, '+8 hours')")
    op.execute(sa.text("UPDATE visits SET counts = NOT outside_area"))
    op.create_index("ix_visits_day_user", "visits", ["day", "user_id"])
    op.create_index("ix_visits_area_day", "visits", ["area_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_visits_area_day", "visits")
    op.drop_index("ix_visits_day_user", "visits")
    with op.batch_alter_table("visits") as batch:
        for name in ("late", "counts", "assigned", "day"):
            batch.drop_column(name)
