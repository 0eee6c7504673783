"""The long-running service: crawl every N minutes, the digest daily at HH:MM, deliveries retried.

APScheduler 3 ``BlockingScheduler`` with its SQLAlchemy job store in newsmon's own database (the
next run times are there for `newsmon schedule status` to read from another process). Every job
has ``coalesce`` (a backlog runs once), ``max_instances=1`` (never two crawls at once) and a
misfire grace. Jobs hold no crawl, digest or SQL logic of their own:

- :func:`crawl_job` runs ``newsmon crawl`` in a child process with the service's outlets and
  topics files. Scrapy's reactor cannot be restarted in one process, and a process per crawl
  isolates crashes and memory (~1 s start-up).
- :func:`digest_job` calls :func:`digest.run.run_digest`, then sends what is due.
- :func:`deliver_job` retries the outbox (:func:`digest.deliver.deliver_due`).

Each run is a ``job_runs`` row (start, outcome, one-line summary) and one INFO log line.

A digest missed while the service was down runs once on start: ``add_job(replace_existing=True)``
recomputes the cron trigger's next time, which would drop the missed run, so the service looks at
``job_runs`` instead: when the latest scheduled digest time has passed with no successful digest
run since, and the service had run before it, the digest job runs now (once: the outbox's unique
(day, recipient) also keeps a restart from mailing anyone twice).

A digest run that failed (a recipients file broken since the start, a full disk) runs again at
each delivery round (``deliver_job``) until it succeeds, not only at the next day's time.

SIGTERM or Ctrl-C: no new job starts; a running crawl child gets ``stop_grace_s`` seconds to
finish, then SIGTERM (Scrapy closes the spider cleanly), then SIGKILL 30 s later.
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from storage import digests as runs
from storage.engine import database_url, shared_sessionmaker
from storage.models import utcnow

log = logging.getLogger(__name__)

JOBSTORE_TABLE = "scheduler_jobs"
_children: set[subprocess.Popen] = set()
_children_lock = threading.Lock()
#: Set when the service is stopping: a crawl that ends now skips the daily index merge (it can
#: take a minute at 1M articles, and the user asked the service to stop).
_stopping = threading.Event()
#: Jobs between their start and their ``job_runs`` record (the stop waits for those records).
_running_jobs = 0
_running_jobs_changed = threading.Condition()


@dataclass(frozen=True)
class ScheduleConfig:
    db_url: str
    outlets_file: str | None = None
    topics_file: str | None = None
    recipients_file: str | None = None
    every_minutes: float = 30.0
    digest_at: str = "07:00"
    timezone: str = "UTC"
    digest_dir: str = "digests"
    deliver_every_minutes: float = 5.0
    crawl_timeout_s: float = 3 * 3600
    stop_grace_s: float = 60.0
    crawl_at_start: bool = True


def _recorded(job: str, db_url: str, fn, *args) -> str:
    """Run `fn`, keep a ``job_runs`` row and log one INFO line with the outcome; never raises
    (a failed job is logged and recorded, and the service goes on)."""
    global _running_jobs
    with _running_jobs_changed:
        _running_jobs += 1
    try:
        return _run_and_record(job, db_url, fn, *args)
    finally:
        with _running_jobs_changed:
            _running_jobs -= 1
            _running_jobs_changed.notify_all()


def _run_and_record(job: str, db_url: str, fn, *args) -> str:
    try:
        sessions = shared_sessionmaker(db_url)  # migrated once, before the jobs started
        with sessions() as session:
            run_id = runs.start_job_run(session, job)
    except Exception as exc:  # noqa: BLE001 - the database is down: try again next time
        log.error("%s not run: the database cannot be used (%s)", job, exc)
        return "failed"
    try:
        outcome, summary = fn(*args)
    except Exception as exc:  # noqa: BLE001 - one failed run must not stop the service
        log.debug("%s failed", job, exc_info=True)  # the traceback only with -vv
        outcome, summary = "failed", f"{type(exc).__name__}: {exc}"
    try:
        with sessions() as session:
            runs.finish_job_run(session, run_id, outcome, summary)
    except Exception as exc:  # noqa: BLE001 - the database went away during the job
        summary += f" (not recorded: {exc})"
    log.log(logging.INFO if outcome != "failed" else logging.ERROR, "%s %s: %s", job, outcome,
            summary)
    return outcome


def crawl_job(config: dict) -> str:
    return _recorded("crawl", config["db_url"], _crawl, config)


def digest_job(config: dict) -> str:
    return _recorded("digest", config["db_url"], _digest, config)


def deliver_job(config: dict) -> str:
    try:
        retry = digest_failed_since_due(shared_sessionmaker(config["db_url"]), config, utcnow())
    except Exception:  # noqa: BLE001 - the database is down: the delivery job says so
        retry = False
    if retry:
        # the day's digest failed (a recipients file broken since the start, a full disk): it
        # is tried again at each delivery round until it runs, not only at tomorrow's time
        digest_job(config)
    return _recorded("deliver", config["db_url"], _deliver, config)


CRAWL_INTERRUPTED = 130
#: Names the service's process to the crawl child (``newsmon.cli.crawl``), which stops with it.
SERVICE_PID_VARIABLE = "NEWSMON_SERVICE_PID"


def _crawl(config: dict) -> tuple[str, str]:
    cmd = [sys.executable, "-m", "newsmon", "crawl", "--db", config["db_url"]]
    if config["outlets_file"]:
        cmd += ["--outlets", config["outlets_file"]]
    if config["topics_file"]:
        cmd += ["--topics", config["topics_file"]]
    # the crawl stops (gracefully, as on SIGTERM) when the service is gone, even by kill -9:
    # an orphaned crawl ran beside the restarted service's next one
    env = {**os.environ, SERVICE_PID_VARIABLE: str(os.getpid())}
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    with _children_lock:
        _children.add(child)
    try:
        out, err = child.communicate(timeout=config["crawl_timeout_s"])
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return "failed", f"took longer than {config['crawl_timeout_s']:.0f} s and was stopped"
    finally:
        with _children_lock:
            _children.discard(child)
    lines = out.strip().splitlines()
    # 130: stopped by a Ctrl-C or SIGTERM (the service's own stop, as a rule), what it stored
    # is kept and its summary line says "shutdown" (newsmon.cli.crawl.INTERRUPTED_EXIT)
    if child.returncode < 0:   # a signal: the service's own SIGKILL after the stop grace, or another's
        name = signal.Signals(-child.returncode).name
        return "failed", (f"stopped by {name}" + (" after the stop grace" if _stopping.is_set() else "")
                          + (f": {err.strip()[-300:]}" if err.strip() else ""))
    if child.returncode not in (0, CRAWL_INTERRUPTED):
        return "failed", f"exit {child.returncode}: {err.strip()[-300:]}"
    summary = lines[-1] if lines else "no output"
    if child.returncode == CRAWL_INTERRUPTED:   # kept what it stored; `newsmon stats` says interrupted too
        return "interrupted", summary
    merged = None if _stopping.is_set() else _optimize_daily(config["db_url"])
    return "ok", f"{summary}; {merged}" if merged else summary


#: The day the full-text index was last merged by this service (UTC).
_optimized_on = None


def _optimize_daily(db_url: str) -> str | None:
    """Once a day, right after a crawl of this service (so never beside one, as it holds the
    write lock): merge the SQLite full-text index (``storage.maintenance``). What was done, or
    None when not due."""
    global _optimized_on
    from storage.maintenance import optimize_search_index

    today = utcnow().date()
    if _optimized_on == today or not db_url.startswith("sqlite"):
        return None
    _optimized_on = today
    try:
        return optimize_search_index(shared_sessionmaker(db_url).kw["bind"])
    except Exception as exc:  # noqa: BLE001 - a busy database: searches are only slower
        return f"full-text index not merged ({type(exc).__name__}: {exc})"


def _digest(config: dict) -> tuple[str, str]:
    from digest.mail import sender, smtp_from_url
    from digest.recipients import load_recipients, monitor_name
    from digest.run import run_digest
    from topics.topicfile import load_topics

    sessions = shared_sessionmaker(config["db_url"])
    topics = load_topics(config["topics_file"])
    recipients, name = [], monitor_name()
    if config["recipients_file"]:
        listed = load_recipients(config["recipients_file"], topics.ids)
        recipients, name = list(listed.recipients), listed.name
    result = run_digest(sessions, topics, recipients, name=name, out_dir=config["digest_dir"],
                        tz=config["timezone"], mail_from=sender())
    summary = f"{result.edition.subject} -> {result.html_path}"
    if result.unknown_topics:   # said in the run's line: `newsmon digest` prints it as a note
        summary += (f"; stored tags of topics {config['topics_file'] or 'the topics file'} lacks "
                    f"left out ({', '.join(result.unknown_topics[:5])}): newsmon retag --all")
    if recipients:
        summary += f"; queued {len(result.queued)}, already {len(result.already)}"
        if os.environ.get("NEWSMON_SMTP_URL"):
            from digest.deliver import deliver_due

            report = deliver_due(sessions, smtp_from_url(os.environ["NEWSMON_SMTP_URL"]),
                                 sender())
            summary += f"; {report.line()}"
    return "ok", summary


def _deliver(config: dict) -> tuple[str, str]:
    from digest.deliver import deliver_due
    from digest.mail import sender, smtp_from_url

    if not os.environ.get("NEWSMON_SMTP_URL"):
        return "skipped", "NEWSMON_SMTP_URL is not set"
    report = deliver_due(shared_sessionmaker(config["db_url"]),
                         smtp_from_url(os.environ["NEWSMON_SMTP_URL"]), sender())
    return "ok", report.line()


def last_digest_due(now: datetime, digest_at: str, tz: str) -> datetime:
    """The latest scheduled digest time at or before `now` (aware, in `tz`)."""
    hour, minute = parse_hhmm(digest_at)
    local = now.astimezone(ZoneInfo(tz))
    due = datetime.combine(local.date(), time(hour, minute), tzinfo=ZoneInfo(tz))
    return due if due <= local else due - timedelta(days=1)


def digest_missed(sessions, config: ScheduleConfig, now: datetime) -> bool:
    """True when the latest scheduled digest time passed while the service was down: no
    successful digest run since it, and some job run of the service before it."""
    due = last_digest_due(now, config.digest_at, config.timezone)
    with sessions() as session:
        last_ok = runs.last_job_run(session, "digest", outcome="ok")
        if last_ok is not None and last_ok.started_at >= due:
            return False
        return runs.any_job_run_before(session, due)


def digest_failed_since_due(sessions, config: dict, now: datetime) -> bool:
    """True when the latest digest run since the last scheduled digest time failed (and none
    ran since): the delivery job runs the digest again (``deliver_job``)."""
    due = last_digest_due(now, config["digest_at"], config["timezone"])
    with sessions() as session:
        last = runs.last_job_run(session, "digest")
        return last is not None and last.started_at >= due and last.outcome == "failed"


def build_scheduler(config: ScheduleConfig, now: datetime | None = None) -> BlockingScheduler:
    hour, minute = parse_hhmm(config.digest_at)
    db_url = database_url(config.db_url)
    config = ScheduleConfig(**{**asdict(config), "db_url": db_url})
    # Fail now, not at the first job; and migrate here, once: Alembic is not thread-safe and
    # the jobs run in worker threads.
    sessions = shared_sessionmaker(db_url)
    now = now or utcnow()
    with sessions() as session:   # a killed service's runs (`newsmon schedule` holds the lock)
        runs.close_stale_job_runs(session)
    scheduler = BlockingScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=db_url, tablename=JOBSTORE_TABLE)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
        timezone=config.timezone)
    args = [asdict(config)]
    scheduler.add_job(crawl_job, IntervalTrigger(minutes=config.every_minutes), args=args,
                      id="crawl", name="crawl all outlets", replace_existing=True,
                      **({"next_run_time": now} if config.crawl_at_start else {}))
    missed = digest_missed(sessions, config, now)
    if missed:
        log.info("digest of %s was missed while the service was down: running it now",
                 last_digest_due(now, config.digest_at, config.timezone).isoformat())
    scheduler.add_job(digest_job, CronTrigger(hour=hour, minute=minute, timezone=config.timezone),
                      args=args, id="digest", name="daily digest", replace_existing=True,
                      misfire_grace_time=6 * 3600,
                      **({"next_run_time": now} if missed else {}))
    scheduler.add_job(deliver_job, IntervalTrigger(minutes=config.deliver_every_minutes),
                      args=args, id="deliver", name="retry deliveries", replace_existing=True)
    return scheduler


def run_scheduler(config: ScheduleConfig) -> None:
    """Run until SIGTERM or Ctrl-C; a running crawl child gets a grace period to finish."""
    scheduler = build_scheduler(config)
    _stopping.clear()
    def request_stop(*_):
        # Not in the handler itself: it runs in the main thread wherever the signal lands, which
        # may be inside the job store's SQLAlchemy pool holding its lock, and shutdown() takes
        # that lock again (seen once: SIGTERM ignored, the service hung until killed).
        threading.Thread(target=scheduler.shutdown, kwargs={"wait": False}, daemon=True).start()

    signal.signal(signal.SIGTERM, request_stop)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        if scheduler.running:
            scheduler.shutdown(wait=False)
    _stopping.set()
    stop_children(config.stop_grace_s)
    # The job threads record their runs (a crawl stopped by Ctrl-C included) before the service
    # says it stopped; a digest or delivery job in flight gets the same grace as a crawl.
    with _running_jobs_changed:
        _running_jobs_changed.wait_for(lambda: _running_jobs == 0, timeout=config.stop_grace_s)
    log.info("service stopped")


#: Seconds between the SIGTERM that stops a crawl after the grace and the SIGKILL.
KILL_AFTER_S = 30


def stop_children(grace_s: float) -> None:
    """Let running crawl children finish within `grace_s`, then SIGTERM, then SIGKILL."""
    with _children_lock:
        children = list(_children)
    for child in children:
        log.info("waiting up to %.0f s for the running crawl (pid %s) to finish", grace_s,
                 child.pid)
        try:
            child.wait(timeout=grace_s)
            continue
        except subprocess.TimeoutExpired:
            log.info("the crawl (pid %s) did not finish in %.0f s: asking it to stop (SIGTERM), "
                     "killing it in %d s", child.pid, grace_s, KILL_AFTER_S)
            child.terminate()
        try:
            child.wait(timeout=KILL_AFTER_S)
        except subprocess.TimeoutExpired:
            log.info("the crawl (pid %s) is still running: killed", child.pid)
            child.kill()


def parse_hhmm(value: str) -> tuple[int, int]:
    try:
        hour, minute = (int(x) for x in value.split(":"))
        if 0 <= hour < 24 and 0 <= minute < 60:
            return hour, minute
    except ValueError:
        pass
    raise ValueError(f"digest time {value!r} is not HH:MM (e.g. 07:00)")
