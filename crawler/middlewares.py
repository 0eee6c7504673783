"""Downloader middlewares: never request a stored URL, fetch listings conditionally, count
redirect loops, retry politely (Retry-After, backoff), stop asking a host found unreachable, and
give robots.txt a download slot of its own.

They read storage through ``storage.crawlstate`` query functions (no SQL here) and count through
``crawler.stats``.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message

from crawler import records
from crawler import stats as counters
from crawler.failures import HOST_KINDS, download_failure_kind
from crawler.urls import clean_url
from storage import crawlstate
from storage.engine import shared_sessionmaker

log = logging.getLogger(__name__)

LISTING_KINDS = ("feed", "sitemap", "section")


class SkipRequest(IgnoreRequest):
    """A request newsmon decided not to make (already stored, failed recently, redirect loop)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class HostUnreachable(IgnoreRequest):
    """A request not made, or given up, because its host did not answer at all in this crawl
    (``kind``: dns, refused, timeout, tls or connection)."""

    def __init__(self, host: str, kind: str):
        super().__init__(f"{host} unreachable ({kind})")
        self.host, self.kind = host, kind


class SeenUrlMiddleware:
    """Drops an article request whose URL is already stored (or failed for good recently) before
    it reaches robots.txt or the network. The URLs a listing is about to request are looked up
    in one query when the spider announces them (``records.article_links_listed``: one query
    per listing instead of one per article, 0.5 ms each by ``bench/seen.py``); a request not
    announced so is looked up alone. An answer serves one request (the dupefilter lets one
    request per URL through); a URL requested again without a fresh answer is looked up alone."""

    #: Answers kept for requests still to come; beyond this many the oldest are dropped (they
    #: are then looked up alone).
    MAX_PREFETCHED = 100_000

    def __init__(self, db_url, stats, signals=None):
        self.sessions = shared_sessionmaker(db_url)
        self.stats = stats
        self.signals = signals
        self.prefetched: dict[str, str | None] = {}

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler.settings.get("NEWSMON_DATABASE_URL"), crawler.stats, crawler.signals)
        crawler.signals.connect(mw.links_listed, signal=records.article_links_listed)
        return mw

    def links_listed(self, urls):
        keys = [clean_url(u) or u for u in urls]
        with self.sessions() as session:
            known = crawlstate.known_urls(session, keys)
        for key in keys:
            self.prefetched[key] = known.get(key)
        new = sum(key not in known for key in set(keys))
        if new and self.signals is not None:
            self.signals.send_catch_log(records.new_articles_listed, count=new)
        while len(self.prefetched) > self.MAX_PREFETCHED:
            del self.prefetched[next(iter(self.prefetched))]

    def process_request(self, request):
        if request.meta.get("kind") != "article":
            return None
        url = clean_url(request.url) or request.url
        if url in self.prefetched:
            reason = self.prefetched.pop(url)
        else:
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
        self.db_url = db_url
        self.validators: dict[str, tuple[str | None, str | None]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler.settings.get("NEWSMON_DATABASE_URL"))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider=None):
        """Read the stored validators once, when the crawl starts (the listings come first)."""
        with shared_sessionmaker(self.db_url)() as session:
            self.validators = crawlstate.feed_validators(session)

    def process_request(self, request):
        if request.meta.get("kind") not in LISTING_KINDS or request.meta.get("unconditional"):
            return None
        etag, last_modified = self.validators.get(request.url, (None, None))
        if etag and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = etag
        if last_modified and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = last_modified
        return None


