"""Real-world cases (``tests/fixtures/cases/``, each rebuilt from a public bug report of another
news tool; its ``expected.md`` names the report): gzip sitemaps, feed dates that feedparser
invents or gives up on, FeedBurner's origLink, JSON Feed. One real `newsmon crawl` over all of
them, served by a real HTTP server, then the stored rows are checked against each ``case.json``.
Two more outlets, written here with today's dates, check that those dates keep a fresh item
inside the default max_age_days window and an old one out."""
from __future__ import annotations

import functools
import gzip
import json
import re
import shutil
import threading
from datetime import datetime, timedelta, timezone
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from crawler.discovery import parse_date, parse_feed, parse_sitemap
from run import newsmon, rows

CASES = Path(__file__).parent / "fixtures" / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "case.json").exists()
               and json.loads((p / "case.json").read_text())["kind"] == "crawl")
PLACEHOLDER = "127.0.0.1:8765"
DIAS = ["Lun", "Mar", "Mié", "Jue", "Vie", "Sáb", "Dom"]
MESES = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def spanish_rfc822(when: datetime) -> str:
    """An RFC 822 date with Spanish day and month names, as leaky CMS locales write it."""
    return (f"{DIAS[when.weekday()]}, {when.day:02d} {MESES[when.month - 1]} {when.year} "
            f"{when:%H:%M:%S} +0000")


def rss(base: str, items: list[tuple[str, str]]) -> str:
    entries = "".join(f"<item><title>{slug}</title><link>{base}/{slug}.html</link>"
                      f"<pubDate>{date}</pubDate></item>" for slug, date in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
            f"<link>{base}/</link>{entries}</channel></rss>")


def page(title: str) -> str:
    body = " ".join([f"{title}: the harbour authority said on Monday that fuel deliveries to the "
                     "island would resume next week after repairs to the main pier."] * 4)
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>" \
           f"<p>{body}</p></article></body></html>"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("cases")
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(root / "site")))
    port = server.server_address[1]
    host = f"127.0.0.1:{port}"
    outlets = []
    for name in NAMES:  # every case's site under one document root, its port rewritten
        shutil.copytree(CASES / name / "site", root / "site", dirs_exist_ok=True)
        for entry in yaml.safe_load((CASES / name / "outlets.yaml").read_text())["outlets"]:
            entry = json.loads(json.dumps(entry).replace(PLACEHOLDER, host))
            outlets.append({**entry, "max_age_days": 100000})  # the cases are dated 2026-11-30
    for f in (root / "site").rglob("*"):
        if f.is_file():
            raw = f.read_bytes()
            if f.suffix == ".gz":
                f.write_bytes(gzip.compress(gzip.decompress(raw).replace(
                    PLACEHOLDER.encode(), host.encode())))
            else:
                f.write_bytes(raw.replace(PLACEHOLDER.encode(), host.encode()))
    # Today's dates in the default window (3 days): fresh items in, a 4-month-old one out.
    now = datetime.now(timezone.utc).replace(microsecond=0)
    for oid, fresh_date in (("esventana", spanish_rfc822(now - timedelta(hours=2))),
                            ("slashventana", f"{now - timedelta(hours=2):%Y/%m/%d %H:%M:%S}")):
        base = f"http://{host}/{oid}"
        (root / "site" / oid).mkdir()
        (root / "site" / oid / "feed.xml").write_text(rss(base, [
            ("fresca", fresh_date), ("vieja", spanish_rfc822(now - timedelta(days=120)))]))
        for slug in ("fresca", "vieja"):
            (root / "site" / oid / f"{slug}.html").write_text(page(f"{oid} {slug}"))
        outlets.append({"id": oid, "name": oid, "language": "es", "feeds": [f"{base}/feed.xml"]})
    config = root / "outlets.yaml"
    config.write_text(yaml.safe_dump({"outlets": outlets}))
    db = f"sqlite:///{root / 'cases.db'}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = newsmon("crawl", "--outlets", str(config), "--db", db)
        probe = newsmon("outlets", "check", "--probe", "--outlets", str(config))
    finally:
        server.shutdown()
        server.server_close()
    yield {"result": result, "db": db, "now": now, "probe": probe}


