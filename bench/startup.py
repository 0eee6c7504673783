"""Start-up of `newsmon crawl`: wall seconds of a whole crawl of one outlet that has nothing new.

Writes a tiny static outlet into a temporary directory (the demo's English sample pages, an RSS
feed of them, a robots.txt) and serves it with the standard library's ``http.server`` on
127.0.0.1, then times the real `newsmon crawl` command in three cases, each against its own
SQLite file:

- ``empty``: the outlet's one feed answers 404 (the README's start-up row);
- ``304``: the feed is unchanged since the last crawl (conditional GET answered 304);
- ``seen``: the feed answers 200 with no validators and every item is already stored.

The ``304`` and ``seen`` databases are filled by one untimed crawl first. Each case runs
``--runs`` times (after one warm-up round) and the median wall and CPU (user + system) seconds
are printed, with the command, so any timer (``/usr/bin/time -f %e``) can repeat it.
``--baseline CMD`` times another newsmon (an older checkout) in turn with this one, A B A B.
``--serve DIR`` only writes the site and the configs into DIR, fills the databases and serves
until interrupted.

Usage: python bench/startup.py [--runs 5] [--cases empty,304,seen] [--baseline CMD]
                               [--serve DIR]
"""
from __future__ import annotations

import argparse
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUTLET = "wire"


class Handler(SimpleHTTPRequestHandler):
    """Static files; a request with ``nolm`` in its query gets no Last-Modified and is never
    answered 304 (an outlet without validators: its feed is fetched whole each time)."""

    def send_header(self, keyword, value):
        if keyword == "Last-Modified" and "nolm" in self.path:
            return
        super().send_header(keyword, value)

    def send_head(self):
        if "nolm" in self.path:
            del self.headers["If-Modified-Since"]
        return super().send_head()

    def log_message(self, *args):
        pass


def write_site(site: Path, base: str) -> None:
    """The demo's sample-wire pages under /o/wire/, an RSS feed of them, a robots.txt."""
    from newsmon.demo import pages
    from newsmon.demo.localsite import LocalOutlet
    from newsmon.demo.samples import demo_outlets

    wire = next(o for o in demo_outlets() if o.id == "sample-wire")
    outlet = LocalOutlet(OUTLET, "Wire", wire.pages, language="en")
    for page in outlet.pages:
        path = site / outlet.article_path(page).lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pages.with_canonical(page.html, base + outlet.article_path(page)))
    (site / "o" / OUTLET / "rss.xml").write_bytes(pages.rss(outlet, base, outlet.pages[::-1]))
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")


def write_configs(work: Path, base: str) -> dict[str, tuple[Path, Path]]:
    """Per case: (outlets.yaml, database file)."""
    feeds = {"empty": f"{base}/o/empty/rss.xml", "304": f"{base}/o/{OUTLET}/rss.xml",
             "seen": f"{base}/o/{OUTLET}/rss.xml?nolm=1"}
    out = {}
    for case, feed in feeds.items():
        yaml = work / f"outlets-{case}.yaml"
        yaml.write_text(f"outlets:\n  - id: {OUTLET}\n    name: Wire\n    language: en\n"
                        f"    feeds: ['{feed}']\n"
                        f"    article_pattern: '^/o/{OUTLET}/\\d{{4}}/'\n")
        out[case] = (yaml, work / f"{case}.db")
    return out


def crawl_command(newsmon: str, yaml: Path, db: Path) -> list[str]:
    return [newsmon, "crawl", "--outlets", str(yaml), "--db", f"sqlite:///{db}"]


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def run_crawl(cmd: list[str]) -> None:
    """Run one crawl; exit 3 is the ``empty`` case's (its only outlet's feed is a 404: every
    outlet failed, by design), any other non-zero exit stops the benchmark."""
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if done.returncode not in (0, 3):
        raise SystemExit(f"exit {done.returncode}: {' '.join(cmd)}")


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``cmd``, CPU being user + system of the child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run_crawl(cmd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cases", default="empty,304,seen")
    ap.add_argument("--newsmon", default=str(Path(sys.executable).with_name("newsmon")))
    ap.add_argument("--baseline", metavar="CMD",
                    help="another newsmon command, run in turn with --newsmon (A B A B ...), "
                         "e.g. 'env PYTHONPATH=/tmp/old .venv/bin/newsmon'")
    ap.add_argument("--serve", metavar="DIR", help="set up in DIR and serve until Ctrl-C")
    args = ap.parse_args()

    work = Path(args.serve or tempfile.mkdtemp(prefix="newsmon-startup-"))
    work.mkdir(parents=True, exist_ok=True)
    site = work / "site"
    server, base = serve(site)
    write_site(site, base)
    configs = write_configs(work, base)
    cases = args.cases.split(",")
    for case in cases:  # fill the databases: the timed crawls find nothing new
        yaml, db = configs[case]
        db.unlink(missing_ok=True)
        run_crawl(crawl_command(args.newsmon, yaml, db))
    try:
        if args.serve:
            print(f"serving {site} at {base}; commands:")
            for case in cases:
                print(f"  {case}: " + " ".join(crawl_command(args.newsmon, *configs[case])))
            sys.stdout.flush()
            while True:
                time.sleep(3600)
        programs = {"newsmon": [args.newsmon]}
        if args.baseline:
            programs["baseline"] = shlex.split(args.baseline)
        for case in cases:
            figures = {name: [] for name in programs}
            for i in range(args.runs + 1):
                for name, program in programs.items():
                    run = timed(program[:-1] + crawl_command(program[-1], *configs[case]))
                    if i:  # the first round warms the page cache
                        figures[name].append(run)
            print(f"{case}: " + " ".join(crawl_command(args.newsmon, *configs[case])))
            for name, runs in figures.items():
                walls, cpus = [w for w, _ in runs], [c for _, c in runs]
                print(f"  {name:9s} wall median {statistics.median(walls):.2f} s "
                      f"(min {min(walls):.2f}, max {max(walls):.2f}), "
                      f"CPU median {statistics.median(cpus):.2f} s, {args.runs} runs")
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        if not args.serve:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