class RedirectMiddleware:
    """Watches article redirects before Scrapy's RedirectMiddleware (600) follows them:

    - a redirect back into its own chain is counted as ``error/redirect_loop`` (Scrapy's
      dupefilter would otherwise drop it silently);
    - every hop is remembered, and when the crawl closes each source URL whose chain ends at a
      stored article becomes an alias of that article. Without this, a feed's ``/go/123`` link
      whose target was fetched first from the sitemap (so the redirected request was filtered as
      a duplicate) would be requested again on every crawl.
    """

    def __init__(self, db_url, stats):
        self.sessions = shared_sessionmaker(db_url)
        self.stats = stats
        self.hops: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("REDIRECT_ENABLED", True):
            raise NotConfigured("redirects are not followed: there are no hops to watch")
        mw = cls(crawler.settings.get("NEWSMON_DATABASE_URL"), crawler.stats)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def process_response(self, request, response):
        if response.status not in (301, 302, 303, 307, 308) or b"Location" not in response.headers:
            return response
        location = response.headers[b"Location"].decode("latin-1")
        target = clean_url(urljoin(request.url, location))
        source = clean_url(request.url)
        chain = {clean_url(u) for u in request.meta.get("redirect_urls", [])} | {source}
        if target in chain:
            log.warning("redirect loop at %s -> %s", request.url, target)
            counters.inc(self.stats, request.meta.get("outlet"), "error/redirect_loop")
            raise SkipRequest("redirect_loop")
        if request.meta.get("kind") == "article" and source and target:
            self.hops[source] = target
        return response

    def spider_closed(self, spider, reason):
        if self.hops:
            with self.sessions() as session:
                crawlstate.remember_redirects(session, self.hops)
                session.commit()


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class PoliteRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (5xx, 429, timeouts, connection errors), with a pause before each retry:
    the server's ``Retry-After`` when it gives one, else an exponential backoff (1, 2, 4 … s up
    to ``NEWSMON_RETRY_MAX_WAIT``). A server that asks for a longer wait is not retried in this
    crawl; the spider records when the URL may be tried again."""

    def __init__(self, settings, crawler=None):
        super().__init__(settings)
        self.max_wait = settings.getfloat("NEWSMON_RETRY_MAX_WAIT", 30.0)

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler.settings)
        mw.crawler = crawler
        return mw

    async def process_response(self, request, response):
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None:
            wait = min(2.0 ** request.meta.get("retry_times", 0), self.max_wait)
        elif wait > self.max_wait:
            log.warning("%s asks to retry after %.0f s: not in this crawl", request.url, wait)
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await asyncio.sleep(wait)
        return retry


class RobotsTxtSlotMiddleware:
    """Sends a host's first page right after its robots.txt instead of a start delay later.

    Scrapy spaces the requests of one download slot (a host) by the slot's delay, and
    RobotsTxtMiddleware's robots.txt request counts as the slot's first: with AutoThrottle's
    start delay (``AUTOTHROTTLE_START_DELAY``, 0.5 s, a guess made before any answer was timed)
    the first feed waited that long after robots.txt, a third of the wall time of a crawl that
    finds nothing new. Here robots.txt goes in a download slot of its own, so the host's slot
    starts with its first page. The pace a host sees is otherwise unchanged: that page leaves
    only once robots.txt has answered (RobotsTxtMiddleware holds every request of the host until
    then), so the host never has both at once, and each later request is spaced as before. A
    configured delay is kept whole: with ``DOWNLOAD_DELAY`` or an outlet's ``download_delay``
    (``DOWNLOAD_SLOTS``), robots.txt stays in the host's slot and that delay separates it from
    the first page too.
    """

    def __init__(self, settings):
        self.paced_everywhere = settings.getfloat("DOWNLOAD_DELAY") > 0
        self.paced_hosts = {host for host, slot in settings.getdict("DOWNLOAD_SLOTS").items()
                            if slot.get("delay")}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings)

    def process_request(self, request):
        if (_is_robots_request(request) and not self.paced_everywhere
                and "download_slot" not in request.meta):
            host = urlparse_cached(request).hostname or ""
            if host not in self.paced_hosts:
                request.meta["download_slot"] = f"{host} robots.txt"
        return None


class UnreachableHostMiddleware:
    """Asks a dead host once per crawl, and keeps its failures out of Scrapy's error log.

    Sits after RobotsTxtMiddleware (100) and before the retry middleware (550), so it sees a
    request after robots.txt let it through and a failure after Scrapy gave up retrying it.
    A host is dead when a download failed below HTTP (no DNS answer, connection refused, TLS
    handshake failed) or when it never sent a byte before a timeout or a dropped connection
    (a host that answered before and times out once has a slow page, not a dead host). Its
    failure is one WARNING line naming the outlet and the URL; every later request to it fails
    at once with :class:`HostUnreachable` of the same kind, which the spider counts per outlet.

    Failures of Scrapy's own robots.txt request become :class:`HostUnreachable` (an
    ``IgnoreRequest``) too: RobotsTxtMiddleware logs any other exception at ERROR with its
    traceback (scrapy/downloadermiddlewares/robotstxt.py), once per unreachable host. That
    request carries no outlet, so it gets the outlet's own timeout here.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.dead: dict[str, str] = {}       # host:port -> kind of failure
        self.answered: set[str] = set()      # host:port that sent a response in this crawl
        self._hosts: dict[str, object] | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _outlet_of_host(self, netloc: str):
        if self._hosts is None:  # built once: every configured URL's host:port -> its outlet
            self._hosts = {}
            for outlet in getattr(self.crawler.spider, "outlets", {}).values():
                for url in (*outlet.feeds, *outlet.sitemaps, *outlet.sections, outlet.home):
                    if url:
                        self._hosts.setdefault(urlsplit(url).netloc, outlet)
        return self._hosts.get(netloc)

    def _outlet_id(self, request, netloc: str) -> str:
        outlet = self._outlet_of_host(netloc)
        return request.meta.get("outlet") or getattr(outlet, "id", None) or "?"

    def process_request(self, request):
        netloc = urlparse_cached(request).netloc
        kind = self.dead.get(netloc)
        if kind:
            log.info("%s not requested: %s is unreachable (%s)", request.url, netloc, kind)
            raise HostUnreachable(netloc, kind)
        if _is_robots_request(request):  # DownloadTimeoutMiddleware gave it the global one
            timeout = getattr(self._outlet_of_host(netloc), "timeout", None)
            if timeout:
                request.meta["download_timeout"] = timeout
        return None

    def process_response(self, request, response):
        self.answered.add(urlparse_cached(request).netloc)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, IgnoreRequest):
            return None
        kind = download_failure_kind(exception) or "other"
        netloc = urlparse_cached(request).netloc
        if kind in HOST_KINDS and not (kind in ("timeout", "connection")
                                       and netloc in self.answered):
            if netloc not in self.dead:
                self.dead[netloc] = kind
                log.warning("outlet %s: %s unreachable (%s: %s); its other URLs are not "
                            "requested in this crawl", self._outlet_id(request, netloc),
                            request.url, kind, _first_line(exception))
            raise HostUnreachable(netloc, kind)
        if _is_robots_request(request):
            log.warning("outlet %s: %s failed (%s: %s); crawling as if it allowed everything",
                        self._outlet_id(request, netloc), request.url, kind,
                        _first_line(exception))
            raise IgnoreRequest(f"robots.txt failed ({kind})")
        return None


def _is_robots_request(request) -> bool:
    return bool(request.meta.get("dont_obey_robotstxt")) and \
        urlparse_cached(request).path == "/robots.txt"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
