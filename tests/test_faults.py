"""Bad input never stops the crawl, loses no data, and is counted: one outlet full of faults
(redirect chains and loops, foreign canonicals, 404/410/5xx/429, a timeout, an oversized body, a
PDF and an image, a lying charset, broken and hostile feeds and sitemaps, robots.txt), crawled
twice by the real `newsmon crawl` against the project's own local site."""
from __future__ import annotations

import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from xml.etree import ElementTree as ET

import pytest
import yaml

from newsmon.demo.localsite import LocalSiteServer, Route, with_canonical
from run import newsmon, rows

P = "/o/faults/"
HTML = {"Content-Type": "text/html; charset=utf-8"}
BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
        + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
                  for p, c in zip("abcdefgh", "bcdefghi")) + "]>\n")
SPANISH = ("<p>La Unión Eléctrica informó de apagones en La Habana y en el oriente del país, "
           "donde los cortes de electricidad llegaron a veinte horas diarias durante la semana.</p>"
           "<p>Según el ministerio, la generación térmica está por debajo de la demanda porque "
           "faltan combustible y piezas de repuesto, y las familias cocinan con leña o carbón.</p>"
           "<p>Los vecinos de Santiago de Cuba y Holguín protestaron con cacerolas en varias "
           "calles; la policía detuvo a tres jóvenes, según testigos citados por la prensa.</p>")


def rss(base: str, items: list[tuple[str, str | None]], title: str = "Faults") -> bytes:
    channel = ET.Element("channel")
    ET.SubElement(channel, "title").text = title
    ET.SubElement(channel, "link").text = base + P
    for i, (path, date) in enumerate(items):
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = f"Item {i}"
        ET.SubElement(item, "link").text = base + path
        if date is not None:
            ET.SubElement(item, "pubDate").text = date
    root = ET.Element("rss", {"version": "2.0"})
    root.append(channel)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def page(corpus_pages, i: int, url: str) -> Route:
    return Route(200, HTML, with_canonical(corpus_pages[i].html, url))


