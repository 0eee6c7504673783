"""The local outlet server the demo and the crawl tests use: valid feeds and sitemaps, conditional
GET, rounds of publication, request counting and fault routes, all over real HTTP on 127.0.0.1."""
from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone

import feedparser
import lxml.etree
import lxml.html
import pytest
import yaml

from crawler.outlets import load_outlets
from newsmon.demo.localsite import LocalOutlet, LocalSiteServer, Route, SamplePage, with_canonical
from newsmon.demo.samples import demo_outlets
from sites import build_outlets, fetch

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def _outlet(news_site, index=0) -> LocalOutlet:
    return list(news_site.outlets.values())[index]


def test_rss_and_atom_list_every_published_article(news_site):
    outlet = _outlet(news_site)
    want = {outlet.article_url(news_site.base_url, p): p for p in outlet.published_pages()}
    assert len(want) >= 3
    for feed in ("rss", "atom"):
        resp = fetch(outlet.urls(news_site.base_url)[feed])
        assert resp.status == 200
        parsed = feedparser.parse(resp.body)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == ("rss20" if feed == "rss" else "atom10")
        assert {e.link for e in parsed.entries} == set(want)
        for e in parsed.entries:
            page = want[e.link]
            assert e.title == page.title
            assert datetime(*e.published_parsed[:6], tzinfo=timezone.utc) == page.published
        # newest first, as outlets publish them
        dates = [e.published_parsed for e in parsed.entries]
        assert dates == sorted(dates, reverse=True)


def test_news_sitemap_and_sitemap_index(news_site):
    outlet, base = _outlet(news_site, 1), news_site.base_url
    urls = outlet.urls(base)
    index = lxml.etree.fromstring(fetch(urls["sitemap"]).body)
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    assert index.xpath("sm:sitemap/sm:loc/text()", namespaces=NS) == [urls["news_sitemap"]]

    resp = fetch(urls["news_sitemap"])
    assert resp.status == 200 and resp.headers["content-type"].startswith("application/xml")
    root = lxml.etree.fromstring(resp.body)
    entries = root.xpath("sm:url", namespaces=NS)
    assert len(entries) == len(outlet.published_pages())
    by_url = {outlet.article_url(base, p): p for p in outlet.published_pages()}
    for entry in entries:
        page = by_url[entry.findtext("sm:loc", namespaces=NS)]
        assert entry.findtext("news:news/news:title", namespaces=NS) == page.title
        stamp = entry.findtext("news:news/news:publication_date", namespaces=NS)
        assert datetime.fromisoformat(stamp) == page.published
        assert entry.findtext("news:news/news:publication/news:name", namespaces=NS) == outlet.name


def test_article_carries_its_own_canonical_and_the_original_body(news_site, corpus_pages):
    outlet = _outlet(news_site)
    page = outlet.published_pages()[0]
    url = outlet.article_url(news_site.base_url, page)
    pattern = outlet.config(news_site.base_url)["article_pattern"]
    assert re.search(pattern, outlet.article_path(page))
    resp = fetch(url + "?utm_source=rss")      # a query string does not change the page
    assert resp.status == 200
    doc = lxml.html.fromstring(resp.body)
    assert doc.xpath("//link[@rel='canonical']/@href") == [url]
    assert doc.xpath("//meta[@property='og:url']/@content") == [url]
    assert not doc.xpath("//base")
    source = next(p for p in corpus_pages if p.html == page.html)
    first_words = " ".join(source.body.split()[:6])
    assert first_words and first_words in " ".join(doc.text_content().split())


def test_with_canonical_replaces_existing_tags_and_escapes_the_url():
    page = (b'<html><HEAD><base href="https://orig.example/"><link href="https://orig.example/a" '
            b'rel="canonical"><meta property="og:url" content="https://orig.example/a"></head>'
            b'<body>x</body></html>')
    out = with_canonical(page, 'http://127.0.0.1/a?x=1&y="2"')
    doc = lxml.html.fromstring(out)
    assert doc.xpath("//link[@rel='canonical']/@href") == ['http://127.0.0.1/a?x=1&y="2"']
    assert b"orig.example" not in out


