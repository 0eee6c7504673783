"""Recomputing stories after a change of method, window or threshold (`newsmon restory`).

The articles stored since a date are taken out of their stories (and their LSH bands), then
assigned again one by one in the order they were first stored, by the same
``storage.stories.StoryAssigner`` the crawl uses: so the result is what a crawl with today's
method would have built, given the stories before that date as they are. Articles without
story signals yet (stored before event stories existed) get them from the caller's `features`
function first. Stories left without articles are deleted; stories that lost some are
recounted. Commits every `batch` articles; a run that stops half-way leaves the articles not
yet reassigned without a story, and running it again with the same date mends that.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from storage import events
from storage.signatures import signature_from_bytes, vector_from_bytes
from storage.models import Article, Story, StoryBand, StorySignal, StoryTitle
from storage.stories import UNKNOWN_LANGUAGE, StoryAssigner, StoryConfig

log = logging.getLogger(__name__)


@dataclass
class RestoryResult:
    articles: int          # articles reassigned
    signals_added: int     # of which got story signals for the first time
    stories_before: int    # stories these articles were in before
    stories_after: int     # stories they are in now


def restory(session: Session, since: datetime | None,
            features: Callable[[Article], events.Signals | None] | None = None,
            config: StoryConfig = StoryConfig(), batch: int = 200,
            with_events: bool = True) -> RestoryResult:
    """Reassign the stories of articles stored since `since` (None: all); `features(article)`
    makes the signals of an article that has none (None: such articles are matched as copies
    only). `with_events` False: stories are copies only, stored signals are not read (the
    crawl's default, ``NEWSMON_STORY_EVENTS`` off)."""
    query = select(Article.id).order_by(Article.fetched_at, Article.id)
    if since is not None:
        query = query.where(Article.fetched_at >= since)
    ids = list(session.scalars(query))
    added = _add_missing_signals(session, ids, features, batch) if features and with_events else 0
    old = set()
    first_of: dict[int, int] = {}   # a story's first article among those reassigned
    for chunk in _chunks(ids):
        at = dict(session.execute(select(Article.id, Article.story_id)
                                  .where(Article.id.in_(chunk), Article.story_id.is_not(None))).all())
        for aid in chunk:
            if aid in at:
                first_of.setdefault(at[aid], aid)
        old.update(at.values())
        session.execute(update(Article).where(Article.id.in_(chunk))
                        .values(story_id=None, copy_of=None))
        session.execute(delete(StoryBand).where(StoryBand.article_id.in_(chunk)))
    for chunk in _chunks(sorted(old)):
        session.execute(delete(StoryTitle).where(StoryTitle.story_id.in_(chunk)))
        session.execute(update(Story).where(Story.id.in_(chunk))
                        .values(article_count=0, outlet_count=0, language_count=0))
    for sid in old:             # what is left of each before `since`, recounted
        _recount(session, sid)
    session.commit()
    assigner = StoryAssigner(config)
    last_before = session.scalar(select(func.max(Story.id))) or 0   # stories above it: made now
    if session.get_bind().dialect.name == "postgresql":
        # Each article takes ~41 advisory locks (bands, events) held until commit; PostgreSQL's
        # shared lock table holds 64 per connection slot by default.
        batch = min(batch, 20)
    new = set()
    for n, aid in enumerate(ids, 1):
        article = session.get(Article, aid)
        row = (session.scalar(select(StorySignal).where(StorySignal.article_id == aid))
               if with_events else None)
        signals = None
        if row is not None and row.vector is not None:
            signals = events.Signals(row.at, vector_from_bytes(row.vector),
                                     frozenset(row.names.split()), frozenset(row.numbers.split()))
        signature = signature_from_bytes(article.minhash) if article.minhash else None
        new.add(assigner.assign(session, article, signature, signals,
                                store_signals=False).story_id)
        if n % batch == 0:
            session.commit()
            log.info("restory: %d/%d articles", n, len(ids))
    empty = [sid for chunk in _chunks(sorted(old)) for sid in session.scalars(
        select(Story.id).where(Story.id.in_(chunk), Story.article_count == 0))]
    for chunk in _chunks(empty):
        session.execute(delete(StoryTitle).where(StoryTitle.story_id.in_(chunk)))
        session.execute(delete(Story).where(Story.id.in_(chunk)))
    session.commit()
    renamed = _keep_ids(session, first_of, set(empty), {x for x in new if x > last_before}, batch)
    return RestoryResult(len(ids), added, len(old), len({renamed.get(x, x) for x in new}))


def _keep_ids(session: Session, first_of: dict[int, int], freed: set[int], made: set[int],
              batch: int) -> dict[int, int]:
    """Give each story made by this run (`made`) the id of the story its first article was in,
    when that story was emptied and deleted (`freed`): a restory that changes nothing keeps every
    story's id (``newsmon story 2`` and saved links still work; each story was renumbered
    before). Returns the new ids by the ids the run had made."""
    renamed: dict[int, int] = {}
    for n, (sid, aid) in enumerate(sorted(first_of.items()), 1):
        now = session.scalar(select(Article.story_id).where(Article.id == aid))
        if sid not in freed or now not in made or now in renamed:
            continue
        story = session.get(Story, now)
        values = {c.key: getattr(story, c.key) for c in Story.__table__.columns if c.key != "id"}
        session.expunge(story)
        session.add(Story(id=sid, **values))
        session.flush()
        session.execute(update(Article).where(Article.story_id == now).values(story_id=sid))
        session.execute(update(StoryTitle).where(StoryTitle.story_id == now).values(story_id=sid))
        session.execute(delete(Story).where(Story.id == now))
        renamed[now] = sid
        if n % batch == 0:
            session.commit()
    session.commit()
    return renamed


def _add_missing_signals(session: Session, ids: list[int], features, batch: int) -> int:
    added = 0
    for chunk in _chunks(ids, batch):
        have = set(session.scalars(select(StorySignal.article_id)
                                   .where(StorySignal.article_id.in_(chunk))))
        for aid in chunk:
            if aid not in have:
                signals = features(session.get(Article, aid))
                if signals is not None:
                    events.add_signals(session, aid, signals)
                    added += 1
        session.commit()
    return added


def _recount(session: Session, story_id: int) -> None:
    """Counts, times and titles of a story from its articles."""
    story = session.get(Story, story_id)
    members = session.execute(select(Article.outlet_id, Article.language, Article.title,
                                     Article.fetched_at, Article.published_at)
                              .where(Article.story_id == story_id)
                              .order_by(Article.fetched_at, Article.id)).all()
    story.article_count = len(members)
    story.outlet_count = len({m.outlet_id for m in members})
    titles: dict[str, str | None] = {}
    for m in members:
        lang = m.language or UNKNOWN_LANGUAGE
        if titles.get(lang) is None:
            titles[lang] = m.title
    for lang, title in titles.items():
        session.add(StoryTitle(story_id=story_id, language=lang, title=title))
    story.language_count = len(titles)
    titled = [m for m in members if m.title]
    if titled:   # the first published report's, as storage.stories.add_to_story keeps it
        story.title = min(titled, key=lambda m: (m.published_at or m.fetched_at, m.fetched_at)).title
    if members:
        story.first_seen, story.last_updated = members[0].fetched_at, members[-1].fetched_at
    session.flush()


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start:start + size]


__all__ = ["RestoryResult", "restory"]