@pytest.fixture(scope="module")
def faults(corpus_pages, tmp_path_factory):
    """The fault outlet, crawled twice; yields what a test needs to look at."""
    tmp = tmp_path_factory.mktemp("faults")
    db = f"sqlite:///{tmp / 'faults.db'}"
    now = datetime.now(timezone.utc)
    rfc = lambda h: format_datetime(now - timedelta(hours=h), usegmt=True)  # noqa: E731
    with LocalSiteServer() as site:
        b = site.base_url
        art = lambda name: f"{P}2026/01/01/{name}.html"  # noqa: E731
        good = {name: art(name) for name in
                ("plain", "chain-target", "amp-target", "tracked", "flaky", "busy", "latin",
                 "foreign", "nodate", "baddate", "future", "salvaged", "bombfeed")}
        # Each stored page has a body of its own (the same body twice in one outlet is one
        # article); pages 0-10 here, 11 for the foreign canonical, the lying charset is made up.
        served = [(n, p) for n, p in good.items() if n not in ("latin", "foreign")]
        for i, (name, path) in enumerate(served):
            site.add_route(path, page(corpus_pages, i, b + path))
        site.add_route(P + "go/1", Route(301, {"Location": b + P + "story/1"}))
        site.add_route(P + "story/1", Route(302, {"Location": b + good["chain-target"]}))
        site.add_route(P + "loop/a", Route(302, {"Location": b + P + "loop/b"}))
        site.add_route(P + "loop/b", Route(302, {"Location": b + P + "loop/a"}))
        amp = corpus_pages[2].html.replace(b"<head>", f'<head><link rel="canonical" href="{b}{good["amp-target"]}">'.encode(), 1)
        site.add_route(P + "amp/x.html", Route(200, HTML, amp))
        site.add_route(good["flaky"], [Route(500), page(corpus_pages, 4, b + good["flaky"])])
        site.add_route(good["busy"], [Route(429, {"Retry-After": "1"}),
                                      page(corpus_pages, 5, b + good["busy"])])
        site.add_route(art("always-503"), Route(503))
        site.add_route(art("gone"), Route(410))
        site.add_route(art("slow"), Route(200, HTML, corpus_pages[6].html, delay=3))
        site.add_route(art("huge"), Route(200, HTML, corpus_pages[7].html + b"<!--" + b"x" * 900_000 + b"-->"))
        site.add_route(art("pdf"), Route(200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n%\xe2\xe3\n"))
        site.add_route(art("png"), Route(200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + bytes(64)))
        latin = (f'<html><head><meta charset="utf-8"><title>Apagones en La Habana</title>'
                 f'<link rel="canonical" href="{b}{good["latin"]}"></head><body><article>'
                 f'<h1>Apagones en La Habana</h1>{SPANISH}</article></body></html>')
        site.add_route(good["latin"], Route(200, HTML, latin.encode("latin-1")))
        foreign = corpus_pages[11].html.replace(
            b"<head>", b'<head><link rel="canonical" href="https://elsewhere.example/story">', 1)
        site.add_route(good["foreign"], Route(200, HTML, foreign))
        site.add_route(P + "private/secret.html", page(corpus_pages, 9, b + P + "private/secret.html"))
        site.add_route("/robots.txt", Route(200, {}, f"User-agent: *\nDisallow: {P}private/\n".encode()))
        feed = [(good["plain"], rfc(1)), (P + "go/1", rfc(2)), (P + "loop/a", rfc(2)),
                (P + "amp/x.html", rfc(3)), (good["tracked"] + "?utm_source=rss&fbclid=x", rfc(3)),
                (good["flaky"], rfc(4)), (good["busy"], rfc(4)), (art("always-503"), rfc(5)),
                (art("missing"), rfc(5)), (art("gone"), rfc(5)), (art("slow"), rfc(6)),
                (art("huge"), rfc(6)), (art("pdf"), rfc(7)), (art("png"), rfc(7)),
                (good["latin"], rfc(8)), (good["foreign"], rfc(8)),
                (P + "private/secret.html", rfc(9)), (good["nodate"], None),
                (good["baddate"], "the day before yesterday"),
                (good["future"], format_datetime(now + timedelta(days=40), usegmt=True))]
        rss_xml = {"Content-Type": "application/rss+xml"}
        site.add_route(P + "rss.xml", Route(200, rss_xml, rss(b, feed)))
        broken = rss(b, [(good["salvaged"], rfc(1)), (good["plain"], rfc(1))])
        site.add_route(P + "broken.xml", Route(200, rss_xml, broken[:int(len(broken) * 0.8)]))
        bomb = rss(b, [(good["bombfeed"], rfc(1))]).decode().replace(
            "<?xml version='1.0' encoding='utf-8'?>\n", BOMB).replace("<title>Faults</title>", "<title>&i;</title>")
        site.add_route(P + "bomb.xml", Route(200, rss_xml, bomb.encode()))
        sm = "http://www.sitemaps.org/schemas/sitemap/0.9"
        site.add_route(P + "sitemap.xml", Route(200, {"Content-Type": "application/xml"}, (
            f'<?xml version="1.0"?><sitemapindex xmlns="{sm}"><sitemap><loc>{b}{P}missing-sitemap.xml'
            f'</loc></sitemap><sitemap><loc>{b}{P}bomb-sitemap.xml</loc></sitemap></sitemapindex>').encode()))
        site.add_route(P + "bomb-sitemap.xml", Route(200, {"Content-Type": "application/xml"}, (
            BOMB + f'<urlset xmlns="{sm}"><url><loc>{b}{good["amp-target"]}</loc><lastmod>&i;</lastmod>'
            f'</url></urlset>').encode()))
        config = tmp / "outlets.yaml"
        config.write_text(yaml.safe_dump({"outlets": [{
            "id": "faults", "name": "Faulty Outlet", "language": "en",
            "feeds": [b + P + "rss.xml", b + P + "broken.xml", b + P + "bomb.xml"],
            "sitemaps": [b + P + "sitemap.xml"], "timeout": 1, "max_size_mb": 0.5}]}))
        started = time.monotonic()
        first = newsmon("crawl", "--outlets", str(config), "--db", db)
        first_s = time.monotonic() - started
        first_requests = Counter(site.requests)
        site.reset()
        second = newsmon("crawl", "--outlets", str(config), "--db", db)
        yield {"db": db, "base": b, "good": good, "art": art, "first": first, "second": second,
               "first_requests": first_requests, "second_requests": Counter(site.requests),
               "first_seconds": first_s}


def stored(db):
    return {u for (u,) in rows(db, "SELECT url FROM articles")}


def test_crawl_goes_on_and_exits_zero(faults):
    for run in (faults["first"], faults["second"]):
        assert run.returncode == 0, run.stderr[-3000:]
        assert "Traceback" not in run.stderr
    # The entity bomb expanded nowhere: the whole crawl (with its 3 s page) stays short.
    assert faults["first_seconds"] < 90


def test_every_good_article_is_stored_once_under_its_canonical_url(faults):
    want = {faults["base"] + p for p in faults["good"].values()}
    got = stored(faults["db"])
    assert got == want, (sorted(want - got), sorted(got - want))
    assert rows(faults["db"], "SELECT count(*) FROM articles")[0][0] == len(want)


def test_redirects_tracking_links_and_amp_copies_are_remembered_as_aliases(faults):
    b, good = faults["base"], faults["good"]
    aliases = {u for (u,) in rows(faults["db"], "SELECT url FROM article_urls")}
    assert {b + P + "go/1", b + P + "story/1", b + P + "amp/x.html"} <= aliases
    # Tracking parameters were removed before the request: one request for the page.
    assert faults["first_requests"][good["tracked"]] == 1


def test_lying_charset_keeps_spanish_accents(faults):
    (text,) = rows(faults["db"], "SELECT text FROM articles WHERE url = :u",
                   u=faults["base"] + faults["good"]["latin"])[0]
    assert "Unión Eléctrica" in text and "jóvenes" in text and "\ufffd" not in text


def test_robots_disallowed_url_is_never_requested(faults):
    for requests in (faults["first_requests"], faults["second_requests"]):
        assert not [p for p in requests if "/private/" in p]


def test_failures_are_counted_per_outlet_in_the_run_table(faults):
    (counts,) = rows(faults["db"], "SELECT counts FROM crawl_run_outlets WHERE run_id = 1")[0]
    counts = json.loads(counts) if isinstance(counts, str) else counts
    for key in ("error/http_404", "error/http_410", "error/http_5xx", "error/timeout",
                "error/too_large", "error/redirect_loop", "error/feed_malformed",
                "error/sitemap_http_404"):
        assert counts.get(key, 0) >= 1, (key, counts)
    assert counts["error/non_html"] == 2
    assert counts.get("robots_disallowed", 0) >= 1
    shown = newsmon("stats", "--runs", "--db", faults["db"])
    assert shown.returncode == 0 and "http_404 1" in shown.stdout and "too_large 1" in shown.stdout


def test_second_crawl_retries_only_transient_failures(faults):
    art = faults["art"]
    requests = faults["second_requests"]
    articles = {p for p in requests if re.match(rf"^{P}(2026|go|story|amp|loop)/", p)}
    # 503 and the timeout are transient: tried again; 404, 410, PDF, image, too large: not.
    assert articles == {art("always-503"), art("slow")}, articles
    assert rows(faults["db"], "SELECT count(*) FROM crawl_runs WHERE status='finished'")[0][0] == 2


def test_sigkill_mid_crawl_loses_nothing_and_stores_nothing_twice(news_site, tmp_path,
                                                                  sqlite_url):
    config = str(news_site.outlets_yaml(tmp_path))
    cmd = [sys.executable, "-m", "newsmon", "crawl", "--outlets", config, "--db", sqlite_url]
    # Its own process group, so SIGKILL takes the extraction workers down too (as a machine
    # crash or the OOM killer would) and leaves no orphan behind.
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            if rows(sqlite_url, "SELECT count(*) FROM articles")[0][0] >= 2:
                break
        except Exception:  # the schema is being created
            pass
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = {u for (u,) in rows(sqlite_url, "SELECT url FROM articles")}
    again = newsmon("crawl", "--outlets", config, "--db", sqlite_url)
    assert again.returncode == 0, again.stderr[-2000:]
    urls = [u for (u,) in rows(sqlite_url, "SELECT url FROM articles")]
    published = {o.article_url(news_site.base_url, p)
                 for o in news_site.outlets.values() for p in o.published_pages()}
    assert before <= set(urls) and set(urls) == published and len(urls) == len(set(urls))
