"""Merge index: grid cell and recurrence link on items, suggested duplicates.

Existing items get their cell computed from their position, so an upgraded
ledger takes part in duplicate detection at once.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

from sync.geo_index import cell_key

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("cell", sa.String(length=24), nullable=True))
        batch.add_column(sa.Column("recurrence_of_id", sa.BigInteger().with_variant(
            sa.Integer(), "sqlite"), nullable=True))
        batch.create_foreign_key("fk_items_recurrence_of_id_items", "items",
                                 ["recurrence_of_id"], ["id"])
        batch.create_index("ix_items_cell_status", ["cell", "status"])
    op.create_table(
        "suggestions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  autoincrement=True, nullable=False),
        sa.Column("item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  nullable=False),
        sa.Column("other_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"],
                                name=op.f("fk_suggestions_item_id_items")),
        sa.ForeignKeyConstraint(["other_id"], ["items.id"],
                                name=op.f("fk_suggestions_other_id_items")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestions")),
    )
    op.create_index("ix_suggestions_item", "suggestions", ["item_id"])
    op.create_index("ix_suggestions_other", "suggestions", ["other_id"])
    _backfill_cells()


def _backfill_cells() -> None:
    conn = op.get_bind()
    items = sa.table("items", sa.column("id"), sa.column("lat"), sa.column("lon"),
                     sa.column("cell"))
    rows = conn.execute(sa.select(items.c.id, items.c.lat, items.c.lon)
                        .where(items.c.lat.is_not(None), items.c.lon.is_not(None))).all()
    for item_id, lat, lon in rows:
        conn.execute(items.update().where(items.c.id == item_id)
                     .values(cell=cell_key(lat, lon)))


def downgrade() -> None:
    op.drop_table("suggestions")
    with op.batch_alter_table("items") as batch:
        batch.drop_index("ix_items_cell_status")
        batch.drop_constraint("fk_items_recurrence_of_id_items", type_="foreignkey")
        batch.drop_column("recurrence_of_id")
        batch.drop_column("cell")
