"""What a local outlet serves besides its articles: RSS, Atom, sitemaps and listing pages, and the
canonical link put into each article, and the conditional-GET rule (used by
:mod:`newsmon.demo.localsite`).

Library choice: ``xml.etree.ElementTree`` writes the feeds and sitemaps and ``email.utils`` the RFC
822 dates. Both are in the standard library, and a real XML writer escapes page titles (untrusted
text from the web) instead of pasting them into markup; characters XML 1.0 cannot carry are dropped
first so a hostile title cannot break a feed. Listing pages escape through ``html.escape``.
"""
from __future__ import annotations

import email.utils
import html
import logging
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    from newsmon.demo.localsite import LocalOutlet, SamplePage

logger = logging.getLogger(__name__)

NS_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NS_NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS_ATOM = "http://www.w3.org/2005/Atom"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_XML = "http://www.w3.org/XML/1998/namespace"
# The conventional prefixes, so the XML reads like a real outlet's (ElementTree would say ns0).
ET.register_namespace("news", NS_NEWS)
ET.register_namespace("dc", NS_DC)

FEED_ITEMS = 50      # like most outlets' feeds: the newest N; older items fall off
SITEMAP_ITEMS = 1000  # the Google News sitemap limit
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CANON_RE = re.compile(rb"""<link\b[^>]*\brel\s*=\s*["']?canonical\b[^>]*>""", re.I)
_OGURL_RE = re.compile(rb"""<meta\b[^>]*\bproperty\s*=\s*["']?og:url\b[^>]*>""", re.I)
_BASE_RE = re.compile(rb"<base\b[^>]*>", re.I)
_HEAD_RE = re.compile(rb"<head\b[^>]*>", re.I)


def http_date(when: datetime) -> str:
    return email.utils.format_datetime(when.astimezone(timezone.utc), usegmt=True)


def with_canonical(page: bytes, url: str) -> bytes:
    """Drop the page's own canonical, og:url and <base> (they name the original site) and declare
    ``url`` instead, right after <head>."""
    for rx in (_CANON_RE, _OGURL_RE, _BASE_RE):
        page = rx.sub(b"", page)
    safe = html.escape(url, quote=True).encode("utf-8")
    tags = (b'\n<link rel="canonical" href="' + safe + b'">\n<meta property="og:url" content="'
            + safe + b'">\n')
    m = _HEAD_RE.search(page)
    return page[:m.end()] + tags + page[m.end():] if m else tags + page


def not_modified(request: Mapping[str, str], response: Mapping[str, str]) -> bool:
    """RFC 9110 §13.2.2: If-None-Match (weak comparison) wins; else If-Modified-Since."""
    inm = request.get("If-None-Match")
    if inm:
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or response["ETag"].removeprefix("W/") in tags
    ims = request.get("If-Modified-Since")
    if not ims:
        return False
    try:
        since = email.utils.parsedate_to_datetime(ims)
    except (TypeError, ValueError):
        return False     # an unparsable date is ignored, as the RFC says
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return email.utils.parsedate_to_datetime(response["Last-Modified"]) <= since

def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = _XML_INVALID.sub("", text)
    return el


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def rss(outlet: LocalOutlet, base_url: str, pages: list[SamplePage]) -> bytes:
    """RSS 2.0, newest first. Items link to ``outlet.feed_links[slug]`` when a test set one."""
    root = ET.Element("rss", {"version": "2.0"})
    ch = _sub(root, "channel")
    _sub(ch, "title", outlet.name)
    _sub(ch, "link", outlet.urls(base_url)["home"])
    _sub(ch, "description", f"Latest stories from {outlet.name}")
    _sub(ch, "language", outlet.language)
    if pages:
        _sub(ch, "lastBuildDate", http_date(pages[0].published))
    for p in pages[:FEED_ITEMS]:
        url = outlet.article_url(base_url, p)
        item = _sub(ch, "item")
        _sub(item, "title", p.title)
        _sub(item, "link", outlet.feed_links.get(p.slug, url))
        _sub(item, "guid", url, isPermaLink="true")
        _sub(item, "pubDate", http_date(p.published))
        _sub(item, "description", p.summary or p.title)
        if p.author:
            _sub(item, f"{{{NS_DC}}}creator", p.author)
    return _xml(root)


