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
(``storage.storyreads.story_titles``). Reading stories (their articles, coverage, list and
timeline) is ``storage.storyreads``.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

import numpy as np

from sqlalchemy import bindparam, func, insert, select, type_coerce, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage import copies, events
from storage.models import Article, Story, StoryTitle, UTCDateTime

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


@dataclass(frozen=True)
class Decision:
    """Where an article goes, decided before its row is written (``StoryAssigner.decide``):
    `story_id` None means a story of its own. `bands` are its band hashes, to index once it has
    an id (None: no signature)."""
    story_id: int | None
    copy_of: int | None = None
    copy: copies.Match | None = None
    event: events.EventMatch | None = None
    bands: tuple[int, ...] | None = None


class StoryAssigner:
    """Assigns stored articles to stories: one per process and database (it keeps the event
    index of the window, ``storage.events.EventIndex``).

    Two steps around the article's row, in the transaction that writes it: ``decide`` (locks,
    then the copy and event lookups: the row does not exist yet) and ``record`` (the article
    joins the band index and the event signals). A new article's row is inserted with its story
    already set (``storage.articles.store_article``): on PostgreSQL an ``UPDATE`` of the indexed
    ``story_id`` afterwards would write a new row version into every index of ``articles``, the
    two full-text GIN indexes included. ``assign`` does all three for a row that exists
    (``restory``)."""

    def __init__(self, config: StoryConfig = StoryConfig()):
        self.config = config
        self.index = events.EventIndex(config.window_days, config.event_threshold)

    def decide(self, session: Session, fetched_at: datetime, signature: np.ndarray | None,
               signals: events.Signals | None, story_id: int | None = None) -> Decision:
        """The story of an article fetched at `fetched_at`: `story_id` when the caller knows
        it, else the story of the stored article it copies, else of the stored report of the
        same event, else None (a new one). Takes the band and event locks (PostgreSQL), held
        to the end of the transaction, so that two processes never decide on the same story
        unseen by each other."""
        copy = event = None
        bands = None
        if session.get_bind().dialect.name == "sqlite":
            # SQLite's one write lock serialises the stores: taken now, before the lookups, so
            # that they see every committed article (a statement that writes nothing takes it).
            # The connection's driver call, not Session.execute's ORM path (~0.1 ms).
            session.connection().exec_driver_sql(_TAKE_WRITE_LOCK)
        if signature is not None:
            bands = tuple(copies.band_hashes(signature))
            copies.lock_bands(session, bands)
            if story_id is None:
                since = fetched_at - timedelta(days=self.config.window_days)
                copy = copies.find_copy(session, signature, bands, since,
                                        self.config.copy_threshold)
        copy_of = None
        if copy is not None:
            story_id = copy.story_id
            # The first article of the copy chain: the one the match copies, else the match.
            copy_of = copy.copy_of or copy.article_id
        if signals is not None:
            events.lock_events(session)
            if story_id is None:
                event = self.index.find(session, signals)
                story_id = event.story_id if event is not None else None
        return Decision(story_id, copy_of, copy, event, bands)

    def record(self, session: Session, article_id: int, story_id: int, decision: Decision,
               signals: events.Signals | None, store_signals: bool = True) -> None:
        """Index the stored article `article_id` (in story `story_id`): its band hashes and its
        event signals (`store_signals` False: the signals row exists already, ``restory``, and
        goes into the in-memory index now)."""
        if decision.bands is not None:
            copies.add_bands(session, article_id, decision.bands)
        if signals is not None and store_signals:
            events.add_signals(session, article_id, signals)
        elif signals is not None:
            self.index.add(article_id, story_id, signals)

    def assign(self, session: Session, article: Article, signature: np.ndarray | None,
               signals: events.Signals | None, story_id: int | None = None,
               store_signals: bool = True) -> Assignment:
        """Join a stored article (a row that exists: ``restory``) to its story (see
        ``decide``), write its ``story_id`` and ``copy_of``, and index it (``record``). Call
        inside a transaction; the caller commits."""
        decision = self.decide(session, article.fetched_at, signature, signals, story_id)
        if decision.copy is not None:
            article.copy_of = decision.copy_of
        story = join_story(session, article, decision.story_id)
        self.record(session, article.id, story.id, decision, signals, store_signals)
        return outcome(article.id, story, decision)


def outcome(article_id: int, story: StoryState, decision: Decision) -> Assignment:
    """The assignment of `article_id` to `story` as `decision` made it (logged at debug)."""
    copy, event = decision.copy, decision.event
    if copy is not None:
        log.debug("article %s copies %s (story %s, similarity %.2f)", article_id,
                  copy.article_id, story.id, copy.similarity)
        return Assignment(story.id, True, decision.copy_of, None, copy.similarity)
    if event is not None:
        log.debug("article %s reports the event of %s (story %s, score %.2f)", article_id,
                  event.article_id, story.id, event.score)
        return Assignment(story.id, True, None, event.article_id, event.score)
    return Assignment(story.id, story.article_count > 1)


