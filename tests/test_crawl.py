"""The crawl path end to end: a real local news site, the real `newsmon crawl`, a real store."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from collections import Counter

import pytest
import yaml

from newsmon.demo.localsite import LocalSiteServer
from run import newsmon, rows

ARTICLE = re.compile(r"^/o/[^/]+/\d{4}/\d{2}/\d{2}/")


def shingles(text: str, n: int = 4) -> Counter:
    toks = re.findall(r"\w+", (text or "").lower())
    return Counter(tuple(toks[i:i + n]) for i in range(max(len(toks) - n + 1, 0)))


def f1(truth: str, got: str) -> float:
    t, p = shingles(truth), shingles(got)
    inter = sum((t & p).values())
    if not inter:
        return 0.0
    precision, recall = inter / sum(p.values()), inter / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def article_requests(site) -> Counter:
    return Counter({p: n for p, n in site.requests.items() if ARTICLE.match(p)})


def crawl(site, tmp_path, db_url, *extra):
    result = newsmon("crawl", "--outlets", str(site.outlets_yaml(tmp_path)), "--db", db_url,
                     *extra)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    return result


def test_crawl_stores_every_listed_article_once_with_its_text(news_site, corpus_pages, tmp_path,
                                                              sqlite_url):
    result = crawl(news_site, tmp_path, sqlite_url)
    published = {o.article_url(news_site.base_url, p): p
                 for o in news_site.outlets.values() for p in o.published_pages()}
    stored = dict(rows(sqlite_url, "SELECT url, text FROM articles"))
    assert set(stored) == set(published)
    # Each article is linked from RSS, Atom, the news sitemap and the section page: fetched once.
    requests = article_requests(news_site)
    assert len(requests) == len(published) and set(requests.values()) == {1}
    truth = {p.html: c.body for c in corpus_pages for p in [c]}
    scores = [f1(truth[published[url].html], text) for url, text in stored.items()]
    assert sum(scores) / len(scores) >= 0.85, scores
    # The summary names each outlet with its counts.
    for outlet_id in news_site.outlets:
        assert re.search(rf"^{re.escape(outlet_id)}\s+\d+\s+\d+", result.stdout, re.M)


def test_after_a_crawl_the_sqlite_database_is_one_file(news_site, tmp_path, sqlite_url):
    """Everything stored is in newsmon.db itself when the command ends (its write-ahead log is
    checkpointed and removed), so copying that file copies every article."""
    import sqlite3

    crawl(news_site, tmp_path, sqlite_url)
    # Before anything else opens the database (the last connection to close checkpoints it).
    assert not (tmp_path / "newsmon.db-wal").exists()
    copy = tmp_path / "copy.db"
    copy.write_bytes((tmp_path / "newsmon.db").read_bytes())
    stored = rows(sqlite_url, "SELECT count(*) FROM articles")[0][0]
    assert stored > 0
    assert sqlite3.connect(copy).execute("SELECT count(*) FROM articles").fetchone()[0] == stored


def test_second_crawl_requests_no_article_and_gets_304s(news_site, tmp_path, sqlite_url):
    first = newsmon("-v", "crawl", "--outlets", str(news_site.outlets_yaml(tmp_path)), "--db",
                    sqlite_url)
    assert "starting 2 worker processes" in first.stderr, first.stderr[-2000:]
    news_site.reset()
    second = newsmon("-v", "crawl", "--outlets", str(news_site.outlets_yaml(tmp_path)), "--db",
                     sqlite_url)
    assert second.returncode == 0 and "Traceback" not in second.stderr, second.stderr[-2000:]
    # Nothing new: no worker process is started (they cost 1.6 s of CPU to load).
    assert "worker processes" not in second.stderr
    assert article_requests(news_site) == Counter()
    listings = [h for h in news_site.log if h.path.endswith((".xml", "/section/"))]
    assert listings and all(h.status == 304 for h in listings), listings
    assert "new 0" in second.stdout


def test_new_round_fetches_only_new_articles(news_site, tmp_path, sqlite_url):
    crawl(news_site, tmp_path, sqlite_url)
    before = rows(sqlite_url, "SELECT count(*) FROM articles")[0][0]
    outlet = next(iter(news_site.outlets.values()))
    fresh = outlet.publish(1)
    if not fresh:
        pytest.skip("the fixture outlet has no unpublished page left")
    news_site.reset()
    crawl(news_site, tmp_path, sqlite_url)
    assert set(article_requests(news_site)) == {outlet.article_path(p) for p in fresh}
    assert rows(sqlite_url, "SELECT count(*) FROM articles")[0][0] == before + len(fresh)


def test_crawl_into_postgresql(news_site, tmp_path, pg_url):
    crawl(news_site, tmp_path, pg_url)
    published = sum(len(o.published_pages()) for o in news_site.outlets.values())
    assert rows(pg_url, "SELECT count(*) FROM articles")[0][0] == published
    hits = newsmon("search", "the", "--db", pg_url, "--format", "json")
    assert hits.returncode == 0, hits.stderr


def test_unusable_config_or_database_exit_non_zero_with_one_line(tmp_path, sqlite_url):
    bad = tmp_path / "outlets.yaml"
    bad.write_text("outlets:\n  - id: x\n    name: X\n    language: english\n    feeds: [a]\n")
    result = newsmon("crawl", "--outlets", str(bad), "--db", sqlite_url)
    assert result.returncode != 0
    assert "language" in result.stderr and "Traceback" not in result.stderr
    result = newsmon("crawl", "--outlets", str(bad), "--db", "nosuchdb://x")
    assert result.returncode != 0 and "Traceback" not in result.stderr


@pytest.mark.parametrize("only", ["feeds", "sitemap_index", "sections"])
def test_each_discovery_source_alone_finds_every_article(news_site, tmp_path, sqlite_url, only):
    entries = []
    for outlet in news_site.outlets.values():
        entry = outlet.config(news_site.base_url)
        urls = outlet.urls(news_site.base_url)
        entry["feeds"] = [urls["rss"]] if only == "feeds" else []
        entry["sitemaps"] = [urls["sitemap"]] if only == "sitemap_index" else []
        entry["sections"] = [urls["section"]] if only == "sections" else []
        entries.append(entry)
    config = tmp_path / "outlets.yaml"
    config.write_text(yaml.safe_dump({"outlets": entries}))
    result = newsmon("crawl", "--outlets", str(config), "--db", sqlite_url)
    assert result.returncode == 0, result.stderr[-2000:]
    published = {o.article_url(news_site.base_url, p)
                 for o in news_site.outlets.values() for p in o.published_pages()}
    assert {u for (u,) in rows(sqlite_url, "SELECT url FROM articles")} == published
    # Section pages also link to tag, author and about pages: none is requested as an article.
    assert not [p for p in news_site.requests if "/tag/" in p or "/author/" in p
                or p.endswith("/about/")]


def test_user_agent_names_the_contact_url_and_robots_is_asked_first(news_site, tmp_path,
                                                                    sqlite_url):
    seen = []

    def robots(request):
        seen.append(request.headers.get("User-Agent", ""))
        return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow:\n"

    news_site.add_route("/robots.txt", robots)
    result = newsmon("crawl", "--outlets", str(news_site.outlets_yaml(tmp_path)), "--db",
                     sqlite_url, env={"NEWSMON_CONTACT_URL": "https://newsroom.example/crawler"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert seen and all("newsmon" in ua and "https://newsroom.example/crawler" in ua
                        for ua in seen)
    assert news_site.log[0].path == "/robots.txt"  # one robots.txt per host, before anything
    assert news_site.requests["/robots.txt"] == 1


def test_no_spider_callback_is_a_generator_that_returns_a_value():
    """Scrapy's per-response form of this check is off (it cost 1.6 ms a response: settings.py);
    a callback whose ``return value`` Scrapy would silently drop is caught here instead."""
    from scrapy.utils.misc import is_generator_with_return_value

    from crawler.frontier import WorkerSpider
    from crawler.spiders.outlets import OutletSpider

    callbacks = [getattr(cls, name) for cls in (OutletSpider, WorkerSpider) for name in dir(cls)
                 if name.startswith("parse") or name.endswith("_failed")]
    assert len(callbacks) >= 4
    assert [c.__qualname__ for c in callbacks if is_generator_with_return_value(c)] == []


# What a crawl that finds nothing new must not load (start-up time, bench/startup.py): numpy and
# the story step come with the first stored article, the extraction workers with the first page,
# aiohttp and tldextract with Scrapy components newsmon leaves out, feedparser and courlan with
# the first feed read, PostgreSQL's dialect with a PostgreSQL store.
NOT_AT_START = ("numpy", "datasketch", "trafilatura", "pipelines.extraction", "storage.stories",
                "aiohttp", "tldextract", "alembic", "rich", "feedparser", "courlan",
                "sqlalchemy.dialects.postgresql")


def test_a_crawl_with_nothing_new_loads_no_analysis_library(news_site, tmp_path, sqlite_url):
    config = str(news_site.outlets_yaml(tmp_path))
    crawl(news_site, tmp_path, sqlite_url)
    code = ("import sys\nfrom newsmon.__main__ import main\n"
            f"sys.argv = ['newsmon', 'crawl', '--outlets', {config!r}, '--db', {sqlite_url!r}]\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
            f"print(sorted(m for m in {NOT_AT_START!r} if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "not_modified" in result.stdout and "new 0" in result.stdout, result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout


def test_a_configured_download_delay_still_separates_robots_txt_and_the_first_feed(tmp_path,
                                                                                   sqlite_url):
    """robots.txt has a download slot of its own, so a host's first page does not wait
    AutoThrottle's start delay after it (crawler.middlewares.RobotsTxtSlotMiddleware); an
    outlet's own download_delay still applies between the two. Scrapy randomises each delay to
    0.5-1.5 times the setting: the gap is at least half of it."""
    first: dict[str, float] = {}

    def stamp(name: str, status: int, body: bytes):
        def handler(request):
            first.setdefault(name, time.monotonic())
            return status, {"Content-Type": "text/plain"}, body
        return handler

    with LocalSiteServer() as site:
        site.add_route("/robots.txt", stamp("robots", 200, b"User-agent: *\nDisallow:\n"))
        site.add_route("/feed.xml", stamp("feed", 404, b"gone"))
        config = tmp_path / "outlets.yaml"
        config.write_text(yaml.safe_dump({"outlets": [
            {"id": "paced", "name": "Paced", "language": "en", "feeds": [site.url("/feed.xml")],
             "download_delay": 1.0}]}))
        result = newsmon("crawl", "--outlets", str(config), "--db", sqlite_url)
    # Exit 3: the only outlet's only feed is a 404, so every outlet failed (tests/test_unreachable.py).
    assert result.returncode == 3, result.stderr[-2000:]
    assert first["feed"] - first["robots"] >= 0.5, first


def test_the_stored_time_is_the_feeds_whichever_listing_answers_first(news_site, tmp_path,
                                                                      sqlite_url):
    """The first listing to name an article makes its request; when that was the section page
    (no dates) and the feed answered later, the article was stored with the day its page states
    (or none) instead of the feed's minute: the stored time depended on the order the listings
    answered (30 of 180 articles differed between two crawls of one farm)."""
    from sites import fetch
    from newsmon.demo.localsite import Route

    for outlet in news_site.outlets.values():   # the section page first, the feeds a second later
        for name in ("rss.xml", "atom.xml", "news-sitemap.xml"):
            path = outlet.prefix + name
            got = fetch(news_site.base_url + path)
            news_site.add_route(path, Route(200, {"Content-Type": got.headers.get("content-type", "")},
                                            got.body, delay=1.0))
        for page in outlet.published_pages():   # the articles after the feeds
            path = outlet.article_path(page)
            news_site.add_route(path, Route(200, {"Content-Type": "text/html; charset=utf-8"},
                                            fetch(news_site.base_url + path).body, delay=2.0))
    news_site.reset()
    result = newsmon("crawl", "--outlets", str(news_site.outlets_yaml(tmp_path)), "--db", sqlite_url)
    assert result.returncode == 0, result.stderr[-2000:]
    stored = dict(rows(sqlite_url, "SELECT url, published_at FROM articles"))
    want = {news_site.base_url + o.article_path(p): p.published.strftime("%Y-%m-%d %H:%M:%S")
            for o in news_site.outlets.values() for p in o.published_pages()}
    assert stored and {u: str(t)[:19] for u, t in stored.items()} == {u: want[u] for u in stored}


def test_the_feeds_author_stands_in_for_a_byline_the_page_lacks(tmp_path, sqlite_url):
    """A page without a byline was stored without an author though its feed item names one
    (dc:creator; 54 of 232 articles of a tester's farm crawl); a byline the page shows wins."""
    from datetime import datetime, timedelta, timezone

    from newsmon.demo.localsite import LocalOutlet, SamplePage

    def text(topic):
        return "".join(f"<p>The ministry said on Tuesday that {topic} will change from next month, "
                       f"point {i} of its statement, and officials expect talks to continue.</p>"
                       for i in range(6))
    now = datetime.now(timezone.utc) - timedelta(hours=2)
    pages = [SamplePage(slug, f"<html><head><title>{title}</title></head><body><article><h1>{title}"
                              f"</h1>{byline}{text(title)}</article></body></html>".encode(), title,
                        now, author=author)
             for slug, title, byline, author in (
                 ("no-byline", "Fuel tariffs take effect next month", "", "Marta Gómez, Reuters"),
                 ("byline", "Talks on fuel tariffs resume", "<p class='byline'>By Luis Díaz</p>",
                  "Desk Account"))]
    with LocalSiteServer([LocalOutlet("wire", "Wire", pages, language="en")]) as site:
        result = newsmon("crawl", "--outlets", str(site.outlets_yaml(tmp_path)), "--db", sqlite_url)
    assert result.returncode == 0, result.stderr[-2000:]
    authors = {url.rsplit("/", 1)[-1]: a for url, a in rows(sqlite_url, "SELECT url, author FROM articles")}
    assert authors == {"no-byline.html": "Marta Gómez", "byline.html": "Luis Díaz"}


@pytest.mark.parametrize("entry, names", [
    ("language: no", 'language: "no"'),
    ("name: Off", "put the value in quotes"),
    ("concurrency: 0", "must be 1 or more"),
])
def test_outlet_values_yaml_misreads_or_that_stall_the_crawl_are_refused(tmp_path, entry, names):
    """A tester's `concurrency: 0` passed `outlets check` and the crawl then waited for ever;
    `language: no` (Norwegian) was reported as False, `name: Off` as a missing name."""
    from crawler.outlets import OutletConfigError, load_outlets

    fields = {"id": "x1", "name": "Diario", "language": "es", "feeds": ["https://d.example/rss"]}
    key = entry.split(":")[0]
    lines = [f"    {k}: {v if not isinstance(v, list) else '[' + v[0] + ']'}" for k, v in fields.items() if k != key]
    path = tmp_path / "outlets.yaml"
    path.write_text("outlets:\n  - " + "\n".join(lines).lstrip() + f"\n    {entry}\n", encoding="utf-8")
    with pytest.raises(OutletConfigError) as err:
        load_outlets(path)
    assert names in str(err.value)


def test_digits_are_an_outlet_id(tmp_path):
    from crawler.outlets import load_outlets

    path = tmp_path / "outlets.yaml"
    path.write_text("outlets:\n  - id: 123\n    name: Diario\n    language: es\n"
                    "    feeds: [https://d.example/rss]\n", encoding="utf-8")
    assert [o.id for o in load_outlets(path)] == ["123"]
