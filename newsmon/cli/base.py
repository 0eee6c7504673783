"""The `newsmon` click group and the options its commands share.

click is the CLI library (one group, kebab-case commands, an ``Example:`` in every help text, as
sqlite-utils does); each command module under ``newsmon/cli/`` registers its commands on ``cli``.
Command bodies stay a few lines: they call library functions and format what those return.
"""
from __future__ import annotations

import logging
import sys

import click

DB_HELP = "SQLAlchemy database URL (default: $NEWSMON_DATABASE_URL, else sqlite:///newsmon.db)."


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


def db_option(f):
    return click.option("--db", "db_url", envvar="NEWSMON_DATABASE_URL", default=None,
                        metavar="URL", help=DB_HELP)(f)


def topics_option(f):
    """``--topics FILE``, else $NEWSMON_TOPICS_FILE: the one name of the topics file for every
    command (crawl, digest, schedule, retag, topics), so the crawl and the digest agree."""
    return click.option("--topics", "topics_file", type=click.Path(dir_okay=False),
                        envvar="NEWSMON_TOPICS_FILE", default=None, show_envvar=True,
                        help="Topics YAML (default: $NEWSMON_TOPICS_FILE, else "
                             "config/topics.yaml).")(f)
def frontier_option(f):
    return click.option("--frontier", envvar="NEWSMON_FRONTIER_URL", default=None,
                        metavar="REDIS_URL",
                        help="Share the crawl with other workers through this Redis database, "
                             "e.g. redis://127.0.0.1:6379/0 (default: $NEWSMON_FRONTIER_URL; "
                             "needs a PostgreSQL --db).")(f)


def format_option(*choices: str, default: str = "table"):
    def deco(f):
        return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default,
                            show_default=True, help="Output format.")(f)
    return deco


def fail(message: str) -> None:
    """Exit 1 with a one-line error that names the fix (click prints "Error: <message>")."""
    raise click.ClickException(message)
