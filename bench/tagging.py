"""Tagging throughput: articles tagged per second on one core, on 5 KB articles.

Two sets of 5 KB texts, both from ../shared (nothing is downloaded):
  * on-topic — texts of the labelled dev set joined (same language) until 5 KB: every article is
    about Cuba, so the embedding pre-filter lets many through (the worst case for the model);
  * general — article bodies of the extraction benchmark corpus, repeated/cut to 5 KB: the bulk
    of what a crawl of general outlets brings (most never reach the model).
Each set is tagged with the lexicon alone and with the embedding stage (when its model package is
installed), pinned to one core with one BLAS thread, after one warm-up pass (stem cache, model load).

Usage: python bench/tagging.py [--shared ../shared] [--n 200]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy loads (OpenBLAS reads it too): one core, one thread
sys.path.insert(0, str(ROOT))

SIZE = 5000


def on_topic(shared: Path, n: int) -> list[dict]:
    rows = [json.loads(line) for line in open(shared / "labelled" / "tagging-dev.jsonl")]
    out = []
    for lang in ("en", "es"):
        texts = [r for r in rows if r["language"] == lang]
        i = 0
        while len(out) < n * (1 if lang == "es" else 0.5):
            body, title = "", texts[i % len(texts)]["title"]
            while len(body) < SIZE:
                body += texts[i % len(texts)]["text"] + "\n"
                i += 1
            out.append({"title": title, "text": body[:SIZE], "language": lang})
    return out[:n]


def general(shared: Path, n: int) -> list[dict]:
    truth = json.load(open(shared / "corpus" / "article-extraction-benchmark" / "ground-truth.json"))
    bodies = [v["articleBody"] for v in truth.values() if len(v.get("articleBody") or "") > 500]
    out = []
    for i in range(n):
        b = bodies[i % len(bodies)]
        text = (b + "\n") * (SIZE // len(b) + 1)
        out.append({"title": b.split("\n")[0][:90], "text": text[:SIZE], "language": None})
    return out


def rate(articles: list[dict], topics, use_embedding: bool) -> tuple[float, int]:
    from topics.score import score_topics
    for a in articles[:10]:  # warm-up: stem cache, index, model and topic prototypes
        score_topics(a["title"], a["text"], a["language"], topics, use_embedding=use_embedding)
    t0 = time.perf_counter()
    asked = 0
    for a in articles:
        scores = score_topics(a["title"], a["text"], a["language"], topics,
                              use_embedding=use_embedding)
        asked += any(s.similarity is not None for s in scores)
    return len(articles) / (time.perf_counter() - t0), asked


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--n", type=int, default=200)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from topics import embed as topic_embed
    from topics.topicfile import load_topics
    topics = load_topics(ROOT / "config" / "topics.yaml")
    have_model = topic_embed.settings(topics) is not None and topic_embed.available()
    print(f"topics {topics.version}; embedding stage {'on' if have_model else 'off or not installed'}; "
          f"one core; {SIZE // 1000} KB articles")
    for name, arts in (("on-topic", on_topic(args.shared, args.n)),
                       ("general", general(args.shared, args.n))):
        lex, _ = rate(arts, topics, False)
        line = f"{name:9s} lexicon {lex:7.1f} articles/s"
        if have_model:
            both, asked = rate(arts, topics, True)
            line += f" | lexicon+embedding {both:7.1f} articles/s ({asked}/{len(arts)} reached the model)"
        print(line)


if __name__ == "__main__":
    main()
