"""Helpers that build local news sites for the tests: real corpus pages served by
:class:`newsmon.demo.localsite.LocalSiteServer`, plus a small HTTP client that does not follow redirects
or raise on error statuses (``http.client``, so a test sees exactly what the server answered).

The corpus pages live in ``tests/fixtures/corpus/`` (``html/<id>.html.gz`` and ``ground-truth.json``
mapping each id to ``{"articleBody", "url"}``), copied from the shared article-extraction benchmark
with its MIT licence, so the suite never needs anything outside the repository.
"""
from __future__ import annotations

import gzip
import html
import http.client
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

from newsmon.demo.localsite import LocalOutlet, Route, SamplePage

logger = logging.getLogger(__name__)

CORPUS_DIR = Path(__file__).parent / "fixtures" / "corpus"
_OG_TITLE = re.compile(
    r"""<meta\b[^>]*\bproperty\s*=\s*["']og:title["'][^>]*\bcontent\s*=\s*["']([^"']*)""", re.I)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.I | re.S)


@dataclass(frozen=True)
class CorpusPage:
    id: str
    html: bytes
    url: str          # where the page was originally published
    body: str         # the human-annotated article text (ground truth)
    title: str


def page_title(raw: bytes, fallback: str) -> str:
    """og:title, else <title>, unescaped and on one line: what a feed would carry."""
    text = raw[:200_000].decode("utf-8", "replace")
    m = _OG_TITLE.search(text) or _TITLE.search(text)
    title = " ".join(html.unescape(m.group(1)).split()) if m else ""
    return title or fallback


def load_corpus(root: Path = CORPUS_DIR) -> list[CorpusPage]:
    """Every ``html/*.html.gz`` under ``root`` with its ground truth, in id order."""
    truth_file = root / "ground-truth.json"
    files = sorted((root / "html").glob("*.html.gz"))
    if not files or not truth_file.exists():
        raise FileNotFoundError(f"no corpus fixture in {root} (need html/*.html.gz and "
                                "ground-truth.json); restore tests/fixtures/corpus from git")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for f in files:
        page_id = f.name.removesuffix(".html.gz")
        raw = gzip.decompress(f.read_bytes())
        item = truth.get(page_id, {})
        pages.append(CorpusPage(page_id, raw, item.get("url", ""), item.get("articleBody", ""),
                                page_title(raw, page_id)))
    return pages


def build_outlets(pages: list[CorpusPage], n_outlets: int = 3, *, now: datetime | None = None,
                  visible: int | None = None, hold_back: int = 0) -> list[LocalOutlet]:
    """Deal ``pages`` round-robin over ``n_outlets`` outlets (site-a, site-b, …). Page i is dated
    i+1 hours before ``now``, so every page has its own date and the newest is page 0.
    ``visible`` publishes only that many (oldest) pages per outlet, ``hold_back`` all but that
    many; the rest wait for ``outlet.publish()``."""
    now = now or datetime.now(timezone.utc)
    ids = [f"site-{chr(ord('a') + k)}" for k in range(n_outlets)]
    dealt: dict[str, list[SamplePage]] = {oid: [] for oid in ids}
    for i, page in enumerate(pages):
        dealt[ids[i % len(ids)]].append(SamplePage(
            slug=f"story-{page.id[:12]}", html=page.html, title=page.title,
            published=now - timedelta(hours=i + 1), language="en", author=f"Reporter {i % 4 + 1}",
            summary=page.body[:200]))
    return [LocalOutlet(oid, f"Test Outlet {oid[-1].upper()}", dealt[oid], language="en",
                        visible=len(dealt[oid]) - hold_back if visible is None else visible)
            for oid in ids]


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]   # lower-case names
    body: bytes


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET",
          timeout: float = 10.0) -> Response:
    """One request, no redirect following, no exception on 3xx/4xx/5xx."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, target or "/", headers=headers or {})
        resp = conn.getresponse()
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()


def slow_articles(site, delay: float, stagger: float = 0.0) -> None:
    """Every published article of `site` answers after ``delay`` seconds (the same page it
    served), the n-th one (0, 1, ...) ``n * stagger`` seconds later still: a crawl that is surely
    still running when a test signals it. (Its downloads run side by side and wait for the
    extraction workers to start, so with one delay for all, the last article could be stored
    a moment after the first.)"""
    n = 0
    for outlet in site.outlets.values():
        for page in outlet.published_pages():
            path = outlet.article_path(page)
            site.add_route(path, Route(200, {"Content-Type": "text/html; charset=utf-8"},
                                       fetch(site.base_url + path).body,
                                       delay=delay + n * stagger))
            n += 1
    site.reset()


@dataclass
class OutletRow:
    """What ``crawlstate.upsert_outlets`` reads of an outlet: its id, name, language and home
    page (the name defaults to "Outlet ID")."""
    id: str
    name: str | None = None
    language: str = "en"
    home: str | None = None

    def __post_init__(self):
        self.name = self.name or f"Outlet {self.id}"


def long_bodies() -> list[str]:
    """The ground-truth bodies of 300 words or more of ``tests/fixtures/corpus``, by page id."""
    truth = json.loads((Path(__file__).parent / "fixtures" / "corpus" / "ground-truth.json")
                       .read_text(encoding="utf-8"))
    return [truth[k]["articleBody"] for k in sorted(truth)
            if len(truth[k]["articleBody"].split()) >= 300]