def atom(outlet: LocalOutlet, base_url: str, pages: list[SamplePage], updated: datetime) -> bytes:
    # Plain tag names under a literal default xmlns: ElementTree's default_namespace option
    # rejects the unqualified attributes (rel, href) every feed has.
    u = outlet.urls(base_url)
    feed = ET.Element("feed", {"xmlns": NS_ATOM, f"{{{NS_XML}}}lang": outlet.language})
    _sub(feed, "id", u["home"])
    _sub(feed, "title", outlet.name)
    _sub(feed, "updated", updated.isoformat())
    _sub(feed, "link", rel="self", href=u["atom"])
    _sub(feed, "link", rel="alternate", href=u["home"])
    _sub(_sub(feed, "author"), "name", outlet.name)
    for p in pages[:FEED_ITEMS]:
        url = outlet.article_url(base_url, p)
        entry = _sub(feed, "entry")
        _sub(entry, "id", url)
        _sub(entry, "title", p.title)
        _sub(entry, "link", rel="alternate", href=outlet.feed_links.get(p.slug, url))
        _sub(entry, "published", p.published.isoformat())
        _sub(entry, "updated", p.published.isoformat())
        if p.author:
            _sub(_sub(entry, "author"), "name", p.author)
        _sub(entry, "summary", p.summary or p.title)
    return _xml(feed)


def news_sitemap(outlet: LocalOutlet, base_url: str, pages: list[SamplePage]) -> bytes:
    """A Google News sitemap: loc, publication name and language, publication_date, title."""
    n = lambda tag: f"{{{NS_NEWS}}}{tag}"  # noqa: E731
    urlset = ET.Element("urlset", {"xmlns": NS_SITEMAP})
    for p in pages[:SITEMAP_ITEMS]:
        url = _sub(urlset, "url")
        _sub(url, "loc", outlet.article_url(base_url, p))
        news = _sub(url, n("news"))
        pub = _sub(news, n("publication"))
        _sub(pub, n("name"), outlet.name)
        _sub(pub, n("language"), p.language)
        _sub(news, n("publication_date"), p.published.isoformat())
        _sub(news, n("title"), p.title)
    return _xml(urlset)


def sitemap_index(outlet: LocalOutlet, base_url: str, updated: datetime) -> bytes:
    """A sitemap index with one entry: the news sitemap."""
    index = ET.Element("sitemapindex", {"xmlns": NS_SITEMAP})
    sm = _sub(index, "sitemap")
    _sub(sm, "loc", outlet.urls(base_url)["news_sitemap"])
    _sub(sm, "lastmod", updated.isoformat())
    return _xml(index)


def outlet_index(outlets: list[LocalOutlet], base_url: str) -> bytes:
    """The server's root page: one link per outlet."""
    links = "".join(f'<li><a href="{html.escape(o.urls(base_url)["home"])}">{html.escape(o.name)}'
                    "</a></li>" for o in outlets)
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Outlets</title></head>'
            f"<body><ul>{links}</ul></body></html>\n").encode("utf-8")


def listing(outlet: LocalOutlet, base_url: str, sub: str, heading: str,
            pages: list[SamplePage], more: list[str] = ()) -> bytes:
    """A home, section, tag, author or about page: links to ``pages``, then to ``more`` paths."""
    u, esc = outlet.urls(base_url), html.escape
    items = "\n".join(
        f'<li><a href="{esc(outlet.article_url(base_url, p))}">{esc(p.title)}</a> '
        f'<time datetime="{p.published.isoformat()}">{p.published:%Y-%m-%d}</time></li>'
        for p in pages)
    extra = "".join(f'<li><a href="{esc(base_url.rstrip("/") + path)}">{esc(path)}</a></li>'
                    for path in more)
    return (f'<!DOCTYPE html>\n<html lang="{esc(outlet.language)}"><head><meta charset="utf-8">\n'
            f'<title>{esc(heading)} | {esc(outlet.name)}</title>\n'
            f'<link rel="canonical" href="{esc(u["home"] + sub)}">\n'
            f'<link rel="alternate" type="application/rss+xml" href="{esc(u["rss"])}">\n'
            f'<link rel="alternate" type="application/atom+xml" href="{esc(u["atom"])}">\n'
            f'</head><body><header><a href="{esc(u["home"])}">{esc(outlet.name)}</a> '
            f'<nav><a href="{esc(u["section"])}">All stories</a></nav></header>\n'
            f'<main><h1>{esc(heading)}</h1>\n<ul class="stories">\n{items}\n</ul>\n'
            f'<ul class="more">{extra}</ul></main>\n'
            f'<footer><p>{esc(outlet.name)}: a sample outlet served by newsmon.</p></footer>\n'
            f'</body></html>\n').encode("utf-8")
