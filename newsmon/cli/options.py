"""The options several commands share, each declared once, so that every command that has one
gives it the same name, help text, environment variable and check.

``--db``, ``--outlets``, ``--topics`` and ``--tz`` name the same thing for every command (the crawl
and the digest must agree on the topics file, the digest and the service on the time zone);
``--frontier``, ``--format``, ``--recipients`` and the digest folder (``$NEWSMON_DIGEST_DIR``) are
shared the same way.
"""
from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from newsmon.cli.base import fail


class Day(click.DateTime):
    """A date on the command line, ``YYYY-MM-DD`` (with ``times``, also ``YYYY-MM-DDTHH:MM[:SS]``),
    whose error says how to write one instead of listing strftime codes."""

    name = "date"

    def __init__(self, times: bool = True):
        super().__init__(["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"] if times
                         else ["%Y-%m-%d"])
        self.times = times

    def get_metavar(self, param, ctx=None):
        return "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            example = "2026-11-30" + (" or 2026-11-30T07:30" if self.times else "")
            self.fail(f"{value!r} is not a date; write it as {example}", param, ctx)


#: Dates of the commands: ``DATE`` with an optional time of day, ``DAY`` a calendar day only.
DATE = Day()
DAY = Day(times=False)

DB_HELP = "SQLAlchemy database URL (default: $NEWSMON_DATABASE_URL, else sqlite:///newsmon.db)."


def db_option(f):
    """``--db URL``, else $NEWSMON_DATABASE_URL (``storage.engine`` falls back to SQLite)."""
    return click.option("--db", "db_url", envvar="NEWSMON_DATABASE_URL", default=None,
                        metavar="URL", help=DB_HELP)(f)


def outlets_option(f):
    """``--outlets FILE``, else $NEWSMON_OUTLETS (``crawler.outlets`` falls back to
    config/outlets.yaml)."""
    return click.option("--outlets", "outlets_file", type=click.Path(dir_okay=False),
                        envvar="NEWSMON_OUTLETS", default=None,
                        help="Outlets YAML (default: $NEWSMON_OUTLETS, else "
                             "config/outlets.yaml).")(f)


def topics_option(f):
    """``--topics FILE``, else $NEWSMON_TOPICS_FILE: the one name of the topics file for every
    command (crawl, digest, schedule, retag, topics), so the crawl and the digest agree."""
    return click.option("--topics", "topics_file", type=click.Path(dir_okay=False),
                        envvar="NEWSMON_TOPICS_FILE", default=None,
                        help="Topics YAML (default: $NEWSMON_TOPICS_FILE, else "
                             "config/topics.yaml).")(f)


def _timezone(ctx, param, value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        source = ctx.get_parameter_source(param.name) if ctx is not None else None
        named = (f"NEWSMON_TIMEZONE={value!r}" if source == click.core.ParameterSource.ENVIRONMENT
                 else f"--tz {value!r}")
        fail(f"{named}: unknown time zone; use an IANA name such as Europe/Madrid, "
             "America/New_York or UTC")
    return value


def tz_option(f):
    """``--tz ZONE``, else $NEWSMON_TIMEZONE, else UTC; an unknown zone is a one-line error."""
    return click.option("--tz", envvar="NEWSMON_TIMEZONE", default="UTC", show_default=True,
                        metavar="ZONE", callback=_timezone,
                        help="Time zone (IANA name) of calendar days and times of day "
                             "(default: $NEWSMON_TIMEZONE, else UTC).")(f)


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


def recipients_option(help_text: str):
    """``--recipients FILE`` ($NEWSMON_RECIPIENTS): the readers' YAML (config/recipients.yaml)."""
    return click.option("--recipients", "recipients_file", type=click.Path(dir_okay=False),
                        envvar="NEWSMON_RECIPIENTS", show_envvar=True, default=None, help=help_text)


def digest_dir_option(*names: str):
    """The folder digests are archived in: ``names`` (``--out``, ``--digest-dir``), else
    $NEWSMON_DIGEST_DIR, else ./digests."""
    return click.option(*names, "digest_dir", type=click.Path(file_okay=False), default="digests",
                        envvar="NEWSMON_DIGEST_DIR", show_default=True, show_envvar=True,
                        help="Folder the archived HTML and text are written to.")


def file_topic_ids() -> frozenset[str]:
    """The topic ids of the topics file ($NEWSMON_TOPICS_FILE, else config/topics.yaml): an id
    no article carries yet is no typo. Passed uncalled to storage's filter check, which reads the
    file (~0.1 s) only for a topic the database does not know. Empty when the file cannot be
    read (the database's ids still count)."""
    from topics.topicfile import load_topics

    try:
        return frozenset(t.id for t in load_topics().topics)
    except (OSError, ValueError):
        return frozenset()
