"""Reading the places that list articles: RSS/Atom feeds, sitemaps (news sitemaps and sitemap
indexes included) and section pages. Pure functions over bytes; no Scrapy reactor needed.

- Feeds: feedparser, which reads RSS 0.9x–2.0 and Atom, salvages the items of a truncated or
  malformed feed (its loose parser), and does not expand XML entities (no entity bomb).
- Sitemaps: Scrapy's own ``Sitemap`` (lxml iterparse with ``resolve_entities=False`` and
  ``recover=True``), extended to keep the Google News ``publication_date`` and ``title``.
- Dates: ``email.utils`` / ``datetime.fromisoformat`` first (RSS and W3C dates), then dateparser
  for whatever else outlets write.
"""
from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import feedparser
from scrapy.utils.sitemap import Sitemap

from pipelines.urls import clean_url

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Link:
    """An article candidate found in a feed, sitemap or section page."""

    url: str
    published: datetime | None = None
    title: str | None = None


@dataclass
class Listing:
    links: list[Link]
    malformed: bool = False
    is_index: bool = False  # a sitemap index: the links are further sitemaps


def parse_date(value: str | None) -> datetime | None:
    """A timezone-aware UTC datetime from an RSS, W3C/ISO or free-form date, or None."""
    if not value or not value.strip():
        return None
    value = value.strip()
    dt = None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            import dateparser  # slow to import; only for the odd format

            dt = dateparser.parse(value, settings={"RETURN_AS_TIMEZONE_AWARE": True,
                                                   "TO_TIMEZONE": "UTC"})
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def parse_feed(body: bytes, base_url: str) -> Listing:
    parsed = feedparser.parse(body, response_headers={"content-location": base_url},
                              sanitize_html=False, resolve_relative_uris=False)
    links = []
    for entry in parsed.entries:
        url = clean_url(entry.get("link") or _guid_url(entry), base=base_url)
        if not url:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = (datetime.fromtimestamp(calendar.timegm(stamp), timezone.utc)
                     if stamp else None)
        links.append(Link(url, published, (entry.get("title") or "").strip() or None))
    # bozo is set for recoverable oddities too (wrong declared charset); malformed means the
    # XML itself broke, which is what an outlet's editors should hear about.
    exc = parsed.get("bozo_exception")
    malformed = bool(parsed.bozo) and exc is not None and "SAXParseException" in type(exc).__name__
    if not parsed.entries and parsed.bozo:
        malformed = True
    return Listing(links, malformed=malformed)


def _guid_url(entry) -> str | None:
    guid = entry.get("id")
    return guid if guid and guid.startswith(("http://", "https://")) else None


class NewsSitemap(Sitemap):
    """Scrapy's Sitemap that also keeps ``news:publication_date`` and ``news:title``."""

    __slots__ = ()

    def _process_sitemap_element(self, elem):
        news = {}
        for child in elem:
            if self._get_tag_name(child) == "news":
                for sub in child:
                    name = self._get_tag_name(sub)
                    if name in ("publication_date", "title"):
                        news[name] = (sub.text or "").strip()
        d = super()._process_sitemap_element(elem)
        if d is not None:
            d.update({f"news_{k}": v for k, v in news.items()})
        return d


def parse_sitemap(body: bytes, base_url: str) -> Listing:
    try:
        sitemap = NewsSitemap(body)
    except Exception as exc:  # lxml raises several types on unreadable input
        log.debug("unreadable sitemap %s: %s", base_url, exc)
        return Listing([], malformed=True)
    is_index = sitemap.type == "sitemapindex"
    links = []
    try:
        for entry in sitemap:
            url = clean_url(entry.get("loc", ""), base=base_url)
            if not url:
                continue
            when = parse_date(entry.get("news_publication_date") or entry.get("lastmod"))
            links.append(Link(url, when, entry.get("news_title") or None))
    except Exception as exc:  # a truncated file: keep what was read before the break
        log.debug("sitemap %s broke off: %s", base_url, exc)
        return Listing(links, malformed=True, is_index=is_index)
    if sitemap.type not in ("urlset", "sitemapindex"):
        return Listing(links, malformed=True)
    return Listing(links, is_index=is_index)
