"""trafilatura's page-text measure (``baseline.html2txt``) against newsmon's
(``pipelines.fastpagetext.html2txt``): the same string on every tree, and the CPU of each per call.

Trees: each one trafilatura measures in stage 4 of ``trafilatura_sequence`` while
``extract_article`` runs (caught by wrapping ``trafilatura.core.html2txt``), and each whole parsed
page, over the 181 pages of ``../shared/corpus/article-extraction-benchmark``, with
``--trafilatura`` trafilatura's 990 evaluation pages, and the test fixtures. Any tree on which the
two strings differ is counted and its page named.

CPU (``time.thread_time``): the stage-4 trees of the benchmark pages (copied when caught), each
function over all of them, ``--rounds`` times alternating; the medians in ms per call, and how
many trees took each path of ``fastpagetext.html2txt`` with its mean cost.

With ``--bare N``: ``trafilatura.bare_extraction`` as newsmon calls it (``EXTRACTION_SETTINGS``)
on each benchmark page's parsed tree (parsing not timed), N passes with trafilatura's measure and
N with this one, alternating in the same process (the machine's noise falls on both alike);
the medians in ms of CPU per page.

    python bench/pagetext.py [--trafilatura /work/data/TRAFILATURA/tests] [--rounds 7] [--bare 0]
"""
from __future__ import annotations

import argparse
import collections
import copy
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from evalpages import eval_pages  # noqa: E402 - beside this script
os.environ.setdefault("OMP_NUM_THREADS", "1")


def pages(shared: Path, tests: Path | None):
    """(set name, page name, page bytes) of each page set."""
    corpus = shared / "corpus" / "article-extraction-benchmark" / "html"
    for path in sorted(corpus.glob("*.html.gz")):
        yield "benchmark", path.name, gzip.decompress(path.read_bytes())
    if tests:
        for _url, _labels, path in sorted(eval_pages(tests), key=lambda page: page[2].name):
            yield "trafilatura", path.name, path.read_bytes()
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*.htm*")):
        body = path.read_bytes()
        yield "fixtures", path.name, gzip.decompress(body) if path.name.endswith(".gz") else body


def path_taken(tree) -> str:
    """Which path ``fastpagetext.html2txt`` takes on `tree` (as its code decides)."""
    from pipelines import fastclean, fastpagetext as fp
    first = str(fp._FIRST(tree))
    if first.count(fp._SEP) != 1:
        return "trafilatura's function"
    values, _, text = first.partition(fp._SEP)
    consent = fastclean.may_match(values) and fastclean.CONSENT.search(values)
    controls = fp._controls_in(" ".join(text.split()))
    return " + ".join(name for name, used in (("consent", consent), ("controls", controls))
                      if used) or "one pass"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--trafilatura", type=Path, help="trafilatura's tests/ folder")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--bare", type=int, default=0, help="passes of bare_extraction, each way")
    args = ap.parse_args()

    import pipelines.extraction as extraction
    from pipelines import fastpagetext
    core = sys.modules["trafilatura.core"]
    original = sys.modules["trafilatura.baseline"].html2txt
    assert core.html2txt is fastpagetext.html2txt, "fastpagetext not installed"

    compared, differ, timed = collections.Counter(), [], []
    current = {}

    def compare(content, clean=True, kind="stage 4"):
        expected = original(content, clean)
        compared[(current["set"], kind)] += 1
        if fastpagetext.html2txt(content, clean) != expected:
            differ.append((current["set"], current["page"], kind))
        if kind == "stage 4" and current["set"] == "benchmark":
            timed.append(copy.copy(content))
        return expected

    core.html2txt = compare
    try:
        for name, page, body in pages(args.shared, args.trafilatura):
            current.update(set=name, page=page)
            extraction.extract_article(body, "https://example.com/2026/01/01/article.html")
            tree = extraction.load_html(extraction.decode_html(body))
            if tree is not None:
                compare(tree, kind="whole page")
    finally:
        core.html2txt = fastpagetext.html2txt
    for (name, kind), count in sorted(compared.items()):
        print(f"{name:12} {kind:11} {count:5} trees compared")
    print(f"different strings: {len(differ)}", differ[:10])

    spent = {"trafilatura html2txt": [], "fastpagetext html2txt": []}
    for _ in range(args.rounds):
        for label, function in (("trafilatura html2txt", original),
                                ("fastpagetext html2txt", fastpagetext.html2txt)):
            start = time.thread_time()
            for tree in timed:
                function(tree)
            spent[label].append((time.thread_time() - start) * 1000 / len(timed))
    print(f"\nCPU per call on the {len(timed)} stage-4 trees of the benchmark pages "
          f"(median of {args.rounds} rounds, ms):")
    for label, values in spent.items():
        print(f"  {label:24} {statistics.median(values):.3f}")
    paths, cost = collections.Counter(), collections.defaultdict(list)
    for tree in timed:
        path = path_taken(tree)
        paths[path] += 1
        start = time.thread_time()
        for _ in range(5):
            fastpagetext.html2txt(tree)
        cost[path].append((time.thread_time() - start) * 1000 / 5)
    for path, count in paths.most_common():
        print(f"  path {path:24} {count:3} trees, {statistics.mean(cost[path]):.3f} ms per call")
    if args.bare:
        bare_extraction(args.shared, args.bare, original)


def bare_extraction(shared: Path, passes: int, original) -> None:
    """Print the medians of `passes` alternating passes of trafilatura's ``bare_extraction`` over
    the benchmark pages, with trafilatura's page measure and with fastpagetext's."""
    import trafilatura

    import pipelines.extraction as extraction
    from pipelines import fastpagetext
    core = sys.modules["trafilatura.core"]
    htmls = [extraction.decode_html(body) for name, _, body in pages(shared, None)
             if name == "benchmark"]
    spent = {"trafilatura's measure": [], "fastpagetext's measure": []}
    for _ in range(passes):
        for label, measure in (("trafilatura's measure", original),
                               ("fastpagetext's measure", fastpagetext.html2txt)):
            core.html2txt = measure
            total = 0.0
            for html in htmls:
                tree = extraction.load_html(html)
                start = time.thread_time()
                trafilatura.bare_extraction(tree, **extraction.EXTRACTION_SETTINGS)
                total += time.thread_time() - start
            spent[label].append(total * 1000 / len(htmls))
    core.html2txt = fastpagetext.html2txt
    print(f"\nbare_extraction on the {len(htmls)} benchmark pages "
          f"(median of {passes} alternating passes, ms of CPU per page):")
    for label, values in spent.items():
        print(f"  {label:24} {statistics.median(values):.2f}  (passes: "
              + " ".join(f"{v:.2f}" for v in values) + ")")
    saved = [a - b for a, b in zip(*spent.values())]
    print(f"  saved per page, median of the paired passes: {statistics.median(saved):.2f}")


if __name__ == "__main__":
    main()
