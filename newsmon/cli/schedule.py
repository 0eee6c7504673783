"""`newsmon schedule`: the service, in the foreground; `newsmon schedule status`: what it did."""
from __future__ import annotations

import json
import logging
import os
import sys

import click

from newsmon.cli.base import fail
from newsmon.cli.digest import load_topics_or_fail, mail_config_or_fail
from newsmon.cli.options import (db_option, digest_dir_option, format_option, outlets_option,
                                 recipients_option, topics_option, tz_option)
from newsmon.cli.output import open_db, table


@click.group(invoke_without_command=True)
@outlets_option
@topics_option
@recipients_option("Recipients YAML; without it the digest is archived, not mailed.")
@click.option("--every", "every_minutes", type=click.FloatRange(min=1), show_default=True,
              default=30, envvar="NEWSMON_CRAWL_EVERY_MINUTES",
              help="Minutes between crawls ($NEWSMON_CRAWL_EVERY_MINUTES).")
@click.option("--digest-at", default="07:00", envvar="NEWSMON_DIGEST_AT",
              show_default=True, help="Daily digest time, HH:MM in --tz ($NEWSMON_DIGEST_AT).")
@tz_option
@digest_dir_option("--digest-dir")
@click.option("--deliver-every", "deliver_every", type=click.FloatRange(min=0.1),
              default=5, envvar="NEWSMON_DELIVER_EVERY_MINUTES", show_default=True,
              help="Minutes between retries of pending deliveries "
                   "($NEWSMON_DELIVER_EVERY_MINUTES).")
@click.option("--stop-grace", type=click.FloatRange(min=0), show_default=True,
              default=60, envvar="NEWSMON_STOP_GRACE_SECONDS",
              help="Seconds a running crawl may take to finish after SIGTERM "
                   "($NEWSMON_STOP_GRACE_SECONDS).")
@db_option
@click.pass_context
def schedule(ctx, outlets_file, topics_file, recipients_file, every_minutes, digest_at, tz,
             digest_dir, deliver_every, stop_grace, db_url):
    """Run the service until SIGTERM or Ctrl-C: a crawl every --every minutes (the first at
    once), the digest daily at --digest-at (a digest missed while the service was down runs
    once on start), and retries of pending deliveries. One line per job run is printed.

    Example: newsmon schedule --every 20 --digest-at 07:30 --tz America/Havana
    """
    if ctx.invoked_subcommand is not None:
        return
    from crawler.outlets import OutletConfigError, load_outlets
    from newsmon.cli.digest import recipients_or_fail
    from scheduler import ScheduleConfig, parse_hhmm, run_scheduler

    try:
        parse_hhmm(digest_at)
        load_outlets(outlets_file)  # a broken config fails now, not at the first crawl
    except (ValueError, OutletConfigError) as exc:
        fail(str(exc))
    topics = load_topics_or_fail(topics_file)
    _name, recipients = recipients_or_fail((), recipients_file, topics)
    if recipients:
        mail_config_or_fail(True)
    # what the digest job reads when it runs fails now, not at the first --digest-at
    from digest.deliver import give_up_days
    from digest.run import per_topic, top_stories
    from newsmon.cli.digest import out_dir_or_fail

    top_stories(), per_topic(), give_up_days()
    out_dir_or_fail(digest_dir, "--digest-dir")
    if os.environ.get("NEWSMON_FRONTIER_URL"):   # the crawls seed a shared frontier
        from crawler import settings as crawl_settings
        from storage.settings import env_number
        round_s = env_number("NEWSMON_FRONTIER_ROUND_S", crawl_settings.NEWSMON_FRONTIER_ROUND_S, minimum=0)
        if every_minutes * 60 < round_s:
            click.echo(f"warning: --every {every_minutes:g} min is shorter than a frontier round "
                       f"(NEWSMON_FRONTIER_ROUND_S={round_s:g} s): a crawl within a round seeds "
                       "nothing new", err=True)
    open_db(db_url, create=True)  # the service crawls: it may make the file
    from storage.engine import database_url
    from storage.servicelock import ServiceRunning, service_lock

    try:
        with service_lock(database_url(db_url)):
            _service_log()
            click.echo(f"newsmon schedule: crawl every {every_minutes:g} min, digest daily at "
                       f"{digest_at} {tz} to {len(recipients)} recipient(s), deliveries retried "
                       f"every {deliver_every:g} min; Ctrl-C to stop")
            run_scheduler(ScheduleConfig(
                db_url=db_url, outlets_file=outlets_file, topics_file=topics_file or topics.path,
                recipients_file=recipients_file, every_minutes=every_minutes, digest_at=digest_at,
                timezone=tz, digest_dir=digest_dir,
                deliver_every_minutes=deliver_every, stop_grace_s=stop_grace))
    except ServiceRunning as exc:
        fail(str(exc))


class _OutageLines(logging.Filter):
    """APScheduler's "Error getting due jobs from job store" while the database is unreachable
    as one line (the first of the error), at most once per REPEAT_S: it logged the SQL and a
    link, several lines, every 10 s (a tester's PostgreSQL outage)."""

    REPEAT_S = 300.0

    def __init__(self):
        super().__init__()
        self.last = float("-inf")

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("Error getting due jobs"):
            return True
        if record.created - self.last < self.REPEAT_S:
            return False
        self.last = record.created
        error = record.args[-1] if isinstance(record.args, tuple) and record.args else None
        first = (str(getattr(error, "orig", None) or error or "").strip().splitlines() or ["?"])[0]
        record.msg, record.args, record.exc_info, record.exc_text = (
            f"the database cannot be reached ({first}); the service retries", (), None, None)
        return True


def _service_log() -> None:
    """The service's own lines at INFO without -v (APScheduler's chatter stays at WARNING)."""
    logging.getLogger("apscheduler.scheduler").addFilter(_OutageLines())
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    logger = logging.getLogger("scheduler")
    logger.setLevel(min(logging.INFO, logging.getLogger().level))  # -vv: a failed job's traceback
    logger.addHandler(handler)
    logger.propagate = False


@schedule.command()
@format_option("table", "json")
@db_option
def status(fmt, db_url):
    """Each job of the service: its last run, outcome and summary, and its next run time, read
    from the database (works while the service runs in another process).

    Example: newsmon schedule status --db sqlite:///newsmon.db
    """
    from storage.digests import job_status

    sessions = open_db(db_url)
    with sessions() as session:
        jobs = job_status(session)
    when = lambda t: t.isoformat(timespec="seconds") if t else None  # noqa: E731
    rows = [{**j, "last_run": when(j["last_run"]), "next_run": when(j["next_run"])} for j in jobs]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("the service has not run on this database yet: newsmon schedule")
        return
    click.echo(table([(r["job"], r["last_run"], r["outcome"], r["next_run"],
                       (r["summary"] or "")[:70]) for r in rows],
                     ("job", "last run", "outcome", "next run", "summary")))
