"""Suggested duplicates: pairs the merge decision found close but not certain."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, true
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.types import BigId, utcnow


class Suggestion(db.Model):
    """Item `item_id` may be the same problem as `other_id`; the office decides.

    likely is False for a near item the decision judged another problem (same object,
    another defect; another building or gate): shown beside the item as "not a duplicate",
    never in the suggested-duplicates queue.
    """

    __tablename__ = "suggestions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    other_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    score: Mapped[float] = mapped_column(Float)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    likely: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (Index("ix_suggestions_item", "item_id"),
                      Index("ix_suggestions_other", "other_id"))
