"""Story assignment, measured: pairwise precision and recall on seeded rewrites of real bodies.

    python bench/story_eval.py            # the test half, through the real pipelines on SQLite
    python bench/story_eval.py --sweep    # choose shingle size, LSH bands and threshold

The set (``bench/rewrites.py``): the 181 human-annotated bodies of the article-extraction
benchmark (``ground-truth.json``) are split at random (``--seed``) into a *tuning* half and a
*test* half. In each half, 20 % of the bodies are held out as fresh text for follow-ups; every
other body is an original at one outlet, with three rewrites at three other outlets (kind ×
strength cycling through all 21 combinations) and, for one original in four, a follow-up (a
different article quoting it, its new text used nowhere else). Every document carries its outlet's template (boilerplate). Documents
arrive in a random order. Truth: a document's story is its original's; a follow-up is a story
of its own.

Pairwise precision = share of document pairs put in one story that belong together; recall =
share of pairs that belong together put in one story.

``--sweep`` runs the assignment in memory (the same band hashes, candidate ranking and
:func:`storage.copies.pick_copy` as the store) on the *tuning* half for each shingle size,
LSH shape and threshold, and prints a table; the chosen values are constants in
``pipelines/fingerprint.py`` and ``storage/stories.py``. The default run feeds the *test* half
through the real story signals and ``StorePipeline`` into a SQLite file and reads the
stories back with ``storage.storyreads.list_stories``, then lists every failure.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import numpy as np  # noqa: E402

import rewrites  # noqa: E402
from pipelines import fingerprint as fp  # noqa: E402
from storage import copies, storyreads  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "article-extraction-benchmark"
COMBOS = [(k, s) for k in rewrites.KINDS for s in rewrites.STRENGTHS]


@dataclass
class Doc:
    id: int
    outlet: int
    group: int          # truth: the original's id
    kind: str           # original | <rewrite kind> | follow_up
    strength: int
    text: str


def build_set(bodies: list[str], seed: int, outlets: int = 12, per_original: int = 3) -> list[Doc]:
    """The documents of one half, in arrival order (see the module doc)."""
    rng = random.Random(seed)
    templates = rewrites.make_outlets(outlets, rng)
    bodies = list(bodies)
    rng.shuffle(bodies)
    n_fresh = round(len(bodies) * 0.2)
    fresh, originals = bodies[:n_fresh], bodies[n_fresh:]
    docs: list[Doc] = []

    def add(outlet, group, kind, strength, body):
        docs.append(Doc(len(docs), outlet, group, kind, strength, templates[outlet].wrap(body)))
        if group < 0:
            docs[-1].group = docs[-1].id
        return docs[-1].id

    combo = 0
    for i, body in enumerate(originals):
        homes = rng.sample(range(outlets), per_original + 2)   # one group, distinct outlets
        group = add(homes[0], -1, "original", 0, body)
        for home in homes[1:per_original + 1]:
            kind, strength = COMBOS[combo % len(COMBOS)]
            combo += 1
            add(home, group, kind, strength, rewrites.rewrite(body, kind, strength, rng))
        # Every fresh body is used once: as the new text of one follow-up.
        j = i * len(fresh) // len(originals)
        if j < len(fresh) and (i + 1) * len(fresh) // len(originals) > j:
            text = rewrites.follow_up(body, fresh[j], 1 + j % 3, rng)
            add(homes[-1], -1, "follow_up", 1 + j % 3, text)
    rng.shuffle(docs)
    return docs


def halves(seed: int) -> tuple[list[str], list[str]]:
    truth = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = [truth[k]["articleBody"] for k in sorted(truth)]
    random.Random(seed).shuffle(bodies)
    return bodies[: len(bodies) // 2], bodies[len(bodies) // 2:]


# --- assignment ------------------------------------------------------------------------------

def assign_in_memory(docs, sigs, threshold, bands, rows):
    """Story id per document, as the store would assign it (same candidates, same pick)."""
    index: dict[tuple[int, int], list[int]] = defaultdict(list)
    story: dict[int, int] = {}
    for d in docs:
        sig = sigs[d.id]
        keys = list(enumerate(copies.band_hashes(sig, bands, rows)))
        shared = Counter(a for k in keys for a in index.get(k, ()))
        ranked = sorted(shared, key=lambda a: (-shared[a], a))[: copies.MAX_CANDIDATES]
        cands = [copies.Candidate(a, story[a], sigs[a]) for a in ranked]
        match = copies.pick_copy(sig, cands, threshold)
        story[d.id] = match.story_id if match else d.id
        for k in keys:
            index[k].append(d.id)
    return story


def assign_with_pipelines(docs, threshold, workdir):
    """Copy group per document (the article it copies, else itself), through the story signals
    a worker adds (``pipelines.page.story_features``) and the StorePipeline on a SQLite file. The copy level only (``NEWSMON_STORY_EVENTS`` off): a
    follow-up quoting an original reports the same event, so the event level would rightly
    join it, and this set's truth is the copy level."""
    from scrapy.exceptions import DropItem
    from scrapy.utils.test import get_crawler

    from crawler.items import ArticleItem
    from pipelines.page import story_features
    from pipelines.store import StorePipeline
    from storage.engine import shared_sessionmaker
    from storage.models import Outlet

    url = f"sqlite:///{workdir}/story_eval.db"
    crawler = get_crawler(settings_dict={"NEWSMON_DATABASE_URL": url,
                                         "NEWSMON_STORY_THRESHOLD": threshold,
                                         "NEWSMON_STORY_EVENTS": False,
                                         "NEWSMON_EXTRACT_WORKERS": 0})
    store = StorePipeline.from_crawler(crawler)
    store.open_spider()
    sessions = shared_sessionmaker(url)
    with sessions() as session:
        session.add_all(Outlet(id=f"o{k}", name=f"outlet {k}") for k in {d.outlet for d in docs})
        session.commit()
    dropped, start = [], time.perf_counter()
    for d in docs:
        url = f"http://o{d.outlet}.test/{d.id}"
        item = ArticleItem(outlet=f"o{d.outlet}", url=url, canonical_url=url, request_urls=[],
                           text=d.text, **story_features(None, d.text, None, embed=False))
        try:
            store.process_item(item)
        except DropItem:
            dropped.append(d.id)
    elapsed = time.perf_counter() - start
    with sessions() as session:
        listed = storyreads.list_stories(session)
    story = {int(a.url.rsplit("/", 1)[1]): a.copy_of or a.id for s in listed for a in s.articles}
    return story, dropped, elapsed


