"""Reading stories: who reported one (``story_coverage``), its titles by language, its articles
(``story_articles``: "the other articles of this story", the one read that search, the digest
and the CLI use), the story list and one story's timeline. The writes and the story step are in
``storage.stories``; these reads need no numpy, so ``newsmon search``, ``show`` and the digest do
not load it for them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from storage.models import Article, ArticleTopic, Outlet, Story, StoryTitle


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

    @classmethod
    def of_row(cls, row) -> "StoryArticle":
        """From a row with the columns named as the fields (``_STORY_ARTICLES``, and the
        PostgreSQL search's last statement, ``storage.searchpg.pg_shown``)."""
        return cls(row.id, row.url, row.outlet, row.outlet_name, row.title, row.published_at,
                   row.fetched_at, row.language, row.copy_of)


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
        for row in rows:
            out[row.story_id].append(StoryArticle.of_row(row))
    return out


_STORY_ARTICLES = (
    select(Article.story_id, Article.id, Article.url, Article.outlet_id.label("outlet"),
           Outlet.name.label("outlet_name"), Article.title, Article.published_at, Article.fetched_at, Article.language,
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
        s.title = lead_title(s.articles, s.title)
    return stories


def lead_title(members: list[StoryArticle], stored: str | None) -> str | None:
    """A story's title as every command shows it: its first published report's (whichever the
    crawl stored first; ``story_timeline`` leads with that report), else the stored title."""
    titled = [a for a in members if a.title]
    return min(titled, key=_first_out).title if titled else stored


def story_timeline(session: Session, story_id: int) -> tuple[StoryRow, list[Report]] | None:
    """A story and its reports in the order they were first published (else first seen), each
    with its copies folded under it; None if there is no such story. Of a report and its copies
    (articles whose ``copy_of`` is it), the first published leads, whichever the crawl stored
    first (a tester: the wire's original, published at 08:05, shown as a copy of an outlet's
    10:20 copy); the story's title is its first report's."""
    story = session.get(Story, story_id)
    if story is None:
        return None
    row = StoryRow(story.id, story.title, story.first_seen, story.last_updated)
    row.articles = story_articles(session, [story_id])[story_id]
    row.titles = story_titles(session, [story_id])[story_id]
    row.coverage = story_coverage(session, [story_id]).get(story_id, Coverage(0, ()))
    groups: dict[int, list[StoryArticle]] = {}
    for a in row.articles:
        groups.setdefault(a.copy_of if a.copy_of in groups else a.id, []).append(a)
    reports = []
    for members in groups.values():
        lead = min(members, key=_first_out)
        reports.append(Report(lead, [a for a in members if a is not lead]))
    reports.sort(key=lambda r: _first_out(r.article))
    row.title = lead_title(row.articles, row.title)
    return row, reports


def _first_out(a: StoryArticle) -> tuple:
    """When an article first came out: published (else stored), then stored, then its id."""
    return (a.published_at or a.fetched_at, a.fetched_at, a.id)


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
            "id": story.id, "title": lead_title(others, story.title), "first_seen": story.first_seen,
            "languages": list(story_coverage(session, [story.id])[story.id].languages),
            "last_updated": story.last_updated, "outlets": list(dict.fromkeys(
                a.outlet for a in others)),
            "articles": [a for a in others if a.id != article.id]},
    }
