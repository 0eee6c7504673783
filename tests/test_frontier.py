"""Several crawl workers on one Redis frontier and one PostgreSQL: the real `newsmon` processes,
the real Redis (127.0.0.1:6379, database 10) and PostgreSQL, a real local multi-outlet site.

Every outlet carries the same twelve corpus pages (under its own URLs), so each page is a story
told by every outlet: the workers must store each article once, fetch each article URL once,
and join each article to its story once, whichever worker stored it.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
import redis
from sqlalchemy.pool import NullPool

from newsmon.demo.localsite import LocalOutlet, LocalSiteServer
from run import newsmon, rows
from sites import build_outlets

FRONTIER = "redis://127.0.0.1:6379/10"


@pytest.fixture
def frontier():
    """An empty Redis database 10 (flushed before and after: only this suite uses it)."""
    client = redis.Redis.from_url(FRONTIER)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis unreachable at 127.0.0.1:6379 ({exc}); .ci/run starts it")
    client.flushdb()
    yield client
    client.flushdb()


def same_pages_site(corpus_pages, n_outlets: int, delay: float = 0.0) -> LocalSiteServer:
    """`n_outlets` outlets that each publish all corpus pages; article answers take `delay` s."""
    one = build_outlets(corpus_pages, 1)[0]
    outlets = [LocalOutlet(f"site-{k}", f"Outlet {k}", one.pages, language="en")
               for k in range(n_outlets)]
    site = LocalSiteServer(outlets)
    if delay:
        for outlet in outlets:
            for page in outlet.pages:
                site.add_route(outlet.article_path(page), _slow(site, outlet, page, delay))
    return site


def _slow(site, outlet, page, delay):
    def handler(_request):
        time.sleep(delay)
        sub = outlet.article_path(page)[len(outlet.prefix):]
        body, ctype, _modified = outlet.render(sub, site.base_url)
        return 200, {"Content-Type": ctype}, body
    return handler


def article_requests(site) -> Counter:
    return Counter({p: n for p, n in site.requests.items() if p.endswith(".html")})


def start(*args, env=None) -> subprocess.Popen:
    full_env = {**os.environ, "NEWSMON_FRONTIER_URL": FRONTIER, **(env or {})}
    full_env.pop("NEWSMON_DATABASE_URL", None)
    return subprocess.Popen([sys.executable, "-m", "newsmon", *args], env=full_env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def finish(proc: subprocess.Popen, timeout: float = 240, allow_tracebacks=False) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-2000:]
    assert allow_tracebacks or "Traceback" not in err, err[-2000:]
    return out


@pytest.mark.parametrize("workers", [2, 4])
def test_workers_store_each_article_once_and_fetch_it_once(workers, frontier, corpus_pages,
                                                           pg_url, tmp_path):
    with same_pages_site(corpus_pages, 6) as site:
        config = str(site.outlets_yaml(tmp_path))
        procs = [start("crawl", "--outlets", config, "--db", pg_url) for _ in range(workers)]
        for proc in procs:
            finish(proc)
        expected = {o.article_url(site.base_url, p) for o in site.outlets.values()
                    for p in o.published_pages()}
        requested = article_requests(site)

    stored = rows(pg_url, "SELECT url FROM articles")
    assert sorted(u for (u,) in stored) == sorted(expected)          # each once, none missing
    assert set(requested.values()) == {1}, requested.most_common(3)  # no URL fetched twice
    assert len(requested) == len(expected)
    # Each page is one story told by all six outlets, whichever worker stored which copy.
    stories = rows(pg_url, "SELECT article_count, outlet_count FROM stories")
    assert sorted(stories) == [(6, 6)] * len(corpus_pages)
    assert frontier.zcard("newsmon:requests") == 0 and frontier.zcard("newsmon:leased") == 0


def test_a_killed_workers_requests_are_finished_by_another(frontier, corpus_pages, pg_url,
                                                           tmp_path):
    env = {"NEWSMON_FRONTIER_LEASE_S": "5"}
    with same_pages_site(corpus_pages, 2, delay=1.0) as site:
        config = str(site.outlets_yaml(tmp_path))
        seeded = newsmon("crawl", "--outlets", config, "--db", pg_url, "--frontier", FRONTIER,
                         "--seed-only", env=env)
        assert seeded.returncode == 0, seeded.stderr[-2000:]
        assert "enqueued 8 requests" in seeded.stdout   # 2 outlets x (2 feeds, sitemap, section)

        doomed = start("worker", "--outlets", config, "--db", pg_url, env=env)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:   # until it holds article requests in hand
            if frontier.zcard("newsmon:leased") >= 4 and article_requests(site):
                break
            assert doomed.poll() is None, doomed.communicate()[1][-2000:]
            time.sleep(0.2)
        os.killpg(doomed.pid, signal.SIGKILL)   # the whole machine goes: worker and its pool
        doomed.wait()
        held = frontier.zcard("newsmon:leased")
        assert held >= 1

        finish(start("crawl", "--outlets", config, "--db", pg_url, env=env))
        expected = {o.article_url(site.base_url, p) for o in site.outlets.values()
                    for p in o.published_pages()}
        requested = article_requests(site)

    stored = rows(pg_url, "SELECT url FROM articles")
    assert sorted(u for (u,) in stored) == sorted(expected)
    # Only what the dead worker had in flight may have been asked twice.
    assert sum(n - 1 for n in requested.values()) <= held
    assert frontier.zcard("newsmon:requests") == 0 and frontier.zcard("newsmon:leased") == 0


def test_a_stopped_worker_gives_back_what_it_holds(frontier, corpus_pages, pg_url, tmp_path):
    with same_pages_site(corpus_pages, 2, delay=0.5) as site:
        config = str(site.outlets_yaml(tmp_path))
        assert newsmon("crawl", "--outlets", config, "--db", pg_url, "--frontier", FRONTIER,
                       "--seed-only").returncode == 0
        worker = start("worker", "--outlets", config, "--db", pg_url)
        deadline = time.monotonic() + 120
        while frontier.zcard("newsmon:leased") < 4:   # working, with requests in hand
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.2)
        worker.send_signal(signal.SIGTERM)
        finish(worker)
        assert frontier.zcard("newsmon:leased") == 0   # finished or handed back, not held
        assert rows(pg_url, "SELECT status FROM crawl_runs") == [("stopped",)]
        finish(start("crawl", "--outlets", config, "--db", pg_url))
        requested = article_requests(site)
    assert rows(pg_url, "SELECT count(*) FROM articles") == [(2 * len(corpus_pages),)]
    assert set(requested.values()) == {1}


def test_several_workers_on_sqlite_get_one_line_naming_postgresql(frontier, news_site, tmp_path):
    result = newsmon("crawl", "--outlets", str(news_site.outlets_yaml(tmp_path)),
                     "--db", f"sqlite:///{tmp_path / 'n.db'}", "--frontier", FRONTIER)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "PostgreSQL" in lines[0], result.stderr


def test_a_mistyped_frontier_timing_gets_one_line(pg_url, news_site, tmp_path, monkeypatch):
    """A code review: the frontier's timings from the environment were read with float()."""
    monkeypatch.setenv("NEWSMON_FRONTIER_LEASE_S", "abc")
    result = newsmon("crawl", "--outlets", str(news_site.outlets_yaml(tmp_path)),
                     "--db", pg_url, "--frontier", FRONTIER)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "NEWSMON_FRONTIER_LEASE_S='abc': give a number" in result.stderr