# --- scoring ---------------------------------------------------------------------------------

def pairwise(docs, story):
    tp = fp_ = fn = 0
    for a, b in combinations(docs, 2):
        same_t, same_p = a.group == b.group, story.get(a.id) == story.get(b.id)
        tp += same_t and same_p
        fp_ += same_p and not same_t
        fn += same_t and not same_p
    precision = tp / (tp + fp_) if tp + fp_ else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp_, fn


def background(bodies, size, shapes):
    """Similarity of *unrelated* bodies (every pair of different corpus bodies): its mean and
    maximum, and how many unrelated articles each lookup would draw as LSH candidates from a
    store of a million such articles (the cost that must not grow with the store)."""
    sets = [set(fp.shingle_hashes(b, size).tolist()) for b in bodies]
    j = np.array([len(a & b) / len(a | b) for a, b in combinations(sets, 2) if a and b])
    per_shape = {s: (1 - (1 - j ** s[1]) ** s[0]).mean() * 1e6 for s in shapes}
    return j.mean(), j.max(), per_shape


def sweep(tune, args):
    """Print precision/recall on the tuning half for each setting, and the threshold the rule
    picks: the lowest one whose precision stays >= 0.995 from one grid step (0.05, about one
    MinHash standard error at J = 0.3) below it upwards."""
    print(f"tuning half: {len(tune)} documents; grid over shingle size, LSH shape, threshold")
    print("size  bands×rows  thr   precision  recall  (pairs wrong: merged / split)")
    grid = [round(t, 2) for t in np.arange(0.15, 0.71, 0.05)]
    shapes = ((20, 4), (32, 4), (24, 3), (32, 3), (40, 3))
    for size in (2, 3, 4, 5):
        mean, top, per_shape = background(sum(halves(args.seed), []), size, shapes)
        print(f"{size}-word shingles, unrelated corpus bodies: mean J {mean:.4f}, max {top:.3f}; "
              "LSH candidates per lookup at 1M: " +
              ", ".join(f"{b}×{r} {n:.0f}" for (b, r), n in per_shape.items()))
        sigs = {d.id: fp.minhash_signature(d.text, size) for d in tune}
        for bands, rows in shapes:
            scores = {}
            for thr in grid:
                p, r, _, fpos, fneg = pairwise(tune, assign_in_memory(tune, sigs, thr, bands, rows))
                scores[thr] = (p, r)
                print(f"{size:>4}  {bands:>5}×{rows}    {thr:.2f}  {p:.4f}     {r:.4f}  "
                      f"({fpos} / {fneg})")
            safe = [t for i, t in enumerate(grid[1:], 1)
                    if all(scores[u][0] >= 0.995 for u in grid[i - 1:])]
            if safe:
                t = safe[0]
                print(f"{size:>4}  {bands:>5}×{rows}    chosen {t:.2f}: precision "
                      f"{scores[t][0]:.4f} recall {scores[t][1]:.4f}")


