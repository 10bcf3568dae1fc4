"""Publication (公开): the office's choices about an item's public page, and 群众评议.

The public text itself is derived (sync.redact over the description, or over the office's
edit), so a better redaction rule reaches every item not edited by hand.
"""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.types import BigId, utcnow


class Publication(db.Model):
    """What the office decided about one item's publication: an edited public text (None:
    the redacted description) and whether it is withheld (不公开), with the reason."""

    __tablename__ = "publications"
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), primary_key=True,
                                         autoincrement=False)
    text: Mapped[str | None] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Feedback(db.Model):
    """One resident's rating of an item's progress (群众评议), given without logging in.

    `address` is a keyed hash of the sender's address, kept only to limit the rate: the
    address itself is personal data and is never stored."""

    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    target: Mapped[str] = mapped_column(String(10), default="item")
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    project_id: Mapped[int | None] = mapped_column(Integer)
    rating: Mapped[str] = mapped_column(String(12))
    text: Mapped[str | None] = mapped_column(Text)
    item_status: Mapped[str | None] = mapped_column(String(20))  # the item's, when given
    address: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (Index("ix_feedback_item_created", "item_id", "created_at"),
                      Index("ix_feedback_address_created", "address", "created_at"),
                      Index("ix_feedback_project_created", "project_id", "created_at"))
