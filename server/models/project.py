"""民生实事 projects (issue 17): the project, its dated milestones, the unit's progress and
the on-site verifications (验收) that close it or send it back."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.types import BigId, utcnow

WAN = Numeric(14, 2)  # 万元, two decimals as the office's sheets give them


class Project(db.Model):
    """One project of the 民生实事台账, with its current figures."""

    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    batch: Mapped[int] = mapped_column(Integer, default=1)
    category: Mapped[str] = mapped_column(ForeignKey("categories.code"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    leader: Mapped[str | None] = mapped_column(String(60))
    leader_led: Mapped[bool] = mapped_column(Boolean, default=False)
    investment_total_wan: Mapped[Decimal] = mapped_column(WAN, default=Decimal(0))
    investment_done_wan: Mapped[Decimal] = mapped_column(WAN, default=Decimal(0))
    over_budget_reason: Mapped[str | None] = mapped_column(Text)
    start: Mapped[date | None] = mapped_column(Date)
    due: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="planned", index=True)
    percent: Mapped[int] = mapped_column(Integer, default=0)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    township_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))  # escalated from
    progress_photo_count: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    milestones: Mapped[list["Milestone"]] = relationship(
        order_by="Milestone.position", cascade="all, delete-orphan")
    # one project per item: escalating an item twice is refused (already_escalated)
    __table_args__ = (Index("ux_projects_item_id", "item_id", unique=True),)


class Milestone(db.Model):
    """A dated step (节点) of a project; late when past its date and not done (derived)."""

    __tablename__ = "milestones"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    due: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ProjectProgress(db.Model):
    """One progress update (项目进展) from the unit or the office; append-only. It keeps the
    project's figures after it and just before it (`*_before`), so what it added is known
    even for a project's first update (sync/project_figures.py)."""

    __tablename__ = "project_progress"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    percent: Mapped[int] = mapped_column(Integer)
    investment_done_wan: Mapped[Decimal] = mapped_column(WAN)
    percent_before: Mapped[int] = mapped_column(Integer)
    investment_before_wan: Mapped[Decimal] = mapped_column(WAN)
    over_budget_reason: Mapped[str | None] = mapped_column(Text)
    photos: Mapped[list] = mapped_column(JSON, default=list)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    client_id: Mapped[str | None] = mapped_column(String(64), unique=True)


class ProjectVerification(db.Model):
    """One on-site verification (验收) of a project, kept whatever it decided: closed (销号)
    or sent back to in_progress (群众不认可，实事不销号); append-only."""

    __tablename__ = "project_verifications"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(10))
    satisfaction: Mapped[str] = mapped_column(String(20))
    closes: Mapped[bool] = mapped_column(Boolean)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    photos: Mapped[list] = mapped_column(JSON, default=list)
    signature: Mapped[str | None] = mapped_column(String(64))
    resident_name: Mapped[str | None] = mapped_column(String(60))
    note: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    override_reason: Mapped[str | None] = mapped_column(Text)  # only when it was used
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    client_at: Mapped[datetime | None] = mapped_column(DateTime)  # the phone's time
    client_id: Mapped[str | None] = mapped_column(String(64), unique=True)  # mutation id
