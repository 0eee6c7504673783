"""The frontier's configuration: its Redis URL checked, the shared database checked, a client
that answers, and the Scrapy settings that put a crawl's scheduler and dupefilter in Redis
(``crawler.frontier``'s docstring says what the frontier is; split out of it to keep each
module small). Imports redis only: the crawl command imports this when ``--frontier`` is used.
"""
from __future__ import annotations

import os
from urllib.parse import urlsplit

import redis

from crawler.frontierstore import QUEUE_KEY, SEEN_KEY
from storage.settings import env_number

__all__ = ["REDIS_PARAMS", "TIMINGS", "FrontierError", "check_frontier_url",
           "check_shared_database", "connect", "frontier_settings"]

#: The crawl's Redis clients (scrapy-redis's scheduler, the dupefilter): every call runs on the
#: reactor thread, so a Redis behind a network partition must not hold it for scrapy-redis's
#: 30 s (or, the dupefilter's client before, for ever) per call.
REDIS_PARAMS = {"socket_timeout": 10, "socket_connect_timeout": 5, "retry_on_timeout": True}
TIMINGS = ("NEWSMON_FRONTIER_LEASE_S", "NEWSMON_FRONTIER_ROUND_S", "NEWSMON_FRONTIER_SEEN_DAYS",
           "NEWSMON_FRONTIER_WAIT_S")


class FrontierError(ValueError):
    """The frontier cannot be used (bad URL, Redis unreachable, SQLite store)."""


def check_frontier_url(url: str) -> str:
    """The URL if it names a Redis database (``redis://HOST:PORT/DB``), else FrontierError."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
        raise FrontierError(f"--frontier {url!r}: use a Redis URL such as "
                            "redis://127.0.0.1:6379/0")
    return url


def check_shared_database(db_url: str) -> None:
    """Several workers write one database: SQLite (one file, one machine) cannot be it."""
    if db_url.startswith("sqlite"):
        raise FrontierError("several crawl workers need PostgreSQL: pass --db "
                            "postgresql+psycopg://USER@HOST/DB (SQLite is for one process)")


def connect(url: str) -> redis.Redis:
    """A client for the frontier's Redis, checked with PING; FrontierError if unreachable."""
    client = redis.Redis.from_url(check_frontier_url(url), socket_timeout=30,
                                  socket_connect_timeout=10, retry_on_timeout=True)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise FrontierError(f"cannot reach the frontier at {url} ({exc}): start Redis or fix "
                            "--frontier / NEWSMON_FRONTIER_URL") from None
    return client


def frontier_settings(url: str, mode: str) -> dict:
    """Scrapy settings that put the scheduler and dupefilter in Redis. `mode`: ``drain`` (stop
    when queue and leases are empty), ``worker`` (run until stopped). The frontier's timings
    may also come from the environment (same names), so that all workers can share them."""
    from crawler import settings as defaults

    # A mistyped number is one line naming the variable (SettingError), not a traceback.
    timings = {name: env_number(name, getattr(defaults, name), minimum=0) for name in TIMINGS
               if os.environ.get(name, "").strip()}
    return {**timings, "NEWSMON_FRONTIER_URL": url, "NEWSMON_FRONTIER_MODE": mode,
            "REDIS_URL": url, "REDIS_PARAMS": REDIS_PARAMS,
            "SCHEDULER": "crawler.frontier.FrontierScheduler",
            "SCHEDULER_QUEUE_KEY": QUEUE_KEY,
            "DUPEFILTER_CLASS": "crawler.frontierstore.ExpiringDupeFilter",
            "SCHEDULER_DUPEFILTER_KEY": SEEN_KEY,
            # scrapy-redis's default (False) deletes the shared queue and fingerprints when any
            # one worker closes.
            "SCHEDULER_PERSIST": True}
