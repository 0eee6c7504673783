"""`newsmon outlets check --probe`: fetch each feed, sitemap and section page of an outlet once and
say what it gave (a section page: how many article links it holds, read as a crawl reads them).
A one-shot health check, not a crawl: the standard library's urllib fetches (one request per
URL, no Scrapy reactor to start), Protego (Scrapy's robots.txt parser) keeps it within robots.txt,
and ``crawler.discovery`` reads what came back exactly as a crawl would.
"""
from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

from protego import Protego

from crawler.discovery import is_html_page, parse_feed, parse_sitemap
from crawler.outlets import Outlet
from crawler.settings import USER_AGENT
from crawler.urls import clean_url, same_site

MAX_BYTES = 8 * 1024 * 1024


@dataclass
class ProbeResult:
    outlet: str
    url: str
    kind: str
    status: str           # HTTP status, or what went wrong
    items: int = 0
    newest: datetime | None = None
    malformed: bool = False
    web_page: bool = False   # a feed or sitemap URL that gives an HTML page


def _get(url: str, timeout: float) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read(MAX_BYTES)
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return response.status, body


@lru_cache(maxsize=256)
def _robots(origin: str, timeout: float) -> Protego | None:
    try:
        _status, body = _get(origin + "/robots.txt", timeout)
    except (urllib.error.URLError, OSError, ValueError):
        return None  # no readable robots.txt: everything is allowed
    return Protego.parse(body.decode("utf-8", "replace"))


def probe_url(outlet: Outlet, url: str, kind: str, timeout: float = 15) -> ProbeResult:
    """Fetch one feed, sitemap or section page (`kind`) of `outlet`; never raises."""
    parts = urlsplit(url)
    robots = _robots(f"{parts.scheme}://{parts.netloc}", timeout)
    if robots is not None and not robots.can_fetch(url, USER_AGENT):
        return ProbeResult(outlet.id, url, kind, "disallowed by robots.txt")
    try:
        status, body = _get(url, timeout)
    except urllib.error.HTTPError as exc:
        return ProbeResult(outlet.id, url, kind, f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return ProbeResult(outlet.id, url, kind, f"unreachable ({reason})")
    if kind == "section":
        return ProbeResult(outlet.id, url, kind, f"HTTP {status}", len(section_links(outlet, url, body)))
    listing = (parse_feed if kind == "feed" else parse_sitemap)(body, url)
    if not listing.links and is_html_page(body):
        return ProbeResult(outlet.id, url, kind, f"HTTP {status}",
                           len(section_links(outlet, url, body)), web_page=True)
    dates = [link.published for link in listing.links if link.published]
    return ProbeResult(outlet.id, url, kind, f"HTTP {status}", len(listing.links),
                       max(dates) if dates else None, listing.malformed)


def section_links(outlet: Outlet, url: str, body: bytes) -> set[str]:
    """The article links of a web page at `url`, as a crawl takes them from a section page: on
    the outlet's site, and matching its ``article_pattern`` when it has one."""
    import lxml.html   # only for a section page

    try:
        page = lxml.html.document_fromstring(body, base_url=url)
    except (ValueError, lxml.etree.ParserError):
        return set()
    page.make_links_absolute(url, handle_failures="discard")
    found = set()
    for anchor in page.iter("a"):
        link = clean_url(anchor.get("href") or "")
        if link and same_site(link, url) and outlet.is_article_path(link):
            found.add(link)
    return found


def probe_outlet(outlet: Outlet, timeout: float = 15) -> list[ProbeResult]:
    return ([probe_url(outlet, u, "feed", timeout) for u in outlet.feeds]
            + [probe_url(outlet, u, "sitemap", timeout) for u in outlet.sitemaps]
            + [probe_url(outlet, u, "section", timeout) for u in outlet.sections])
