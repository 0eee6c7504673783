"""What a worker process does with one fetched page, in one call: the article's text and metadata,
its story signals and its topics.

One call per page, not one per step: each round trip to the pool pickles the article's text
both ways and wakes the reactor's executor machinery, and the three steps (extract, story
signals, tag) always run together on the same text. Profiled on ``bench/crawl.py`` at 20 × 60
pages, the crawl process spent ~40 % of its CPU around the three round trips and the two
database checks between them (the exact-copy check now runs once, in the store transaction).

The crawl process imports this module to name :func:`analyse` for the pool, so the heavy
libraries (trafilatura, datasketch, the topic scorer) are imported inside the functions: the
pool's fork server preloads them (``PRELOAD``), the crawl process never loads them.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)

#: Modules the worker pool's fork server imports before it forks the workers, so every worker
#: starts with them loaded (``pipelines.workers``); the event model is added when events are on.
PRELOAD = ["pipelines.extraction", "topics.score", "pipelines.fingerprint", "pipelines.page"]
EMBED_PRELOAD = "pipelines.preload"
#: The environment variable that names the crawl's topics snapshot to ``pipelines.preload``.
SNAPSHOT_VARIABLE = "NEWSMON_TOPICS_SNAPSHOT"
MIN_TITLE_WORDS = 4   # a stub's title that can still tell which event it reports


def analyse(body: bytes, url: str, encoding: str | None, topics_snapshot: str | None,
            events: bool) -> dict | None:
    """The article in one page, ready to store, or why there is none. Never raises.

    Returns None (no article text), ``{"not_article": "listing", ...}`` (a section, tag or
    index page; ``"error"``: an error page served with 200 OK), or the fields of ``crawler.items.ArticleItem`` that extraction fills:
    ``canonical_url, title, author, text, language, date`` (``YYYY-MM-DD`` or None),
    ``published_at`` (ISO 8601 UTC when the page states the time, else None), the story
    signals of :func:`story_features`, ``topics`` (assigned topics as dicts, [] when none) and
    ``tag_error`` (None, or why tagging failed: the article is then stored untagged and
    ``newsmon retag`` catches it up).
    """
    from crawler.urls import canonical_url
    from pipelines.extraction import extract_worker

    fields = extract_worker(body, url, encoding)
    if not fields or fields.get("not_article") or not (fields.get("text") or "").strip():
        return fields
    out = {"canonical_url": canonical_url(url, fields.get("canonical_url")),
           "title": fields.get("title"), "author": fields.get("author"), "text": fields["text"],
           "language": fields.get("language"), "date": fields.get("date"),
           "published_at": fields.get("published_at"), "tag_error": None,
           "topics": []}
    try:
        out.update(story_features(out["title"], out["text"], out["language"], events))
    except Exception:  # noqa: BLE001 - stored without signals, it starts a story of its own
        log.exception("story signals failed for %s", url)
        out.update(story_features(out["title"], out["text"], out["language"], False))
    if topics_snapshot:
        try:
            out["topics"] = tag(out["title"] or "", out["text"], out["language"], topics_snapshot)
        except Exception as exc:  # noqa: BLE001 - tagging never loses the article
            out["tag_error"] = repr(exc)
    return out


def tag(title: str, text: str, language: str | None, snapshot: str) -> list[dict]:
    """The assigned topics of one article, scored against a topics snapshot file."""
    from pipelines.tag import topics_of_snapshot
    from topics.score import score_topics

    scores = score_topics(title, text, language, topics_of_snapshot(snapshot))
    return [s.as_dict() for s in scores if s.assigned]


def story_features(title: str | None, text: str, language: str | None,
                   embed: bool = True) -> dict:
    """The fields a story is decided by (``storage/stories.py``); pure but for the model:
    ``content_hash`` (exact copies), ``minhash`` (MinHash signature bytes, near copies) and
    ``event_vector``, ``event_names``, ``event_numbers`` (reports of one event,
    ``pipelines/event_features.py``; only with `embed`). A stub body (under
    ``fingerprint.MIN_WORDS`` words: a paywall notice, a caption) gets no MinHash (it is nobody's
    copy), and a vector of its title alone, if the title has ``MIN_TITLE_WORDS`` words or more
    (else none: it says nothing about which event it is)."""
    from pipelines import event_features
    from pipelines.fingerprint import fingerprints
    from storage.signatures import signature_to_bytes, vector_to_bytes

    content_hash, signature = fingerprints(text)
    out = {"content_hash": content_hash, "minhash": None, "event_vector": None,
           "event_names": [], "event_numbers": []}
    substantial = signature is not None
    if substantial:
        out["minhash"] = signature_to_bytes(signature)
    elif len((title or "").split()) < MIN_TITLE_WORDS:
        return out
    if embed:
        text = text if substantial else ""
        vectors = event_features.embed([event_features.report_text(title, text)])
        if vectors is not None:
            lead = " ".join(text.split())[: 4 * event_features.LEAD_CHARS]
            out["event_vector"] = vector_to_bytes(vectors[0])
            out["event_names"] = sorted(event_features.names(lead))
            out["event_numbers"] = sorted(event_features.numbers(f"{title or ''}. {lead}",
                                                                  language))
    return out