def report(test, story, sigs):
    by_id = {d.id: d for d in test}
    p, r, tp, fpos, fneg = pairwise(test, story)
    print(f"pairwise precision {p:.4f}  recall {r:.4f}  (true pairs {tp + fneg}, "
          f"wrongly merged {fpos}, wrongly split {fneg})")
    originals = {d.group: d for d in test if d.kind == "original"}
    print("\nrecall of each rewrite kind (rewrite in its original's story), by strength 1/2/3:")
    for kind in rewrites.KINDS:
        cells = []
        for s in rewrites.STRENGTHS:
            ds = [d for d in test if d.kind == kind and d.strength == s]
            ok = sum(story[d.id] == story[d.group] for d in ds)
            cells.append(f"{ok}/{len(ds)}")
        print(f"  {kind:<11} " + "  ".join(f"{c:>6}" for c in cells))
    fu = [d for d in test if d.kind == "follow_up"]
    wrong = [d for d in fu if any(e.id != d.id and story[e.id] == story[d.id] for e in test)]
    print(f"follow-ups (hard negatives) wrongly joined to another story: {len(wrong)}/{len(fu)}")
    print("\nfailures (estimated Jaccard to the original):")
    for d in test:
        if d.kind not in ("original", "follow_up") and story[d.id] != story[d.group]:
            sim = copies.estimated_jaccard(sigs[d.id], sigs[d.group])[0]
            print(f"  split:  {d.kind}/{d.strength} of doc {d.group} "
                  f"({len(originals[d.group].text.split())} words), J≈{sim:.2f}")
    for a, b in combinations(test, 2):
        if a.group != b.group and story[a.id] == story[b.id]:
            sim = copies.estimated_jaccard(sigs[a.id], sigs[b.id])[0]
            print(f"  merged: {a.kind}/{a.strength} doc {a.id} ({len(a.text.split())} words) "
                  f"with {b.kind}/{b.strength} doc {b.id} ({len(b.text.split())} words), "
                  f"J≈{sim:.2f}, same outlet: {a.outlet == b.outlet}")
    return p, r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--threshold", type=float, default=copies.COPY_THRESHOLD)
    ap.add_argument("--sweep", action="store_true", help="grid on the tuning half")
    args = ap.parse_args()
    tune_bodies, test_bodies = halves(args.seed)
    if args.sweep:
        sweep(build_set(tune_bodies, args.seed), args)
        return
    test = build_set(test_bodies, args.seed + 1)
    kinds = Counter(d.kind for d in test)
    print(f"test half: {len(test)} documents ({dict(kinds)}), {len(test_bodies)} bodies, "
          f"threshold {args.threshold:.2f}, {copies.BANDS}×{copies.ROWS} bands, "
          f"{fp.SHINGLE_SIZE}-word shingles")
    sigs = {d.id: fp.minhash_signature(d.text) for d in test}
    memory = assign_in_memory(test, sigs, args.threshold, copies.BANDS, copies.ROWS)
    with tempfile.TemporaryDirectory() as tmp:
        story, dropped, elapsed = assign_with_pipelines(test, args.threshold, tmp)
    print(f"pipelines: {len(test) - len(dropped)} stored, {len(dropped)} dropped as exact "
          f"copies, {elapsed / len(test) * 1000:.1f} ms per document (dedupe + store, SQLite)")
    agree = pairwise(test, memory)[:2] == pairwise(test, story)[:2]
    print(f"in-memory replica gives the same precision/recall: {agree}\n")
    report(test, story, sigs)


if __name__ == "__main__":
    main()