def test_an_unreachable_frontier_gets_one_line(pg_url, news_site, tmp_path):
    result = newsmon("worker", "--outlets", str(news_site.outlets_yaml(tmp_path)),
                     "--db", pg_url, "--frontier", "redis://127.0.0.1:1/0")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "cannot reach the frontier" in result.stderr


def test_an_article_the_database_refused_is_fetched_again(frontier, corpus_pages, pg_url,
                                                          tmp_path):
    from storage.engine import make_engine, migrate

    engine = make_engine(pg_url, poolclass=NullPool)
    migrate(engine)
    with engine.begin() as conn:   # PostgreSQL refuses 3 inserts of an outlet (a full disk, a
        conn.exec_driver_sql(      # moment): a sequence counts them outside the transactions
            "CREATE SEQUENCE refusals; CREATE FUNCTION refuse() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN IF nextval('refusals') <= 3 THEN "
            "RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$; "
            "CREATE TRIGGER refuse BEFORE INSERT ON articles FOR EACH ROW "
            "WHEN (strpos(NEW.url, '/site-1/') > 0) EXECUTE FUNCTION refuse()")
    engine.dispose()
    with same_pages_site(corpus_pages, 2) as site:
        config = str(site.outlets_yaml(tmp_path))
        finish(start("crawl", "--outlets", config, "--db", pg_url,
                     env={"NEWSMON_FRONTIER_LEASE_S": "5"}),
               allow_tracebacks=True)   # Scrapy logs each refusal with its traceback
        requested = article_requests(site)
    assert rows(pg_url, "SELECT count(*) FROM articles") == [(2 * len(corpus_pages),)]
    assert rows(pg_url, "SELECT last_value FROM refusals") >= [(3,)]
    # The refused pages came back (a page of the other outlet may too, on a machine so loaded
    # that a lease ran out in the middle of its work: asked twice, stored once).
    assert any(n > 1 for p, n in requested.items() if "/site-1/" in p)
    assert frontier.zcard("newsmon:requests") == 0 and frontier.zcard("newsmon:leased") == 0
