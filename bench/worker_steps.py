"""Where a worker's CPU goes: each step of ``pipelines.page.analyse`` (what a worker process does
with one page) timed by ``time.thread_time``, beside ``trafilatura.extract()`` on the same pages
in the same process (the "floor" of ``../shared/tools/sidebyside.py``).

Pages: the 181 of ``../shared/corpus/article-extraction-benchmark`` (what the outlet farm
serves). Tagging runs against the default topics file, as in a crawl; the embedding model is
loaded first when the topics use it (as the pool's fork server does), so its load is not timed.
Each pass runs once untimed (caches, lazy imports), then ``--rounds`` timed passes; the figures
are the medians, in ms of CPU per page. The steps overlap nothing: their sum plus "rest" is the
whole ``analyse``.

    python bench/worker_steps.py [--rounds 3] [--shared ../shared]
    python bench/worker_steps.py --profile     # and cProfile's top functions of one pass
"""
from __future__ import annotations

import argparse
import collections
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")   # one core, as a worker has

#: (module path, attribute, label): the functions timed, as ``analyse`` calls them.
STEPS = [
    ("pipelines.extraction", "decode_html", "decode"),
    ("pipelines.extraction", "load_html", "parse"),
    ("pipelines.extraction", "find_canonical_url", "canonical URL"),
    ("pipelines.extraction", "read_structured", "structured data"),
    ("pipelines.extraction", "link_anchors", "link texts"),
    ("pipelines.extraction", "text_in_place", "trafilatura"),
    ("trafilatura", "bare_extraction", "trafilatura"),
    ("pipelines.extraction", "second_opinion", "resiliparse"),
    ("pipelines.extraction", "headline", "title"),
    ("pipelines.extraction", "is_listing", "listing check"),
    ("pipelines.extraction", "strip_edges", "body rules"),
    ("pipelines.extraction", "drop_link_lines", "body rules"),
    ("pipelines.extraction", "continue_body", "body rules"),
    ("pipelines.extraction", "publication_date", "date"),
    ("pipelines.extraction", "authors_from", "authors"),
    ("pipelines.extraction", "choose_language", "language"),
    ("pipelines.page", "story_features", "story signals"),
    ("pipelines.page", "tag", "tagging"),
]


def timed(spent: collections.Counter, owner, name: str, label: str) -> None:
    """Wrap ``owner.name`` so the thread CPU it takes adds to ``spent[label]``."""
    fn = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.thread_time() - start

    setattr(owner, name, wrapper)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="also print cProfile's top functions")
    args = ap.parse_args()

    import importlib

    import trafilatura

    from pipelines import page
    from pipelines.tag import snapshot_topics, topics_of_snapshot
    from topics import embed as topic_embed

    files = sorted((args.shared / "corpus" / "article-extraction-benchmark" / "html").glob("*.html.gz"))
    if not files:
        raise SystemExit(f"no benchmark pages under {args.shared}: give --shared")
    pages = [gzip.decompress(f.read_bytes()) for f in files]
    snapshot = str(snapshot_topics(None))
    if topic_embed.settings(topics_of_snapshot(snapshot)) is not None:
        importlib.import_module(page.EMBED_PRELOAD)   # the model, loaded once before the clock
    url = "https://example.com/2026/01/01/article.html"

    spent: collections.Counter = collections.Counter()
    for module, name, label in STEPS:
        timed(spent, importlib.import_module(module), name, label)

    def analyse_all() -> float:
        start = time.thread_time()
        for body in pages:
            page.analyse(body, url, None, snapshot, False)
        return time.thread_time() - start

    def floor_all() -> float:
        start = time.thread_time()
        for body in pages:
            trafilatura.extract(body)
        return time.thread_time() - start

    analyse_all(), floor_all()   # warm: caches, lazy imports
    totals, floors, steps = [], [], collections.defaultdict(list)
    for _ in range(args.rounds):
        spent.clear()
        totals.append(analyse_all())
        for label in {s[2] for s in STEPS}:
            steps[label].append(spent[label])
        floors.append(floor_all())
    n = len(pages)
    ms = {label: statistics.median(v) / n * 1000 for label, v in steps.items()}
    total, floor = statistics.median(totals) / n * 1000, statistics.median(floors) / n * 1000
    ms["rest"] = total - sum(ms.values())
    print(f"{n} pages, medians of {args.rounds} passes, ms of CPU per page")
    for label, value in sorted(ms.items(), key=lambda kv: -kv[1]):
        print(f"  {label:16s} {value:6.2f}")
    print(f"analyse {total:.2f} ms; trafilatura.extract() {floor:.2f} ms; "
          f"ratio {total / floor:.2f}x")
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile(time.thread_time)
        profiler.runcall(analyse_all)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