def test_conditional_get_answers_304(news_site):
    outlet = _outlet(news_site)
    paths = [outlet.urls(news_site.base_url)["rss"],
             outlet.article_url(news_site.base_url, outlet.published_pages()[0]),
             news_site.url("/robots.txt")]
    for url in paths:
        first = fetch(url)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert re.fullmatch(r'"[0-9a-f]+"', etag), "a strong ETag"
        again = fetch(url, {"If-None-Match": etag})
        assert (again.status, again.body, again.headers["etag"]) == (304, b"", etag)
        assert fetch(url, {"If-Modified-Since": modified}).status == 304
        assert fetch(url, {"If-None-Match": '"stale"'}).status == 200
        # If-None-Match wins over If-Modified-Since (RFC 9110)
        assert fetch(url, {"If-None-Match": '"stale"', "If-Modified-Since": modified}).status == 200
        assert fetch(url, {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status == 200
    rss = paths[0].removeprefix(news_site.base_url)
    assert news_site.conditional[rss] == 5 and news_site.requests[rss] == 6


def test_publishing_a_round_changes_only_the_feeds_that_gain_items(corpus_pages):
    outlets = build_outlets(corpus_pages[:8], 2, visible=2)
    with LocalSiteServer(outlets) as srv:
        first, other = outlets
        rss, atom = first.urls(srv.base_url)["rss"], first.urls(srv.base_url)["atom"]
        other_rss = other.urls(srv.base_url)["rss"]
        before = {u: fetch(u).headers for u in (rss, atom, other_rss)}
        waiting = first.pages[2]
        new_url = first.article_url(srv.base_url, waiting)
        assert fetch(new_url).status == 404
        assert new_url not in fetch(first.urls(srv.base_url)["section"]).body.decode()

        assert first.publish(1) == [waiting]
        for u in (rss, atom):
            resp = fetch(u, {"If-None-Match": before[u]["etag"],
                             "If-Modified-Since": before[u]["last-modified"]})
            assert resp.status == 200 and resp.headers["etag"] != before[u]["etag"]
            assert resp.headers["last-modified"] != before[u]["last-modified"]
            assert new_url in {e.link for e in feedparser.parse(resp.body).entries}
        assert fetch(other_rss, {"If-None-Match": before[other_rss]["etag"]}).status == 304
        since = before[other_rss]["last-modified"]
        assert fetch(other_rss, {"If-Modified-Since": since}).status == 304
        assert fetch(new_url).status == 200


def test_requests_are_counted_per_path_without_query(news_site):
    outlet = _outlet(news_site)
    url = outlet.article_url(news_site.base_url, outlet.published_pages()[0])
    path = url.removeprefix(news_site.base_url)
    fetch(url)
    fetch(url + "?utm_source=feed")
    fetch(news_site.url("/o/site-a/nothing-here.html"))
    assert news_site.requests[path] == 2
    assert news_site.log[-3:] == [("GET", path, 200), ("GET", path + "?utm_source=feed", 200),
                                  ("GET", "/o/site-a/nothing-here.html", 404)]
    news_site.reset()
    assert not news_site.requests and not news_site.log


def test_fault_routes(news_site):
    outlet = _outlet(news_site)
    page = outlet.published_pages()[0]
    url = outlet.article_url(news_site.base_url, page)
    path = url.removeprefix(news_site.base_url)
    # a 500 once, then the real page
    news_site.add_route(path, [Route(500, body=b"oops"), None])
    assert fetch(url).status == 500
    assert [fetch(url).status, fetch(url).status] == [200, 200]
    assert news_site.requests[path] == 3

    # a redirect, and a handler that sees the request
    news_site.add_route("/o/site-a/go/1", Route(301, {"Location": url}))
    go = fetch(news_site.url("/o/site-a/go/1"))
    assert (go.status, go.headers["location"]) == (301, url)
    seen = []

    def echo(req):
        seen.append(req)
        return 200, {"Content-Type": "text/plain"}, req.query.encode()
    news_site.add_route("/echo", echo)
    assert fetch(news_site.url("/echo?a=1")).body == b"a=1"
    assert seen[0].path == "/echo" and seen[0].method == "GET"

    # a slow route, and a handler that fails: a 500, and the server keeps serving
    news_site.add_route("/slow", Route(200, {}, b"late", delay=0.3))
    started = time.monotonic()
    assert fetch(news_site.url("/slow")).body == b"late"
    assert time.monotonic() - started >= 0.3
    news_site.add_route("/broken", lambda req: 1 / 0)
    assert fetch(news_site.url("/broken")).status == 500
    assert fetch(url).status == 200


def test_robots_listings_and_http_details(news_site):
    base = news_site.base_url
    robots = fetch(news_site.url("/robots.txt")).body.decode()
    for outlet in news_site.outlets.values():
        assert f"Disallow: /o/{outlet.id}/private/" in robots
        assert f"Sitemap: {outlet.urls(base)['sitemap']}" in robots
    outlet = _outlet(news_site)
    section = lxml.html.fromstring(fetch(outlet.urls(base)["section"]).body)
    links = set(section.xpath("//a/@href"))
    assert {outlet.article_url(base, p) for p in outlet.published_pages()} <= links
    for path in outlet.non_article_paths():
        assert fetch(base + path).status == 200, path
        assert not re.search(outlet.config(base)["article_pattern"], path)
    assert base + outlet.prefix + "about/" in links
    home = fetch(outlet.urls(base)["home"]).body.decode()
    assert outlet.urls(base)["rss"] in home
    missing_slash = fetch(base + outlet.prefix + "section")
    assert missing_slash.status == 301
    assert missing_slash.headers["location"] == outlet.urls(base)["section"]
    assert fetch(base + "/o/no-such-outlet/").status == 404
    assert fetch(outlet.urls(base)["rss"], method="POST").status == 405
    head = fetch(outlet.urls(base)["rss"], method="HEAD")
    assert head.status == 200 and head.body == b"" and int(head.headers["content-length"]) > 0


def test_outlets_yaml_loads_as_newsmon_config(news_site, tmp_path):
    path = news_site.outlets_yaml(tmp_path)
    assert yaml.safe_load(path.read_text())["outlets"][0]["id"] == "site-a"
    loaded = {o.id: o for o in load_outlets(path)}
    assert set(loaded) == set(news_site.outlets)
    outlet = _outlet(news_site)
    cfg = loaded[outlet.id]
    urls = outlet.urls(news_site.base_url)
    assert cfg.feeds == (urls["rss"], urls["atom"]) and cfg.sitemaps == (urls["news_sitemap"],)
    assert cfg.is_article_path(outlet.article_url(news_site.base_url, outlet.published_pages()[0]))
    assert not cfg.is_article_path(outlet.urls(news_site.base_url)["section"])


def test_hostile_titles_cannot_break_feeds():
    title = 'Apagones <script>alert("x")</script> ]]> & \x0b\x1b "quoted"'
    page = SamplePage("hostile", b"<html><head></head><body>x</body></html>", title,
                      datetime(2026, 2, 10, 8, tzinfo=timezone.utc), "es")
    with LocalSiteServer([LocalOutlet("h", "Hostile <b>&</b>", [page])]) as srv:
        outlet = srv.outlets["h"]
        clean = 'Apagones <script>alert("x")</script> ]]> &  "quoted"'
        for feed in ("rss", "atom"):
            parsed = feedparser.parse(fetch(outlet.urls(srv.base_url)[feed]).body)
            assert not parsed.bozo and parsed.entries[0].title_detail.value == clean
        root = lxml.etree.fromstring(fetch(outlet.urls(srv.base_url)["news_sitemap"]).body)
        assert root.findtext(".//news:title", namespaces=NS) == clean
        section = fetch(outlet.urls(srv.base_url)["section"]).body
        assert b"<script>" not in section


def test_demo_outlets_are_marked_samples_in_two_languages():
    now = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
    outlets = demo_outlets(now)
    assert [o.name for o in outlets] == ["Sample Havana Desk", "Sample Wire"]
    pages = [p for o in outlets for p in o.pages]
    assert 8 <= len(pages) <= 10
    langs = [p.language for p in pages]
    assert abs(langs.count("es") - langs.count("en")) <= 2
    for p in pages:
        doc = lxml.html.fromstring(p.html)
        assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
        assert "Sample article written for the newsmon demo — not real news" in doc.text_content()
        words = len(" ".join(doc.xpath("//article//p//text()")).split())
        assert 250 <= words <= 500, (p.slug, words)
        assert doc.xpath("//meta[@property='article:published_time']/@content") == [
            p.published.isoformat()]
        assert timedelta(0) < now - p.published <= timedelta(hours=24), p.slug   # in today's digest
        assert b"{{" not in p.html


def _shingles(page: SamplePage) -> set[tuple[str, ...]]:
    words = " ".join(lxml.html.fromstring(page.html).xpath("//article//p//text()")).lower().split()
    return {tuple(words[i:i + 5]) for i in range(len(words) - 4)}


def test_demo_has_one_story_told_by_two_outlets():
    pages = {p.slug: (o.id, p) for o in demo_outlets() for p in o.pages}
    (a_outlet, a), (b_outlet, b) = pages["oil-tariffs"], pages["tariff-threat-copy"]
    assert a_outlet != b_outlet and a.title != b.title
    jaccard = lambda x, y: len(x & y) / len(x | y)  # noqa: E731
    assert jaccard(_shingles(a), _shingles(b)) > 0.8
    others = [p for slug, (_, p) in pages.items()
              if slug not in ("oil-tariffs", "tariff-threat-copy")]
    assert max(jaccard(_shingles(a), _shingles(p)) for p in others) < 0.1


def test_demo_site_serves_over_http():
    with LocalSiteServer(demo_outlets()) as srv:
        for outlet in srv.outlets.values():
            parsed = feedparser.parse(fetch(outlet.urls(srv.base_url)["rss"]).body)
            assert len(parsed.entries) == len(outlet.pages)
            assert parsed.feed.language == outlet.language
            for entry in parsed.entries:
                assert fetch(entry.link).status == 200


@pytest.mark.parametrize("bad", ["", "../x", "a/b"])
def test_bad_slugs_are_refused(bad):
    with pytest.raises(ValueError, match="slug"):
        SamplePage(bad, b"", "t", datetime.now(timezone.utc))
