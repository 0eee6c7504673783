"""The `newsmon` click group and its one-line error.

click is the CLI library (one group, kebab-case commands, an ``Example:`` in every help text, as
sqlite-utils does). Each module under ``newsmon/cli/`` declares its commands; ``__init__`` adds
them to ``cli``, and the options several commands share live in ``options``. Command bodies stay
a few lines: they call library functions and format what those return.
"""
from __future__ import annotations

import difflib
import importlib
import logging
import sys

import click

from storage.settings import SettingError


class _UsageLine(click.ClickException):
    """A usage error shown as one line (exit code 2, as click's)."""
    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class OneLineErrors(click.Group):
    """The group whose usage errors are one line, as every other error of newsmon is: click
    prints the usage, a hint and a blank line before "Error: ..." (three lines more than the
    fix); here it is "Error: <what is wrong> (see 'newsmon search -h')". Only the display
    changes: click's standalone handling (exit codes, Ctrl-C's "Aborted!") stays.

    Its commands load lazily (click's documented pattern: ``list_commands`` and
    ``get_command``): ``lazy_commands`` maps a name to ``"module:attribute"`` under
    ``newsmon.cli``, imported when the command is looked up."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, str] = {}

    def list_commands(self, ctx) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx, name: str):
        if name not in self.commands and name in self.lazy_commands:
            module, _, attribute = self.lazy_commands[name].partition(":")
            self.add_command(getattr(importlib.import_module(f"newsmon.cli.{module}"), attribute), name)
        return super().get_command(ctx, name)

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError:
            # "newsmon serach": click says only that there is no such command (a tester)
            name, known = (args[0] if args else ""), self.list_commands(ctx)
            close = difflib.get_close_matches(name, known, n=1) if name not in known else []
            if close:
                raise click.UsageError(f"No such command {name!r}; did you mean {close[0]!r}?",
                                       ctx) from None
            raise

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line(exc) from None
        except SettingError as exc:   # a NEWSMON_* number read where it is used
            raise click.ClickException(str(exc)) from None


def _one_line(exc: click.UsageError) -> _UsageLine:
    where = exc.ctx.command_path if exc.ctx is not None else "newsmon"
    return _UsageLine(f"{exc.format_message()} (see '{where} -h')")


@click.group(cls=OneLineErrors,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.version_option(package_name="newsmon")
def cli(verbose: int) -> None:
    """newsmon: watch news outlets, keep each new article once, group stories, tag topics,
    and write a daily digest.

    Example: newsmon demo
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    # The level goes on the handler too: Scrapy sets its own loggers to DEBUG.
    for handler in logging.root.handlers:
        handler.setLevel(level)


def fail(message: str) -> None:
    """Exit 1 with a one-line error that names the fix (click prints "Error: <message>")."""
    raise click.ClickException(message)


def outage_line(db_url: str | None, exc) -> str:
    """The one line for a database that failed during a command (an SQLAlchemy
    ``OperationalError``): a full disk named as such, else the server to start or --db."""
    from sqlalchemy.engine import make_url

    from storage.engine import database_url, explain, is_disk_full

    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    if is_disk_full(reason):
        return explain(make_url(database_url(db_url)), reason)
    return f"cannot reach the database ({reason}); check --db or $NEWSMON_DATABASE_URL"
