"""Scale-out: 1, 2 and 4 `newsmon crawl --frontier` workers on one Redis and one PostgreSQL.

The outlet farm (../shared/tools/farm.py, every fault on, --slow-delay 3) serves 20 outlets x 50
articles; for each worker count the farm is reset, the Redis database and a fresh PostgreSQL
database are emptied, and N workers are started together. Prints per run: articles stored per
second (and the ratio to one worker in the same run), requests per stored article (all article
URLs, aliases included: /go/ redirects, /amp/, /private/), article URLs fetched more than once,
and the Redis memory of the frontier afterwards; then Redis memory per 100k seen URLs (newsmon's
expiring keys against scrapy-redis's one set, as a baseline), per 10k queued requests, and
PostgreSQL bytes per stored article.

Usage: python bench/scaleout.py [--outlets 20] [--per-outlet 50] [--workers 1 2 4]
       [--redis redis://127.0.0.1:6379/12] [--shared ../shared]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg
import redis
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from farmrun import farm_config, start_farm  # noqa: E402
ARTICLE = re.compile(r"/o/\d+/(\d{4}|go|story|amp|private)/")
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--outlets", type=int, default=20)
    ap.add_argument("--per-outlet", type=int, default=50)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    server = redis.Redis.from_url(args.redis)
    print(f"farm: {args.outlets} outlets x {args.per_outlet} articles, faults on, slow 3 s; "
          f"{os.cpu_count()} cores (shared with other jobs: figures are ratios)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        farm, base, manifest = start_farm(args.shared, work, [
            "--outlets", str(args.outlets), "--per-outlet", str(args.per_outlet), "--rounds", "1",
            "--seed", "17", "--slow-delay", "3"])
        try:
            config = work / "outlets.yaml"
            config.write_text(farm_config(manifest))
            want = {a["canonical_url"] for a in manifest["articles"] if a["is_html_article"]
                    and "robots_disallowed" not in a["faults"]}
            fault_of = {a["canonical_url"]: "+".join(a["faults"]) or "no fault"
                        for a in manifest["articles"]}
            flaky = {re.sub(r"^https?://[^/]+", "", u["url"]) for u in manifest["urls"]
                     if u.get("first_status") == 500}
            baseline = None
            for n in args.workers:
                rate, line = run(n, base, config, args.redis, server, want, flaky, fault_of)
                baseline = baseline or rate
                print(f"{n} worker(s): {line}; {rate / baseline:.2f}x one worker")
        finally:
            farm.terminate()
            farm.wait()
    memory(server, args.redis)


def run(n, base, config, frontier, server, want, flaky, fault_of):
    post(f"{base}/_farm/reset")
    server.flushdb()
    empty = empty_memory(server)
    with database() as pg:
        db = pg.url
        env = {**os.environ, "NEWSMON_FRONTIER_URL": frontier}
        env.pop("NEWSMON_DATABASE_URL", None)
        started = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-m", "newsmon", "crawl", "--outlets",
                                   str(config), "--db", db], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True) for _ in range(n)]
        for p in procs:
            err = p.communicate()[1]
            if p.returncode != 0:
                raise SystemExit(f"a worker failed: {err[-800:]}")
        seconds = time.perf_counter() - started
        engine = sa.create_engine(db)
        with engine.connect() as c:
            stored = {u for (u,) in c.execute(sa.text("SELECT url FROM articles"))}
        engine.dispose()
    stats = json.load(urllib.request.urlopen(f"{base}/_farm/stats"))
    article = {p: v for p, v in stats["by_path"].items() if ARTICLE.search(p)}
    canonical = {p: v for p, v in article.items() if re.search(r"/o/\d+/\d{4}/", p)}
    missing = sorted(set(fault_of) & (want - stored))
    twice = sum(max(0, v - (2 if p in flaky else 1)) for p, v in article.items())
    rate = len(stored) / seconds
    mem = server.info("memory")["used_memory"] - empty
    return rate, (f"stored {len(want & stored)}/{len(want)} in {seconds:.1f} s = {rate:.1f} "
                  f"articles/s (missing: {', '.join(fault_of[u] for u in missing) or 'none'}), "
                  f"{sum(canonical.values()) / len(canonical):.3f} requests per canonical article "
                  f"URL requested ({len(canonical)} URLs; "
                  f"{(sum(canonical.values()) - len(flaky & set(canonical))) / len(canonical):.3f}"
                  f" without the retry of the {len(flaky & set(canonical))} that answer 500 once), "
                  f"{sum(article.values()) / len(stored):.2f} of article URLs with aliases and "
                  f"{stats['total'] / len(stored):.2f} requests in all per stored article, "
                  f"{twice} article URLs fetched twice, frontier {mem / 1024:.0f} KiB after, "
                  f"PostgreSQL {pg.per_article / 1024:.1f} KiB per article")


def memory(server, url: str) -> None:
    """Redis bytes per 100k seen URLs, per 10k queued requests; PostgreSQL bytes per article."""
    from scrapy import Request
    from scrapy.settings import Settings

    from crawler.frontierstore import ExpiringDupeFilter, LeasedQueue
    from crawler.spiders.outlets import OutletSpider
    from scrapy_redis.dupefilter import RFPDupeFilter

    settings = Settings()
    settings.setmodule("crawler.settings")
    settings.set("NEWSMON_FRONTIER_URL", url)
    urls = [f"https://outlet{i % 10000}.example/2026/11/{i}/a-story-title-of-some-length.html"
            for i in range(100_000)]
    figures = {}
    for name, df in (("newsmon expiring keys", ExpiringDupeFilter.from_settings(settings)),
                     ("scrapy-redis one set (never forgets)",
                      RFPDupeFilter(server, "bench:dupefilter"))):
        server.flushdb()
        empty = empty_memory(server)
        for i in range(0, len(urls), 1000):
            with server.pipeline(transaction=False) as pipe:
                df.server = pipe
                for url in urls[i:i + 1000]:
                    df.request_seen(Request(url, meta={"kind": "article"}))
                pipe.execute()
        df.server = server
        figures[name] = server.info("memory")["used_memory"] - empty
    for name, used in figures.items():
        print(f"Redis per 100k seen URLs, {name}: {used / 2**20:.1f} MiB "
              f"({used / len(urls):.0f} B per URL)")
    server.flushdb()
    empty = empty_memory(server)
    spider = OutletSpider(outlets=[])
    queue = LeasedQueue(server, spider, "bench:requests")
    for url in urls[:10_000]:
        queue.push(Request(url, callback=spider.parse_article, errback=spider.article_failed,
                           meta={"outlet": "o", "kind": "article", "via": "feed",
                                 "listed_url": url, "listed_title": "A title of some length",
                                 "listed_date": None}))
    used = server.info("memory")["used_memory"] - empty
    print(f"Redis per 10k queued article requests: {used / 2**20:.1f} MiB "
          f"({used / 10_000:.0f} B per request)")
    server.flushdb()


def empty_memory(server) -> int:
    """Redis's used memory now (call it right after FLUSHDB: the baseline of a measurement)."""
    return server.info("memory")["used_memory"]


class database:
    """A fresh, migrated PostgreSQL database, dropped on exit; `per_article`: bytes it grew by
    per stored article (pg_database_size after the crawl minus after the migration)."""

    per_article = 0.0

    def __enter__(self) -> "database":
        from storage.engine import open_database

        self.name = f"newsmon_bench_{secrets.token_hex(4)}"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{self.name}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')
        open_database(self.url)[0].dispose()
        self.empty = self.size()
        return self

    def size(self) -> int:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            return admin.execute("SELECT pg_database_size(%s)", (self.name,)).fetchone()[0]

    def count(self) -> int:
        with psycopg.connect(PG_ADMIN.rsplit("/", 1)[0] + "/" + self.name) as c:
            return c.execute("SELECT count(*) FROM articles").fetchone()[0]

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.per_article = (self.size() - self.empty) / max(self.count(), 1)
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def post(url: str) -> None:
    urllib.request.urlopen(urllib.request.Request(url, method="POST")).read()


if __name__ == "__main__":
    main()
