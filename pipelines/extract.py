"""ExtractPipeline: turns a fetched page into article fields with trafilatura, off the reactor.

trafilatura is CPU-bound, so pages go to a process pool (forkserver, created once per crawl):
both cores extract while the Twisted/asyncio reactor keeps downloading (DESIGN.md measured ~1.9×
against inline extraction; threads gave nothing because of the GIL, and trafilatura's shared lxml
parser is not thread-safe). Only ``(body, url, encoding)`` crosses the process boundary.

Settings: ``NEWSMON_EXTRACT_WORKERS`` (default 2; 0 extracts inline).
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
from datetime import datetime, timedelta, timezone
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from crawler import stats as counters
from crawler.discovery import parse_date
from pipelines.extraction import extract_worker
from pipelines.urls import canonical_url

log = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, workers: int, stats):
        self.workers = workers
        self.stats = stats
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getint("NEWSMON_EXTRACT_WORKERS", 2), crawler.stats)

    def open_spider(self, spider=None):
        if self.workers > 0:
            context = multiprocessing.get_context("forkserver")
            # The fork server imports trafilatura once, so each worker starts warm.
            context.set_forkserver_preload(["pipelines.extraction"])
            self.pool = ProcessPoolExecutor(self.workers, mp_context=context)

    def close_spider(self, spider=None):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    async def process_item(self, item):
        if item.get("kind") != "article":
            return item
        args = (item.pop("body"), item["url"], item.get("encoding"))
        try:
            fields = await self._extract(*args)
        except Exception as exc:  # a page that crashes the extractor must not stop the crawl
            log.warning("extraction failed for %s: %r", item["url"], exc)
            fields = None
        if not fields or not (fields.get("text") or "").strip():
            counters.inc(self.stats, item["outlet"], "error/no_article")
            log.warning("no article text found at %s", item["url"])
            return {"kind": "outcome", "outlet": item["outlet"], "urls": item["request_urls"],
                    "outcome": "no_article", "http_status": item.get("http_status"),
                    "transient": False}
        item["canonical_url"] = canonical_url(item["url"], fields.get("canonical_url"))
        item["title"] = fields.get("title") or item.get("listed_title")
        item["author"] = fields.get("author")
        item["text"] = fields["text"]
        item["language"] = fields.get("language") or item.get("outlet_language")
        item["published_at"] = publication_time(item.get("listed_date"), fields.get("date"))
        return item

    async def _extract(self, body: bytes, url: str, encoding: str | None):
        if self.pool is None:
            return extract_worker(body, url, encoding)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.pool, extract_worker, body, url, encoding)
        except BrokenProcessPool:
            # A worker died (e.g. a native crash on a hostile page): start a fresh pool and let
            # this page count as unreadable rather than losing the rest of the crawl.
            log.error("extraction worker died on %s; restarting the pool", url)
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.open_spider()
            return None


def publication_time(listed: datetime | None, extracted: str | None) -> datetime | None:
    """The feed's or sitemap's timestamp when it is plausible (outlets state it to the minute),
    else the page's own date (often only a day)."""
    if listed is not None and listed <= datetime.now(timezone.utc) + timedelta(hours=1):
        return listed
    return parse_date(extracted) or listed
