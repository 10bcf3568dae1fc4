"""The `zhangliang` command: init, demo, serve, user create, audit verify."""

import os
import sys

import click
from flask import current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext

from server.extensions import db

user_group = AppGroup("user", help="Manage users.")
audit_group = AppGroup("audit", help="Check the hash-chained history.")


@click.command("init")
@with_appcontext
def init_cmd():
    """Create or upgrade the database (keeps existing data)."""
    from server.migrate import upgrade

    upgrade()
    click.echo(f"database ready: {current_app.config['DATABASE_URL']}")


@click.command("demo")
@with_appcontext
@click.option("--password", default="zhangliang", show_default=True,
              help="Password of every demo user.")
def demo_cmd(password):
    """Fill the database with a demo organisation of 新郑市."""
    from server.demo import build
    from server.migrate import upgrade

    upgrade()
    logins = build.run(password)
    db.session.commit()
    click.echo(f"demo ready; logins (password: {password}):")
    for username, name, roles in logins:
        click.echo(f"  {username:<14} {name:<6} {', '.join(roles)}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2 * (os.cpu_count() or 1), show_default="2 per CPU",
              type=int, help="Worker processes (Python runs one thread at a time in each).")
@click.option("--threads", default=2, show_default=True, type=int,
              help="Threads per worker, so a slow phone's upload does not hold a worker.")
@click.option("--certfile", default=None, help="TLS certificate (PEM) for HTTPS.")
@click.option("--keyfile", default=None, help="TLS private key (PEM) for HTTPS.")
def serve_cmd(host, port, workers, threads, certfile, keyfile):
    """Run the production WSGI server (gunicorn)."""
    from server.wsgi_server import run

    run(host, port, workers, threads, certfile, keyfile)


@user_group.command("create")
@click.argument("username")
@click.option("--password", required=True)
@click.option("--role", "roles", multiple=True, required=True,
              type=click.Choice(["cadre", "handler", "supervisor", "office", "admin"]))
@click.option("--name", default=None, help="Display name (defaults to the username).")
@click.option("--unit", "unit_id", type=int, default=None)
@click.option("--area", "area_ids", type=int, multiple=True)
def user_create_cmd(username, password, roles, name, unit_id, area_ids):
    """Create a user with roles, a unit and assigned areas."""
    from server.services.users import create_user
    from sync.errors import DomainError

    try:
        user = create_user(username, password, list(roles), name, unit_id, list(area_ids))
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(f"{exc.code}: {exc.message}") from exc
    click.echo(f"created user {user.username} (id {user.id})")


@audit_group.command("verify")
def audit_verify_cmd():
    """Walk the event chain; exit 1 naming the first bad event."""
    from server.services.audit import verify_chain

    problem = verify_chain()
    if problem is not None:
        click.echo(f"chain broken at event {problem.seq}: {problem.reason}", err=True)
        sys.exit(1)
    click.echo("event chain intact")


def register(app) -> None:
    """Attach the commands to the app's CLI."""
    for cmd in (init_cmd, demo_cmd, serve_cmd, user_group, audit_group):
        app.cli.add_command(cmd)


def _make_app():
    """App factory for the console script."""
    from server import create_app

    return create_app()


def main() -> None:
    """Entry point of the `zhangliang` console script."""
    FlaskGroup(create_app=_make_app, add_default_commands=False, add_version_option=False,
               load_dotenv=False, help="丈量 command line.")(prog_name="zhangliang")
