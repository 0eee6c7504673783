"""Stories: every report of one event, in any language, at two levels.

- **Copies**: an article whose text nearly duplicates a stored one (a wire copy, syndication, a
  light rewrite) is marked ``copy_of`` the first of them and joins its story: MinHash LSH, in
  ``storage/copies.py`` (precision 1.00 on seeded rewrites, ``bench/story_eval.py``).
- **Events**: any other article joins the story of the stored report of the same happening
  within the story window, whatever its language: sentence embedding, names, figures and time,
  in ``storage/events.py``. Else it starts a story of its own.

:class:`StoryAssigner` does both once per article, inside the transaction that stores it
(``storage.articles.store_article``), with the window and thresholds it was built with (read
once from the crawler settings by the store pipeline). A story keeps its first-seen and
last-updated times, its outlet and language counts and a title per language
(``story_titles``). The read functions below serve the CLI, the digest and search;
:func:`story_coverage` is the one to call for "reported by 5 outlets, in English and Spanish".
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

import numpy as np
from functools import lru_cache

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage import copies, events
from storage.models import Article, ArticleTopic, Outlet, Story, StoryTitle

log = logging.getLogger(__name__)

UNKNOWN_LANGUAGE = "und"   # BCP 47 "undetermined": an article whose language is not known


@dataclass(frozen=True)
class StoryConfig:
    """`window_days`: ± days within which copies and reports join a story; `copy_threshold`:
    estimated Jaccard of two bodies to be copies; `event_threshold`: event score to join."""
    window_days: float = events.WINDOW_DAYS
    copy_threshold: float = copies.COPY_THRESHOLD
    event_threshold: float = events.EVENT_THRESHOLD


@dataclass(frozen=True)
class Assignment:
    story_id: int
    joined: bool                      # an existing story (False: the article started it)
    copy_of: int | None = None        # the article it copies (copy level)
    event_match: int | None = None    # the report it matched (event level)
    score: float | None = None        # estimated Jaccard (copy) or event score


class StoryAssigner:
    """Assigns stored articles to stories: one per process and database (it keeps the event
    index of the window, ``storage.events.EventIndex``)."""

    def __init__(self, config: StoryConfig = StoryConfig()):
        self.config = config
        self.index = events.EventIndex(config.window_days, config.event_threshold)

    def assign(self, session: Session, article: Article, signature: np.ndarray | None,
               signals: events.Signals | None, story_id: int | None = None,
               store_signals: bool = True) -> Assignment:
        """Index a just-inserted (flushed) article and join it to its story: `story_id` when
        the caller knows it, else the story of the article it copies, else of the report of
        the same event, else a new one. Call inside the storing transaction; the caller
        commits (the event index reads the new row back after the commit). `store_signals`
        False: the signals row exists already (``restory``), and goes into the index now."""
        copy = event = None
        if signature is not None:
            since = article.fetched_at - timedelta(days=self.config.window_days)
            copy = copies.index_article(session, article.id, signature, since,
                                        self.config.copy_threshold, lookup=story_id is None)
        if copy is not None:
            story_id = copy.story_id
            article.copy_of = origin_of(session, copy.article_id)
        if signals is not None:
            events.lock_events(session)
            if story_id is None:
                event = self.index.find(session, signals)
                story_id = event.story_id if event is not None else None
        story = join_story(session, article, story_id)
        if signals is not None and store_signals:
            events.add_signals(session, article.id, signals)
        elif signals is not None:
            self.index.add(article.id, story.id, signals)
        if copy is not None:
            log.debug("article %s copies %s (story %s, similarity %.2f)", article.id,
                      copy.article_id, story.id, copy.similarity)
            return Assignment(story.id, True, article.copy_of, None, copy.similarity)
        if event is not None:
            log.debug("article %s reports the event of %s (story %s, score %.2f)", article.id,
                      event.article_id, story.id, event.score)
            return Assignment(story.id, True, None, event.article_id, event.score)
        return Assignment(story.id, story.article_count > 1)


_STORY = select(Story.title, Story.first_seen, Story.last_updated, Story.article_count,
                Story.outlet_count, Story.language_count).where(Story.id == bindparam("id"))
_STORY_LOCKED = _STORY.with_for_update()
_INSERT_STORY = insert(Story).returning(Story.id)
_UPDATE_STORY = update(Story).where(Story.id == bindparam("story"))
_OUTLET_IN_STORY = (select(Article.id).where(Article.story_id == bindparam("story"),
                                             Article.outlet_id == bindparam("outlet"),
                                             Article.id != bindparam("article")).limit(1))
_SET_STORY = (update(Article).where(Article.id == bindparam("article"))
              .values(story_id=bindparam("story"), copy_of=bindparam("copy")))
_ORIGIN = select(Article.copy_of).where(Article.id == bindparam("id"))


def join_story(session: Session, article, story_id: int | None) -> StoryState:
    """Put `article` (a stored ``Article`` or ``storage.articles.NewArticle``: its id,
    outlet_id, title, language, fetched_at, copy_of) in story `story_id` (None: a new story),
    write its ``story_id`` and ``copy_of``, and update the story's times, counts and titles. The
    article's ``fetched_at`` is when the story saw it. Core statements: this runs for every
    stored article."""
    conn = session.connection()
    at = article.fetched_at
    row = None
    if story_id:
        query = _STORY_LOCKED if conn.dialect.name == "postgresql" else _STORY
        row = conn.execute(query, {"id": story_id}).first()
    language = article.language or UNKNOWN_LANGUAGE
    if row is None:
        story = StoryState(conn.execute(_INSERT_STORY, {
            "title": article.title, "first_seen": at, "last_updated": at, "article_count": 1,
            "outlet_count": 1, "language_count": 1}).scalar_one(), 1)
        conn.execute(_insert_title(conn.dialect.name),
                     {"story_id": story.id, "language": language, "title": article.title})
    else:
        title, first_seen, last_updated, articles, outlets, languages = row
        known = conn.execute(_OUTLET_IN_STORY, {"story": story_id, "outlet": article.outlet_id,
                                                "article": article.id}).first()
        # The story's first title in this language (None if its first report in it had none):
        # INSERT … ON CONFLICT DO NOTHING RETURNING gives a row only when the language is new.
        added = conn.execute(_insert_title(conn.dialect.name).returning(StoryTitle.language),
                             {"story_id": story_id, "language": language,
                              "title": article.title}).first()
        story = StoryState(story_id, (articles or 0) + 1)
        conn.execute(_UPDATE_STORY, {
            "story": story_id,
            # the first member had none: take the first that has one
            "title": title if title is not None else article.title,
            "article_count": story.article_count,
            "outlet_count": (outlets or 0) + (known is None),
            "language_count": (languages or 0) + (added is not None),
            "first_seen": min(first_seen, at), "last_updated": max(last_updated, at)})
    conn.execute(_SET_STORY, {"article": article.id, "story": story.id,
                              "copy": article.copy_of})
    article.story_id = story.id
    return story


@dataclass(frozen=True)
class StoryState:
    """The story an article was put in: its id and how many articles it holds now."""
    id: int
    article_count: int


@lru_cache(maxsize=2)
def _insert_title(dialect: str):
    upsert = sqlite_insert if dialect == "sqlite" else pg_insert
    return upsert(StoryTitle).on_conflict_do_nothing()


def origin_of(session: Session, article_id: int) -> int:
    """The first article of a copy chain: the one `article_id` copies, else itself."""
    copy_of = session.connection().execute(_ORIGIN, {"id": article_id}).scalar()
    return copy_of or article_id


class Coverage(NamedTuple):
    """How widely a story was reported: distinct outlets, and its languages (sorted codes)."""
    outlets: int
    languages: tuple[str, ...]


def story_coverage(session: Session, story_ids: Iterable[int]) -> dict[int, Coverage]:
    """{story id: Coverage(outlets, languages)} for the given stories (unknown ids left out),
    e.g. ``Coverage(5, ("en", "es"))``: "reported by 5 outlets, in English and Spanish"."""
    ids = list(dict.fromkeys(i for i in story_ids if i is not None))
    out: dict[int, Coverage] = {}
    for start in range(0, len(ids), 500):   # keep under every engine's bound-parameter limit
        chunk = ids[start:start + 500]
        langs: dict[int, list[str]] = {}
        for sid, lang in session.execute(select(StoryTitle.story_id, StoryTitle.language)
                                         .where(StoryTitle.story_id.in_(chunk))):
            langs.setdefault(sid, []).append(lang)
        for sid, outlets in session.execute(select(Story.id, Story.outlet_count)
                                            .where(Story.id.in_(chunk))):
            out[sid] = Coverage(outlets or 0, tuple(sorted(langs.get(sid, []))))
    return out


def story_titles(session: Session, story_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """{story id: {language: title}} (stories without titles map to {})."""
    ids = list(dict.fromkeys(i for i in story_ids if i is not None))
    out: dict[int, dict[str, str]] = {i: {} for i in ids}
    for start in range(0, len(ids), 500):
        for sid, lang, title in session.execute(
                select(StoryTitle.story_id, StoryTitle.language, StoryTitle.title)
                .where(StoryTitle.story_id.in_(ids[start:start + 500]))
                .order_by(StoryTitle.language)):
            if title:
                out[sid][lang] = title
    return out


# --- reading stories ----------------------------------------------------------------------------

@dataclass
class StoryArticle:
    id: int
    url: str
    outlet: str
    outlet_name: str | None
    title: str | None
    published_at: datetime | None
    fetched_at: datetime
    language: str | None = None
    copy_of: int | None = None


@dataclass
class StoryRow:
    id: int
    title: str | None
    first_seen: datetime
    last_updated: datetime
    articles: list[StoryArticle] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)    # language → title
    coverage: Coverage = Coverage(0, ())

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(a.outlet for a in self.articles))

    @property
    def languages(self) -> tuple[str, ...]:
        return self.coverage.languages


@dataclass
class Report:
    """One report in a story's timeline, with the copies of it folded under it."""
    article: StoryArticle
    copies: list[StoryArticle] = field(default_factory=list)


