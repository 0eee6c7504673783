"""The long-running service: crawl every N minutes, write (and later mail) the digest daily.

APScheduler 3 ``BlockingScheduler`` with a persistent SQLAlchemy job store in newsmon's own
database, so a restart keeps the schedule and catches up on a missed digest (``coalesce`` runs
a backlog once; ``max_instances=1`` never overlaps two crawls). Jobs are module-level functions
(the job store pickles references to them) that hold no crawl or digest logic of their own:

- :func:`crawl_job` runs ``newsmon crawl`` in a fresh process each time. Scrapy's reactor cannot
  be restarted in one process, and a process per crawl isolates crashes and memory (~1 s start-up).
- :func:`digest_job` calls :func:`digest.make_digest`.

Settings come from the command line or the environment: ``NEWSMON_CRAWL_EVERY_MINUTES`` (30),
``NEWSMON_DIGEST_AT`` (07:00), ``NEWSMON_TIMEZONE`` (UTC), ``NEWSMON_DIGEST_DIR`` (digests).
"""
from __future__ import annotations

import logging
import signal
import subprocess
import sys
from dataclasses import dataclass

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from storage.engine import database_url, open_database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduleConfig:
    db_url: str
    outlets_file: str | None = None
    topics_file: str | None = None
    every_minutes: float = 30.0
    digest_at: str = "07:00"
    timezone: str = "UTC"
    digest_dir: str = "digests"
    crawl_timeout_s: float = 3 * 3600


def crawl_job(db_url: str, outlets_file: str | None, timeout_s: float) -> int:
    """One crawl in a child process; returns its exit code (logged, never raised)."""
    cmd = [sys.executable, "-m", "newsmon", "crawl", "--db", db_url]
    if outlets_file:
        cmd += ["--outlets", outlets_file]
    log.info("crawl: %s", " ".join(cmd))
    try:
        done = subprocess.run(cmd, timeout=timeout_s, capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        log.error("crawl took longer than %.0f s and was stopped", timeout_s)
        return -1
    if done.returncode != 0:
        log.error("crawl exited %s: %s", done.returncode, done.stderr.strip()[-500:])
    else:
        log.info("crawl done:\n%s", done.stdout.strip())
    return done.returncode


def digest_job(db_url: str, topics_file: str | None, out_dir: str, tz: str) -> str:
    """Write the digest of the 24 hours up to now; returns the HTML path."""
    from digest import make_digest
    from pipelines.topics import load_topics

    sessions = open_database(db_url)[1]
    digest, row = make_digest(sessions, load_topics(topics_file), out_dir, tz=tz)
    log.info("digest: %s -> %s", digest.subject, row.html_path)
    return row.html_path


def build_scheduler(config: ScheduleConfig) -> BlockingScheduler:
    hour, minute = parse_hhmm(config.digest_at)
    db_url = database_url(config.db_url)
    open_database(db_url)  # fail now, not at the first job, if the database is unusable
    scheduler = BlockingScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=db_url, tablename="scheduler_jobs")},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
        timezone=config.timezone)
    scheduler.add_job(crawl_job, IntervalTrigger(minutes=config.every_minutes),
                      args=[db_url, config.outlets_file, config.crawl_timeout_s],
                      id="crawl", name="crawl all outlets", replace_existing=True,
                      next_run_time=_now(config.timezone))
    scheduler.add_job(digest_job, CronTrigger(hour=hour, minute=minute, timezone=config.timezone),
                      args=[db_url, config.topics_file, config.digest_dir, config.timezone],
                      id="digest", name="daily digest", replace_existing=True)
    return scheduler


def run_scheduler(config: ScheduleConfig) -> None:
    """Run until SIGTERM or Ctrl-C; a running crawl child finishes on its own."""
    scheduler = build_scheduler(config)
    signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass


def parse_hhmm(value: str) -> tuple[int, int]:
    try:
        hour, minute = (int(x) for x in value.split(":"))
        if 0 <= hour < 24 and 0 <= minute < 60:
            return hour, minute
    except ValueError:
        pass
    raise ValueError(f"digest time {value!r} is not HH:MM (e.g. 07:00)")


def _now(tz: str):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(tz))
