"""Writing articles: one row in ``articles``, its URLs, its topics, its story (copy and event
signals, ``storage/stories.py``)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from storage.copies import same_outlet_copy, signature_from_bytes
from storage.crawlstate import add_article_urls, article_id_for_urls
from storage.events import Signals, vector_from_bytes
from storage.models import Article, ArticleTopic, utcnow
from storage.stories import StoryAssigner


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


def store_article(session: Session, fields: dict, story_id: int | None = None,
                  assigner: StoryAssigner | None = None) -> Article:
    """Insert an article from pipeline fields (canonical_url, outlet, title, author, text,
    language, published_at, content_hash, via, request_urls, topics, topics_version, and the
    story signals: minhash, event_vector, event_names, event_numbers) and assign its story in
    this same transaction (``storage/stories.py``): `story_id` if given, else by `assigner`
    (one per process keeps the event index warm; None: a fresh one, with default settings).
    The caller commits."""
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
    signature = signature_from_bytes(article.minhash) if article.minhash else None
    article.assignment = (assigner or StoryAssigner()).assign(
        session, article, signature, signals_of(fields, now), story_id)
    return article


def signals_of(fields: dict, now: datetime) -> Signals | None:
    """The event signals of pipeline fields, or None when no embedding was made. Their time is
    the publication time, unless missing or in the future (then `now`)."""
    vector = fields.get("event_vector")
    if vector is None:
        return None
    published = fields.get("published_at")
    at = published if published is not None and published <= now else now
    return Signals(at, vector_from_bytes(vector), frozenset(fields.get("event_names") or ()),
                   frozenset(fields.get("event_numbers") or ()))