def test_crawl_exits_zero_without_traceback(crawled):
    result = crawled["result"]
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("name", NAMES)
def test_case_holds(crawled, name):
    spec = json.loads((CASES / name / "case.json").read_text())
    outlet = yaml.safe_load((CASES / name / "outlets.yaml").read_text())["outlets"][0]["id"]
    stored = rows(crawled["db"], "SELECT url, published_at FROM articles WHERE outlet_id = :o",
                  o=outlet)
    assert len(stored) == spec["count"], stored
    for suffix, want in spec.get("expect", {}).items():
        got = [when for url, when in stored if url.endswith(suffix)]
        assert got, f"{suffix} not stored"
        assert str(got[0]).startswith(want), (suffix, got[0], want)


@pytest.mark.parametrize("outlet", ["esventana", "slashventana"])
def test_fresh_item_followed_and_old_one_skipped_in_the_default_window(crawled, outlet):
    stored = rows(crawled["db"], "SELECT url, published_at FROM articles WHERE outlet_id = :o",
                  o=outlet)
    assert [u.rsplit("/", 1)[1] for u, _ in stored] == ["fresca.html"]
    (counts,) = rows(crawled["db"], "SELECT counts FROM crawl_run_outlets WHERE outlet_id = :o",
                     o=outlet)[0]
    counts = json.loads(counts) if isinstance(counts, str) else counts
    assert counts.get("too_old") == 1, counts
    # and the crawl says so (a tester saw items vanish without a word)
    said = [ln for ln in crawled["result"].stdout.splitlines() if ln.startswith("not followed, older")]
    assert said and f"{outlet} 1" in said[0], crawled["result"].stdout


def test_probe_counts_json_feed_items(crawled):
    probe = crawled["probe"]
    assert probe.returncode == 0, probe.stderr[-2000:]
    (line,) = [l for l in probe.stdout.splitlines() if l.startswith("jf ")]
    assert re.search(r"\bfeed\s+HTTP 200\s+2\s+2026-11-30T14:40", line), line


# --- the same kinds of fault, straight through the pure functions ---------------------------

def test_feed_dates_are_read_from_the_raw_string_never_invented():
    feed = rss("http://x.test", [("a", "2026/11/30 09:15:00"), ("b", "Mié, 05 Ago 2026 10:00:00 -0400"),
                                 ("c", "Nov 2026"), ("d", "yesterday"), ("e", "sometime soon"),
                                 ("f", "Sáb, 28 Nov 2026 23:10:00 GMT")])
    dates = {link.url.rsplit("/", 1)[1]: link.published
             for link in parse_feed(feed.encode(), "http://x.test/feed", ["es", "en"]).links}
    utc = timezone.utc
    assert dates == {"a.html": datetime(2026, 11, 30, 9, 15, tzinfo=utc),
                     "b.html": datetime(2026, 8, 5, 14, 0, tzinfo=utc),
                     "c.html": None, "d.html": None, "e.html": None,
                     "f.html": datetime(2026, 11, 28, 23, 10, tzinfo=utc)}


def test_an_unreadable_published_date_falls_back_to_the_updated_one():
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            '<entry><title>a</title><link href="http://x.test/a.html"/><published>pronto</published>'
            '<updated>2026-11-30T10:00:00Z</updated></entry></feed>')
    (link,) = parse_feed(atom.encode(), "http://x.test/atom.xml").links
    assert link.published == datetime(2026, 11, 30, 10, tzinfo=timezone.utc)


