"""DedupePipeline: an exact copy is not stored again; a near-duplicate joins its story.

First line of defence is before the request (``crawler.middlewares.SeenUrlMiddleware``); this step
catches what only the page reveals:

- the same canonical URL reached under another URL (AMP copy, redirect, tracking link);
- the same normalised body text (of at least ``MIN_WORDS`` words) under another URL of the
  *same outlet* (a republished or re-slugged page). Both are dropped and their URLs remembered
  as aliases of the stored article.
- a near-duplicate (syndicated copy, light rewrite) — by MinHash LSH, see ``storage/stories.py``
  — is kept as an article of its own: ``item["story_id"]`` names the story it joins. Identical
  text from *another* outlet is such a near-duplicate (similarity 1.0), so each outlet's copy is
  listed in the story.

The item leaves with ``content_hash``, ``minhash`` (the signature's bytes), ``story_since`` and
``story_threshold``; ``store_article`` repeats the lookup inside the storing transaction when no
story was found here, because another worker may have stored a near-duplicate in between.

Settings: ``NEWSMON_STORY_WINDOW_DAYS`` (default 7): a near-duplicate joins a story only if that
story gained an article within this many days; older news makes a new story.
``NEWSMON_STORY_THRESHOLD`` (default ``storage.stories.JOIN_THRESHOLD``): the estimated Jaccard
similarity a body needs with a stored one to join its story.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from scrapy.exceptions import DropItem

from crawler import stats as counters
from pipelines.fingerprint import (content_fingerprint, matchable, minhash_signature,
                                  signature_to_bytes)
from storage import stories
from storage.articles import remember_copy, stored_copy
from storage.engine import shared_sessionmaker
from storage.models import utcnow

log = logging.getLogger(__name__)


class DedupePipeline:
    def __init__(self, db_url, stats, window_days: float = 7.0,
                 threshold: float = stories.JOIN_THRESHOLD):
        self.sessions = shared_sessionmaker(db_url)
        self.stats = stats
        self.window = timedelta(days=window_days)
        self.threshold = threshold

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(s.get("NEWSMON_DATABASE_URL"), crawler.stats,
                   s.getfloat("NEWSMON_STORY_WINDOW_DAYS", 7.0),
                   s.getfloat("NEWSMON_STORY_THRESHOLD", stories.JOIN_THRESHOLD))

    def process_item(self, item):
        if item.get("kind") != "article":
            return item
        urls = [item["canonical_url"], *item.get("request_urls", ())]
        item["content_hash"] = content_fingerprint(item["text"])
        # A stub is neither an exact copy of nor a near-duplicate of another article: it stays a
        # story of its own.
        substantial = matchable(item["text"])
        signature = minhash_signature(item["text"]) if substantial else None
        since = utcnow() - self.window
        match = None
        with self.sessions() as session:
            existing = stored_copy(session, item["outlet"], urls,
                                   item["content_hash"] if substantial else None)
            if existing is not None:
                remember_copy(session, existing, urls)
            elif signature is not None:
                match = stories.find_story(session, signature, since, self.threshold)
            # Commit even after only reading: psycopg forgets its prepared statements at every
            # rollback (which is how a session ends otherwise), and PostgreSQL would plan the
            # story lookup anew for each article (measured 2.2 → 1.1 ms per lookup).
            session.commit()
        if existing is not None:
            counters.inc(self.stats, item["outlet"], "duplicate")
            raise DropItem(f"already stored as article {existing}: {item['canonical_url']}")
        if signature is not None:
            item["minhash"] = signature_to_bytes(signature)
            item["story_since"], item["story_threshold"] = since, self.threshold
            if match is not None:
                item["story_id"] = match.story_id
                counters.inc(self.stats, item["outlet"], "joined_story")
                log.debug("%s joins story %s (like article %s, similarity %.2f)",
                          item["canonical_url"], match.story_id, match.article_id,
                          match.similarity)
        return item
