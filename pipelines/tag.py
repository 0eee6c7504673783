"""TagPipeline: scores each article against the topics of ``config/topics.yaml``.

The scoring is the pure :func:`topics.score.score_topics`, run in the shared worker pool
(``pipelines.workers``) so that the reactor thread only downloads and stores. The topics file
(setting ``NEWSMON_TOPICS_FILE``; default: ``load_topics()``'s search path) is read once per
crawl and frozen in a content-addressed snapshot that the workers load: someone editing
topics.yaml during a crawl changes nothing until the next one, and every stored tag carries the
version it was scored with, so ``newsmon retag`` can find stale ones. A failure to score never
loses the article: it is stored untagged and ``newsmon retag`` catches it up.
The optional embedding model (``topics.embed``) is loaded once, by the pool's fork server
before it forks the workers (``topics.embed_preload``); the
lexicon alone tags 350+ articles/s per core, so without the model tagging never limits a crawl.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from crawler import stats as counters
from topics import embed as topic_embed
from topics.score import default_topics_path, load_topics, score_topics
from pipelines.workers import pool_for

log = logging.getLogger(__name__)


def snapshot_topics(path: str | Path | None) -> Path:
    """A read-only copy of the topics file named by its content hash (same bytes, same file)."""
    source = Path(path) if path else default_topics_path()
    try:
        raw = source.read_bytes()
    except OSError:
        load_topics(source)  # raises the one-line error that names the fix
        raise
    snapshot = Path(tempfile.gettempdir()) / f"newsmon-topics-{hashlib.sha256(raw).hexdigest()[:12]}.yaml"
    if not snapshot.exists():
        fd, tmp = tempfile.mkstemp(dir=snapshot.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        os.replace(tmp, snapshot)
    return snapshot


@lru_cache(maxsize=4)
def _topics(snapshot: str):
    return load_topics(snapshot)


def tag_worker(title: str, text: str, language: str | None, snapshot: str) -> list:
    scores = score_topics(title, text, language, _topics(snapshot))
    return [s.as_dict() for s in scores if s.assigned]


class TagPipeline:
    def __init__(self, topics_file: str | None, pool, stats=None):
        self.snapshot = str(snapshot_topics(topics_file))
        self.topics = load_topics(self.snapshot)
        self.pool = pool
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        pipe = cls(crawler.settings.get("NEWSMON_TOPICS_FILE"), pool_for(crawler), crawler.stats)
        if topic_embed.settings(pipe.topics) is not None:
            pipe.pool.preload.append("topics.embed_preload")
        return pipe

    async def process_item(self, item):
        if item.get("kind") != "article":
            return item
        try:
            topics = await self.pool.run(tag_worker, item.get("title") or "",
                                         item.get("text") or "", item.get("language"),
                                         self.snapshot)
        except Exception as exc:
            log.error("tagging failed for %s (stored untagged; `newsmon retag` catches up): %r",
                      item.get("url"), exc)
            counters.inc(self.stats, item.get("outlet"), "error/tagging")
            item["topics"], item["topics_version"] = [], None
            return item
        item["topics"] = topics or []
        item["topics_version"] = self.topics.version if topics is not None else None
        return item
