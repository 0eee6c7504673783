"""The store step's statements per article (issue 13: the crawl process's CPU per article) and the
facts the fewer statements must keep: a stored URL's earlier failure is forgotten, a story's
outlet and language counts and its titles — on a real SQLite file and the real PostgreSQL."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from scrapy.utils.test import get_crawler
from sqlalchemy import event, select

from crawler.items import ArticleItem
from pipelines.page import story_features
from pipelines.store import StorePipeline
from storage import crawlstate
from storage.engine import open_database
from storage.models import Article, Story, StoryTitle, UrlOutcome
from sites import OutletRow



@pytest.fixture
def db(engine_url):
    """Both engines (``engine_url``), with outlets abc stored."""
    engine, sessions = open_database(engine_url)
    with sessions() as s:
        crawlstate.upsert_outlets(s, [OutletRow(o) for o in "abc"])
    yield engine_url, sessions, engine
    engine.dispose()


def store(pipeline: StorePipeline, outlet: str, url: str, body: str, language: str = "en",
          title: str | None = None) -> ArticleItem:
    item = ArticleItem(outlet=outlet, url=url, request_urls=[url], canonical_url=url,
                       text=body, language=language, title=title or url)
    for name, value in story_features(item.title, body, language, False).items():
        setattr(item, name, value)
    return pipeline.process_item(item)


def pipeline(url: str) -> StorePipeline:
    p = StorePipeline.from_crawler(get_crawler(settings_dict={"NEWSMON_DATABASE_URL": url}))
    p.open_spider()
    return p


def test_a_url_that_failed_before_is_forgotten_once_it_gives_an_article(db, bodies):
    url, sessions, _ = db
    with sessions() as s:
        crawlstate.record_outcome(s, "http://a.test/1", "a", "http_5xx", 503, None, True)
        crawlstate.record_outcome(s, "http://b.test/x", "b", "http_404", 404,
                                  timedelta(days=7), False)
        s.commit()
    p = pipeline(url)
    store(p, "a", "http://a.test/1", bodies[0])
    store(p, "a", "http://a.test/2", bodies[1])   # never failed: nothing to forget
    with sessions() as s:
        assert list(s.scalars(select(UrlOutcome.url))) == ["http://b.test/x"]
        assert crawlstate.is_known_url(s, "http://a.test/1") == "stored"


def test_joining_a_story_counts_outlets_and_languages_once(db, bodies):
    url, sessions, _ = db
    p = pipeline(url)
    first = store(p, "a", "http://a.test/1", bodies[0], title="First")
    store(p, "a", "http://a.test/1b", bodies[0] + " Updated.")              # same outlet
    store(p, "b", "http://b.test/1", bodies[0] + " Wire copy.", title="Second")
    store(p, "c", "http://c.test/1", bodies[0] + " Copia.", "es", "Primero")
    with sessions() as s:
        story = s.get(Story, first.story_id)
        assert (story.article_count, story.outlet_count, story.language_count) == (4, 3, 2)
        titles = dict(s.execute(select(StoryTitle.language, StoryTitle.title)
                                .where(StoryTitle.story_id == first.story_id)).all())
        assert titles == {"en": "First", "es": "Primero"}
        copies = s.scalars(select(Article.copy_of).where(Article.story_id == first.story_id)
                           .order_by(Article.id)).all()
        assert copies == [None, first.article_id, first.article_id, first.article_id]


def test_statements_per_stored_article(tmp_path, bodies):
    """A new article: the known-page check, the write lock, the copy lookup, its story and
    title, its row, URLs, bands, commit. One that joins a story: the story's row (with its
    outlet and title checks) and its update instead of a story and a title. Each statement is
    ~0.1 ms of the crawl process (bench/crawl.py); main had 11 and 14 here."""
    url = f"sqlite:///{tmp_path / 'newsmon.db'}"
    engine, sessions = open_database(url)
    with sessions() as s:
        crawlstate.upsert_outlets(s, [OutletRow(o) for o in "ab"])
    p = pipeline(url)
    counts: Counter = Counter()
    engine = p.sessions.kw["bind"]

    def count(*_):
        counts["n"] += 1

    event.listen(engine, "before_cursor_execute", count)
    event.listen(engine, "commit", count)
    store(p, "a", "http://a.test/1", bodies[0])
    new = counts.pop("n")
    store(p, "b", "http://b.test/1", bodies[0] + " Wire copy.")
    joined = counts.pop("n")
    assert (new, joined) == (9, 9)
