"""Crawl throughput: new articles stored per second, against plain single-core trafilatura.

Serves >= 300 real article pages through the outlet farm (../shared/tools/farm.py, no faults),
runs the real `newsmon crawl` into a fresh SQLite file, and in the same run times plain
``trafilatura.extract`` over the very pages the farm serves, one core, one page after another.
The figure is the ratio of the two rates (goal >= 1.6: two cores extract while the reactor
downloads, tags and stores). Where the two cores went is printed too: the CPU seconds of the crawl
process, of its worker processes and of the farm, read from /proc while the crawl runs (Linux).

With ``--against SRC`` (a source tree of newsmon, e.g. ``git worktree add /tmp/before REF``),
the same crawl also runs with SRC first on PYTHONPATH, in turn with this tree, ``--rounds``
times each on the same farm: it prints the medians of both and the ratios of their CPU per
stored article, the figure to compare on a machine whose speed varies.

Usage: python bench/crawl.py [--outlets 10] [--per-outlet 32] [--shared ../shared]
       python bench/crawl.py --outlets 20 --per-outlet 60 --against /tmp/before --rounds 3
       python bench/crawl.py --outlets 20 --per-outlet 60 --like-sidebyside --against ...

``--like-sidebyside`` crawls what ../shared/tools/sidebyside.py crawls (its farm seed and outlets
file: RSS and Atom feeds, sitemap and section page per outlet, download_delay 0), so the paired
figure is the one the goals are stated in.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_farm(shared: Path, work: Path, outlets: int, per_outlet: int, seed: int = 3):
    corpus = shared / "corpus" / "article-extraction-benchmark"
    out = open(work / "farm.out", "w")
    proc = subprocess.Popen([sys.executable, str(shared / "tools" / "farm.py"), "--pages",
                             str(corpus), "--outlets", str(outlets), "--per-outlet",
                             str(per_outlet), "--rounds", "1", "--seed", str(seed), "--no-faults",
                             "--port", "0"], stdout=out, stderr=subprocess.DEVNULL)
    for _ in range(100):
        time.sleep(0.1)
        text = (work / "farm.out").read_text()
        if text.strip():
            return proc, json.loads(text.splitlines()[0])["base_url"]
    proc.kill()
    raise SystemExit("the farm did not start")


def write_sidebyside_config(shared: Path, work: Path, manifest: dict, path: Path) -> None:
    """The outlets file ../shared/tools/sidebyside.py crawls: the acceptance checks' farmcfg.py
    (RSS and Atom feeds, the news sitemap, the section page, the article pattern), with
    download_delay 0."""
    (work / "manifest.json").write_text(json.dumps(manifest))
    cfg = subprocess.check_output([sys.executable, str(shared / "acceptance" / "lib" / "farmcfg.py"),
                                   str(work / "manifest.json")], text=True)
    path.write_text(cfg.replace("    article_pattern:", "    download_delay: 0\n    article_pattern:"))


def write_config(base: str, manifest: dict, path: Path) -> None:
    lines = ["outlets:"]
    for o in manifest["outlets"]:
        lines += [f"  - id: farm{o['id']}", f"    name: {json.dumps(o['name'])}",
                  "    language: en", f"    feeds: [{o['rss']}]",
                  f"    sitemaps: [{o['news_sitemap']}]"]
    path.write_text("\n".join(lines) + "\n")


class CpuMeter:
    """CPU seconds of a process tree and of one other process, sampled from /proc every 0.2 s
    (a worker's last sample before it exits is what it used, to within 0.2 s)."""

    def __init__(self, root: int, other: int):
        self.root, self.other, self.seen = root, other, {}
        self.tick = os.sysconf("SC_CLK_TCK")
        # the other process (the farm) ran before: only what it spends from now on counts
        self.other_start = (self._stat(other) or (0, 0.0))[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _stat(self, pid: int) -> tuple[int, float] | None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return int(fields[1]), (int(fields[11]) + int(fields[12])) / self.tick

    def _run(self) -> None:
        while not self._stop.is_set():
            stats = {int(d): self._stat(int(d)) for d in os.listdir("/proc") if d.isdigit()}
            tree = {self.root}
            for _ in range(4):  # crawl process -> fork server -> workers
                tree |= {pid for pid, st in stats.items() if st and st[0] in tree}
            for pid in tree | {self.other}:
                if stats.get(pid):
                    self.seen[pid] = stats[pid][1]
            self._stop.wait(0.2)

    def stop(self) -> tuple[float, float, float]:
        """(crawl process, its descendants, the other process) CPU seconds."""
        self._stop.set()
        self._thread.join()
        kids = sum(v for pid, v in self.seen.items() if pid not in (self.root, self.other))
        return (self.seen.get(self.root, 0.0), kids,
                self.seen.get(self.other, self.other_start) - self.other_start)


def baseline(files: list[Path]) -> tuple[int, float]:
    import trafilatura

    pages = [gzip.decompress(f.read_bytes()) if f.suffix == ".gz" else f.read_bytes()
             for f in files]
    start = time.perf_counter()
    for html in pages:
        trafilatura.extract(html)
    return len(pages), time.perf_counter() - start


def crawl_once(work: Path, farm_pid: int, name: str, src: Path | None) -> dict:
    """One `newsmon crawl` of the farm into a fresh database: wall and CPU seconds, stored."""
    import sqlite3

    db = work / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):   # a database is its file and its write-ahead log
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "newsmon", "crawl", "--outlets",
                             str(work / "outlets.yaml"), "--db", f"sqlite:///{db}"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=work)
    meter = CpuMeter(proc.pid, farm_pid)
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    cpu_main, cpu_workers, cpu_farm = meter.stop()
    if proc.returncode != 0:
        raise SystemExit(f"crawl failed ({name}): {err[-1000:]}")
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    return {"wall": wall, "main": cpu_main, "workers": cpu_workers, "farm": cpu_farm,
            "stored": stored}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--outlets", type=int, default=10)
    ap.add_argument("--per-outlet", type=int, default=32)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--against", type=Path, help="another newsmon source tree to run in turn")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--like-sidebyside", action="store_true",
                    help="crawl what ../shared/tools/sidebyside.py crawls: its farm seed (21) and "
                         "outlets file (two feeds, sitemap and section page per outlet)")
    args = ap.parse_args()
    names = ["this", "against"] if args.against else ["this"]
    runs: dict[str, list[dict]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        farm, base = start_farm(args.shared, work, args.outlets, args.per_outlet,
                                seed=21 if args.like_sidebyside else 3)
        try:
            manifest = json.load(urllib.request.urlopen(f"{base}/_farm/manifest.json"))
            if args.like_sidebyside:
                write_sidebyside_config(args.shared, work, manifest, work / "outlets.yaml")
            else:
                write_config(base, manifest, work / "outlets.yaml")
            for _ in range(args.rounds):
                for name in names:
                    src = args.against.resolve() if name == "against" else ROOT
                    runs[name].append(crawl_once(work, farm.pid, name, src))
        finally:
            farm.terminate()
        corpus = args.shared / "corpus" / "article-extraction-benchmark"
        files = [corpus / a["source_file"] for a in manifest["articles"] if a["source_file"]]
        n, base_s = baseline(files)
    base_rate = n / base_s
    print(f"pages served: {len(files)}")
    print(f"plain trafilatura.extract, one core: {base_rate:.1f} pages/s ({base_s:.1f} s)")
    medians = {}
    for name in names:
        med = {k: statistics.median(r[k] for r in runs[name]) for k in runs[name][0]}
        medians[name] = med
        label = "newsmon crawl" if name == "this" else f"newsmon crawl of {args.against}"
        print(f"{label} (whole command, 2 extraction workers), median of {args.rounds}: "
              f"stored {med['stored']:.0f}, {med['stored'] / med['wall']:.1f} articles/s "
              f"({med['wall']:.1f} s)")
        print(f"  CPU seconds: crawl process {med['main']:.1f}, its workers {med['workers']:.1f}, "
              f"farm {med['farm']:.1f} (two cores give {2 * med['wall']:.1f}); per stored "
              f"article: {1000 * med['main'] / med['stored']:.1f} + "
              f"{1000 * med['workers'] / med['stored']:.1f} ms")
        print(f"  ratio to plain extraction's rate: {med['stored'] / med['wall'] / base_rate:.2f}x")
    if args.against:
        def per_article(r, key):
            return r[key] / r["stored"]
        for key in ("main", "workers"):
            ratios = [per_article(a, key) / per_article(b, key)
                      for a, b in zip(runs["this"], runs["against"])]
            print(f"CPU per article, {key}: this / against = {statistics.median(ratios):.2f} "
                  f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)})")
        ratios = [((a["main"] + a["workers"]) / a["stored"]) / ((b["main"] + b["workers"]) / b["stored"])
                  for a, b in zip(runs["this"], runs["against"])]
        print(f"CPU per article, crawl process and workers: this / against = "
              f"{statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
