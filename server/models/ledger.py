"""The rectification ledger: items, the reports that feed them, visits, attachments."""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.types import BigId, utcnow


class Item(db.Model):
    """One problem in the ledger (整改台账条目), with its current state."""

    __tablename__ = "items"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    status: Mapped[str] = mapped_column(String(20), default="new")
    category: Mapped[str] = mapped_column(ForeignKey("categories.code"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    township_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    description: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(10), default="normal")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    deadline: Mapped[date | None] = mapped_column(Date)
    plan: Mapped[str | None] = mapped_column(Text)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    leader_led: Mapped[bool] = mapped_column(Boolean, default=False)
    leader_name: Mapped[str | None] = mapped_column(String(60))
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    return_count: Mapped[int] = mapped_column(Integer, default=0)
    after_photo_count: Mapped[int] = mapped_column(Integer, default=0)
    satisfaction: Mapped[str | None] = mapped_column(String(20))
    reject_reason: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    cell: Mapped[str | None] = mapped_column(String(24))
    recurrence_of_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime)
    rectified_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    change_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    reports: Mapped[list["Report"]] = relationship(
        back_populates="item", order_by="Report.id", foreign_keys="Report.item_id")
    __table_args__ = (
        Index("ix_items_status_deadline", "status", "deadline"),
        Index("ix_items_category", "category"),
        Index("ix_items_unit_status", "unit_id", "status"),
        Index("ix_items_area", "area_id"),
        Index("ix_items_township", "township_id"),
        Index("ix_items_change_seq", "change_seq"),
        Index("ix_items_created_at", "created_at"),
        Index("ix_items_reporter", "reporter_id"),
        Index("ix_items_cell_status", "cell", "status"),
    )


class Visit(db.Model):
    """One on-site check-in (现场签到) of a cadre at an area."""

    __tablename__ = "visits"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    distance_m: Mapped[float | None] = mapped_column(Float)
    outside_area: Mapped[bool] = mapped_column(Boolean, default=False)
    at: Mapped[datetime] = mapped_column(DateTime)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    client_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    # 丈量 duty (issue 15): the local day of the phone time, whether the area was the
    # cadre's own (分包区域) then, whether it counts as out (own area, inside the radius
    # widened by the fix: sync.duty.counts_as_out), and whether it arrived long after
    # its phone time (CHECKIN_MAX_AGE_DAYS). Stored as judged on arrival.
    day: Mapped[date | None] = mapped_column(Date)
    assigned: Mapped[bool] = mapped_column(Boolean, default=True)
    counts: Mapped[bool] = mapped_column(Boolean, default=False)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (Index("ix_visits_day_user", "day", "user_id"),
                      Index("ix_visits_area_day", "area_id", "day"))


class Report(db.Model):
    """One problem as one cadre recorded it (问题上报); many can feed one item."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
    category: Mapped[str] = mapped_column(ForeignKey("categories.code"))
    description: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(10), default="normal")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    captured_at: Mapped[datetime] = mapped_column(DateTime)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    client_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    item: Mapped[Item] = relationship(back_populates="reports", foreign_keys=[item_id])


class Attachment(db.Model):
    """A photo used as evidence on an item: before, after, verify or signature."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    photo_sha: Mapped[str] = mapped_column(ForeignKey("photos.sha256"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    event_seq: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
