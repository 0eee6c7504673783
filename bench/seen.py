"""The seen-URL check before each request: cost at 1k, 100k and 1M stored URLs.

Builds ``article_urls`` with N synthetic URLs in a fresh SQLite file (bulk insert, foreign keys
off for the synthetic rows), then times :func:`storage.crawlstate.is_known_url` -- the very call
the downloader middleware makes -- on 2,000 URLs, half stored and half not. The figure is the mean
per check and its ratio to the 1k store (goal: about 1).

Usage: python bench/seen.py [--sizes 1000 100000 1000000]
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from storage.crawlstate import is_known_url
from storage.engine import open_database


def build(path: Path, n: int) -> str:
    url = f"sqlite:///{path}"
    open_database(url)  # the real schema, by the real migrations
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys=OFF")
    con.executemany("INSERT INTO article_urls (url, article_id, kind) VALUES (?, ?, 'canonical')",
                    ((f"https://outlet{i % 50}.example/2026/11/{i}/story-{i}.html", i)
                     for i in range(n)))
    con.commit()
    con.close()
    return url


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000, 1_000_000])
    args = ap.parse_args()
    rng = random.Random(1)
    base = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            url = build(Path(tmp) / f"seen-{n}.db", n)
            sessions = open_database(url)[1]
            probes = [f"https://outlet{i % 50}.example/2026/11/{i}/story-{i}.html"
                      for i in (rng.randrange(n) for _ in range(1000))]
            probes += [f"https://outlet1.example/new/{i}.html" for i in range(1000)]
            rng.shuffle(probes)
            with sessions() as session:
                for u in probes[:100]:  # warm the cache and the statement cache
                    is_known_url(session, u)
                start = time.perf_counter()
                hits = sum(is_known_url(session, u) is not None for u in probes)
                mean_ms = (time.perf_counter() - start) / len(probes) * 1000
            base = base or mean_ms
            print(f"{n:>9,} stored URLs: {mean_ms:.3f} ms per check ({hits} of {len(probes)} "
                  f"known), {mean_ms / base:.2f}x the first size")


if __name__ == "__main__":
    main()
