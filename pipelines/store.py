"""StorePipeline: an article becomes a row in ``articles`` (with its URLs, topics and story), or
the alias of the row it copies.

One transaction per article, so a crawl killed at any moment keeps every article stored before
it and stores none twice. In it, once:

- the exact-copy check: a page stored already under one of its URLs (an AMP copy, a redirect, a
  tracking link), or by the same outlet with the same normalised text (a re-slugged page), is
  not stored again: its URLs become aliases of the stored article, so that the next crawl
  requests none of them;
- the story: the story step (``storage.stories.StoryAssigner``, built from
  ``NEWSMON_STORY_WINDOW_DAYS``, ``NEWSMON_STORY_THRESHOLD`` and ``NEWSMON_EVENT_THRESHOLD``,
  read once here: a configured 0.0 is a threshold like any other) joins a near-duplicate or
  another report of the same event to its story.

The session factory is the process's shared one (``storage.engine.shared_sessionmaker``); the
pipeline opens it in ``open_spider``. The story step and the store functions are imported with
the first article: they load numpy (~0.1 s), which a crawl that finds nothing new never needs.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem
from sqlalchemy.exc import IntegrityError

from crawler import stats as counters
from crawler.items import ArticleItem
from storage.engine import shared_sessionmaker

if TYPE_CHECKING:
    from storage.stories import StoryAssigner, StoryConfig

log = logging.getLogger(__name__)

# Setting -> field of storage.stories.StoryConfig; a setting left unset keeps the field's default.
STORY_SETTINGS = {"NEWSMON_STORY_WINDOW_DAYS": "window_days",
                  "NEWSMON_STORY_THRESHOLD": "copy_threshold",
                  "NEWSMON_EVENT_THRESHOLD": "event_threshold"}


class StorePipeline:
    def __init__(self, db_url: str | None, stats, story_config: StoryConfig | dict | None = None):
        """``story_config``: a ``StoryConfig``, or a dict of its fields (the others keep their
        defaults), or None for the defaults."""
        self.db_url = db_url
        self.stats = stats
        self.story_config = story_config
        self.sessions = None
        self._stories: StoryAssigner | None = None

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        config = {field: s.getfloat(name) for name, field in STORY_SETTINGS.items()
                  if s.get(name) is not None}   # a configured 0.0 is a threshold like any other
        return cls(s.get("NEWSMON_DATABASE_URL"), crawler.stats, config)

    def open_spider(self, spider=None):
        self.sessions = shared_sessionmaker(self.db_url)

    @property
    def stories(self) -> StoryAssigner:
        """The story step, one per crawl process (it keeps the event index of the story window
        in memory), made for the first article."""
        if self._stories is None:
            from storage.stories import StoryAssigner, StoryConfig
            config = self.story_config
            if not isinstance(config, StoryConfig):
                config = StoryConfig(**(config or {}))
            self._stories = StoryAssigner(config)
        return self._stories

    def process_item(self, item: ArticleItem) -> ArticleItem:
        # numpy and the story step load with the first article (see the module's docstring).
        from pipelines.fingerprint import matchable
        from storage.articles import known_page, remember_copy, store_article, stored_copy

        urls = [item.canonical_url, *item.request_urls]
        text_hash = item.content_hash if matchable(item.text) else None
        with self.sessions() as session:
            known = known_page(session, item.outlet, urls, text_hash)
            existing, failed_before = known.existing, known.failed_before
            for attempt in range(2):
                if existing is not None:
                    break
                try:
                    stored = store_article(session, item, assigner=self.stories,
                                           failed_before=failed_before)
                    session.commit()
                    break
                except IntegrityError:
                    # Another crawl process stored it a moment ago (then it is found now), or
                    # the story it was to join was removed meanwhile: decided again, once.
                    session.rollback()
                    existing = stored_copy(session, item.outlet, urls)
                    if existing is None and attempt == 1:
                        counters.inc(self.stats, item.outlet, "duplicate")
                        raise DropItem(f"stored concurrently: {item.canonical_url}") from None
            if existing is not None:
                remember_copy(session, existing, urls)
                session.commit()
                counters.inc(self.stats, item.outlet, "duplicate")
                raise DropItem(f"already stored as article {existing}: {item.canonical_url}")
        item.article_id, item.story_id = stored.id, stored.story_id
        counters.inc(self.stats, item.outlet, "new")
        if stored.assignment is not None and stored.assignment.joined:
            counters.inc(self.stats, item.outlet, "joined_story")
        return item
