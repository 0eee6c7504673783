"""DedupePipeline: an exact copy is not stored again; every other article gets its story signals.

First line of defence is before the request (``crawler.middlewares.SeenUrlMiddleware``); this step
catches what only the page reveals:

- the same canonical URL reached under another URL (AMP copy, redirect, tracking link);
- the same normalised body text (of at least ``MIN_WORDS`` words) under another URL of the
  *same outlet* (a republished or re-slugged page). Both are dropped before tagging spends CPU on
  them, and their URLs remembered as aliases of the stored article.

Every other article leaves with what its story is decided by (``story_features``, computed in
the shared worker pool, off the reactor): ``content_hash``, ``minhash`` (MinHash signature
bytes, for copies) and ``event_vector``, ``event_names``, ``event_numbers`` (for events,
``pipelines/event_features.py``). The story itself is decided once, by the store step, inside
the transaction that stores the article (``storage/stories.py``): a near-duplicate from another
outlet is kept as an article of its own and joins the story of the article it copies.
The embedding model is the one tagging uses, loaded once by the pool's fork server.
"""
from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from crawler import stats as counters
from pipelines import event_features
from pipelines.fingerprint import content_fingerprint, matchable, minhash_signature
from pipelines.workers import pool_for
from storage.articles import remember_copy, stored_copy
from storage.copies import signature_to_bytes
from storage.engine import shared_sessionmaker
from storage.events import vector_to_bytes

log = logging.getLogger(__name__)

EMBED_PRELOAD = "topics.embed_preload"
MIN_TITLE_WORDS = 4   # a stub's title that can still tell which event it reports


def story_features(title: str | None, text: str, language: str | None,
                   embed: bool = True) -> dict:
    """The fields a story is decided by (see the module doc); pure but for the model. A stub
    body (under ``MIN_WORDS`` words: a paywall notice, a caption) gets no MinHash (it is
    nobody's copy), and a vector of its title alone, if the title has ``MIN_TITLE_WORDS``
    words or more (else none: it says nothing about which event it is)."""
    out = {"content_hash": content_fingerprint(text), "minhash": None, "event_vector": None,
           "event_names": [], "event_numbers": []}
    substantial = matchable(text)
    if substantial:
        signature = minhash_signature(text)
        out["minhash"] = None if signature is None else signature_to_bytes(signature)
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


class DedupePipeline:
    def __init__(self, db_url, stats, pool, embed: bool = True):
        self.sessions = shared_sessionmaker(db_url)
        self.stats = stats
        self.pool = pool
        self.embed = embed
        if embed and EMBED_PRELOAD not in pool.preload:
            pool.preload.append(EMBED_PRELOAD)   # one copy of the model, shared by the workers

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(s.get("NEWSMON_DATABASE_URL"), crawler.stats, pool_for(crawler),
                   s.getbool("NEWSMON_STORY_EVENTS", False))

    async def process_item(self, item):
        if item.get("kind") != "article":
            return item
        urls = [item["canonical_url"], *item.get("request_urls", ())]
        substantial = matchable(item["text"])
        with self.sessions() as session:
            existing = stored_copy(session, item["outlet"], urls,
                                   content_fingerprint(item["text"]) if substantial else None)
            if existing is not None:
                remember_copy(session, existing, urls)
            # Commit even after only reading: psycopg forgets its prepared statements at every
            # rollback (which is how a session ends otherwise).
            session.commit()
        if existing is not None:
            counters.inc(self.stats, item["outlet"], "duplicate")
            raise DropItem(f"already stored as article {existing}: {item['canonical_url']}")
        features = await self.pool.run(story_features, item.get("title"), item["text"],
                                       item.get("language"), self.embed)
        if features is None:   # the worker died on this page: store it without story signals
            features = story_features(item.get("title"), item["text"], item.get("language"),
                                      embed=False)
        item.update(features)
        return item
