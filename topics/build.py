"""Propose topics and weighted terms from any folder of seed texts, as a topics YAML to edit.

Chosen: keyphrases by TF-IDF over paragraphs, and topics by k-means over the paragraphs' TF-IDF
vectors (numpy only, deterministic farthest-point seeding). Seed corpora are small (a handful of
analyses), so the unit is the paragraph: each one usually argues one point, and a topic is a
group of paragraphs that share vocabulary. A cluster's terms are the phrases most typical of it
against the other clusters; they come out stemmed-and-matched exactly as the scorer matches them,
written in the surface form seen most often. YAKE/RAKE-style extractors were not needed: on
two-document corpora their scores reduce to frequency, which TF-IDF over paragraphs already has.

The result is a proposal: labels are the top phrases, descriptions the most central paragraph's
first sentence, thresholds the scorer's default. A person edits it; ``newsmon topics eval`` then
measures it on labelled texts.
"""
from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from topics.text import STOPWORDS, guess_language, split_sentences, stem

log = logging.getLogger(__name__)

SEED_SUFFIXES = (".txt", ".md", ".text")
# Words too general to name a topic (on top of the scorer's function words): frequent verbs,
# adverbs, quantifiers. A background corpus would do this better; none ships offline here.
GENERIC = {
    "en": frozenset("""all also along although another any because both but can could did does
        doing done each either even ever every first former however just last later least less
        like made make makes many may more most much must never new next not now often only
        other others over own rather really recent recently same several should since some still
        such take taken than that then there these they thing things this those though through
        thus too under until upon very well what whether which while who whole why within without
        would yet one two three year years time times way part said say says according around
        mr mrs ms its his her their them our we you your filed photo related videos told""".split()),
    "es": frozenset("""además ahora algo algún alguna algunas alguno algunos ante antes aquí así
        aunque bien cada casi cierto como cómo contra cosa cual cualquier cuando cuanto debe
        deben demás dentro después donde dos durante ella ellas ello ellos embargo entonces
        otra otras otro otros parte pasado poco pocos podría primer primera puede pueden pues
        sólo solo sin siempre sino tal tanto toda todas todo todos tras tres uno varias varios
        vez veces mismo misma mientras menos mucho muchos nada ni ningún ninguna nuevo nueva
        año años hace hacer hecho dice dicen dicho dijo afirmó aseguró señaló través lugar forma manera
        está están estaba era eran sea será serán tiene tienen tenía""".split()),
}
MIN_UNIT_WORDS = 12
#: Web and e-mail addresses in seed texts: their pieces are no topic's words (a trial's proposal
#: had a topic "com" from the sources listed under each seed article).
_ADDRESS = re.compile(r"\bhttps?://\S+|\bwww\.\S+|\S+@\S+\.\w+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu)\b\S*")
_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)


@dataclass
class ProposedTopic:
    id: str
    label: str
    description: str
    language: str                  # the language of most of its paragraphs
    terms: dict[str, dict[str, float]]   # {language: {term: weight}}: each term in its own
    paragraphs: int


def read_seeds(seed_dir: str | Path) -> list[str]:
    """The texts of the seed files (.txt, .md) under `seed_dir`, each decoded by ``read_seed``.
    Raises ValueError when there is none, OSError when one cannot be read."""
    files = sorted(p for p in Path(seed_dir).rglob("*")
                   if p.suffix.lower() in SEED_SUFFIXES and p.is_file())   # not a folder "notes.md"
    texts = [read_seed(p) for p in files]
    texts = [t for t in texts if t.strip()]
    if not texts:
        raise ValueError(f"{seed_dir}: no seed texts (.txt or .md files) found")
    return texts


