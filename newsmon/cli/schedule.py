"""`newsmon schedule`: the service, in the foreground."""
from __future__ import annotations

import logging
import os

import click

from newsmon.cli.base import cli, db_option, fail
from newsmon.cli.digest import timezone_or_fail


@cli.command()
@click.option("--outlets", "outlets_file", type=click.Path(dir_okay=False), default=None,
              help="Outlets YAML (default: $NEWSMON_OUTLETS, else config/outlets.yaml).")
@click.option("--topics", "topics_file", type=click.Path(dir_okay=False), default=None,
              help="Topics YAML (default: config/topics.yaml).")
@click.option("--every", "every_minutes", type=click.FloatRange(min=1), show_default=True,
              default=lambda: float(os.environ.get("NEWSMON_CRAWL_EVERY_MINUTES", 30)),
              help="Minutes between crawls.")
@click.option("--digest-at", default=lambda: os.environ.get("NEWSMON_DIGEST_AT", "07:00"),
              show_default=True, help="Daily digest time, HH:MM in --tz.")
@click.option("--tz", default=lambda: os.environ.get("NEWSMON_TIMEZONE", "UTC"),
              show_default=True, help="Time zone of --digest-at.")
@click.option("--digest-dir", default=lambda: os.environ.get("NEWSMON_DIGEST_DIR", "digests"),
              show_default=True, type=click.Path(file_okay=False))
@db_option
def schedule(outlets_file, topics_file, every_minutes, digest_at, tz, digest_dir, db_url):
    """Run the service until SIGTERM or Ctrl-C: a crawl every --every minutes (the first at
    once) and the digest daily at --digest-at.

    Example: newsmon schedule --every 20 --digest-at 07:30 --tz America/Havana
    """
    from crawler.outlets import OutletConfigError, load_outlets
    from scheduler import ScheduleConfig, parse_hhmm, run_scheduler

    try:
        parse_hhmm(digest_at)
        load_outlets(outlets_file)  # a broken config fails now, not at the first crawl
    except (ValueError, OutletConfigError) as exc:
        fail(str(exc))
    logging.getLogger("scheduler").setLevel(logging.INFO)
    logging.getLogger("apscheduler").setLevel(logging.INFO)
    click.echo(f"newsmon schedule: crawl every {every_minutes:g} min, digest daily at {digest_at} "
               f"{tz}; Ctrl-C to stop")
    run_scheduler(ScheduleConfig(db_url=db_url, outlets_file=outlets_file,
                                 topics_file=topics_file, every_minutes=every_minutes,
                                 digest_at=digest_at, timezone=timezone_or_fail(tz),
                                 digest_dir=digest_dir))
