"""TagPipeline: scores each article against the topics of ``config/topics.yaml``.

The scoring is the pure :func:`pipelines.topics.score_topics`, run in the shared worker pool
(``pipelines.workers``) so that the reactor thread only downloads and stores. The topics file is
read once per process (setting ``NEWSMON_TOPICS_FILE``; default: ``load_topics()``'s search
path); the stored tags record the file's version so ``newsmon retag`` can find stale ones.
Each worker loads the optional embedding model once, lazily (``pipelines.topic_embed``); the
lexicon alone tags 350+ articles/s per core, so without the model tagging never limits a crawl.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from pipelines.topics import load_topics, score_topics
from pipelines.workers import pool_for

log = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def _topics(path: str, version: str):
    topics = load_topics(path)
    if topics.version != version:  # the file changed during the crawl: keep the crawl's version
        raise RuntimeError(f"{path} changed while crawling")
    return topics


def tag_worker(title: str, text: str, language: str | None, path: str, version: str) -> list:
    scores = score_topics(title, text, language, _topics(path, version))
    return [s.as_dict() for s in scores if s.assigned]


class TagPipeline:
    def __init__(self, topics_file: str | None, pool):
        self.topics = load_topics(topics_file)
        self.pool = pool
        self.topics_path = str(Path(self.topics.path).resolve())

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("NEWSMON_TOPICS_FILE"), pool_for(crawler))

    async def process_item(self, item):
        if item.get("kind") != "article":
            return item
        item["topics"] = await self.pool.run(
            tag_worker, item.get("title") or "", item.get("text") or "", item.get("language"),
            self.topics_path, self.topics.version) or []
        item["topics_version"] = self.topics.version
        return item