def story_articles(session: Session, story_ids: Iterable[int]) -> dict[int, list[StoryArticle]]:
    """The articles of each story (oldest first), for the digest, search and the CLI."""
    ids = list(dict.fromkeys(i for i in story_ids if i is not None))
    out: dict[int, list[StoryArticle]] = {i: [] for i in ids}
    conn = session.connection()   # Core rows, not ORM ones: the digest reads thousands
    for start in range(0, len(ids), 5000):   # under every engine's bound-parameter limit
        rows = conn.execute(_STORY_ARTICLES, {"ids": ids[start:start + 5000]})
        for sid, *cols in rows:
            out[sid].append(StoryArticle(*cols))
    return out


_STORY_ARTICLES = (
    select(Article.story_id, Article.id, Article.url, Article.outlet_id, Outlet.name,
           Article.title, Article.published_at, Article.fetched_at, Article.language,
           Article.copy_of)
    .join(Outlet, Outlet.id == Article.outlet_id, isouter=True)
    .where(Article.story_id.in_(bindparam("ids", expanding=True)))
    .order_by(Article.fetched_at, Article.id))


def list_stories(session: Session, since: datetime | None = None, topic: str | None = None,
                 min_outlets: int = 1, limit: int | None = None) -> list[StoryRow]:
    """Stories with an article stored since `since`, most recently updated first, with at least
    `min_outlets` outlets and (with `topic`) an article tagged with that topic."""
    stmt = select(Story).where(Story.article_count > 0)
    if since is not None:
        stmt = stmt.where(Story.last_updated >= since)
    if min_outlets > 1:
        stmt = stmt.where(Story.outlet_count >= min_outlets)
    if topic is not None:
        tagged = (select(Article.story_id).join(ArticleTopic, ArticleTopic.article_id == Article.id)
                  .where(ArticleTopic.topic_id == topic))
        stmt = stmt.where(Story.id.in_(tagged))
    stmt = stmt.order_by(Story.last_updated.desc(), Story.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    stories = [StoryRow(s.id, s.title, s.first_seen, s.last_updated) for s in session.scalars(stmt)]
    ids = [s.id for s in stories]
    members, titles, coverage = (story_articles(session, ids), story_titles(session, ids),
                                 story_coverage(session, ids))
    for s in stories:
        s.articles, s.titles = members.get(s.id, []), titles.get(s.id, {})
        s.coverage = coverage.get(s.id, Coverage(len(s.outlets), ()))
    return stories


def story_timeline(session: Session, story_id: int) -> tuple[StoryRow, list[Report]] | None:
    """A story and its reports in the order they were first seen (``fetched_at``), each with
    the copies of it (articles whose ``copy_of`` is that report) folded under it; None if there
    is no such story."""
    story = session.get(Story, story_id)
    if story is None:
        return None
    row = StoryRow(story.id, story.title, story.first_seen, story.last_updated)
    row.articles = story_articles(session, [story_id])[story_id]
    row.titles = story_titles(session, [story_id])[story_id]
    row.coverage = story_coverage(session, [story_id]).get(story_id, Coverage(0, ()))
    reports: dict[int, Report] = {}
    for a in row.articles:
        origin = reports.get(a.copy_of) if a.copy_of is not None else None
        if origin is not None:
            origin.copies.append(a)
        else:
            reports[a.id] = Report(a)
    return row, list(reports.values())


def article_with_story(session: Session, article_id: int) -> dict | None:
    """One article (fields, topics) with the other articles of its story, or None."""
    article = session.get(Article, article_id)
    if article is None:
        return None
    others = story_articles(session, [article.story_id]).get(article.story_id, [])
    story = session.get(Story, article.story_id) if article.story_id else None
    return {
        "id": article.id, "url": article.url, "outlet": article.outlet_id,
        "title": article.title, "author": article.author, "language": article.language,
        "published_at": article.published_at, "fetched_at": article.fetched_at,
        "word_count": article.word_count, "text": article.text,
        "topics": [{"id": t.topic_id, "score": t.score} for t in
                   sorted(article.topics, key=lambda t: -t.score)],
        "story": None if story is None else {
            "id": story.id, "title": story.title, "first_seen": story.first_seen,
            "languages": list(story_coverage(session, [story.id])[story.id].languages),
            "last_updated": story.last_updated, "outlets": list(dict.fromkeys(
                a.outlet for a in others)),
            "articles": [a for a in others if a.id != article.id]},
    }
