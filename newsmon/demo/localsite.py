"""A small local news-outlet server for ``newsmon demo`` and the test suite.

Library choice: the standard library's ``http.server.ThreadingHTTPServer``, run in a background
thread. It adds no dependency, one thread per connection is plenty for a demo crawl or a test, and
running in-process lets a test change the site between two crawls (publish a round, add a fault
route) and read the request counters directly. Feeds, sitemaps and listing pages are written by
:mod:`newsmon.demo.pages` (ElementTree, so untrusted titles are escaped by an XML writer). It
imitates, at a much smaller size, the outlet farm the acceptance checks run: the same URL layout
under ``/o/<outlet_id>/``, ETag/Last-Modified validators, rounds of publication and fault routes.

    with LocalSiteServer(demo_outlets()) as srv:     # demo_outlets: newsmon.demo.samples
        write_outlets_yaml("outlets.yaml", srv.outlets.values(), srv.base_url)
"""
from __future__ import annotations

import hashlib
import logging
import re
import socketserver
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterable, Mapping, NamedTuple, Union

import yaml

from newsmon.demo import pages as pages_
from newsmon.demo.pages import http_date, not_modified, with_canonical

logger = logging.getLogger(__name__)

__all__ = ["SamplePage", "LocalOutlet", "LocalSiteServer", "Route", "Request", "Hit",
           "write_outlets_yaml", "with_canonical"]

HOME_ITEMS = 8
_SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_ARTICLE_RE = re.compile(r"^\d{4}/\d{2}/\d{2}/[^/]+\.html$")


@dataclass(frozen=True)
class SamplePage:
    """One article an outlet serves. ``published`` is normalised to UTC, whole seconds
    (HTTP dates have no fractions, and Last-Modified comparisons must be exact)."""
    slug: str
    html: bytes
    title: str
    published: datetime
    language: str = "en"
    author: str | None = None
    summary: str = ""

    def __post_init__(self) -> None:
        if not _SLUG_RE.match(self.slug):
            raise ValueError(f"SamplePage slug {self.slug!r}: use letters, digits, '.', '_', '-'")
        when = self.published
        when = when.astimezone(timezone.utc) if when.tzinfo else when.replace(tzinfo=timezone.utc)
        object.__setattr__(self, "published", when.replace(microsecond=0))


@dataclass(frozen=True)
class Route:
    """A declarative fault route: answer with this status, headers and body after ``delay`` s."""
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0


class Request(NamedTuple):
    method: str
    path: str            # without the query string
    query: str
    headers: Mapping[str, str]


class Hit(NamedTuple):
    method: str
    path: str            # the request target as sent, query string included (as the farm logs it)
    status: int


Handler = Callable[[Request], tuple[int, dict, bytes]]
RouteSpec = Union[Route, Handler, None]   # None in a sequence: "serve the normal page this time"
_Doc = tuple[bytes, str, datetime]        # body, content type, last modified


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "staff"