def test_parse_date_keeps_the_offset_and_refuses_partial_or_relative_dates():
    assert parse_date("Jue, 05 Mar 2026 10:00:00 -0500") == datetime(2026, 3, 5, 15, tzinfo=timezone.utc)
    assert parse_date("2026-11-30T09:40:00-05:00") == datetime(2026, 11, 30, 14, 40, tzinfo=timezone.utc)
    for value in ("2026", "March 2026", "the day before yesterday", "", None):
        assert parse_date(value) is None, value
    # A CMS locale other than the outlet's language (kurtmckee/feedparser#135: German).
    assert parse_date("Mo, 25 Jun 2018 11:41:36", ["en"]) == datetime(2018, 6, 25, 11, 41, 36, tzinfo=timezone.utc)
    assert parse_date("mer., 02 déc. 2026 10:00:00 +0100", ["es", "en"]) == datetime(2026, 12, 2, 9, tzinfo=timezone.utc)
    # A language dateparser does not know falls back to detection instead of raising.
    assert parse_date("30 Nov 2026 08:00", languages=["xx"]) is not None
    # A CMS that localises the month but not the day name: each month of es, pt and fr.
    months = {"es": "Ene Feb Mar Abr May Jun Jul Ago Sep Oct Nov Dic",
              "pt": "Jan Fev Mar Abr Mai Jun Jul Ago Set Out Nov Dez",
              "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc."}
    for language, names in months.items():
        for month, name in enumerate(names.split(), 1):
            day = datetime(2026, month, 3, 13, tzinfo=timezone.utc)
            value = f"{day:%a}, 03 {name} 2026 08:00:00 -0500"
            assert parse_date(value, [language]) == day, value
            assert parse_date(value) == day, value


