"""Column helpers shared by the models."""

from sqlalchemy import BigInteger, Integer

from server.clock import utcnow

# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")

__all__ = ["BigId", "utcnow"]