class LocalOutlet:
    """One outlet under ``/o/<outlet_id>/``. Pages are ordered oldest first; only the first
    ``visible`` are published (the rest answer 404 and are in no feed) until :meth:`publish`."""

    def __init__(self, outlet_id: str, name: str, pages: Iterable[SamplePage], *,
                 language: str | None = None, visible: int | None = None) -> None:
        if not _SLUG_RE.match(outlet_id):
            raise ValueError(f"outlet id {outlet_id!r}: use letters, digits, '.', '_', '-'")
        self.id, self.name = outlet_id, name
        self.pages = sorted(pages, key=lambda p: (p.published, p.slug))
        if len({p.slug for p in self.pages}) != len(self.pages):
            raise ValueError(f"outlet {outlet_id}: two pages share a slug")
        langs = Counter(p.language for p in self.pages).most_common(1)
        self.language = language or (langs[0][0] if langs else "en")
        self.visible = len(self.pages) if visible is None else max(0, min(visible, len(self.pages)))
        # slug -> URL the feeds link to instead of the canonical one (a redirect, tracking params).
        self.feed_links: dict[str, str] = {}
        self._lock = threading.Lock()
        self._born = datetime.now(timezone.utc).replace(microsecond=0)

    @property
    def prefix(self) -> str:
        return f"/o/{self.id}/"

    def published_pages(self) -> list[SamplePage]:
        return self.pages[:self.visible]

    def publish(self, n: int = 1) -> list[SamplePage]:
        """Publish the next ``n`` pages (the next round); returns them."""
        with self._lock:
            start = self.visible
            self.visible = min(len(self.pages), start + n)
            return self.pages[start:self.visible]

    def article_path(self, page: SamplePage) -> str:
        return f"{self.prefix}{page.published:%Y/%m/%d}/{page.slug}.html"

    def article_url(self, base_url: str, page: SamplePage) -> str:
        return base_url.rstrip("/") + self.article_path(page)

    def urls(self, base_url: str) -> dict[str, str]:
        root = base_url.rstrip("/") + self.prefix
        return {"home": root, "section": root + "section/", "rss": root + "rss.xml",
                "atom": root + "atom.xml", "news_sitemap": root + "news-sitemap.xml",
                "sitemap": root + "sitemap.xml", "robots": root + "robots.txt"}

    def non_article_paths(self) -> list[str]:
        authors = sorted({_slugify(p.author) for p in self.pages if p.author})
        return ([self.prefix, self.prefix + "section/", self.prefix + "tag/latest/",
                 self.prefix + "about/"] + [f"{self.prefix}author/{a}/" for a in authors])

    def config(self, base_url: str) -> dict:
        """This outlet as an entry of newsmon's ``outlets.yaml``."""
        u, id_rx = self.urls(base_url), self.id.replace(".", r"\.")   # ids may hold a dot
        return {"id": self.id, "name": self.name, "language": self.language, "home": u["home"],
                "feeds": [u["rss"], u["atom"]], "sitemaps": [u["news_sitemap"]],
                "sections": [u["section"]],
                "article_pattern": rf"^/o/{id_rx}/\d{{4}}/\d{{2}}/\d{{2}}/"}

    def robots_lines(self, base_url: str) -> list[str]:
        return [f"Disallow: {self.prefix}private/", f"Sitemap: {self.urls(base_url)['sitemap']}"]

    # -- rendering: each returns (body, content type, last modified), or None for a 404 --------
    def render(self, sub: str, base_url: str) -> _Doc | None:
        pages = self.published_pages()
        stamp = pages[-1].published if pages else self._born   # changes only when a page is added
        if _ARTICLE_RE.match(sub):
            path = self.prefix + sub
            for p in pages:
                if self.article_path(p) == path:
                    return (with_canonical(p.html, base_url.rstrip("/") + path),
                            "text/html; charset=utf-8", p.published)
            return None
        newest, html_type, xml_type = pages[::-1], "text/html; charset=utf-8", "application/xml"
        if sub == "rss.xml":
            return pages_.rss(self, base_url, newest), "application/rss+xml; charset=utf-8", stamp
        if sub == "atom.xml":
            return (pages_.atom(self, base_url, newest, stamp),
                    "application/atom+xml; charset=utf-8", stamp)
        if sub == "news-sitemap.xml":
            return pages_.news_sitemap(self, base_url, newest), xml_type, stamp
        if sub == "sitemap.xml":
            return pages_.sitemap_index(self, base_url, stamp), xml_type, stamp
        if sub == "robots.txt":
            text = "User-agent: *\n" + "\n".join(self.robots_lines(base_url)) + "\n"
            return text.encode(), "text/plain; charset=utf-8", self._born
        listings = {"": ("Latest news", newest[:HOME_ITEMS]), "section/": ("All stories", newest),
                    "tag/latest/": ("Tag: latest", newest), "about/": (f"About {self.name}", [])}
        for p in self.pages:
            if p.author:
                listings[f"author/{_slugify(p.author)}/"] = (
                    f"Stories by {p.author}", [q for q in newest if q.author == p.author])
        if sub not in listings:
            return None
        heading, items = listings[sub]
        # The section page also links the non-article pages, which a crawler must not store.
        more = self.non_article_paths()[2:] if sub == "section/" else []
        return pages_.listing(self, base_url, sub, heading, items, more), html_type, stamp


def write_outlets_yaml(path: str | Path, outlets: Iterable[LocalOutlet], base_url: str) -> Path:
    path = Path(path)
    data = {"outlets": [o.config(base_url) for o in outlets]}
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


class _HTTPServer(ThreadingHTTPServer):
    block_on_close = False   # a client's idle keep-alive connection must not hold up stop()
    site: "LocalSiteServer"

    def handle_error(self, request, client_address) -> None:
        # socketserver prints tracebacks to stderr; route them through logging instead.
        logger.debug("local site: connection error from %s", client_address, exc_info=True)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host name (getfqdn): that can stall on a bad resolver.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"    # keep-alive, as crawlers expect; every body has a length
    server_version = "newsmon-localsite/1"
    timeout = 30
    server: _HTTPServer

    def _serve(self) -> None:
        status, headers, body = self.server.site.dispatch(self.command, self.path, self.headers)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            if self.command != "HEAD" and status != 304:
                self.wfile.write(body)
        except ConnectionError:     # the client went away (e.g. a crawler timed out): not our error
            self.close_connection = True

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        logger.debug("%s " + format, self.address_string(), *args)


