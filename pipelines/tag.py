"""TagPipeline: scores each article against the topics of ``config/topics.yaml``.

The scoring itself is the pure :func:`pipelines.topics.score_topics`; this step only loads the
topics once per crawl (setting ``NEWSMON_TOPICS_FILE``; default: ``load_topics()``'s search path)
and records the assigned topics, their scores and evidence, and the topics file's version.
"""
from __future__ import annotations

from pipelines.topics import load_topics, score_topics


class TagPipeline:
    def __init__(self, topics_file: str | None):
        self.topics = load_topics(topics_file)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("NEWSMON_TOPICS_FILE"))

    def process_item(self, item):
        if item.get("kind") != "article":
            return item
        scores = score_topics(item.get("title") or "", item.get("text") or "",
                              item.get("language"), self.topics)
        item["topics"] = [s.as_dict() for s in scores if s.assigned]
        item["topics_version"] = self.topics.version
        return item