# A story's row with what adding one article to it needs to know, in one statement: whether
# another article of the outlet is in it already, and whether it has a title in the article's
# language (then no INSERT is tried: it would do nothing). On PostgreSQL the row lock covers the
# story row only (the EXISTS subqueries lock nothing); every writer of a story's titles and
# counts takes that lock first, so the answers hold until commit.
_STORY = select(Story.title, Story.first_seen, Story.last_updated, Story.article_count,
                Story.outlet_count, Story.language_count,
                select(Article.id).where(Article.story_id == bindparam("story"),
                                         Article.outlet_id == bindparam("outlet"),
                                         Article.id != bindparam("article")).exists(),
                select(StoryTitle.language).where(StoryTitle.story_id == bindparam("story"),
                                                  StoryTitle.language == bindparam("language"))
                .exists(),
                # when its first report came out (published, else stored): an article that came
                # out before it gives the story its title, whichever the crawl stored first
                select(type_coerce(func.min(func.coalesce(Article.published_at, Article.fetched_at)),
                                   UTCDateTime))
                .where(Article.story_id == bindparam("story"), Article.id != bindparam("article"))
                .scalar_subquery()).where(Story.id == bindparam("story"))
_STORY_LOCKED = _STORY.with_for_update(key_share=True, of=Story)
_INSERT_STORY = insert(Story).returning(Story.id)
_UPDATE_STORY = update(Story).where(Story.id == bindparam("story"))
_RETITLE = (update(StoryTitle).where(StoryTitle.story_id == bindparam("story"),
                                     StoryTitle.language == bindparam("in_language"))
            .values(title=bindparam("new_title")))
_SET_STORY = (update(Article).where(Article.id == bindparam("article"))
              .values(story_id=bindparam("story"), copy_of=bindparam("copy")))
_TAKE_WRITE_LOCK = "DELETE FROM story_bands WHERE 0"


def join_story(session: Session, article, story_id: int | None) -> StoryState:
    """Put the stored `article` (an ``Article``: its id, outlet_id, title, language, fetched_at,
    published_at, copy_of) in story `story_id` (None: a new story), write its ``story_id`` and ``copy_of``,
    and update the story's times, counts and titles (``new_story`` / ``add_to_story``)."""
    conn = session.connection()
    story = None
    if story_id:
        story = add_to_story(conn, article, story_id)
    if story is None:
        story = new_story(conn, article)
    conn.execute(_SET_STORY, {"article": article.id, "story": story.id,
                              "copy": article.copy_of})
    article.story_id = story.id
    return story


def new_story(conn, article) -> StoryState:
    """A story of its own for `article` (title, language, fetched_at: its row may not exist
    yet), with its title in the article's language. Core statements: this runs for every
    stored article that starts a story."""
    at = article.fetched_at
    story = StoryState(conn.execute(_INSERT_STORY, {
        "title": article.title, "first_seen": at, "last_updated": at, "article_count": 1,
        "outlet_count": 1, "language_count": 1}).scalar_one(), 1)
    conn.execute(_insert_title(conn.dialect.name),
                 {"story_id": story.id, "language": article.language or UNKNOWN_LANGUAGE,
                  "title": article.title})
    return story


def add_to_story(conn, article, story_id: int) -> StoryState | None:
    """Count the stored `article` (id, outlet_id, title, language, fetched_at, published_at; its
    row already written) in story `story_id`: times, article, outlet and language counts, the
    story's first title in a new language, its title when the article came out before its other
    reports. None when no such story exists. On PostgreSQL the story's
    row is locked ``FOR NO KEY UPDATE``, which the article row's foreign-key check (a key-share
    lock) does not wait for, so two processes adding to one story queue instead of
    deadlocking."""
    query = _STORY_LOCKED if conn.dialect.name == "postgresql" else _STORY
    at = article.fetched_at
    language = article.language or UNKNOWN_LANGUAGE
    row = conn.execute(query, {"story": story_id, "outlet": article.outlet_id,
                               "article": article.id, "language": language}).first()
    if row is None:
        return None
    title, first_seen, last_updated, articles, outlets, languages, known, titled, first_out = row
    added = None
    if not titled:
        # The story's first title in this language (None if its first report in it had none):
        # INSERT … ON CONFLICT DO NOTHING RETURNING gives a row only when the language is new.
        added = conn.execute(_insert_title(conn.dialect.name).returning(StoryTitle.language),
                             {"story_id": story_id, "language": language,
                              "title": article.title}).first()
    story = StoryState(story_id, (articles or 0) + 1)
    # the first published report's title (the first member had none: the first that has one)
    leads = bool(article.title) and (title is None or _came_out_before(article, first_out))
    if leads and titled:   # and its language's title, so `story` names it once (a new-user trial)
        conn.execute(_RETITLE, {"story": story_id, "in_language": language, "new_title": article.title})
    conn.execute(_UPDATE_STORY, {
        "story": story_id,
        "title": article.title if leads else title,
        "article_count": story.article_count,
        "outlet_count": (outlets or 0) + (not known),
        "language_count": (languages or 0) + (added is not None),
        "first_seen": min(first_seen, at), "last_updated": max(last_updated, at)})
    return story


def _came_out_before(article, first_out) -> bool:
    """Whether `article` came out (published, else stored) before `first_out`, the first of the
    story's other articles: the order ``storage.storyreads`` shows a story's reports in."""
    mine = article.published_at or article.fetched_at
    if first_out is None or mine is None:
        return False
    if mine.tzinfo is None:   # (an article row not read back yet: its times are UTC)
        mine = mine.replace(tzinfo=timezone.utc)
    return mine < first_out


@dataclass(frozen=True)
class StoryState:
    """The story an article was put in: its id and how many articles it holds now."""
    id: int
    article_count: int


@lru_cache(maxsize=2)
def _insert_title(dialect: str):
    upsert = sqlite_insert if dialect == "sqlite" else pg_insert
    return upsert(StoryTitle).on_conflict_do_nothing()