def read_seed(path: Path) -> str:
    """A seed file's text: UTF-8 (a byte-order mark dropped), else Windows-1252, the encoding
    older editors save English, Spanish, Portuguese, French, German and Italian in (the
    languages of ``topics.text``; read as UTF-8 with replacement, a Latin-1 "sanción" became
    "sanci\ufffdn" and no topic term matched it; charset_normalizer took such a Spanish
    paragraph for Central European and made "año" "ańo"), else charset_normalizer's guess. A
    file not in UTF-8 is logged with the encoding read."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:   # one of the five bytes cp1252 leaves undefined
        from charset_normalizer import from_bytes   # only for such a file

        best = from_bytes(data).best()
        text = str(best) if best is not None else data.decode("cp1252", errors="replace")
        encoding = best.encoding if best is not None else "cp1252 with replacement"
    log.warning("%s is not UTF-8: read as %s", path, encoding)
    return text


def paragraphs(texts: list[str]) -> list[str]:
    """Paragraph units; short lines (headings, captions) are joined to the next paragraph; web
    and e-mail addresses are taken out."""
    units, carry = [], ""
    for text in texts:
        for block in re.split(r"\n\s*\n|\n", text):
            block = " ".join(_ADDRESS.sub(" ", block).split())
            if not block:
                continue
            block = f"{carry} {block}".strip() if carry else block
            if len(block.split()) < MIN_UNIT_WORDS:
                carry = block
                continue
            units.append(block)
            carry = ""
        if carry and units:
            units[-1] += " " + carry
        carry = ""
    return units


def _phrases(unit: str, lang: str, surface: dict) -> Counter:
    """Stemmed 1–3-grams that neither start nor end with a function word (of the paragraph's
    language `lang`: seeds mix English and Spanish paragraphs, and English function words let
    "los" and "las" through as a topic's top terms)."""
    stop = STOPWORDS[lang] | GENERIC.get(lang, frozenset())
    counts: Counter = Counter()
    for sentence in split_sentences(unit):
        words = [w for w in _WORD.findall(sentence)]
        low = [w.lower() for w in words]
        for n in (1, 2, 3):
            for i in range(len(low) - n + 1):
                gram = low[i:i + n]
                if gram[0] in stop or gram[-1] in stop or any(len(g) < 3 for g in (gram[0], gram[-1])):
                    continue
                content = [g for g in gram if g not in stop]
                if len(content) != len(gram) and n < 3:
                    continue
                key = tuple(stem(g, lang) for g in content)
                counts[key] += 1
                surface[key][(" ".join(words[i:i + n]), lang)] += 1
    return counts


def _kmeans(X: np.ndarray, k: int, iters: int = 50) -> np.ndarray:
    """Spherical k-means with farthest-point seeding (deterministic: same corpus, same topics)."""
    centers = [int(np.argmax(X.sum(axis=1)))]
    for _ in range(1, k):
        sims = X @ X[centers].T
        centers.append(int(np.argmin(sims.max(axis=1))))
    C = X[centers].copy()
    labels = np.zeros(len(X), dtype=int)
    for _ in range(iters):
        new = np.argmax(X @ C.T, axis=1)
        if _ and np.array_equal(new, labels):
            break
        labels = new
        for j in range(k):
            members = X[labels == j]
            if len(members):
                c = members.sum(axis=0)
                C[j] = c / (np.linalg.norm(c) or 1.0)
    return labels


def build_topics(seed_dir: str | Path, n_topics: int | None = None,
                 n_terms: int = 15) -> list[ProposedTopic]:
    texts = read_seeds(seed_dir)
    units = paragraphs(texts)
    if len(units) < 2:
        raise ValueError(f"{seed_dir}: too little text to propose topics (need a few paragraphs)")
    lang = guess_language(" ".join(texts))
    unit_langs = [guess_language(u) for u in units]
    surface: dict = defaultdict(Counter)
    unit_counts = [_phrases(u, ul, surface) for u, ul in zip(units, unit_langs)]
    df = Counter(k for c in unit_counts for k in c)
    n = len(units)
    # Vocabulary: phrases seen in at least two paragraphs (one-off words are noise at this size),
    # but not in most of them (those are the corpus's common ground, not a topic).
    vocab = [k for k, d in df.items() if 2 <= d <= max(2, 0.5 * n)]
    if not vocab:
        vocab = [k for k, d in df.items() if d >= 1]
    col = {k: i for i, k in enumerate(vocab)}
    idf = np.array([math.log((1 + n) / (1 + df[k])) + 1 for k in vocab])
    X = np.zeros((n, len(vocab)))
    for i, c in enumerate(unit_counts):
        for k, v in c.items():
            if k in col:
                X[i, col[k]] = (1 + math.log(v)) * len(k) ** 0.5
    X *= idf
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    keep = norms[:, 0] > 0
    X, kept_units = X[keep] / norms[keep], [u for u, ok in zip(units, keep) if ok]
    k = n_topics or max(2, min(12, round(math.sqrt(len(kept_units) / 2))))
    k = min(k, len(kept_units))
    labels = _kmeans(X, k)
    proposals, used_ids = [], set()
    for j in range(k):
        members = np.where(labels == j)[0]
        if not len(members):
            continue
        inside = X[members].mean(axis=0)
        outside = X[labels != j].mean(axis=0) if (labels != j).any() else np.zeros_like(inside)
        typical = inside - 0.5 * outside
        order = []
        for i in np.argsort(-typical):
            if typical[i] <= 0 or len(order) >= n_terms:
                break
            # A word already inside a better-ranked phrase ("cossío" in "fernández de cossío")
            # adds nothing to the topic's terms.
            if any(_inside(vocab[i], vocab[o]) for o in order):
                continue
            order.append(i)
        if not order:
            continue
        top = typical[order[0]]
        terms: dict[str, dict[str, float]] = {}
        for i in order:
            key = vocab[i]
            # the phrase as written most often, in the language of the paragraphs that wrote it
            # so ("electric" and "eléctricos" share a stem)
            text, term_lang = surface[key].most_common(1)[0][0]
            # Weights 1–3, by how typical the phrase is of this cluster (3 = says the topic).
            terms.setdefault(term_lang, {})[text.lower()] = round(float(1 + 2 * typical[i] / top), 1)
        label_terms = [surface[vocab[i]].most_common(1)[0][0][0].lower() for i in order[:3]]
        main = Counter(unit_langs[u] for u in np.where(keep)[0][members]).most_common(1)[0][0]
        central = members[int(np.argmax(X[members] @ inside))]
        first = (split_sentences(kept_units[central]) or [kept_units[central]])[0]
        proposals.append(ProposedTopic(
            id=_slug(label_terms[0], used_ids), label=", ".join(label_terms),
            description=first[:300], language=main, terms=terms, paragraphs=len(members)))
    proposals.sort(key=lambda p: -p.paragraphs)
    log.info("proposed %d topics from %d paragraphs (%s)", len(proposals), len(kept_units), lang)
    return proposals


def _inside(small: tuple, big: tuple) -> bool:
    n = len(small)
    return n < len(big) and any(big[i:i + n] == small for i in range(len(big) - n + 1))


def _slug(text: str, used: set[str]) -> str:
    from topics.text import fold
    base = re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")[:30] or "topic"
    slug, i = base, 2
    while slug in used:
        slug, i = f"{base}_{i}", i + 1
    used.add(slug)
    return slug


def to_yaml(proposals: list[ProposedTopic], source: str = "") -> str:
    """The proposal in the format of ``config/topics.yaml`` (loads with ``load_topics``)."""
    data = {
        "defaults": {"threshold": 4.0, "min_sentences": 2, "context": []},
        "embedding": {"enabled": False},
        "topics": [{
            "id": p.id, "label": p.label, "description": p.description, "threshold": 4.0,
            "terms": p.terms,
        } for p in proposals],
    }
    head = (f"# Topics proposed by `newsmon topics build` from {source}.\n"
            "# Review each topic: rename id/label, rewrite the description, add the other\n"
            "# language's terms and negative terms, then measure with `newsmon topics eval`.\n")
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
