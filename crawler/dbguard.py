"""A database that goes away mid-crawl costs the items of that moment, not the crawl.

When PostgreSQL restarts (or SQLite's disk fills), the item pipelines' transactions fail with a
SQLAlchemy ``OperationalError`` or ``InterfaceError``. Scrapy then logs "Error processing …" at
ERROR with the whole traceback, once per item (and "Error caught on signal handler" for a
component that writes when the spider closes). This extension counts each such item as
``error/database`` for its outlet and logs one WARNING line with its URL instead; a logging
filter on Scrapy's scraper and signal loggers drops the traceback for these errors only (any
other error keeps its traceback: it is a bug). The crawl goes on: the engine's pool pre-pings
connections, so the next item gets a fresh one once the server is back, and an article that was
not stored is fetched again by the next crawl (it is neither stored nor remembered as failed).
"""
from __future__ import annotations

import logging

from scrapy import signals
from sqlalchemy.exc import InterfaceError, OperationalError

from crawler import stats as counters

log = logging.getLogger(__name__)
SCRAPER_LOGGER = "scrapy.core.scraper"     # "Error processing <item>": item_error says it
SIGNAL_LOGGER = "scrapy.utils.signal"      # "Error caught on signal handler: <handler>"
OUTAGE = (OperationalError, InterfaceError)


def is_outage(exc: BaseException | None) -> bool:
    """True for a lost or refused database connection (not for a constraint or SQL error)."""
    return isinstance(exc, OUTAGE)


def count_outage(stats, outlet: str | None, exc: BaseException) -> None:
    """Count ``error/database`` for `outlet`, keeping the message for the crawl's last line."""
    counters.inc(stats, outlet, "error/database")
    stats.set_value(counters.DATABASE_ERROR, first_line(exc))


def first_line(exc: BaseException) -> str:
    text = " ".join(str(getattr(exc, "orig", None) or exc).split())
    return text[:200]


class _DropOutageTracebacks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not (record.exc_info and is_outage(record.exc_info[1])):
            return True
        if record.name == SCRAPER_LOGGER:
            return False
        # A signal handler (feed validators, redirect aliases at close): one line, no traceback.
        record.msg = f"{record.getMessage()}: the database is unavailable " \
                     f"({first_line(record.exc_info[1])})"
        record.args, record.exc_info, record.exc_text = None, None, None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class DatabaseGuard:
    def __init__(self, stats):
        self.stats = stats
        self.filter = _DropOutageTracebacks()

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        return ext

    def spider_opened(self, spider=None):
        for name in (SCRAPER_LOGGER, SIGNAL_LOGGER):
            logging.getLogger(name).addFilter(self.filter)

    def item_error(self, item, response=None, spider=None, failure=None):
        exc = getattr(failure, "value", None)
        if not is_outage(exc):
            return
        outlet = getattr(item, "outlet", None)
        count_outage(self.stats, outlet, exc)
        url = getattr(item, "canonical_url", None) or getattr(item, "url", None) or "?"
        log.warning("outlet %s: article %s not stored, the database is unavailable (%s); the "
                    "next crawl fetches it again", outlet, url, first_line(exc))
