"""Reading the places that list articles: RSS/Atom and JSON feeds, sitemaps (news sitemaps and
sitemap indexes, plain or gzip-compressed) and section pages. Pure functions over bytes; no Scrapy
reactor needed.

- Feeds: feedparser, which reads RSS 0.9x–2.0 and Atom, salvages the items of a truncated or
  malformed feed (its loose parser), and does not expand XML entities (no entity bomb). An item
  relayed through a feed proxy (FeedBurner's ``feedburner:origLink``, else a ``guid`` URL on
  the publisher's host) is listed under the publisher's own URL, not the proxy's. JSON Feed
  (jsonfeed.org 1.0/1.1), which feedparser does not read, is plain JSON with a one-page spec:
  the standard library's ``json`` reads it.
- Sitemaps: Scrapy's own ``Sitemap`` (lxml iterparse with ``resolve_entities=False`` and
  ``recover=True``), extended to keep the Google News ``publication_date`` and ``title``. A
  gzip file (``.xml.gz``, served without Content-Encoding) is unpacked first with Scrapy's
  ``gunzip`` within a size limit, as Scrapy's ``SitemapSpider._get_sitemap_body`` does.
- Dates: ``datetime.fromisoformat`` / ``email.utils`` first (W3C and RFC 822 dates), then
  dateparser for whatever else outlets write (other languages' day and month names, slashes).
  A feed item's date is read from the raw string the feed carries, not from feedparser's
  ``*_parsed``: its ISO-8601 fallback fills a part it cannot read with today's month or the 1st
  (kurtmckee/feedparser#75), and it gives up on non-English names (#135). Only absolute dates
  with a day, a month and a year are accepted; anything else is None, never a guess.
"""
from __future__ import annotations

import calendar
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from crawler.urls import clean_url

log = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b\x08"
#: An xml:base attribute as the bytes of a feed may spell it (UTF-8 and kin, UTF-16 both ways).
_XML_BASE = tuple("xml:base".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be"))
DEFAULT_MAX_SIZE = 24 * 1024 * 1024   # bytes once unpacked: Scrapy's DOWNLOAD_MAXSIZE in settings.py
JSON_FEED_VERSION = "https://jsonfeed.org/version/"
# Tried when the outlet's own language does not read a date: a short list keeps dateparser fast
# (about 0.1 s for an unreadable string against 1.3 s with its detection over every language).
FALLBACK_LANGUAGES = ("en", "es", "fr", "de", "pt", "it")
# dateparser: never a relative date ("yesterday" depends on when it is read) and never a date
# missing its day, month or year (dateparser would fill them from today).
_DATEPARSER_SETTINGS = {"RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC",
                        "TIMEZONE": "UTC", "REQUIRE_PARTS": ["day", "month", "year"],
                        "PARSERS": ["timestamp", "custom-formats", "absolute-time"]}


@dataclass(frozen=True)
class Link:
    """An article candidate found in a feed, sitemap or section page."""

    url: str
    published: datetime | None = None
    title: str | None = None
    author: str | None = None   # the feed item's author (dc:creator, Atom's name), as written


@dataclass
class Listing:
    links: list[Link]
    malformed: bool = False
    is_index: bool = False  # a sitemap index: the links are further sitemaps
    too_large: bool = False  # a gzip body that unpacks past the size limit: nothing read


def parse_date(value: str | None, languages: list[str] | None = None) -> datetime | None:
    """A timezone-aware UTC datetime from an RSS, W3C/ISO or free-form date, or None.

    ``languages`` (ISO 639-1 codes) narrows and speeds up dateparser's guess of the language of
    day and month names; None lets it detect them. A date without a stated offset is UTC.
    """
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
            dt = _dateparser(value, languages)
            weekday = _WEEKDAY.match(value)
            if dt is None and weekday:
                # A day name in one language and a month in another ("Thu, 03 Dic 2026", a CMS
                # that localises months only): the day name is redundant, the rest is read.
                dt = _dateparser(value[weekday.end():], languages)
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


#: A leading day name and its comma ("Mié, ", "lun. ", "Thursday, ").
_WEEKDAY = re.compile(r"\s*[^\W\d_]{2,}\.?,?\s+(?=\d)")


def _dateparser(value: str, languages: list[str] | None) -> datetime | None:
    import dateparser  # slow to import; only for the odd format

    try:
        dt = dateparser.parse(value, languages=languages, settings=_DATEPARSER_SETTINGS)
    except ValueError:  # a language code dateparser does not know: let it detect one
        dt = dateparser.parse(value, settings=_DATEPARSER_SETTINGS)
    if dt is None and languages:  # a CMS whose locale is not the outlet's language
        others = [lang for lang in FALLBACK_LANGUAGES if lang not in languages]
        dt = dateparser.parse(value, languages=others, settings=_DATEPARSER_SETTINGS)
    return dt


def unpack(body: bytes, max_size: int = DEFAULT_MAX_SIZE) -> bytes:
    """``body`` gunzipped when it is a gzip file, else unchanged.

    Raises ValueError when it unpacks past ``max_size`` bytes (0: no limit), as Scrapy's
    ``gunzip`` does, and OSError/EOFError when it is not gzip after all.
    """
    if body[:3] != GZIP_MAGIC:
        return body
    return gunzip(body, max_size=max_size)


#: How an HTML page starts (after a byte-order mark and blanks): "<!DOCTYPE html", "<html".
_HTML_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
                         re.IGNORECASE | re.DOTALL)


