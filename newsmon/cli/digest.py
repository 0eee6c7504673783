"""`newsmon digest`: the day's articles by topic, as HTML and text files."""
from __future__ import annotations

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from newsmon.cli.base import cli, db_option, fail
from newsmon.cli.output import open_db


def load_topics_or_fail(path):
    from pipelines.topics import load_topics

    try:
        return load_topics(path)
    except (OSError, ValueError) as exc:
        fail(f"cannot use the topics file: {exc}")


def timezone_or_fail(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        fail(f"--tz {tz!r}: unknown time zone; use an IANA name such as America/Havana or UTC")
    return tz


@cli.command()
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Calendar day (YYYY-MM-DD, in --tz); default: the 24 hours up to now.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="digests",
              show_default=True, help="Folder the HTML and text files are written to.")
@click.option("--tz", default=lambda: os.environ.get("NEWSMON_TIMEZONE", "UTC"),
              show_default="$NEWSMON_TIMEZONE or UTC", help="Time zone of --date.")
@click.option("--topics", "topics_file", type=click.Path(dir_okay=False), default=None,
              help="Topics YAML (default: config/topics.yaml).")
@db_option
def digest(day, out_dir, tz, topics_file, db_url):
    """Write the digest: articles first seen in the window, grouped by topic, one entry per
    story with the outlets that also reported it.

    Example: newsmon digest --date 2026-11-22 --out digests/
    """
    from digest import make_digest

    topics = load_topics_or_fail(topics_file)
    sessions = open_db(db_url)
    result, row = make_digest(sessions, topics, out_dir, day=day.date() if day else None,
                              tz=timezone_or_fail(tz))
    click.echo(f"{result.subject}")
    for section in result.sections:
        if section.entries:
            click.echo(f"  {section.label}: {len(section.entries)} stories")
    click.echo(f"{result.untagged_count} of {result.article_count} articles are on no topic")
    click.echo(f"html: {row.html_path}\ntext: {row.text_path}")
