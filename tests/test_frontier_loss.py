"""The frontier's Redis restarted empty in the middle of a crawl (an operator's trial: Redis keeps
nothing on disk here). A private ``redis-server`` on a free port is stopped and started again, so
the shared Redis of the other tests is never touched.

What a user must see: the crawl ends (it hung), says in one line that the frontier lost its
queue, exits non-zero with no traceback; and the next crawl fetches every article the lost queue
held (before, the feeds answered 304 and 255 of 290 articles were never fetched).
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
import redis

from run import newsmon, rows
from test_frontier import article_requests, same_pages_site, start


class PrivateRedis:
    """A real redis-server that keeps nothing on disk, on a free loopback port."""

    def __init__(self, workdir):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.workdir, self.proc = workdir, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)], stdout=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                client.ping()
                return client
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.proc.kill()
        self.proc.wait()


@pytest.fixture
def private_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    if server.proc.poll() is None:
        server.stop()


def _slow_listings(site, delay: float) -> None:
    """Each outlet's feeds and news sitemap answer after `delay` s (still with validators)."""
    for outlet in site.outlets.values():
        for sub in ("rss.xml", "atom.xml", "news-sitemap.xml"):
            def handler(_request, outlet=outlet, sub=sub):
                time.sleep(delay)
                body, ctype, _modified = outlet.render(sub, site.base_url)
                return 200, {"Content-Type": ctype}, body
            site.add_route(outlet.prefix + sub, handler)


@pytest.mark.parametrize("moment", ["feeds in flight", "articles in flight"])
def test_redis_emptied_mid_crawl_ends_the_crawl_and_the_next_fetches_what_was_lost(
        moment, private_redis, corpus_pages, pg_url, tmp_path):
    env = {"NEWSMON_FRONTIER_URL": private_redis.url, "NEWSMON_FRONTIER_LEASE_S": "5"}
    with same_pages_site(corpus_pages, 2, delay=1.0) as site:
        if moment == "feeds in flight":   # their article links meet a Redis that is away
            _slow_listings(site, 1.5)
        config = str(site.outlets_yaml(tmp_path))
        crawl = start("crawl", "--outlets", config, "--db", pg_url, env=env)
        deadline = time.monotonic() + 120
        while not (any(p.endswith("rss.xml") for p in site.requests) if moment == "feeds in flight"
                   else len(article_requests(site)) >= 2):
            assert time.monotonic() < deadline and crawl.poll() is None
            time.sleep(0.05)
        private_redis.stop()
        time.sleep(2.5)
        private_redis.start()                     # back, empty
        out, err = crawl.communicate(timeout=120)
        assert crawl.returncode == 1, err[-2000:]
        assert "Traceback" not in err, err[-3000:]
        assert "Error: the frontier at" in err, err[-2000:]
        assert err.count("waiting for it") == 1, err[-3000:]   # the outage once, not per second
        assert rows(pg_url, "SELECT status FROM crawl_runs") == [("failed",)]
        shown = newsmon("stats", "--db", pg_url)   # the failed run says why
        assert "run 1 failed: the frontier at" in shown.stdout, shown.stdout + shown.stderr

        again = start("crawl", "--outlets", config, "--db", pg_url, env=env)
        out, err = again.communicate(timeout=180)
        assert again.returncode == 0, err[-2000:]
        assert "Traceback" not in err, err[-3000:]
        expected = {o.article_url(site.base_url, p) for o in site.outlets.values()
                    for p in o.published_pages()}
    stored = rows(pg_url, "SELECT url FROM articles")
    assert sorted(u for (u,) in stored) == sorted(expected)


def test_a_crawl_stops_waiting_for_a_redis_that_stays_away(private_redis, corpus_pages, pg_url,
                                                           tmp_path):
    env = {"NEWSMON_FRONTIER_URL": private_redis.url, "NEWSMON_FRONTIER_LEASE_S": "5",
           "NEWSMON_FRONTIER_WAIT_S": "3"}
    with same_pages_site(corpus_pages, 2, delay=1.0) as site:
        _slow_listings(site, 1.5)
        config = str(site.outlets_yaml(tmp_path))
        crawl = start("crawl", "--outlets", config, "--db", pg_url, env=env)
        deadline = time.monotonic() + 120
        while not any(p.endswith("rss.xml") for p in site.requests):
            assert time.monotonic() < deadline and crawl.poll() is None
            time.sleep(0.05)
        private_redis.stop()
        out, err = crawl.communicate(timeout=90)   # it waited 3 s, not for ever
        assert crawl.returncode == 1 and "Traceback" not in err, err[-3000:]
        errors = [line for line in err.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1 and "unreachable" in errors[0] and "start Redis" in errors[0], err
        assert rows(pg_url, "SELECT status FROM crawl_runs") == [("failed",)]

        private_redis.start()
        again = start("crawl", "--outlets", config, "--db", pg_url, env=env)
        out, err = again.communicate(timeout=180)
        assert again.returncode == 0 and "Traceback" not in err, err[-2000:]
        expected = {o.article_url(site.base_url, p) for o in site.outlets.values()
                    for p in o.published_pages()}
    assert sorted(u for (u,) in rows(pg_url, "SELECT url FROM articles")) == sorted(expected)
