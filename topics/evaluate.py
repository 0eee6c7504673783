"""Measure tagging against a labelled JSONL file (the format of the shared tagging-dev set).

Scoring rule, the same as the acceptance scorer: a predicted topic in ``labels`` is a true
positive; one in ``mentions`` counts neither way; any other predicted topic is a false positive;
a label not predicted is a false negative. Macro-F1 averages over the topics that occur in the
labels or the predictions. Also reported: micro-F1, the share of hard negatives left untagged,
and the same figures split by language (Spanish lagged English in every method tried).

Pure functions over plain data: ``evaluate(gold, predicted)`` takes the labelled rows and a
mapping id → set of topic ids, so any tagger (lexicon, embedding, both) is measured alike.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Callable, Iterable

log = logging.getLogger(__name__)


def read_jsonl(path: str | Path) -> list[dict]:
    """The objects of a JSONL file. Raises ValueError naming the file (and line) when it is not
    UTF-8 text or a line is not JSON; OSError when it cannot be read."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        try:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as e:
                        raise ValueError(f"{path}:{n}: not a JSON object ({e.msg})") from None
        except UnicodeDecodeError:
            raise ValueError(f"{path}: not UTF-8 text; save the file as UTF-8") from None
    return rows


def _labels(row: dict) -> set[str]:
    return set(row.get("labels") or []) - {"none"}


def evaluate(gold: list[dict], predicted: dict[str, set[str]],
             topic_ids: Iterable[str]) -> dict:
    """Per-topic P/R/F1, micro and macro F1, hard negatives left clean, counts."""
    ids = list(topic_ids)
    tp = dict.fromkeys(ids, 0)
    fp = dict.fromkeys(ids, 0)
    fn = dict.fromkeys(ids, 0)
    hard = clean = 0
    for row in gold:
        pred = predicted.get(str(row["id"]), set())
        labels, mentions = _labels(row), set(row.get("mentions") or [])
        for t in ids:
            if t in pred and t in labels:
                tp[t] += 1
            elif t in pred and t not in mentions:
                fp[t] += 1
            elif t not in pred and t in labels:
                fn[t] += 1
        if row.get("hard_negative"):
            hard += 1
            clean += not (pred - mentions)
    per_topic = {}
    for t in ids:
        if tp[t] + fn[t] == 0 and fp[t] == 0:
            continue  # topic absent from this file and never predicted: no F1 to speak of
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        r = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
        f = 2 * tp[t] / (2 * tp[t] + fp[t] + fn[t]) if tp[t] + fp[t] + fn[t] else 0.0
        per_topic[t] = {"precision": p, "recall": r, "f1": f, "tp": tp[t], "fp": fp[t],
                        "fn": fn[t], "support": tp[t] + fn[t]}
    T, F_P, F_N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    return {
        # None (shown "n/a"): no label and no tag to score, e.g. texts on no topic left
        # untagged, which is right, not an F1 of 0
        "macro_f1": sum(v["f1"] for v in per_topic.values()) / len(per_topic) if per_topic else None,
        "micro_f1": 2 * T / (2 * T + F_P + F_N) if T + F_P + F_N else None,
        "hard_negatives": hard,
        "hard_negative_clean": clean / hard if hard else None,
        "texts": len(gold),
        "per_topic": per_topic,
    }


def evaluate_tagger(gold: list[dict], tag: Callable[[dict], set[str]],
                    topic_ids: Iterable[str]) -> dict:
    """Run `tag(row) -> topic ids` over the rows; overall figures plus one block per language."""
    ids = list(topic_ids)
    predicted = {str(r["id"]): tag(r) for r in gold}
    result = evaluate(gold, predicted, ids)
    by_lang = {}
    for lang in sorted({r.get("language") or "?" for r in gold}):
        part = [r for r in gold if (r.get("language") or "?") == lang]
        sub = evaluate(part, predicted, ids)
        by_lang[lang] = {"macro_f1": sub["macro_f1"], "micro_f1": sub["micro_f1"],
                         "texts": len(part)}
    result["by_language"] = by_lang
    result["errors"] = [
        {"id": str(r["id"]), "missed": sorted(_labels(r) - predicted[str(r["id"])]),
         "extra": sorted(predicted[str(r["id"])] - _labels(r) - set(r.get("mentions") or []))}
        for r in gold
        if (_labels(r) - predicted[str(r["id"])])
        or (predicted[str(r["id"])] - _labels(r) - set(r.get("mentions") or []))
    ]
    return result


def format_report(result: dict) -> str:
    """Plain-text table for the terminal."""
    lines = [f"{'topic':<22} {'prec':>5} {'rec':>5} {'F1':>5} {'tp':>3} {'fp':>3} {'fn':>3}"]
    for t, v in result["per_topic"].items():
        lines.append(f"{t:<22} {v['precision']:5.2f} {v['recall']:5.2f} {v['f1']:5.2f} "
                     f"{v['tp']:3d} {v['fp']:3d} {v['fn']:3d}")
    lines.append("")
    lines.append(f"macro-F1 {_score(result['macro_f1'])}   micro-F1 {_score(result['micro_f1'])}   "
                 f"texts {result['texts']}")
    if result["hard_negative_clean"] is not None:
        lines.append(f"hard negatives left untagged: {result['hard_negative_clean']:.0%} "
                     f"of {result['hard_negatives']}")
    for lang, v in result.get("by_language", {}).items():
        lines.append(f"  {lang}: macro-F1 {_score(v['macro_f1'])}  micro-F1 {_score(v['micro_f1'])}  "
                     f"({v['texts']} texts)")
    return "\n".join(lines)


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"
