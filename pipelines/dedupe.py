"""DedupePipeline: an article already stored is not stored again.

First line of defence is before the request (``crawler.middlewares.SeenUrlMiddleware``); this step
catches what only the page reveals: the same canonical URL reached under another URL (AMP copy,
redirect, tracking link), whose URLs are then remembered as aliases of the stored article.
"""
from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from crawler import stats as counters
from pipelines.fingerprint import content_fingerprint
from storage import crawlstate
from storage.engine import shared_sessionmaker

log = logging.getLogger(__name__)


class DedupePipeline:
    def __init__(self, db_url, stats):
        self.sessions = shared_sessionmaker(db_url)
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("NEWSMON_DATABASE_URL"), crawler.stats)

    def process_item(self, item):
        if item.get("kind") != "article":
            return item
        urls = [item["canonical_url"], *item["request_urls"]]
        with self.sessions() as session:
            existing = crawlstate.article_id_for_urls(session, urls)
            if existing is not None:
                crawlstate.add_article_urls(session, existing, {u: "alias" for u in urls})
                session.commit()
        if existing is not None:
            counters.inc(self.stats, item["outlet"], "duplicate")
            raise DropItem(f"already stored as article {existing}: {item['canonical_url']}")
        item["content_hash"] = content_fingerprint(item["text"])
        return item
