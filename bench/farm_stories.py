"""Stories on the outlet farm, at both levels, against the farm's truth (same source page).

    python bench/farm_stories.py            # the stories-farm acceptance set-up (seed 5, 20 x 20)
    python bench/farm_stories.py --restory  # the same, then `newsmon restory` (event stories on)
    python ../shared/acceptance/lib/topic_pages.py ../shared/labelled/tagging-dev.jsonl /tmp/lp
    python bench/farm_stories.py --restory --pages /tmp/lp --farm "--outlets 6 --per-outlet 11
        --seed 3 --no-faults --span-hours 20 --rounds 1"     # 60 labelled real texts in one day

Crawls the farm as ``../shared/acceptance/stories-farm`` does, reads ``newsmon stories --format
json`` and prints pairwise precision and recall against the farm's truth (two URLs belong
together when they serve the same source page: syndicated copies carry their origin's page)
twice: for **stories** (events: what the acceptance check reads) and for **copy groups** (an
article and the articles marked ``copy_of`` it: the syndication level). Then it lists every
story that joins different source pages, with their titles, for a reader to judge: the farm's
pages come from the article-extraction benchmark, which holds several outlets' reports of one
event (the same NASA contract award, the same rescue video, the same court plea …), so joining
them is the event level doing its job, and the farm's truth counts it as an error.

``--restory`` recomputes the stories after the crawl with ``newsmon restory --events``, which
joins events (whatever ``NEWSMON_STORY_EVENTS`` says): the event level on the same crawl.
``--pages``/``--farm`` serve other pages with other farm options, e.g. the labelled real texts
(English and Spanish news on Cuba, Venezuela, …) published within one day: their true events
are not labelled, so read the largest stories' titles it prints.
"""
from __future__ import annotations

import argparse
import itertools
import json
import shlex
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from farmrun import farm_config, start_farm  # noqa: E402


def pairwise(truth: dict, pred: dict) -> tuple[float, float, int]:
    urls = [u for u in truth if u in pred]
    tp = fp = fn = 0
    for u, v in itertools.combinations(urls, 2):
        same_t, same_p = truth[u] == truth[v], pred[u] == pred[v]
        tp += same_t and same_p
        fp += same_p and not same_t
        fn += same_t and not same_p
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0), len(urls)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--seed", default="5")
    ap.add_argument("--pages", type=Path, help="pages to serve (default: the benchmark corpus)")
    ap.add_argument("--farm", help="farm options instead of the acceptance check's")
    ap.add_argument("--restory", action="store_true", help="run `newsmon restory` after the crawl")
    args = ap.parse_args()
    options = (shlex.split(args.farm) if args.farm else [
        "--outlets", "20", "--per-outlet", "20", "--rounds", "1", "--seed", args.seed,
        "--fault-scale", "2", "--slow-delay", "1", "--huge-mb", "2"])
    if args.pages:
        options += ["--pages", str(args.pages)]   # farm.py takes the last --pages given
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        farm, base, manifest = start_farm(args.shared, work, options + [
            "--log", str(work / "farm.log")])
        try:
            (work / "outlets.yaml").write_text(farm_config(manifest))
            db = f"sqlite:///{work / 'farm.db'}"
            subprocess.run([sys.executable, "-m", "newsmon", "crawl", "--outlets",
                            str(work / "outlets.yaml"), "--db", db], check=True,
                           capture_output=True)
        finally:
            farm.terminate()
            farm.wait()
        if args.restory:
            subprocess.run([sys.executable, "-m", "newsmon", "restory", "--events", "--db", db], check=True,
                           capture_output=True)
        listed = json.loads(subprocess.run(
            [sys.executable, "-m", "newsmon", "stories", "--format", "json", "--db", db],
            check=True, capture_output=True, text=True).stdout)
    truth = {a["canonical_url"]: a["source_file"] for a in manifest["articles"]
             if a["is_html_article"] and "robots_disallowed" not in a["faults"]}
    story, group, title = {}, {}, {}
    for s in listed:
        for a in s["articles"]:
            story[a["url"]] = s["id"]
            group[a["url"]] = a["copy_of"] or a["id"]
            title[a["url"]] = a["title"] or ""
    for name, pred in (("stories (events)", story), ("copy groups (syndication)", group)):
        p, r, n = pairwise(truth, pred)
        print(f"{name:26s} pairwise precision {p:.3f} recall {r:.3f} ({n}/{len(truth)} "
              f"articles)")
    by_story = defaultdict(dict)
    for u, sid in story.items():
        if u in truth:
            by_story[sid].setdefault(truth[u], title[u])
    mixed = {sid: pages for sid, pages in by_story.items() if len(pages) > 1}
    sizes = sorted((len(pages) for pages in by_story.values()), reverse=True)
    print(f"stories joining different source pages: {len(mixed)}; source pages in the largest "
          f"stories: {sizes[:6]}")
    for sid, pages in sorted(mixed.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        counts = {page: sum(1 for u in story if story[u] == sid and truth.get(u) == page)
                  for page in pages}
        n = sum(counts.values())
        false = (n * n - sum(c * c for c in counts.values())) // 2
        print(f"  story {sid} ({false} false pairs): " + " | ".join(
            f"{t[:60]} (x{counts[page]})" for page, t in pages.items()))


if __name__ == "__main__":
    main()
