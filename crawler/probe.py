"""`newsmon outlets check --probe`: fetch each feed and sitemap of an outlet once and say what it
gave. A one-shot health check, not a crawl: the standard library's urllib fetches (one request per
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

from crawler.discovery import parse_feed, parse_sitemap
from crawler.outlets import Outlet
from crawler.settings import USER_AGENT

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


def probe_url(outlet_id: str, url: str, kind: str, timeout: float = 15) -> ProbeResult:
    parts = urlsplit(url)
    robots = _robots(f"{parts.scheme}://{parts.netloc}", timeout)
    if robots is not None and not robots.can_fetch(url, USER_AGENT):
        return ProbeResult(outlet_id, url, kind, "disallowed by robots.txt")
    try:
        status, body = _get(url, timeout)
    except urllib.error.HTTPError as exc:
        return ProbeResult(outlet_id, url, kind, f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return ProbeResult(outlet_id, url, kind, f"unreachable ({reason})")
    listing = (parse_feed if kind == "feed" else parse_sitemap)(body, url)
    dates = [link.published for link in listing.links if link.published]
    return ProbeResult(outlet_id, url, kind, f"HTTP {status}", len(listing.links),
                       max(dates) if dates else None, listing.malformed)


def probe_outlet(outlet: Outlet, timeout: float = 15) -> list[ProbeResult]:
    return ([probe_url(outlet.id, u, "feed", timeout) for u in outlet.feeds]
            + [probe_url(outlet.id, u, "sitemap", timeout) for u in outlet.sitemaps])
