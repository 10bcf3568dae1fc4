"""Alembic environment: runs on the connection the app hands over."""

from alembic import context

import server.models  # noqa: F401  (registers the tables)
from server.extensions import db

config = context.config


def run() -> None:
    """Run migrations online on the given connection."""
    connection = config.attributes["connection"]
    context.configure(connection=connection, target_metadata=db.metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run()
