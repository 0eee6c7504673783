"""One crawl pass over the outlets, from the command line or the scheduler.

Glue between storage and Scrapy: it records a ``crawl_runs`` row, hands the spider what storage
knows (each outlet's date window and the URLs due for another try), runs Scrapy's
``CrawlerProcess`` once (one pass per process: the scheduler starts a fresh process per crawl,
which isolates crashes and memory), then stores the per-outlet counters of the run.
"""
from __future__ import annotations

import gc
import logging
import os
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import IntegrityError

from crawler import interrupts
from crawler import stats as counters
from crawler.envsettings import env_settings
from crawler.outlets import Outlet
from crawler.progress import Progress, snapshot
from crawler.spiders.outlets import OutletSpider, window_cutoff
from storage import crawlstate
from storage.engine import (database_url, explain, is_disk_full, open_database, release_shared,
                            shared_sessionmaker)

log = logging.getLogger(__name__)


def _quiet_scrapy_debug() -> None:
    """Scrapy's ``configure_logging`` sets its loggers to DEBUG, so its "Crawled" line of every
    response and "Scraped" line of every item were built as records and then dropped by the
    handlers (py-spy on a 20 x 60 crawl: ~2 % of the crawl process). Its loggers start at the
    lowest level a handler shows instead: the same lines reach the terminal (-vv shows them)."""
    shown = min((h.level for h in logging.root.handlers), default=logging.NOTSET)
    scrapy_log = logging.getLogger("scrapy")
    scrapy_log.setLevel(max(shown, scrapy_log.level))
FINISH_ATTEMPTS = 15   # one a second: a restarting PostgreSQL is back within this here


@dataclass
class CrawlReport:
    run_id: int
    finish_reason: str | None
    per_outlet: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0
    failure: str | None = None   # why a run that went on to the end is ``failed``: one line