def is_html_page(body: bytes) -> bool:
    """Whether `body` is an HTML page (not a feed or a sitemap): it opens with a doctype of html
    or an ``<html>`` tag. A feed served as text/html still opens with ``<?xml`` or ``<rss``,
    so the body is asked, not the Content-Type."""
    return _HTML_START.match(body[:2048]) is not None


def parse_feed(body: bytes, base_url: str, languages: list[str] | None = None,
               max_size: int = DEFAULT_MAX_SIZE) -> Listing:
    """The items of an RSS, Atom or JSON feed (plain or gzip) at ``base_url``."""
    try:
        body = unpack(body, max_size)
    except ValueError:
        return Listing([], too_large=True)
    except (OSError, EOFError):
        return Listing([], malformed=True)
    if body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return parse_json_feed(body, base_url, languages)
    import feedparser  # with the first feed read: a crawl of 304s and 404s never needs it

    # The feed's URL goes to feedparser (``content-location``) only when the feed sets an
    # xml:base (feedparser cannot join a relative one without it): given one, it joins it with
    # every start tag's base, a urljoin per element, half of an RSS feed's parse (24 -> 12 ms
    # for the farm's 50 items, ``time.process_time()``). Without, the URLs it would join, an
    # item's link and a permalink guid, are joined here (tests/test_cases.py: the same URLs).
    headers = {"content-location": base_url} if any(m in body for m in _XML_BASE) else {}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False,
                              resolve_relative_uris=False)
    links = []
    for entry in parsed.entries:
        url = clean_url(_origlink(entry, base_url) or entry.get("link")
                        or _guid_url(entry, base_url), base=base_url)
        if not url:
            continue
        author = (entry.get("author_detail") or {}).get("name") or entry.get("author")
        links.append(Link(url, _entry_date(entry, languages),
                          (entry.get("title") or "").strip() or None,
                          author.strip() if isinstance(author, str) and author.strip() else None))
    # bozo is set for recoverable oddities too (wrong declared charset); malformed means the
    # XML itself broke, which is what an outlet's editors should hear about.
    exc = parsed.get("bozo_exception")
    malformed = bool(parsed.bozo) and exc is not None and "SAXParseException" in type(exc).__name__
    if not parsed.entries and parsed.bozo:
        malformed = True
    return Listing(links, malformed=malformed)


def _entry_date(entry, languages: list[str] | None) -> datetime | None:
    """The item's publication (else update) time, read from the raw string the feed carries;
    None when neither can be read.

    feedparser's own parse is used only when the project's parser cannot read the string and
    feedparser's year and day both appear as numbers in it (so it read them, not filled them).
    """
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed")):
        # dict.get: FeedParserDict.get maps a missing "updated" to "published" (feedparser#310)
        raw = dict.get(entry, raw_key)
        if not isinstance(raw, str) or not raw.strip():
            continue
        when = parse_date(raw, languages)
        if when is not None:
            return when
        stamp = dict.get(entry, parsed_key)
        if stamp and {stamp.tm_year, stamp.tm_mday} <= {int(n) for n in re.findall(r"\d+", raw)}:
            return datetime.fromtimestamp(calendar.timegm(stamp), timezone.utc)
    return None


