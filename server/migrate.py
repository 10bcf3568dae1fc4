"""Run the Alembic migrations that ship inside the package."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from server.extensions import db

SCRIPTS = Path(__file__).parent / "migrations"


def alembic_config(connection=None) -> Config:
    """An Alembic config pointing at the packaged scripts (and a live connection)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(revision: str = "head") -> None:
    """Create or upgrade the schema of the app's database, keeping its data."""
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
