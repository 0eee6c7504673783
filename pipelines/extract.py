"""ExtractPipeline: turns a fetched page into article fields with trafilatura, off the reactor.

trafilatura is CPU-bound, so pages go to the shared worker pool (``pipelines.workers``): both
cores extract while the reactor keeps downloading (DESIGN.md measured ~1.9x against inline
extraction; threads gave nothing because of the GIL, and trafilatura's shared lxml parser is not
thread-safe). Only ``(body, url, encoding)`` crosses the process boundary.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from crawler import stats as counters
from crawler.discovery import parse_date
from pipelines.extraction import extract_worker
from crawler.urls import canonical_url
from pipelines.workers import pool_for

log = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, pool, stats):
        self.pool = pool
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(pool_for(crawler), crawler.stats)

    async def process_item(self, item):
        if item.get("kind") != "article":
            return item
        try:
            fields = await self.pool.run(extract_worker, item.pop("body"), item["url"],
                                         item.get("encoding"))
        except Exception as exc:  # a page that crashes the extractor must not stop the crawl
            log.warning("extraction failed for %s: %r", item["url"], exc)
            fields = None
        if fields and fields.get("not_article"):
            # A listing (section, tag, index page) reached through a feed item, a sitemap entry
            # or a loose article pattern: remembered, so it is not fetched again, never stored.
            counters.inc(self.stats, item["outlet"], "error/not_article")
            log.info("not an article (%s page): %s", fields["not_article"], item["url"])
            return self._outcome(item, "not_article")
        if not fields or not (fields.get("text") or "").strip():
            counters.inc(self.stats, item["outlet"], "error/no_article")
            log.warning("no article text found at %s", item["url"])
            return self._outcome(item, "no_article")
        item["canonical_url"] = canonical_url(item["url"], fields.get("canonical_url"))
        item["title"] = fields.get("title") or item.get("listed_title")
        item["author"] = fields.get("author")
        item["text"] = fields["text"]
        item["language"] = fields.get("language") or item.get("outlet_language")
        item["published_at"] = publication_time(item.get("listed_date"), fields.get("date"))
        return item

    @staticmethod
    def _outcome(item, outcome: str) -> dict:
        return {"kind": "outcome", "outlet": item["outlet"], "urls": item["request_urls"],
                "outcome": outcome, "http_status": item.get("http_status"), "transient": False}


def publication_time(listed: datetime | None, extracted: str | None) -> datetime | None:
    """The feed's or sitemap's timestamp when it is plausible (outlets state it to the minute),
    else the page's own date (often only a day)."""
    if listed is not None and listed <= datetime.now(timezone.utc) + timedelta(hours=1):
        return listed
    return parse_date(extracted) or listed
