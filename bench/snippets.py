"""Body extraction on a second, multilingual page set: trafilatura's own evaluation (snippets that
must be in the text and snippets that must not), so a rule tuned on the 181 benchmark pages of
``bench/extraction.py`` shows whether it holds elsewhere.

    .venv/bin/python bench/snippets.py TRAFILATURA_TESTS [--rules] [--split]

TRAFILATURA_TESTS is the ``tests`` folder of github.com/adbar/trafilatura (Apache-2.0; not copied
here): ``evaldata.json`` (``{url: {"file", "with": [...], "without": [...]}}``) and its pages in
``cache/`` and ``eval/``, 990 pages, blogs and news mostly in German, English and French,
annotated by trafilatura's authors (so trafilatura has a home advantage: its defaults were tuned
on these pages). Scoring is theirs (``tests/eval_common.py``, re-written here from it): per page,
each "with" snippet found in the whitespace-normalised output is a true positive (else a false
negative), each "without" snippet found is a false positive (else a true negative); precision,
recall and F1 over the sums of all pages. A page newsmon calls a listing (``not_article``) counts
as an empty output, as it would not be stored.

Rows: ``trafilatura.extract()`` with its defaults (sidebyside's floor), trafilatura's own
benchmark settings (``fast=True, include_tables=True, include_comments=False``; newsmon's
``bare_extraction`` settings), newsmon's ``extract_article``; with ``--rules``, newsmon with its
text rules added one by one (as ``bench/extraction.py --rules``). ``--split`` also prints the two
halves of the pages by a hash of the URL.

Figures (2026-12-01, trafilatura 2.3, the 990 pages; ``--rules --split``):

    row                                      F1     P      R      F1 A   F1 B
    trafilatura.extract() defaults           0.9206 0.8974 0.9451 0.9192 0.9221
    trafilatura fast, tables, no comments    0.9196 0.9073 0.9322 0.9166 0.9228
    newsmon extract_article                  0.9186 0.9190 0.9183 0.9151 0.9224
      with cut_related_tail (added after)    0.9197 0.9214 0.9180 0.9166 0.9230
      and drop_credit_lines (added after)    0.9210 0.9239 0.9180 0.9175 0.9246
    newsmon rules: trafilatura text only     0.9179 0.9079 0.9282 0.9139 0.9221
      + strip_edges                          0.9186 0.9121 0.9251 0.9139 0.9235
      + drop_link_lines                      0.9189 0.9216 0.9163 0.9167 0.9213
      + continue_body (all)                  0.9186 0.9190 0.9183 0.9151 0.9224

newsmon's rules trade recall for precision here and end level (within 0.002 of trafilatura's
defaults), where on the 181 benchmark pages they gain 0.009. What trafilatura's defaults gain is
recall from their fallback extractors (``fast=False``): with it, newsmon scores 0.9244 here but
0.9686 on the benchmark (0.9711 without), at 1.25x the CPU; taken only when the fast text is
under 1,000 characters (and longer), 0.9233 here and 0.9688 on the benchmark (one page there
went from 878 to 3,933 characters of mostly boilerplate, -0.67 page F1): a gain here, a loss
under the benchmark's 0.970 floor there, so not taken. Taken instead (December 2026,
``pipelines.extraction.fuller_text``): the full pass only when resiliparse's text is 3x longer
than the fast text, its result only when 5x longer (the fast pass kept a teaser of another
article, a sidebar or a menu instead of the body): **0.9246 (P 0.9247, R 0.9244; halves 0.9222,
0.9271)** here, the benchmark's 0.9712 and newspaper4k's 0.9457 unchanged. Four of the 990 pages were called
listings (a podcast page, a review and two news pages whose extracted text starts with the
site's menu); the listing check now reads the text with its edges cleaned, as it would be
stored (``strip_edges`` first), and three are (the menus that still count open with a label
line, "Navigation"); the 181 benchmark pages, htmldate's 945 (5 listings) and case 04 unchanged.
"""
from __future__ import annotations

import argparse
import hashlib
import logging
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import trafilatura  # noqa: E402

from evalpages import eval_pages  # noqa: E402
from extraction import RULE_STEPS  # noqa: E402
from pipelines.extraction import decode_html, extract_article  # noqa: E402


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def load(tests: Path) -> dict[str, tuple[dict, str]]:
    """{url: (annotation, decoded html)} for every annotated page found under cache/ or eval/."""
    return {url: (item, decode_html(path.read_bytes())) for url, item, path in eval_pages(tests)}


def counts(item: dict, result: str | None) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of one page."""
    resn = norm(result or "")
    tp = sum(1 for w in item["with"] if norm(w) in resn)
    fp = sum(1 for w in item["without"] if norm(w) in resn)
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def scores(per_page: list[tuple[int, int, int, int]]) -> tuple[float, float, float]:
    tp, fp, fn, _ = (sum(c[i] for c in per_page) for i in range(4))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)


def newsmon_text(html: str, url: str) -> str:
    got = extract_article(html, url) or {}
    return "" if got.get("not_article") else got.get("text") or ""


def with_rules_off(off: tuple[str, ...]):
    import pipelines.extraction as extraction
    identity = lambda text, *a: text  # noqa: E731

    def run(html: str, url: str) -> str:
        saved = {name: getattr(extraction, name) for name in off}
        try:
            for name in off:
                setattr(extraction, name, identity)
            return newsmon_text(html, url)
        finally:
            for name, fn in saved.items():
                setattr(extraction, name, fn)
    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tests", type=Path, help="the tests folder of adbar/trafilatura")
    ap.add_argument("--rules", action="store_true", help="newsmon's text rules one by one")
    ap.add_argument("--split", action="store_true", help="also the two halves of the pages")
    a = ap.parse_args()
    pages = load(a.tests)
    rows = {
        "trafilatura.extract() defaults": lambda h, u: trafilatura.extract(h, url=u),
        "trafilatura fast, tables, no comments": lambda h, u: trafilatura.extract(
            h, url=u, fast=True, include_tables=True, include_comments=False),
        "newsmon extract_article": newsmon_text,
    }
    if a.rules:
        rows.update({f"newsmon rules: {name}": with_rules_off(off) for name, off in RULE_STEPS})
    half = {u: hashlib.sha1(u.encode()).digest()[0] % 2 for u in pages}
    print(f"{len(pages)} pages; snippets found in the text (trafilatura's evaluation)")
    print(f"{'':40s} {'F1':>6s} {'P':>6s} {'R':>6s}" + ("  F1 A  F1 B" if a.split else ""))
    for name, fn in rows.items():
        per = {u: counts(item, fn(html, u)) for u, (item, html) in pages.items()}
        p, r, f1 = scores(list(per.values()))
        line = f"{name:40s} {f1:.4f} {p:.4f} {r:.4f}"
        if a.split:
            line += "".join(f" {scores([c for u, c in per.items() if half[u] == h])[2]:.4f}"
                            for h in (0, 1))
        print(line, flush=True)


if __name__ == "__main__":
    logging.basicConfig(level=logging.CRITICAL)  # trafilatura warns on every odd page
    main()