#: Hosts of feed proxies: an item's link there redirects to the publisher's page.
FEED_PROXY_HOSTS = ("feedproxy.google.com", "feeds.feedburner.com", "feeds2.feedburner.com")


def _origlink(entry, base_url: str) -> str | None:
    """The publisher's URL of an item whose link goes via a feed proxy: FeedBurner's
    ``origLink``, else, when the link is a proxy's, an http(s) ``guid`` on another host (a
    feed that lost its ``origLink`` on the way)."""
    url = entry.get("feedburner_origlink")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        return url
    link = entry.get("link")
    guid = _guid_url(entry, base_url)
    if guid and link and urlsplit(urljoin(base_url, link)).hostname in FEED_PROXY_HOSTS \
            and urlsplit(guid).hostname not in FEED_PROXY_HOSTS:
        return guid
    return None


def _guid_url(entry, base_url: str) -> str | None:
    guid = entry.get("id")
    if guid and entry.get("guidislink"):   # a permalink guid is a URL, maybe a relative one
        guid = urljoin(base_url, guid)
    return guid if guid and guid.startswith(("http://", "https://")) else None


def parse_json_feed(body: bytes, base_url: str, languages: list[str] | None = None) -> Listing:
    """The items of a JSON Feed (https://www.jsonfeed.org/version/1.1/; 1.0 reads the same).

    An item's article is its ``url`` (else an ``id`` that is an http(s) URL; ``external_url``
    points at someone else's page); its date ``date_published``, else ``date_modified``
    (RFC 3339). JSON that is not a JSON Feed, or items of the wrong shape, make it malformed.
    """
    try:
        doc = json.loads(body.decode("utf-8-sig", "replace"))
    except ValueError:
        return Listing([], malformed=True)
    if not (isinstance(doc, dict) and str(doc.get("version", "")).startswith(JSON_FEED_VERSION)
            and isinstance(doc.get("items", []), list)):
        return Listing([], malformed=True)
    links, malformed = [], False
    for item in doc.get("items", []):
        if not isinstance(item, dict):
            malformed = True
            continue
        guid = _text(item.get("id"))  # opaque unless it is a URL: never resolved as a path
        url = _text(item.get("url")) or (guid if guid and guid.startswith(("http://", "https://"))
                                         else None)
        url = clean_url(url, base=base_url) if url else None
        if not url or not url.startswith(("http://", "https://")):
            continue
        when = (parse_date(_text(item.get("date_published")), languages)
                or parse_date(_text(item.get("date_modified")), languages))
        people = item.get("authors") if isinstance(item.get("authors"), list) else [item.get("author")]
        names = [_text(p.get("name")) for p in people if isinstance(p, dict)]
        links.append(Link(url, when, _text(item.get("title")), "; ".join(n for n in names if n) or None))
    return Listing(links, malformed=malformed)


def _text(value) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


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


def _text_sitemap(body: bytes, base_url: str) -> Listing | None:
    """A text sitemap (sitemaps.org: one URL per line, UTF-8, nothing else), or None when the
    body is not one."""
    lines = [line.strip() for line in body.decode("utf-8", "replace").lstrip("\ufeff").splitlines()]
    urls = [line for line in lines if line]
    if not urls or not all(u.startswith(("http://", "https://")) and " " not in u for u in urls):
        return None
    return Listing([Link(url) for url in (clean_url(u, base=base_url) for u in urls) if url])


def parse_sitemap(body: bytes, base_url: str, max_size: int = DEFAULT_MAX_SIZE) -> Listing:
    """The URLs of a sitemap or sitemap index (plain or gzip, XML or the protocol's text form: a
    URL a line) at ``base_url``."""
    try:
        body = unpack(body, max_size)
    except ValueError:
        return Listing([], too_large=True)
    except (OSError, EOFError) as exc:
        log.debug("unreadable gzip sitemap %s: %s", base_url, exc)
        return Listing([], malformed=True)
    if not body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        text = _text_sitemap(body, base_url)
        if text is not None:
            return text
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
