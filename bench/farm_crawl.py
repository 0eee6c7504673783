"""Crawling real-world faults: the outlet farm with every fault on, three rounds of new
articles, then an unchanged re-crawl, through the real `newsmon crawl`.

Prints: articles stored vs published (HTML articles the crawler may fetch), article requests on
the unchanged re-crawl (goal 0) and the share of its feed/sitemap fetches answered 304, requests
per new article over the three rounds, URLs requested more than once, wall time per crawl and
the peak RSS of the largest process (the crawler or one of its extraction workers).

Usage: python bench/farm_crawl.py [--outlets 20] [--per-outlet 60] [--shared ../shared]
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from farmrun import farm_config, read_manifest, start_farm  # bench/ is the script's folder

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = re.compile(r"/o/\d+/(\d{4}|go|story|amp|private)/")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--outlets", type=int, default=20)
    ap.add_argument("--per-outlet", type=int, default=60)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        log_file = work / "farm.log"
        farm, base, manifest = start_farm(args.shared, work, [
            "--outlets", str(args.outlets), "--per-outlet", str(args.per_outlet), "--rounds", "3",
            "--seed", "11", "--log", str(log_file)])
        try:
            config = work / "outlets.yaml"
            config.write_text(farm_config(manifest))
            db = work / "bench.db"
            times, marks = [], []
            for i in range(4):
                start = time.perf_counter()
                done = subprocess.run([sys.executable, "-m", "newsmon", "crawl", "--outlets",
                                       str(config), "--db", f"sqlite:///{db}"],
                                      capture_output=True, text=True)
                times.append(time.perf_counter() - start)
                if done.returncode != 0:
                    raise SystemExit(f"crawl {i + 1} failed: {done.stderr[-800:]}")
                time.sleep(1.5)  # the farm flushes its log every second
                marks.append(sum(1 for _ in open(log_file)))
                if i < 2:
                    urllib.request.urlopen(urllib.request.Request(
                        f"{base}/_farm/advance", method="POST")).read()
            manifest = read_manifest(base)
        finally:
            farm.terminate()
            farm.wait()
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        log = [json.loads(line) for line in open(log_file) if line.strip()]
        stored = {u for (u,) in sqlite3.connect(db).execute("SELECT url FROM articles")}
    path = lambda r: r["path"].split("?", 1)[0]  # noqa: E731
    want = {a["canonical_url"] for a in manifest["articles"]
            if a["is_html_article"] and "robots_disallowed" not in a["faults"]}
    rounds = [r for r in log[:marks[2]] if not path(r).startswith("/_farm")]
    recrawl = [r for r in log[marks[2]:marks[3]] if not path(r).startswith("/_farm")]
    listings = [r for r in recrawl if path(r).endswith(".xml")]
    flaky = {re.sub(r"^https?://[^/]+", "", u["url"]) for u in manifest["urls"]
             if u.get("first_status") == 500}
    counts = collections.Counter(path(r) for r in log if ARTICLE.search(path(r)))
    repeated = sum(max(0, n - (2 if p in flaky else 1)) for p, n in counts.items())
    print(f"farm: {args.outlets} outlets x {args.per_outlet} articles, 3 rounds, faults on")
    print(f"stored {len(want & stored)}/{len(want)} published HTML articles "
          f"({len(stored - want)} other rows)")
    print(f"unchanged re-crawl: {sum(1 for r in recrawl if ARTICLE.search(path(r)))} article "
          f"requests; {sum(r['status'] == 304 for r in listings)}/{len(listings)} feed and "
          "sitemap fetches answered 304")
    print(f"requests per new article over the three rounds: {len(rounds) / len(stored):.2f} "
          f"({len(rounds)} requests)")
    print(f"URLs requested more than once (a 500-once URL may be twice): {repeated}")
    print("wall time per crawl: " + ", ".join(f"{t:.1f} s" for t in times))
    print(f"peak RSS of the largest process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
