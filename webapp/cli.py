"""Command line: `flask --app webapp ...` or the installed `gendan` command."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from webapp.auth.models import Role


def init_app(app: Flask) -> None:
    """Register the commands."""

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
    @click.option("--name", "full_name", default=None, help="Full name (default: the username).")
    @click.option("--language", type=click.Choice(["zh_Hans", "en"]), default="zh_Hans")
    @click.option(
        "--password",
        envvar="GENDAN_NEW_PASSWORD",
        default=None,
        help="The password (or env GENDAN_NEW_PASSWORD); leave out to generate one.",
    )
    @click.option(
        "--generate-password", is_flag=True, help="Generate a password and print it once."
    )
    def create_user(username, role, full_name, language, password, generate_password):
        """Create a user with a role."""
        from webapp.auth import services
        from webapp.extensions import db

        if generate_password or not password:
            password = services.generate_password()
            click.echo(f"password for {username}: {password}")
        try:
            services.create_user(
                username=username,
                full_name=full_name or username,
                role=Role(role),
                language=language,
                password=password,
            )
        except services.UsernameTaken as exc:
            raise click.ClickException(f"username already taken: {username}") from exc
        db.session.commit()
        click.echo(f"created {role} {username}")

    @app.cli.command("demo")
    @click.option("--if-empty", is_flag=True, help="Only when the database has no users yet.")
    def demo(if_empty: bool):
        """Load demo data and print the demo users' passwords (once)."""
        from webapp import demo as demo_data

        if if_empty and not demo_data.database_is_empty():
            click.echo("demo data: database already has users, nothing loaded")
            return
        credentials = demo_data.load()
        click.echo("")
        click.echo("Demo users (passwords are random and shown only now):")
        for username, role, password in credentials:
            click.echo(f"  {role:<11} {username:<10} {password}")
        click.echo("")


def main() -> None:
    """Entry point of the `gendan` command."""
    from webapp import create_app

    FlaskGroup(create_app=create_app, help="Gendan command line.")()
