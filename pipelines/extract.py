"""ExtractPipeline: a fetched page becomes an article, off the reactor: text and metadata
(trafilatura and newsmon's rules), story signals (content hash, MinHash, event embedding) and
topics, in one call to a worker process (``pipelines.page.analyse``).

trafilatura is CPU-bound, so pages go to the pipeline's worker pool (``pipelines.workers``):
both cores work while the reactor keeps downloading (DESIGN.md measured ~1.9x against inline
extraction; threads gave nothing because of the GIL, and trafilatura's shared lxml parser is not
thread-safe). Only ``(body, url, encoding)`` goes to the worker and the article's fields come
back. The pool belongs to this component: made in ``open_spider``, shut down in
``close_spider``.

The topics file (``NEWSMON_TOPICS_FILE``) is read once per crawl and frozen in a snapshot
(``pipelines.tag``): every stored tag carries the version it was scored with. A page that is no
article (a listing, no text) is dropped and remembered (``crawler.records.url_failed``), so it is
not fetched again.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from scrapy import signals
from scrapy.exceptions import DropItem

from crawler import records
from crawler import stats as counters
from crawler.discovery import parse_date
from crawler.items import ArticleItem
from pipelines import page
from pipelines.tag import snapshot_topics, topics_of_snapshot
from pipelines.workers import WorkerPool
from topics import embed as topic_embed

log = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, crawler, workers: int, topics_file: str | None, events: bool):
        self.crawler = crawler
        self.stats = crawler.stats
        self.workers = workers
        self.snapshot = str(snapshot_topics(topics_file))
        self.topics = topics_of_snapshot(self.snapshot)   # a bad file: the one-line error, now
        self.events = events
        self.pool: WorkerPool | None = None

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        pipeline = cls(crawler, s.getint("NEWSMON_EXTRACT_WORKERS", 2),
                       s.get("NEWSMON_TOPICS_FILE"), s.getbool("NEWSMON_STORY_EVENTS", False))
        crawler.signals.connect(pipeline.new_articles_listed, signal=records.new_articles_listed)
        crawler.signals.connect(pipeline.request_reached_downloader,
                                signal=signals.request_reached_downloader)
        return pipeline

    # The workers start as soon as the crawl knows it has pages for them, so the fork server
    # loads its 1.6 s of modules while the listings and the pages download, not after the first
    # page arrives (articles are fetched after every listing of the crawl): when a listing holds
    # URLs that are not stored yet, or (for a retry or a frontier's request) when such an
    # article reaches the downloader. A crawl that finds nothing new starts no process.
    def new_articles_listed(self, count):
        if self.pool is not None:
            self.pool.warm()

    def request_reached_downloader(self, request, spider=None):
        if self.pool is not None and request.meta.get("kind") == "article":
            self.pool.warm()

    def open_spider(self, spider=None):
        preload = list(page.PRELOAD)
        if self.events or topic_embed.settings(self.topics) is not None:
            preload.append(page.EMBED_PRELOAD)   # one copy of the model, shared by the workers
        self.pool = WorkerPool(self.workers, preload,
                               env={page.SNAPSHOT_VARIABLE: self.snapshot})

    def close_spider(self, spider=None):
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        try:
            fields = await self.pool.run(page.analyse, item.body, item.url, item.encoding,
                                         self.snapshot, self.events)
        except Exception as exc:  # noqa: BLE001 - the pool, not the page: the crawl goes on
            # The pool could not run it (it did not start, or its worker died: a crash on the
            # page or a signal from outside, ``systemctl stop``): the page is fetched again by
            # the next crawl, not remembered as no article (a page that crashes a worker each
            # time is asked less and less often: crawlstate.record_outcome's backoff).
            item.body = None
            counters.inc(self.stats, item.outlet, "error/extraction_failed")
            log.warning("extraction failed for %s (fetched again next crawl): %r", item.url, exc)
            self._failed(item, "extraction_failed", transient=True)
        item.body = None   # the page is not needed any more, and items can wait in queues
        if fields and fields.get("not_article"):
            # A listing (section, tag, index page) reached through a feed item, a sitemap entry
            # or a loose article pattern: remembered, so it is not fetched again, never stored.
            counters.inc(self.stats, item.outlet, "error/not_article")
            log.info("not an article (%s page): %s", fields["not_article"], item.url)
            self._failed(item, "not_article")
        if not fields or not (fields.get("text") or "").strip():
            counters.inc(self.stats, item.outlet, "error/no_article")
            log.warning("no article text found at %s", item.url)
            self._failed(item, "no_article")
        if fields["tag_error"]:
            log.error("tagging failed for %s (stored untagged; `newsmon retag` catches up): %s",
                      item.url, fields["tag_error"])
            counters.inc(self.stats, item.outlet, "error/tagging")
        item.canonical_url = fields["canonical_url"]
        item.title = fields["title"] or item.listed_title
        item.author = fields["author"] or _feed_author(item.listed_author)
        item.text = fields["text"]
        item.language = fields["language"] or item.outlet_language
        item.published_at = publication_time(item.listed_date,
                                             fields.get("published_at") or fields["date"], item.url)
        for name in ("content_hash", "minhash", "event_vector", "event_names", "event_numbers"):
            setattr(item, name, fields[name])
        item.topics = fields["topics"]
        item.topics_version = None if fields["tag_error"] else self.topics.version
        return item

    def _failed(self, item: ArticleItem, outcome: str, transient: bool = False):
        self.crawler.signals.send_catch_log(records.url_failed, outlet=item.outlet,
                                            urls=item.request_urls, outcome=outcome,
                                            http_status=item.http_status, transient=transient)
        raise DropItem(f"{outcome}: {item.url}")


def _feed_author(listed: str | None) -> str | None:
    """The feed item's author (dc:creator) cleaned as a byline, for a page that shows none; the
    cleaning rules load here, not with the crawl (25 ms of a crawl's start-up)."""
    if not listed:
        return None
    from pipelines.authornames import clean_authors

    return "; ".join(clean_authors(listed)) or None


#: How far past the fetch a feed's time may lie (clocks and feeds a little ahead).
LISTED_AHEAD = timedelta(hours=1)
#: How far past the fetch a page's own moment may lie: a day alone is stored at its midnight UTC,
#: which is still "today" up to 14 hours ahead of UTC (Kiribati, UTC+14).
STATED_AHEAD = timedelta(hours=14)


def publication_time(listed: datetime | None, extracted: str | None, url: str | None = None,
                     now: datetime | None = None) -> datetime | None:
    """The feed's or sitemap's timestamp when it is plausible (outlets state it to the minute),
    else the page's own moment (ISO 8601) or day (``YYYY-MM-DD``, stored as its midnight UTC),
    else, when what the feed or page said lies in the future, the date in the URL
    (``/2026/11/30/``) or None. A time after ``now`` (the fetch, UTC) by more than LISTED_AHEAD
    (the feed's) or STATED_AHEAD (the page's) is a scheduled slot or a typo, never stored: a
    tester's crawl stored a feed's 2027-01-01 for a page fetched 2026-12-02, and it led every
    search sorted by date."""
    now = now or datetime.now(timezone.utc)
    if listed is not None and listed <= now + LISTED_AHEAD:
        return listed
    moment = parse_date(extracted)
    if moment is not None and moment <= now + STATED_AHEAD:
        return moment
    if listed is None and moment is None:
        return None
    from pipelines.stateddates import url_day   # rare: the crawl process loads it only then

    day = url_day(url)
    if day is not None and day <= now.date():
        return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    return None
