"""StorePipeline: persists what the crawl produced, through storage functions.

- ``article`` items become rows in ``articles`` (with URLs, topics, story), one commit each, so
  a crawl killed at any moment keeps every article stored before it and stores none twice. A
  copy stored since the dedupe step looked (same URL, or same outlet and text) is not stored
  again: its URLs become aliases of the stored article. The story is decided here, once, in
  the storing transaction (``storage.stories.StoryAssigner``, built from
  ``NEWSMON_STORY_WINDOW_DAYS``, ``NEWSMON_STORY_THRESHOLD`` and ``NEWSMON_EVENT_THRESHOLD``).
- ``outcome`` items remember a URL that gave no article: permanent failures are not requested
  again for ``NEWSMON_FAILED_RETRY_DAYS``; transient ones are retried on the next crawl.
- ``feed_state`` items (validators for conditional GET) are written only when the crawl finishes
  normally: a killed crawl must not leave a 304 in front of articles it never fetched. On a
  shared frontier they are written at once: there a feed's validators travel in the queued
  request, so a feed re-run after a crash asks with the old ones (``crawler/frontier.py``).
"""
from __future__ import annotations

import logging
from datetime import timedelta

from scrapy import signals
from scrapy.exceptions import DropItem
from sqlalchemy.exc import IntegrityError

from crawler import stats as counters
from pipelines.fingerprint import matchable
from crawler.urls import clean_url
from storage import crawlstate
from storage.articles import remember_copy, store_article, stored_copy
from storage.engine import shared_sessionmaker
from storage.stories import StoryAssigner, StoryConfig

log = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, db_url, stats, failed_retry_days: float,
                 story_config: StoryConfig = StoryConfig(), shared_frontier: bool = False):
        self.sessions = shared_sessionmaker(db_url)
        self.stats = stats
        self.failed_retry = timedelta(days=failed_retry_days)
        self.feed_states: list[dict] = []
        # One per crawl process: it keeps the event index of the story window in memory.
        self.stories = StoryAssigner(story_config)
        self.save_feed_state_now = shared_frontier

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        # Read once, here: a configured 0.0 is a threshold like any other.
        config = StoryConfig(s.getfloat("NEWSMON_STORY_WINDOW_DAYS", StoryConfig.window_days),
                             s.getfloat("NEWSMON_STORY_THRESHOLD", StoryConfig.copy_threshold),
                             s.getfloat("NEWSMON_EVENT_THRESHOLD", StoryConfig.event_threshold))
        pipe = cls(s.get("NEWSMON_DATABASE_URL"), crawler.stats,
                   s.getfloat("NEWSMON_FAILED_RETRY_DAYS", 7.0), config,
                   bool(s.get("NEWSMON_FRONTIER_URL")))
        crawler.signals.connect(pipe.spider_closed, signal=signals.spider_closed)
        return pipe

    def process_item(self, item):
        kind = item.get("kind")
        if kind == "article":
            self.store(item)
        elif kind == "outcome":
            self.record_outcome(item)
        elif kind == "feed_state":
            self.feed_states.append(item)
            if self.save_feed_state_now:
                self.save_feed_states()
        return item

    def store(self, item):
        urls = [item["canonical_url"], *item.get("request_urls", ())]
        text_hash = item.get("content_hash") if matchable(item["text"]) else None
        with self.sessions() as session:
            # The dedupe step looked before tagging; a copy may have been stored since: the same
            # page fetched at once under its AMP and its main URL. Checked again here, where this
            # process stores one article at a time, and its URLs kept as aliases, so that the
            # next crawl requests neither.
            existing = stored_copy(session, item["outlet"], urls, text_hash)
            if existing is None:
                try:
                    article = store_article(session, item, assigner=self.stories)
                    session.commit()
                except IntegrityError:  # another crawl process stored it a moment ago
                    session.rollback()
                    existing = stored_copy(session, item["outlet"], urls)
                    if existing is None:
                        counters.inc(self.stats, item["outlet"], "duplicate")
                        raise DropItem(f"stored concurrently: {item['canonical_url']}") from None
            if existing is not None:
                remember_copy(session, existing, urls)
                session.commit()
                counters.inc(self.stats, item["outlet"], "duplicate")
                raise DropItem(f"already stored as article {existing}: {item['canonical_url']}")
        item["article_id"], item["story_id"] = article.id, article.story_id
        counters.inc(self.stats, item["outlet"], "new")
        if article.assignment is not None and article.assignment.joined:
            counters.inc(self.stats, item["outlet"], "joined_story")

    def record_outcome(self, item):
        retry_in = None if item["transient"] else self.failed_retry
        if item["transient"] and item.get("retry_in_s"):
            retry_in = timedelta(seconds=item["retry_in_s"])
        with self.sessions() as session:
            for url in dict.fromkeys(clean_url(u) or u for u in item["urls"]):
                crawlstate.record_outcome(session, url, item["outlet"], item["outcome"],
                                          item.get("http_status"), retry_in, item["transient"])
            session.commit()

    def spider_closed(self, spider, reason):
        if self.save_feed_state_now:
            return  # saved as they came
        if reason != "finished":
            log.warning("crawl ended (%s): feed validators not saved, next crawl refetches", reason)
            return
        self.save_feed_states()

    def save_feed_states(self):
        with self.sessions() as session:
            for s in self.feed_states:
                crawlstate.save_feed_state(session, s["url"], s["outlet"], s["listing_kind"],
                                           s["status"], s["etag"], s["last_modified"],
                                           s["item_count"], s["newest_item_at"])
            session.commit()
        self.feed_states.clear()