def test_json_feed_versions_and_bad_shapes():
    item = {"id": "http://x.test/a.html", "title": "A", "date_modified": "2026-11-30T10:00:00Z"}
    for version in ("https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1"):
        body = json.dumps({"version": version, "title": "t", "items": [item]}).encode()
        listing = parse_feed(body, "http://x.test/feed.json")
        assert [(link.url, link.published.hour) for link in listing.links] == [("http://x.test/a.html", 10)]
        assert not listing.malformed
    opaque = {"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "hn-2051"}]}
    assert parse_feed(json.dumps(opaque).encode(), "http://x.test/feed.json").links == []
    for bad in (b'{"title": "not a feed"}', b'{"version": "https://jsonfeed.org/version/1.1", "items": [1]}',
                b'{"version": ', b"[]"):
        assert parse_feed(bad, "http://x.test/feed.json").malformed, bad


def test_feedburner_origlink_wins_over_the_proxy_link():
    body = (CASES / "10-feedburner-origlink" / "site" / "fb" / "feed.xml").read_bytes()
    urls = [link.url for link in parse_feed(body, "http://127.0.0.1:8765/fb/feed.xml").links]
    assert urls == ["http://127.0.0.1:8765/fb/art/port-cranes-idle.html",
                    "http://127.0.0.1:8765/fb/art/oxen-return.html"]
    # The same kind without origLink: the proxy's link, and the publisher's URL as the guid.
    items = "".join(f"<item><title>{n}</title><link>http://feedproxy.google.com/~r/fb/~3/{n}/</link>"
                    f"<guid{attr}>https://site.test/2026/{n}.html</guid></item>"
                    for n, attr in (("a", ' isPermaLink="true"'), ("b", "")))
    items += ("<item><title>c</title><link>http://feedproxy.google.com/~r/fb/~3/c/</link>"
              "<guid isPermaLink='false'>tag:site.test,2026:3</guid></item>")
    feed = f"<rss version='2.0'><channel><title>x</title>{items}</channel></rss>".encode()
    urls = [link.url for link in parse_feed(feed, "https://feeds.feedburner.com/fb").links]
    assert urls == ["https://site.test/2026/a.html", "https://site.test/2026/b.html",
                    "http://feedproxy.google.com/~r/fb/~3/c/"]   # no publisher URL: the proxy's


def _links_resolved_by_feedparser(body: bytes, base: str) -> list[str]:
    """The item URLs as feedparser itself resolves them when told the feed's URL (what
    ``parse_feed`` did before it joined them itself, to spare a urljoin per XML element)."""
    import feedparser

    from crawler.discovery import FEED_PROXY_HOSTS
    from crawler.urls import clean_url

    urls = []
    for e in feedparser.parse(body, response_headers={"content-location": base},
                              sanitize_html=False, resolve_relative_uris=False).entries:
        guid = e.get("id") if (e.get("id") or "").startswith(("http://", "https://")) else None
        orig = e.get("feedburner_origlink")
        if not (isinstance(orig, str) and orig.startswith(("http://", "https://"))):
            orig = guid if guid and urlsplit(e.get("link") or "").hostname in FEED_PROXY_HOSTS \
                and urlsplit(guid).hostname not in FEED_PROXY_HOSTS else None
        url = clean_url(orig or e.get("link") or guid, base=base)
        if url:
            urls.append(url)
    return urls


def test_feed_item_urls_are_resolved_as_feedparser_resolves_them():
    rss_items = ("<item><link>/2026/rel.html</link></item>"
                 "<item><link>http:////site.test/slashes.html</link></item>"
                 "<item><guid>/2026/permalink-guid.html</guid></item>"
                 "<item><guid isPermaLink='true'>2026/relative-guid.html</guid></item>"
                 "<item><guid isPermaLink='false'>/2026/not-a-link.html</guid></item>"
                 "<item><guid isPermaLink='false'>12345</guid></item>"
                 "<item><link>https://other.test/abs.html</link><guid>/x/1</guid></item>")
    atom_entries = ("<entry><link href='2026/rel.html'/><id>tag:site.test,2026:1</id></entry>"
                    "<entry xml:base='/news/'><link href='a.html'/><id>urn:2</id></entry>"
                    "<entry xml:base='https://cdn.test/b/'><link href='c.html'/></entry>"
                    "<entry><id>https://site.test/2026/id-only.html</id></entry>"
                    "<entry><link rel='alternate' href='/alt.html'/><link rel='enclosure' "
                    "href='/pic.jpg'/></entry>")
    texts = [f"<rss version='2.0'><channel><title>t</title>{rss_items}</channel></rss>",
             f"<feed xmlns='http://www.w3.org/2005/Atom' xml:base='/o/'>{atom_entries}</feed>",
             f"<feed xmlns='http://www.w3.org/2005/Atom'>{atom_entries}</feed>"]
    feeds = [t.encode() for t in texts] + [p.read_bytes() for p in sorted(CASES.glob("*/site/*/feed.xml"))]
    feeds.append(("<?xml version='1.0' encoding='utf-16'?>" + texts[1]).encode("utf-16"))
    for base in ("https://site.test/o/feed.xml", "https://feeds.feedburner.com/fb"):
        for body in feeds:
            got = [link.url for link in parse_feed(body, base).links]
            assert got and got == _links_resolved_by_feedparser(body, base), body[:80]


def test_gzip_sitemap_read_within_the_size_limit():
    body = (CASES / "01-gzip-sitemap" / "site" / "gz" / "news-sitemap-1.xml.gz").read_bytes()
    assert len(parse_sitemap(body, "http://127.0.0.1:8765/gz/news-sitemap-1.xml.gz").links) == 2
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>")
    listing = parse_sitemap(bomb, "http://x.test/s.xml.gz", max_size=1_000_000)
    assert listing.too_large and not listing.links
    assert parse_sitemap(b"\x1f\x8b\x08garbage", "http://x.test/s.xml.gz").malformed


def test_a_text_sitemap_lists_one_url_a_line():
    """sitemaps.org's text form: one URL per line (UTF-8, maybe gzip); anything else is no text
    sitemap and reads as a malformed XML one."""
    body = "\ufeffhttps://x.test/a.html\r\n\nhttps://x.test/b.html?utm_source=x\n".encode()
    want = ["https://x.test/a.html", "https://x.test/b.html"]
    for raw, url in ((body, "http://x.test/sitemap.txt"), (gzip.compress(body), "http://x.test/s.txt.gz")):
        assert [link.url for link in parse_sitemap(raw, url).links] == want
    assert parse_sitemap(b"Not found\n", "http://x.test/sitemap.txt").malformed


def test_a_web_page_is_told_from_a_feed_by_its_opening_not_its_content_type():
    from crawler.discovery import is_html_page

    assert is_html_page(b"\xef\xbb\xbf\n<!DOCTYPE html><html><body><a href='/a'>A</a>")
    assert is_html_page(b"<!-- cached --> <HTML lang='en'><head>")
    assert not is_html_page(b"<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>")
    assert not is_html_page(b"<rss version='2.0'><channel><description>&lt;html&gt;</description>")
    assert not is_html_page(b'{"version": "https://jsonfeed.org/version/1.1", "items": []}')
