"""The one generic spider: discovers article links of every configured outlet and fetches them.

It reads feeds, sitemaps and section pages (following section links one level), follows only
links that look like articles of the outlet, skips items older than the outlet's window, and hands
each fetched page to the item pipelines as a ``crawler.items.ArticleItem``. Listing validators and
failures are announced through the signals of ``crawler.records`` (which stores them) and
counted per outlet; nothing a site sends stops the crawl.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import scrapy
from scrapy import signals
from scrapy.http import TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.exceptions import IgnoreRequest

from crawler import records
from crawler import stats as counters
from crawler.dbguard import first_line, is_outage
from crawler.discovery import Link, is_html_page, parse_feed, parse_sitemap
from crawler.failures import download_failure_kind
from crawler.items import ArticleItem
from crawler.middlewares import HostUnreachable, SkipRequest, retry_after_seconds
from crawler.outlets import Outlet
from crawler.progress import PendingRequests
from crawler.urls import clean_url, same_site

log = logging.getLogger(__name__)

HTML_TYPES = (b"text/html", b"application/xhtml+xml")
# Links that are never articles, whatever the outlet's pattern says.
NON_ARTICLE_PATHS = (r"/(tag|tags|author|authors|category|categoria|categories|topics?|search|"
                     r"buscador|about|contact|contacto|login|user|page)/")


class OutletSpider(scrapy.Spider):
    name = "outlets"

    def __init__(self, outlets: list[Outlet], cutoffs: dict[str, datetime] | None = None,
                 retries: dict[str, list[str]] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.outlets = {o.id: o for o in outlets}
        self.cutoffs = cutoffs or {}
        self.retries = retries or {}
        # (title, date, author) listings gave each discovered article's URL, the first known of
        # each kept: the
        # first listing to name a URL makes its request (the rest are duplicates), and a
        # section page gives no date where the feed gives the minute (the stored time depended
        # on which listing answered first: 30 of 180 articles in two crawls of one farm).
        self.listed: dict[str, tuple[str | None, datetime | None, str | None]] = {}
        self.links = LinkExtractor(deny=NON_ARTICLE_PATHS, unique=True)
        self.pending = PendingRequests(outlets)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Bound methods of an object the spider keeps: signals hold only weak references.
        crawler.signals.connect(spider.pending.scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(spider.pending.dropped, signal=signals.request_dropped)
        return spider

    async def start(self):
        for outlet in self.outlets.values():
            for url in outlet.sitemaps:
                yield self.listing_request(outlet.id, url, "sitemap")
            for url in outlet.feeds:
                yield self.listing_request(outlet.id, url, "feed")
            sections = outlet.sections or (() if outlet.feeds or outlet.sitemaps else (outlet.home,))
            for url in sections:
                yield self.listing_request(outlet.id, url, "section")
            for url in self.retries.get(outlet.id, ()):
                yield self.article_request(outlet.id, Link(url), "retry")

    # --- requests -----------------------------------------------------------------------------
    def listing_request(self, outlet_id: str, url: str, kind: str) -> scrapy.Request:
        # Listings come first so that every link to an article is known before it is fetched.
        return scrapy.Request(url, callback=self.parse_listing, errback=self.listing_failed,
                              priority=10, meta={"outlet": outlet_id, "kind": kind,
                                                 "handle_httpstatus_list": [304],
                                                 **self.outlets[outlet_id].request_meta()})

    def article_request(self, outlet_id: str, link: Link, via: str) -> scrapy.Request:
        return scrapy.Request(link.url, callback=self.parse_article, errback=self.article_failed,
                              meta={"outlet": outlet_id, "kind": "article", "via": via,
                                    "listed_url": link.url, "listed_title": link.title,
                                    "listed_date": link.published,
                                    **self.outlets[outlet_id].request_meta()})

    # --- listings -----------------------------------------------------------------------------
    def parse_listing(self, response):
        self.pending.finished(response.meta)
        outlet = self.outlets[response.meta["outlet"]]
        kind = response.meta["kind"]
        state = {"outlet": outlet.id, "url": response.request.url,
                 "listing_kind": kind, "status": response.status,
                 "etag": _header(response, b"ETag"),
                 "last_modified": _header(response, b"Last-Modified"),
                 "item_count": None, "newest_item_at": None}
        if response.status == 304:
            counters.inc(self.crawler.stats, outlet.id, "not_modified")
            self.announce(records.listing_fetched, state=state)
            return
        if kind == "section":
            links = self.section_links(outlet, response)
            malformed, is_index = False, False
        else:
            max_size = response.meta.get("download_maxsize",
                                          self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
            if kind == "feed":
                listing = parse_feed(response.body, response.url, _languages(outlet), max_size)
            else:
                listing = parse_sitemap(response.body, response.url, max_size)
            links, malformed, is_index = listing.links, listing.malformed, listing.is_index
            if not links and is_html_page(response.body):
                # a web page named as a feed or a sitemap: its links are read as a section
                # page's, and the user hears where to put it
                links, malformed = self.section_links(outlet, response), False
                counters.inc(self.crawler.stats, outlet.id, f"error/{kind}_is_html")
                log.warning("outlet %s: %s %s is a web page, not a %s: read its links as a section "
                            "page's; list it under sections: in the outlets file (`newsmon outlets "
                            "check --probe` looks for the outlet's feeds)", outlet.id, kind,
                            response.url, kind)
            if listing.too_large:
                counters.inc(self.crawler.stats, outlet.id, f"error/{kind}_too_large")
                log.warning("%s %s unpacks to more than %d bytes: not read", kind, response.url,
                            max_size)
        if malformed:
            counters.inc(self.crawler.stats, outlet.id, f"error/{kind}_malformed")
            log.warning("malformed %s %s: kept the %d items that parsed", kind, response.url,
                        len(links))
        dates = [link.published for link in links if link.published]
        state.update(item_count=len(links), newest_item_at=max(dates) if dates else None)
        self.announce(records.listing_fetched, state=state)
        if is_index:
            for link in links:
                yield self.listing_request(outlet.id, link.url, "sitemap")
            return
        cutoff = self.cutoffs.get(outlet.id)
        now = datetime.now(timezone.utc)
        wanted = []
        for link in links:
            if kind == "sitemap" and not outlet.is_article_path(link.url):
                continue
            # A future date is a publisher's mistake, not a reason to skip the article.
            if cutoff and link.published and cutoff > link.published and link.published < now:
                counters.inc(self.crawler.stats, outlet.id, "too_old")
                continue
            if link.url not in self.listed:
                counters.inc(self.crawler.stats, outlet.id, "discovered")
            title, published, author = self.listed.get(link.url, (None, None, None))
            self.listed[link.url] = (title or link.title, published or link.published,
                                     author or link.author)
            wanted.append(link)
        requests = [self.article_request(outlet.id, link, kind) for link in wanted]
        if requests:
            self.announce(records.article_links_listed, urls=[r.url for r in requests])
        yield from requests

    def section_links(self, outlet: Outlet, response) -> list[Link]:
        if not isinstance(response, TextResponse):
            return []
        found = []
        for link in self.links.extract_links(response):
            url = clean_url(link.url)
            if url and same_site(url, response.url) and outlet.is_article_path(url):
                found.append(Link(url, None, link.text.strip() or None))
        return found

    def listing_failed(self, failure):
        request = failure.request
        self.pending.finished(request.meta)
        outlet = request.meta.get("outlet")
        kind, status = _classify(failure)
        counters.inc(self.crawler.stats, outlet, f"error/{request.meta['kind']}_{kind}")
        # An unreachable host was logged once, with its outlet, where it was found dead.
        level = logging.INFO if failure.check(HostUnreachable) else logging.WARNING
        log.log(level, "outlet %s: %s %s failed: %s", outlet, request.meta["kind"], request.url,
                kind)
        self.announce(records.listing_fetched, state={
            "outlet": outlet, "url": request.url, "listing_kind": request.meta["kind"],
            "status": status or 0, "etag": None, "last_modified": None, "item_count": None,
            "newest_item_at": None})

    # --- articles -----------------------------------------------------------------------------
    def parse_article(self, response):
        meta = response.meta
        self.pending.finished(meta)
        urls = [*meta.get("redirect_urls", []), response.url]
        content_type = (response.headers.get(b"Content-Type") or b"").lower()
        looks_html = (any(t in content_type for t in HTML_TYPES)
                      or (not content_type and response.body.lstrip()[:1] == b"<"))
        if not looks_html or response.body[:5] == b"%PDF-":
            counters.inc(self.crawler.stats, meta["outlet"], "error/non_html")
            log.warning("not HTML (%s): %s", content_type.decode("latin-1") or "no type",
                        response.url)
            self.announce(records.url_failed, outlet=meta["outlet"], urls=urls,
                          outcome="non_html", http_status=response.status, transient=False)
            return
        title, published, author = self.listed.get(meta.get("listed_url"), (None, None, None))
        yield ArticleItem(outlet=meta["outlet"], url=response.url, request_urls=urls,
                          body=response.body, encoding=_charset(content_type),
                          http_status=response.status, via=meta.get("via"),
                          listed_title=meta.get("listed_title") or title,
                          listed_date=meta.get("listed_date") or published,
                          listed_author=author,
                          outlet_language=self.outlets[meta["outlet"]].language)

    def article_failed(self, failure):
        request = failure.request
        meta = request.meta
        self.pending.finished(meta)
        if isinstance(failure.value, SkipRequest):
            return  # counted where it was decided
        kind, status = _classify(failure)
        if kind == "robots":
            counters.inc(self.crawler.stats, meta.get("outlet"), "robots_disallowed")
            return
        if kind == "database":  # the seen-URL lookup failed: not the URL's fault, nothing kept
            counters.inc(self.crawler.stats, meta.get("outlet"), "error/database")
            log.warning("outlet %s: article %s not fetched, the database is unavailable (%s)",
                        meta.get("outlet"), request.url, first_line(failure.value))
            return
        counters.inc(self.crawler.stats, meta.get("outlet"), f"error/{kind}")
        level = logging.INFO if failure.check(HostUnreachable) else logging.WARNING
        log.log(level, "outlet %s: article %s failed: %s", meta.get("outlet"), request.url, kind)
        urls = [*meta.get("redirect_urls", []), request.url]
        retry_in_s = None
        if failure.check(HttpError):  # a server that named its time is asked again only then
            retry_in_s = retry_after_seconds(failure.value.response.headers.get(b"Retry-After"))
        self.announce(records.url_failed, outlet=meta.get("outlet"), urls=urls, outcome=kind,
                      http_status=status, transient=kind in TRANSIENT, retry_in_s=retry_in_s)

    def announce(self, signal, **kwargs) -> None:
        """Send one of ``crawler.records``' signals (its extension writes what it says)."""
        self.crawler.signals.send_catch_log(signal, **kwargs)


