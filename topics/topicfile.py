"""The topics file (``config/topics.yaml``, or any file of that shape): its model and its reading.

A file is read once per crawl, digest or retag (:func:`load_topics`) into a :class:`TopicSet`:
topics with their label, description, threshold and weighted terms, each term compiled to the
Snowball stems it matches in each language (``topics.text``), so scoring never parses YAML or
stems a term again. Every error is one ``ValueError`` naming the file, the topic and the key to
fix, and a key the file may not hold is an error rather than a setting silently ignored.
Apart from ``topics.score`` because reading a file and scoring an article are two jobs: the CLI,
the digest and the scheduler load topics without scoring anything.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from storage.configfiles import yaml_problem
from topics import default_topics_path
from topics.text import LANGUAGES, term_tokens

TERM_LANGS = (*LANGUAGES, "any")
_LANG_LIST = ", ".join(LANGUAGES)


@dataclass(frozen=True)
class Term:
    text: str                                  # as written in the YAML (shown as evidence)
    parts: tuple[tuple[str, ...], ...]         # stemmed phrases that must share a sentence
    weight: float


@dataclass
class Topic:
    id: str
    label: str
    description: str
    threshold: float
    terms: dict[str, list[Term]]               # language → compiled positive terms
    negative: dict[str, list[Term]]
    context: dict[str, list[Term]]
    description_es: str = ""
    context_damp: float = 0.25
    min_sentences: int = 2
    strong_sentence: float = 4.0
    sentence_cap: float = 6.0
    title_weight: float = 2.0


@dataclass
class TopicSet:
    topics: list[Topic]
    version: str
    path: str = ""
    embedding: dict = field(default_factory=dict)  # settings for topics.embed
    _index: dict = field(default_factory=dict, repr=False)

    def by_id(self, topic_id: str) -> Topic:
        for t in self.topics:
            if t.id == topic_id:
                return t
        raise KeyError(topic_id)

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.topics]


def load_topics(path: str | Path | None = None) -> TopicSet:
    """Read and validate a topics file; errors are one-line ``ValueError``s naming topic and key."""
    p = Path(path) if path else default_topics_path()
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise ValueError(f"{p}: cannot read topics file ({e.strerror}); pass an existing path "
                         f"or set NEWSMON_TOPICS_FILE") from None
    try:
        # libyaml's parser when PyYAML has it: the same safe loading, 6x faster on the 30 KB
        # topics file (12 against 73 ms), which every crawl reads at start.
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as e:   # the line to fix, as the outlets file says it
        raise ValueError(yaml_problem(p, raw.decode("utf-8", "replace"), e)) from None
    ts = parse_topics(data, source=str(p))
    ts.version = hashlib.sha256(raw).hexdigest()[:12]
    ts.path = str(p)
    return ts


#: The keys a topics file may hold, by place: a misspelt key ("treshold") is an error, not a
#: setting silently ignored.
FILE_KEYS = ("defaults", "embedding", "topics")
TOPIC_KEYS = ("id", "label", "description", "description_es", "threshold", "terms", "negative", "context",
              "context_damp", "min_sentences", "strong_sentence", "sentence_cap", "title_weight")
DEFAULT_KEYS = ("threshold", "context", "context_damp", "min_sentences", "strong_sentence", "sentence_cap",
                "title_weight")
#: ``embedding:``'s keys (``topics.embed.DEFAULTS`` and ``enabled``).
EMBEDDING_KEYS = ("enabled", "threshold", "margin", "gate", "lead", "max_sentences", "max_chars", "threads")


def _known_keys(mapping: dict, allowed: tuple[str, ...], where: str) -> None:
    """ValueError naming the first key of `mapping` not in `allowed`, with the allowed ones;
    a YAML yes/no/on/off read as true/false is told to be quoted."""
    for key in mapping:
        if key not in allowed:
            hint = f" (YAML reads {key!r} as a boolean: quote it)" if isinstance(key, bool) else ""
            raise ValueError(f"{where}: key {key!r} is unknown{hint}; allowed: {', '.join(allowed)}")


def parse_topics(data, source: str = "topics") -> TopicSet:
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list):
        raise ValueError(f"{source}: expected a mapping with a 'topics' list")
    _known_keys(data, FILE_KEYS, source)
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ValueError(f"{source}: 'defaults' must be a mapping")
    _known_keys(defaults, DEFAULT_KEYS, f"{source}: defaults")
    default_context = defaults.get("context")
    topics: list[Topic] = []
    seen: set[str] = set()
    for i, item in enumerate(data["topics"]):
        if not isinstance(item, dict) or not item.get("id"):
            raise ValueError(f"{source}: topic #{i + 1} has no 'id'")
        tid = str(item["id"])
        where = f"{source}: topic '{tid}'"
        _known_keys(item, TOPIC_KEYS, where)
        if tid in seen:
            raise ValueError(f"{where}: duplicate id")
        seen.add(tid)
        for key in ("label", "description"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise ValueError(f"{where}: key '{key}' must be a non-empty string")
        threshold = _number(item, "threshold", where, defaults.get("threshold"))
        terms = _compile_terms(item.get("terms"), f"{where}, key 'terms'", required=True)
        ctx = item.get("context", default_context)
        topics.append(Topic(
            id=tid, label=item["label"].strip(), description=" ".join(item["description"].split()),
            threshold=threshold, terms=terms,
            description_es=" ".join(str(item.get("description_es") or "").split()),
            negative=_compile_terms(item.get("negative"), f"{where}, key 'negative'"),
            context=_compile_terms(_context_map(ctx), f"{where}, key 'context'"),
            context_damp=_number(item, "context_damp", where, defaults.get("context_damp", 0.25)),
            min_sentences=int(_number(item, "min_sentences", where,
                                      defaults.get("min_sentences", 2))),
            strong_sentence=_number(item, "strong_sentence", where,
                                    defaults.get("strong_sentence", 4.0)),
            sentence_cap=_number(item, "sentence_cap", where, defaults.get("sentence_cap", 6.0)),
            title_weight=_number(item, "title_weight", where, defaults.get("title_weight", 2.0)),
        ))
    if not topics:
        raise ValueError(f"{source}: 'topics' is empty")
    emb = data.get("embedding") or {}
    if not isinstance(emb, dict):
        raise ValueError(f"{source}: 'embedding' must be a mapping")
    _known_keys(emb, EMBEDDING_KEYS, f"{source}: embedding")
    return TopicSet(topics=topics, version="", embedding=emb)


def _number(item: dict, key: str, where: str, default=None) -> float:
    val = item.get(key, default)
    if isinstance(val, bool) or not isinstance(val, (int, float)) or val < 0:
        raise ValueError(f"{where}: key '{key}' must be a number >= 0 (got {val!r})")
    return float(val)


def _context_map(ctx) -> dict | None:
    """``context`` may be a plain list of words (weight 1, any language) or a term mapping."""
    if ctx is None or ctx == []:
        return None
    if isinstance(ctx, list):
        return {"any": {str(w): 1 for w in ctx}}
    return ctx


def _compile_terms(spec, where: str, required: bool = False) -> dict[str, list[Term]]:
    out: dict[str, list[Term]] = {lang: [] for lang in LANGUAGES}
    if spec is None:
        if required:
            raise ValueError(f"{where}: missing; give weighted terms under a language ({_LANG_LIST}) or any")
        return out
    if not isinstance(spec, dict):
        raise ValueError(f"{where}: must be a mapping of a language ({_LANG_LIST}) or any to {{term: weight}}")
    for lang, entries in spec.items():
        if lang not in TERM_LANGS:
            raise ValueError(f"{where}: unknown language '{lang}' (use {_LANG_LIST} or any)")
        if not isinstance(entries, dict):
            raise ValueError(f"{where}.{lang}: must be a mapping of term to weight")
        for text, weight in entries.items():
            if isinstance(text, bool) or text is None:   # yes/no/on/off/null: YAML's, not words
                raise ValueError(f"{where}.{lang}: a term YAML reads as {text!r}: quote it (\"on\": 2)")
            if isinstance(weight, bool) or not isinstance(weight, (int, float)):
                raise ValueError(f"{where}.{lang}: weight of '{text}' must be a number")
            compiled = 0
            for target in (LANGUAGES if lang == "any" else (lang,)):
                parts = tuple(term_tokens(p, target) for p in str(text).split("+"))
                if all(parts):   # an "any" term may be a function word of one language ("die")
                    out[target].append(Term(str(text), parts, float(weight)))
                    compiled += 1
            if not compiled:
                raise ValueError(f"{where}.{lang}: term '{text}' has no words left "
                                 f"after removing function words")
    for lang in LANGUAGES:
        # Two spellings with one stem ("remesas", "remesadoras") are one term, not two votes.
        best: dict[tuple, Term] = {}
        for t in out[lang]:
            if t.parts not in best or t.weight > best[t.parts].weight:
                best[t.parts] = t
        out[lang] = list(best.values())
    if required and not any(out.values()):
        raise ValueError(f"{where}: no terms")
    return out
