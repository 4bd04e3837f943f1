from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Webshop(Base):
    """A client's shop linked to the platform: where to ask for its orders, and with what."""

    __tablename__ = "webshops"
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (Index("ix_webshops_customer", "customer_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    platform: Mapped[str] = mapped_column(String(20))  # webshop_gateway.platforms.PLATFORMS
    name: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(500))
    # Fernet token of the credentials JSON (webshop_gateway.credentials); None once unlinked.
    credentials: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    removed_by: Mapped[str | None] = mapped_column(String(200))
