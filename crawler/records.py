"""What a crawl remembers besides articles: listing validators and per-URL outcomes.

The spider and the pipelines announce them with two signals of this module, the way Scrapy's own
components announce what happened (``item_dropped``, ``response_received``); the
:class:`CrawlRecords` extension writes them through ``storage.crawlstate``. So the item
pipelines see articles only (``crawler.items.ArticleItem``).

- ``url_failed(outlet, urls, outcome, http_status, transient, retry_in_s)``: a URL that gave no
  article. Written at once: a permanent failure (404, not HTML, a listing page) is not requested
  again for ``NEWSMON_FAILED_RETRY_DAYS``; a transient one is retried on the next crawl (or after
  ``retry_in_s``, a server's Retry-After).
- ``listing_fetched(state)``: a feed, sitemap or section page answered (``state``: url, outlet,
  listing_kind, status, etag, last_modified, item_count, newest_item_at). Validators for the
  next conditional GET are written only when the crawl finishes normally: a killed crawl must not
  leave a 304 in front of articles it never fetched. With a shared frontier they are written at
  once: there a feed's validators travel in the queued request, and the frontier forgets
  them for outlets whose requests it could not queue (``crawler/frontier.py``).
  Nor are they written for an outlet that lost an article to the database in this crawl
  (``error/database``): a 304 next time would hide that article for good.

- ``article_links_listed(urls)``: the article URLs a listing is about to request, so that
  ``SeenUrlMiddleware`` checks them against the store in one query instead of one per request.
- ``new_articles_listed(count)``: sent by ``SeenUrlMiddleware`` when such a listing holds URLs
  that are neither stored nor failed, so the extract pipeline starts its workers while the
  other listings and the pages download.

A database outage while writing costs that record only: one counted WARNING line
(``error/database``), and the crawl goes on.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from scrapy import signals

from crawler import stats as counters
from crawler.dbguard import count_outage, first_line, is_outage
from crawler.urls import clean_url
from storage import crawlstate
from storage.engine import shared_sessionmaker

log = logging.getLogger(__name__)

url_failed = object()
listing_fetched = object()
article_links_listed = object()
new_articles_listed = object()


class CrawlRecords:
    def __init__(self, db_url: str | None, stats, failed_retry_days: float = 7.0,
                 shared_frontier: bool = False):
        self.sessions = shared_sessionmaker(db_url)
        self.stats = stats
        self.failed_retry = timedelta(days=failed_retry_days)
        self.save_now = shared_frontier
        self.feed_states: list[dict] = []

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        ext = cls(s.get("NEWSMON_DATABASE_URL"), crawler.stats,
                  s.getfloat("NEWSMON_FAILED_RETRY_DAYS", 7.0), bool(s.get("NEWSMON_FRONTIER_URL")))
        crawler.signals.connect(ext.record_outcome, signal=url_failed)
        crawler.signals.connect(ext.record_listing, signal=listing_fetched)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def record_outcome(self, outlet: str | None, urls: list[str], outcome: str,
                       http_status: int | None = None, transient: bool = False,
                       retry_in_s: float | None = None, **_):
        retry_in = None if transient else self.failed_retry
        if transient and retry_in_s:
            retry_in = timedelta(seconds=retry_in_s)
        try:
            with self.sessions() as session:
                for url in dict.fromkeys(clean_url(u) or u for u in urls):
                    crawlstate.record_outcome(session, url, outlet, outcome, http_status,
                                              retry_in, transient)
                session.commit()
        except Exception as exc:
            if not is_outage(exc):
                raise
            count_outage(self.stats, outlet, exc)
            log.warning("outlet %s: outcome %s of %s not recorded, the database is unavailable "
                        "(%s)", outlet, outcome, ", ".join(urls), first_line(exc))

    def record_listing(self, state: dict, **_):
        self.feed_states.append(state)
        if self.save_now:
            self.save_feed_states()

    def spider_closed(self, spider, reason):
        if self.save_now:
            return  # saved as they came (the frontier forgets those it lost requests of)
        if reason != "finished":
            log.warning("crawl ended (%s): feed validators not saved, next crawl refetches", reason)
            return
        lost = {s["outlet"] for s in self.feed_states
                if self.stats.get_value(f"{counters.PREFIX}{s['outlet']}/error/database")}
        if lost:
            log.warning("outlets %s lost articles to the database: their feed validators are not "
                        "saved, so the next crawl reads their feeds in full", ", ".join(sorted(lost)))
            self.feed_states = [s for s in self.feed_states if s["outlet"] not in lost]
        self.save_feed_states()

    def save_feed_states(self):
        with self.sessions() as session:
            for s in self.feed_states:
                crawlstate.save_feed_state(session, s["url"], s["outlet"], s["listing_kind"],
                                           s["status"], s["etag"], s["last_modified"],
                                           s["item_count"], s["newest_item_at"])
            session.commit()
        self.feed_states.clear()
