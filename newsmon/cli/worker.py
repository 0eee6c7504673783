"""`newsmon worker`: a long-lived crawl worker on the shared Redis frontier."""
from __future__ import annotations

import sys

import click
from sqlalchemy.exc import OperationalError

from crawler.outlets import OutletConfigError, load_outlets
from newsmon.cli.base import fail, outage_line
from newsmon.cli.crawl import format_report
from newsmon.cli.options import db_option, frontier_option, outlets_option
from storage.engine import DatabaseURLError


@click.command()
@outlets_option
@db_option
@frontier_option
def worker(outlets_file, db_url, frontier):
    """Take requests from the frontier and crawl them until stopped (Ctrl-C or SIGTERM finish
    what is in hand; SIGKILL loses nothing: another worker takes it over after its lease).

    Each round's feeds come from `newsmon crawl --frontier URL --seed-only` (or a
    `newsmon crawl --frontier URL`, which also works until the round is done).

    Example: newsmon worker --frontier redis://db:6379/0 --db postgresql://newsmon@db/newsmon
    """
    from crawler.frontierconfig import FrontierError
    from crawler.runner import run_crawl  # imports Scrapy: keep `newsmon --help` fast

    if not frontier:
        fail("newsmon worker needs --frontier redis://HOST:PORT/DB (or NEWSMON_FRONTIER_URL)")
    try:
        outlets = load_outlets(outlets_file)
    except OutletConfigError as exc:
        fail(str(exc))
    try:
        report = run_crawl(outlets, db_url=db_url, frontier=frontier, mode="worker")
    except (DatabaseURLError, FrontierError) as exc:
        fail(str(exc))
    except OperationalError as exc:  # PostgreSQL down or restarting, a full disk
        fail(outage_line(db_url, exc))
    click.echo(format_report(report))
    if report.failure:
        click.echo(f"Error: {report.failure}", err=True)
        sys.exit(1)
