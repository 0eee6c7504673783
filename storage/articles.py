"""Writing articles: one row in ``articles``, its URLs, its topics, its story and its LSH bands."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipelines.fingerprint import signature_from_bytes
from storage.crawlstate import add_article_urls, article_id_for_urls
from storage.models import Article, ArticleTopic, Story, utcnow
from storage.stories import JOIN_THRESHOLD, index_article, same_outlet_copy


def stored_copy(session: Session, outlet_id: str, urls: list[str],
                content_hash: str | None = None) -> int | None:
    """The stored article that this page already is: one stored under any of `urls`, else (with
    `content_hash`) one of the same outlet with exactly this normalised text."""
    existing = article_id_for_urls(session, urls)
    if existing is None and content_hash:
        existing = same_outlet_copy(session, outlet_id, content_hash)
    return existing


def remember_copy(session: Session, article_id: int, urls: list[str]) -> None:
    """Keep `urls` as aliases of the stored article, so that no later link to them is fetched."""
    add_article_urls(session, article_id, {u: "alias" for u in urls})


def store_article(session: Session, fields: dict, story_id: int | None = None) -> Article:
    """Insert an article from pipeline fields (url, outlet, title, author, text, language,
    published_at, content_hash, via, request_urls, topics, topics_version, and for stories:
    minhash, story_since, story_threshold). The caller commits.

    With a `minhash` signature the article goes into the band index, and without `story_id` it
    joins the story of its best near-duplicate updated since `story_since`, found in this same
    transaction (see ``storage/stories.py``). Otherwise, without `story_id`, it starts a story of
    its own (a story of one)."""
    now = utcnow()
    article = Article(
        url=fields["canonical_url"], outlet_id=fields["outlet"], title=fields.get("title"),
        author=fields.get("author"), published_at=fields.get("published_at"), fetched_at=now,
        language=fields.get("language"), text=fields["text"],
        word_count=len(fields["text"].split()), content_hash=fields["content_hash"],
        minhash=fields.get("minhash"), discovered_via=fields.get("via"),
        topics_version=fields.get("topics_version"))
    session.add(article)
    session.flush()
    urls = {u: "request" for u in fields.get("request_urls", ())}
    urls[fields["canonical_url"]] = "canonical"
    add_article_urls(session, article.id, urls)
    for topic in fields.get("topics") or ():
        session.add(ArticleTopic(article_id=article.id, topic_id=topic["id"], score=topic["score"],
                                 evidence=topic.get("evidence", []),
                                 topics_version=fields.get("topics_version")))
    if article.minhash:
        story_id = index_article(session, article.id, signature_from_bytes(article.minhash),
                                 story_id, since=fields.get("story_since"),
                                 threshold=fields.get("story_threshold") or JOIN_THRESHOLD)
    join_story(session, article, story_id, now)
    return article


def join_story(session: Session, article: Article, story_id: int | None, now: datetime) -> Story:
    story = session.get(Story, story_id, with_for_update=True) if story_id else None
    if story is None:
        story = Story(title=article.title, first_seen=now, last_updated=now, article_count=0,
                      outlet_count=0)
        session.add(story)
        session.flush()
    elif story.title is None:
        story.title = article.title     # the first member had none: take the first that has one
    if story.article_count:  # joining: does this outlet add to the story's outlets?
        known = session.scalar(select(Article.id).where(Article.story_id == story.id,
                                                        Article.outlet_id == article.outlet_id)
                               .limit(1))
        story.outlet_count = (story.outlet_count or 0) + (known is None)
    else:
        story.outlet_count = 1
    article.story_id = story.id
    story.article_count = (story.article_count or 0) + 1
    story.last_updated = now
    return story
