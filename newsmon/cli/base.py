"""The `newsmon` click group and its one-line error.

click is the CLI library (one group, kebab-case commands, an ``Example:`` in every help text, as
sqlite-utils does). Each module under ``newsmon/cli/`` declares its commands; ``__init__`` adds
them to ``cli``, and the options several commands share live in ``options``. Command bodies stay
a few lines: they call library functions and format what those return.
"""
from __future__ import annotations

import logging
import sys

import click


class OneLineErrors(click.Group):
    """The group whose usage errors are one line, as every other error of newsmon is: click
    prints the usage, a hint and a blank line before "Error: ..." (three lines more than the
    fix); here it is "Error: <what is wrong> (see 'newsmon search -h')", exit code 2 as click's."""

    def main(self, args=None, prog_name=None, **extra):
        extra.pop("standalone_mode", None)
        try:
            return super().main(args, prog_name, standalone_mode=False, **extra)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else (prog_name or "newsmon")
            click.echo(f"Error: {exc.format_message()} (see '{where} -h')", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except click.exceptions.Exit as exc:   # --help, --version
            sys.exit(exc.exit_code)


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
