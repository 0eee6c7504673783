"""Downloader middlewares: never request a stored URL, fetch listings conditionally, and count
redirect loops.

They read storage through ``storage.crawlstate`` query functions (no SQL here) and count through
``crawler.stats``.
"""
from __future__ import annotations

import logging
from urllib.parse import urljoin

from scrapy import signals
from scrapy.exceptions import IgnoreRequest

from crawler import stats as counters
from pipelines.urls import clean_url
from storage import crawlstate
from storage.engine import shared_sessionmaker

log = logging.getLogger(__name__)

LISTING_KINDS = ("feed", "sitemap", "section")


class SkipRequest(IgnoreRequest):
    """A request newsmon decided not to make (already stored, failed recently, redirect loop)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class SeenUrlMiddleware:
    """Drops an article request whose URL is already stored (or failed for good recently) before
    it reaches robots.txt or the network. One indexed lookup per request."""

    def __init__(self, db_url, stats):
        self.sessions = shared_sessionmaker(db_url)
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("NEWSMON_DATABASE_URL"), crawler.stats)

    def process_request(self, request):
        if request.meta.get("kind") != "article":
            return None
        url = clean_url(request.url) or request.url
        with self.sessions() as session:
            reason = crawlstate.is_known_url(session, url)
        if reason is None:
            return None
        outlet = request.meta.get("outlet")
        counters.inc(self.stats, outlet, "seen" if reason == "stored" else "skipped_failed")
        raise SkipRequest(reason)


class ConditionalGetMiddleware:
    """Sends If-None-Match / If-Modified-Since on feeds, sitemaps and section pages, from the
    validators stored per URL; a 304 reaches the spider, which then parses nothing."""

    def __init__(self, db_url):
        with shared_sessionmaker(db_url)() as session:
            self.validators = crawlstate.feed_validators(session)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("NEWSMON_DATABASE_URL"))

    def process_request(self, request):
        if request.meta.get("kind") not in LISTING_KINDS or request.meta.get("unconditional"):
            return None
        etag, last_modified = self.validators.get(request.url, (None, None))
        if etag and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = etag
        if last_modified and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = last_modified
        return None


class RedirectLoopMiddleware:
    """Counts a redirect that points back into its own chain (which Scrapy's dupefilter would
    otherwise drop silently) as ``error/redirect_loop`` of the outlet."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response):
        if response.status not in (301, 302, 303, 307, 308) or b"Location" not in response.headers:
            return response
        location = response.headers[b"Location"].decode("latin-1")
        target = clean_url(urljoin(request.url, location))
        chain = {clean_url(u) for u in request.meta.get("redirect_urls", [])} | {clean_url(request.url)}
        if target in chain:
            log.warning("redirect loop at %s -> %s", request.url, target)
            counters.inc(self.stats, request.meta.get("outlet"), "error/redirect_loop")
            raise SkipRequest("redirect_loop")
        return response