class LocalSiteServer:
    """Serves several :class:`LocalOutlet` on 127.0.0.1 (a free port) from a background thread.

    ``requests`` counts requests per path (no query string), ``conditional`` those that carried
    If-None-Match/If-Modified-Since, ``log`` lists every :class:`Hit` (method, path with query,
    status). :meth:`add_route` installs
    fault routes, which win over the outlets' own pages."""

    def __init__(self, outlets: Iterable[LocalOutlet] = (), host: str = "127.0.0.1", port: int = 0):
        self.outlets: dict[str, LocalOutlet] = {}
        for o in outlets:
            self.add_outlet(o)
        self.requests: Counter[str] = Counter()
        self.conditional: Counter[str] = Counter()
        self.log: list[Hit] = []
        self._routes: dict[str, list[RouteSpec]] = {}
        self._lock = threading.Lock()
        self._address = (host, port)
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._born = datetime.now(timezone.utc).replace(microsecond=0)
        self.base_url = ""

    def add_outlet(self, outlet: LocalOutlet) -> None:
        if outlet.id in self.outlets:
            raise ValueError(f"two outlets with id {outlet.id!r}")
        self.outlets[outlet.id] = outlet

    def add_route(self, path: str, spec: RouteSpec | list[RouteSpec]) -> None:
        """Answer ``path`` (no query string) with a Route or a handler(Request) -> (status,
        headers, body). A list is used one item per request and its last item repeats, e.g.
        ``[Route(500), None]``: a 500 once, then the normal page."""
        items = list(spec) if isinstance(spec, (list, tuple)) else [spec]
        if not items:
            raise ValueError("add_route needs at least one Route, handler or None")
        with self._lock:
            self._routes[path] = items

    def url(self, path: str) -> str:
        return self.base_url + path

    def reset(self) -> None:
        """Forget the counters and log (e.g. between a first and a second crawl)."""
        with self._lock:
            self.requests.clear()
            self.conditional.clear()
            self.log.clear()

    def outlets_yaml(self, path: str | Path) -> Path:
        """Write an outlets.yaml for every outlet; ``path`` may be a directory."""
        path = Path(path)
        return write_outlets_yaml(path / "outlets.yaml" if path.is_dir() else path,
                                  self.outlets.values(), self.base_url)

    def start(self) -> "LocalSiteServer":
        self._httpd = _HTTPServer(self._address, _RequestHandler)
        self._httpd.site = self
        host, port = self._httpd.server_address[:2]
        self.base_url = f"http://{host}:{port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name=f"localsite:{port}",
                                        kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        logger.info("local outlet server on %s (%d outlets)", self.base_url, len(self.outlets))
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join(timeout=5)
            self._httpd = None

    def __enter__(self) -> "LocalSiteServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- request handling (called from the server's threads) ------------------------------------
    def dispatch(self, method: str, target: str,
                 headers: Mapping[str, str]) -> tuple[int, dict, bytes]:
        path, _, query = target.partition("?")
        req = Request(method, path, query, headers)
        if method not in ("GET", "HEAD"):
            status, out, body = 405, {"Allow": "GET, HEAD"}, b"method not allowed\n"
        else:
            try:
                status, out, body = self._respond(req)
            except Exception:   # a broken test handler: answer 500 and say why, keep serving
                logger.exception("local site: error answering %s", target)
                status, out, body = 500, {}, b"internal error\n"
        if status == 200:
            out.setdefault("ETag", '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"')
            out.setdefault("Last-Modified", http_date(self._born))
            if not_modified(headers, out):
                status, body = 304, b""
                out = {k: v for k, v in out.items() if k in ("ETag", "Last-Modified")}
        if status != 304:
            out.setdefault("Content-Type", "text/plain; charset=utf-8")
        with self._lock:
            self.requests[path] += 1
            if headers.get("If-None-Match") or headers.get("If-Modified-Since"):
                self.conditional[path] += 1
            self.log.append(Hit(method, target, status))
        return status, out, body

    def _respond(self, req: Request) -> tuple[int, dict, bytes]:
        with self._lock:
            items = self._routes.get(req.path)
            spec = (items[0] if len(items) == 1 else items.pop(0)) if items else None
        if isinstance(spec, Route):
            if spec.delay:
                time.sleep(spec.delay)
            return spec.status, dict(spec.headers), spec.body
        if spec is not None:
            status, headers, body = spec(req)
            return status, dict(headers), body
        doc = self._document(req.path)
        if doc is None:
            return 404, {"Content-Type": "text/html; charset=utf-8"}, b"<h1>Not found</h1>\n"
        if isinstance(doc, str):
            return 301, {"Location": self.url(doc)}, b""
        body, ctype, modified = doc
        return 200, {"Content-Type": ctype, "Last-Modified": http_date(modified)}, body

    def _document(self, path: str) -> _Doc | str | None:
        """The page at ``path``, a path to redirect to (a missing trailing slash), or None."""
        if path == "/robots.txt":
            lines = ["User-agent: *"] + [line for o in self.outlets.values()
                                         for line in o.robots_lines(self.base_url)]
            return ("\n".join(lines) + "\n").encode(), "text/plain; charset=utf-8", self._born
        if path == "/":
            page = pages_.outlet_index(list(self.outlets.values()), self.base_url)
            return page, "text/html; charset=utf-8", self._born
        m = re.match(r"^/o/([^/]+)(/.*)?$", path)
        outlet = self.outlets.get(m.group(1)) if m else None
        if outlet is None:
            return None
        if m.group(2) is None:
            return outlet.prefix
        sub = m.group(2)[1:]
        doc = outlet.render(sub, self.base_url)
        if doc is None and sub and not sub.endswith("/") and "." not in sub.rsplit("/", 1)[-1]:
            if outlet.render(sub + "/", self.base_url) is not None:
                return path + "/"
        return doc

