"""周抽查: a week's recorded draw of closed items and each item's re-check on site."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.types import BigId, utcnow


class SpotCheck(db.Model):
    """One draw: the week, the scope it was drawn in, the seed and the population drawn
    from (item ids in id order), so the sample can be drawn again and compared."""

    __tablename__ = "spot_checks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[str] = mapped_column(String(8))
    scope_key: Mapped[str] = mapped_column(String(24))  # "all" or "township:<id>"
    township_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    seed: Mapped[int] = mapped_column(BigInteger)
    size: Mapped[int] = mapped_column(Integer)
    population: Mapped[list] = mapped_column(JSON, default=list)
    drawn_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    drawn_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("week", "scope_key", name="uq_spot_checks_week_scope"),)


class SpotCheckEntry(db.Model):
    """One sampled item, the supervisor it was given to, and the re-check once made."""

    __tablename__ = "spot_check_entries"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    spot_check_id: Mapped[int] = mapped_column(ForeignKey("spot_checks.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # order drawn
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # the closing re-checked, kept as drawn: a failed re-check clears the item's
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    result: Mapped[str | None] = mapped_column(String(4))  # None (pending), pass, fail
    note: Mapped[str | None] = mapped_column(Text)
    distance_m: Mapped[float | None] = mapped_column(Float)
    rechecked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rechecked_at: Mapped[datetime | None] = mapped_column(DateTime)
    event_seq: Mapped[int | None] = mapped_column(BigInteger)