def crawl_settings(db_url: str, outlets: list[Outlet], overrides: dict | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("NEWSMON_DATABASE_URL", db_url, priority="cmdline")
    for key, value in env_settings().items():   # $NEWSMON_STORY_EVENTS and the like
        settings.set(key, value, priority="cmdline")
    contact = (overrides or {}).get("NEWSMON_CONTACT_URL") or os.environ.get("NEWSMON_CONTACT_URL")
    if contact:
        settings.set("NEWSMON_CONTACT_URL", contact, priority="cmdline")
        settings.set("USER_AGENT", f"newsmon/0.1 (news monitor; +{contact})", priority="cmdline")
    slots = {}
    for outlet in outlets:  # per-outlet politeness overrides become Scrapy download slots
        if outlet.download_delay is None and outlet.concurrency is None:
            continue
        for url in (*outlet.feeds, *outlet.sitemaps, *outlet.sections, outlet.home):
            if url:
                slot = slots.setdefault(urlsplit(url).hostname, {})
                if outlet.download_delay is not None:
                    slot["delay"] = outlet.download_delay
                if outlet.concurrency is not None:
                    slot["concurrency"] = outlet.concurrency
    if slots:
        settings.set("DOWNLOAD_SLOTS", slots, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(outlets: list[Outlet], db_url: str | None = None, only: list[str] | None = None,
              overrides: dict | None = None, frontier: str | None = None,
              mode: str = "drain",
              progress: Callable[[Progress], None] | None = None) -> CrawlReport:
    """Crawl the enabled outlets (or those named in `only`) once; returns the run's counters.

    With `frontier` (a Redis URL) the crawl shares its queue with other workers
    (``crawler/frontier.py``): mode ``drain`` seeds this round and works until the frontier is
    empty, ``worker`` seeds nothing and works until stopped (SIGINT/SIGTERM). ``progress``,
    when given, is called with a :class:`crawler.progress.Progress` twice a second from the
    reactor thread while the crawl runs. Raises ``storage.engine.DatabaseURLError`` (or its
    ``DatabaseUnavailable``) when the database cannot be used, FrontierError for a SQLite store
    or an unreachable Redis.
    """
    db_url = database_url(db_url)
    if frontier:
        from crawler.frontierconfig import check_shared_database, connect, frontier_settings
        check_shared_database(db_url)
        connect(frontier)
        overrides = {**frontier_settings(frontier, mode), **(overrides or {})}
    # the engine the crawl's components share: one per process, closed when the crawl ends
    sessions = shared_sessionmaker(db_url)
    try:
        return _run(sessions, outlets, db_url, only, overrides, frontier, mode, progress)
    finally:
        release_shared(db_url)


def _run(sessions, outlets, db_url, only, overrides, frontier, mode, progress) -> CrawlReport:
    selected, settings, cutoffs, retries = _prepare(sessions, outlets, db_url, only, overrides)
    with sessions() as session:
        run_id = crawlstate.start_run(session, len(selected))
    settings.set("NEWSMON_RUN_ID", run_id, priority="cmdline")

    started = time.monotonic()
    process = CrawlerProcess(settings)
    _quiet_scrapy_debug()
    spider_cls = OutletSpider
    if frontier and mode == "worker":  # takes any outlet's request: knows them all, seeds none
        from crawler.frontier import WorkerSpider
        spider_cls, selected = WorkerSpider, outlets
    crawler = process.create_crawler(spider_cls)
    process.crawl(crawler, outlets=selected, cutoffs=cutoffs, retries=retries)
    if progress is not None:
        _report_progress(crawler, progress)
    signalled = _note_shutdown_signals(process)
    _act_on_early_signals(process)
    with _fewer_collections():
        process.start()

    stats = crawler.stats.get_stats() if crawler.stats else {}
    reason = stats.get("finish_reason")
    if reason is None and signalled:
        # Ctrl-C or SIGTERM before the spider opened: Scrapy stopped the reactor with no
        # finish reason, and the run read as "unknown", failed, exit 0 (a new-user trial)
        reason = "shutdown"
    per = {o.id: {} for o in selected}
    per.update(counters.per_outlet(stats))
    summary = {k: v for k, v in stats.items() if not k.startswith(counters.PREFIX)
               and isinstance(v, (int, float, str))}
    # "shutdown": Ctrl-C or SIGTERM, what was stored is kept (the console says so too)
    status = {"finished": "finished", "shutdown": "interrupted"}.get(reason, "failed")
    if frontier and mode == "worker" and reason == "shutdown":
        status = "stopped"  # a long-lived worker ends that way, having given back its work
    failure = (_frontier_failure(frontier, stats, per) if frontier else None) \
        or _database_failure(db_url, stats, per) \
        or (None if reason else "the crawl stopped before it began (see the log above)")
    if failure:   # its outlets' windows stay where they were: the next crawl covers the gap
        status = "failed"
        summary["failure"] = failure   # `newsmon stats` says why
    elif status == "finished" and counters.nothing_fetched(per):
        # `newsmon crawl` exits 3 for it; `newsmon stats` said "finished" (a new-user trial)
        status, summary["failure"] = "failed", counters.NOTHING_FETCHED
    for attempt in range(FINISH_ATTEMPTS):  # the database may be restarting: wait for it a bit
        try:
            with sessions() as session:
                crawlstate.finish_run(session, run_id, status, reason, per, summary)
            break
        except DBAPIError as exc:
            if attempt == FINISH_ATTEMPTS - 1 or is_disk_full(str(exc.orig)):
                # the counters are still printed; the next crawl marks this run interrupted
                failure = explain(make_url(db_url), exc)
                break
            time.sleep(1)
    return CrawlReport(run_id, reason, per, time.monotonic() - started, failure)


def _act_on_early_signals(process) -> None:
    """A Ctrl-C or SIGTERM noted while the crawl started up (``crawler.interrupts``) stops it as
    one after start-up does, at its first moment: asked once the reactor runs and Scrapy's own
    handlers are in place (a signal from then on goes to them)."""
    from twisted.internet import reactor

    def act() -> None:
        for signum in interrupts.pending()[:1]:
            process._signal_shutdown(signum, None)

    # callLater(0) from a startup trigger: after every startup trigger, Scrapy's handlers included
    reactor.callWhenRunning(reactor.callLater, 0, act)


def _note_shutdown_signals(process) -> list[int]:
    """The shutdown signals (SIGINT, SIGTERM) `process` gets while it runs, as they come: its
    own handler (``CrawlerProcess._signal_shutdown``, installed by ``start``) still runs."""
    signalled: list[int] = []
    handler = getattr(process, "_signal_shutdown", None)
    if handler is None:   # another Scrapy: such a stop then fails as "stopped before it began"
        return signalled

    def note(signum, frame) -> None:
        signalled.append(signum)
        handler(signum, frame)

    process._signal_shutdown = note
    return signalled


def _database_failure(db_url: str, stats: dict, per: dict) -> str | None:
    """One line when articles or records of this crawl could not be stored, else None."""
    lost = sum(c.get("error/database", 0) for c in per.values())
    if not lost:
        return None
    reason = stats.get(counters.DATABASE_ERROR) or "unavailable"
    head = (explain(make_url(db_url), reason) if is_disk_full(reason)
            else f"the database was unavailable during the crawl ({reason})")
    return (f"{head}; {lost} articles or records were not stored: the next crawl fetches them "
            "again")


def _frontier_failure(frontier: str, stats: dict, per: dict) -> str | None:
    """One line when the shared frontier lost requests of this crawl, else None."""
    dropped = sum(c.get("error/frontier", 0) for c in per.values())
    if stats.get(counters.FRONTIER_LOST):
        return (f"the frontier at {frontier} lost its queue during the crawl (Redis restarted "
                "empty?): the articles it held were not fetched; the next crawl reads every feed "
                "in full. Keep Redis running, or give it persistence")
    if stats.get("finish_reason") == "frontier_unavailable":
        return (f"the frontier at {frontier} was unreachable for too long: start Redis, then "
                "crawl again (feeds whose articles were not queued are read in full)")
    if dropped:
        return (f"the frontier at {frontier} was unavailable: {dropped} requests were not "
                "queued; the next crawl reads those outlets' feeds in full")
    return None


#: The crawl's garbage-collector thresholds: the youngest generation collected every 10,000
#: allocations instead of Python's 700, the older ones every 20 instead of 10. The reactor,
#: Scrapy and SQLAlchemy allocate many short-lived objects that reference counting frees: at
#: 20 x 60 farm pages the crawl process ran ~560 collections for 0.46-0.55 s of CPU, with these
#: ~30 for 0.20-0.23 s; its peak RSS grew by ~25 MB (a gc callback and getrusage, 2 runs each).
GC_THRESHOLDS = (10_000, 20, 20)


@contextmanager
def _fewer_collections():
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _report_progress(crawler, progress: Callable[[Progress], None], every: float = 0.5) -> None:
    """Call ``progress`` every ``every`` seconds on the reactor until the crawl stops it."""
    from twisted.internet import task

    def tick():
        try:
            progress(snapshot(crawler))
        except Exception:  # a display must never break the crawl
            log.debug("progress display failed", exc_info=True)

    task.LoopingCall(tick).start(every, now=False)


def seed_frontier(outlets: list[Outlet], frontier: str, db_url: str | None = None,
                  only: list[str] | None = None) -> tuple[int, int]:
    """Enqueue this round's feeds, sitemaps, sections and due retries in the frontier without
    crawling; returns (enqueued, already enqueued this round by another seeder)."""
    from crawler.frontier import seed
    from crawler.frontierconfig import check_shared_database, frontier_settings
    db_url = database_url(db_url)
    check_shared_database(db_url)
    _engine, sessions = open_database(db_url)
    selected, settings, cutoffs, retries = _prepare(sessions, outlets, db_url, only,
                                                    frontier_settings(frontier, "seed"))
    spider = OutletSpider(outlets=selected, cutoffs=cutoffs, retries=retries)
    return seed(frontier, spider, db_url, settings)


def _prepare(sessions, outlets, db_url, only, overrides):
    """The outlets to crawl, the settings, and what storage knows: date windows and retries."""
    selected = [o for o in outlets if (o.id in only if only else o.enabled)]
    settings = crawl_settings(db_url, selected, overrides)
    max_age = settings.getfloat("NEWSMON_MAX_AGE_DAYS", 3.0)
    with sessions() as session:
        try:
            crawlstate.upsert_outlets(session, selected)
        except IntegrityError:  # another worker, started at the same moment, inserted them
            session.rollback()
            crawlstate.upsert_outlets(session, selected)
        last = crawlstate.last_crawled(session)
        retries = {o.id: crawlstate.due_retries(session, o.id) for o in selected}
    cutoffs = {o.id: window_cutoff(last.get(o.id), o.max_age_days or max_age) for o in selected}
    return selected, settings, cutoffs, retries
