"""A worker's work per page in CPU instructions (valgrind's callgrind), the figure that holds on a
machine whose speed swings from run to run: CPU seconds of the same code varied by 1.3x between
runs here, instructions by under 0.5 % (with one hash seed).

Runs one pass over benchmark pages under ``valgrind --tool=callgrind --instr-atstart=no``, after
a warm-up pass (imports, caches, the embedding model), and counts the instructions of the second
pass only: the child writes ``ready`` when warm, the parent turns counting on with
``callgrind_control -i on``, the child runs the pass and writes ``done``, counting goes off.
Python's string hashes are seeded (``--seed``, ``PYTHONHASHSEED``): set and dict orders change
which branches run, and unseeded runs of one tree differed by up to 10 %.

    python bench/instructions.py [--src TREE] [--fn analyse|extract_article|floor] [--step 6] [--seed 0]

``--src``: the newsmon source tree to measure (default this one; another checkout, e.g.
``git worktree add /tmp/before REF``, for a before/after pair); ``--fn``: ``analyse`` (what a
worker does with a page: extraction, story signals, tags; the default topics), ``extract_article``
or ``floor`` (``trafilatura.extract`` with its defaults, sidebyside's floor, without newsmon);
``--step``: every n-th of the 181 pages (6: 31 pages, ~4 minutes). Needs valgrind.
"""
from __future__ import annotations

import argparse
import gzip
import importlib
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
URL = "https://example.com/2026/01/01/article.html"


def _runner(src: str, fn: str):
    if fn == "floor":
        import trafilatura
        return lambda body: trafilatura.extract(body, url=URL)
    sys.path.insert(0, src)
    if fn == "extract_article":
        from pipelines.extraction import extract_article
        return lambda body: extract_article(body, URL)
    from pipelines import page
    from pipelines.tag import snapshot_topics, topics_of_snapshot
    from topics import embed as topic_embed
    snapshot = str(snapshot_topics(None))
    if topic_embed.settings(topics_of_snapshot(snapshot)) is not None:
        importlib.import_module(page.EMBED_PRELOAD)   # as the pool's fork server does
    return lambda body: page.analyse(body, URL, None, snapshot, False)


def child(args) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    files = sorted((args.shared / "corpus" / "article-extraction-benchmark" / "html")
                   .glob("*.html.gz"))[::args.step]
    pages = [gzip.decompress(f.read_bytes()) for f in files]
    run = _runner(str(args.src), args.fn)
    for body in pages:
        run(body)
    marks = Path(args.marks)
    (marks / "ready").touch()
    while not (marks / "go").exists():
        time.sleep(0.05)
    for body in pages:
        run(body)
    (marks / "done").touch()
    while not (marks / "end").exists():
        time.sleep(0.05)
    print(len(pages))


def _wait(path: Path, proc: subprocess.Popen) -> None:
    while not path.exists():
        if proc.poll() is not None:
            raise SystemExit(f"the measured process ended early: {proc.stderr.read()[-2000:]}")
        time.sleep(0.2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", type=Path, default=ROOT)
    ap.add_argument("--fn", choices=("analyse", "extract_article", "floor"), default="analyse")
    ap.add_argument("--step", type=int, default=6)
    ap.add_argument("--seed", default="0")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--marks", help=argparse.SUPPRESS)   # set in the measured child
    args = ap.parse_args()
    if args.marks:
        return child(args)
    with tempfile.TemporaryDirectory(prefix="instructions.") as marks:
        cmd = ["valgrind", "--tool=callgrind", "--instr-atstart=no",
               f"--callgrind-out-file={marks}/callgrind.out", sys.executable, __file__,
               "--src", str(args.src.resolve()), "--fn", args.fn, "--step", str(args.step),
               "--shared", str(args.shared.resolve()), "--marks", marks]
        proc = subprocess.Popen(cmd, env={**os.environ, "PYTHONHASHSEED": args.seed},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _wait(Path(marks, "ready"), proc)
        subprocess.run(["callgrind_control", "-i", "on", str(proc.pid)], check=True,
                       capture_output=True)
        Path(marks, "go").touch()
        _wait(Path(marks, "done"), proc)
        subprocess.run(["callgrind_control", "-i", "off", str(proc.pid)], check=True,
                       capture_output=True)
        Path(marks, "end").touch()
        out, err = proc.communicate()
    found = re.search(r"Collected : (\d+)", err)
    if not found:
        raise SystemExit(f"no instruction count in valgrind's output: {err[-2000:]}")
    pages = int(out.split()[-1])
    total = int(found.group(1))
    print(f"{args.fn} of {args.src}: {total / 1e9:.3f} G instructions for {pages} pages "
          f"({total / pages / 1e6:.1f} M a page), PYTHONHASHSEED={args.seed}")


if __name__ == "__main__":
    main()