TRANSIENT = {"http_5xx", "http_429", "dns", "refused", "timeout", "tls", "connection",
             "http_other"}


def _classify(failure) -> tuple[str, int | None]:
    """(kind of failure, HTTP status or None) for an errback's failure."""
    if failure.check(HttpError):
        status = failure.value.response.status
        if status in (404, 410):
            return f"http_{status}", status
        if status == 429:
            return "http_429", status
        if status >= 500:
            return "http_5xx", status
        if 400 <= status < 500:
            return "http_4xx", status
        return "http_other", status
    if failure.check(SkipRequest):
        return failure.value.reason, None
    if failure.check(HostUnreachable):
        return failure.value.kind, None
    if is_outage(failure.value):
        return "database", None
    if failure.check(IgnoreRequest):
        message = str(failure.value).lower()
        if "robots" in message:
            return "robots", None
        if "redirect" in message:
            return "redirect_loop", None
        return "ignored", None
    return download_failure_kind(failure.value) or "other", None


def _languages(outlet: Outlet) -> list[str]:
    """Languages to read the outlet's dates in: its own, and English (RFC 822 names)."""
    own = outlet.language.split("-")[0].lower()
    return [own] if own == "en" else [own, "en"]


def _header(response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _charset(content_type: bytes) -> str | None:
    for part in content_type.split(b";")[1:]:
        key, _, value = part.strip().partition(b"=")
        if key.strip() == b"charset" and value:
            return value.strip(b"\"' ").decode("latin-1")
    return None


def window_cutoff(last_crawled: datetime | None, max_age_days: float) -> datetime:
    """Items dated before this are not followed: the window before the outlet's last crawl (or
    before now, on its first crawl), so a pause in crawling loses nothing."""
    start = last_crawled or datetime.now(timezone.utc)
    return start - timedelta(days=max_age_days)
