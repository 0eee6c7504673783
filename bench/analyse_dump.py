"""Dump what ``pipelines.page.analyse`` returns for every page, one JSON line each, so that two
trees can be proved to give the same output (a change meant to save CPU only): run it in each
and ``cmp`` the files.

Pages: the 181 of ``../shared/corpus/article-extraction-benchmark`` (as ``bench/worker_steps.py``
feeds them, tagging against the default topics, no event vectors) and, with ``--trafilatura``,
the 990 pages of trafilatura's evaluation (``analyse`` with their URL, and ``extract_article``'s
fuller dict). Byte values (the MinHash signature) are written in hex.

    python bench/analyse_dump.py OUT.jsonl [--trafilatura /work/data/TRAFILATURA/tests]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from evalpages import eval_pages  # noqa: E402 - beside this script
os.environ.setdefault("OMP_NUM_THREADS", "1")


def _plain(fields: dict | None) -> dict | None:
    return None if fields is None else {
        k: v.hex() if isinstance(v, bytes) else v for k, v in fields.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--trafilatura", type=Path, help="trafilatura's tests/ folder")
    args = ap.parse_args()

    from pipelines import page
    from pipelines.extraction import decode_html, extract_article
    from pipelines.tag import snapshot_topics

    snapshot = str(snapshot_topics(None))
    url = "https://example.com/2026/01/01/article.html"
    with open(args.out, "w", encoding="utf-8") as out:
        def write(key: str, value) -> None:
            out.write(json.dumps([key, value], sort_keys=True) + "\n")

        corpus = args.shared / "corpus" / "article-extraction-benchmark" / "html"
        for path in sorted(corpus.glob("*.html.gz")):
            body = gzip.decompress(path.read_bytes())
            write(path.name, _plain(page.analyse(body, url, None, snapshot, False)))
        if args.trafilatura:
            tests = args.trafilatura
            for page_url, _labels, path in eval_pages(tests):
                body = path.read_bytes()
                write(page_url, _plain(page.analyse(body, page_url, None, snapshot, False)))
                write("extract " + page_url, extract_article(decode_html(body), page_url))


if __name__ == "__main__":
    main()
