"""Re-scoring stored articles after the topics file changed."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from storage.models import Article, ArticleTopic


def retag_articles(session: Session, version: str, score: Callable[[Article], list[dict]],
                   since: datetime | None = None, stale_only: bool = True,
                   batch: int = 200) -> tuple[int, int]:
    """Re-score articles (first seen since `since`; only those tagged with another topics
    version unless `stale_only` is False) with `score(article) -> [{"id","score","evidence"}]`.
    Returns (articles re-scored, tags written). Commits every `batch` articles."""
    query = select(Article).order_by(Article.id)
    if since is not None:
        query = query.where(Article.fetched_at >= since)
    if stale_only:
        query = query.where(or_(Article.topics_version.is_(None),
                                Article.topics_version != version))
    done = tags = 0
    last_id = 0
    while True:
        articles = session.scalars(query.where(Article.id > last_id).limit(batch)).all()
        if not articles:
            return done, tags
        for article in articles:
            session.execute(delete(ArticleTopic).where(ArticleTopic.article_id == article.id))
            for topic in score(article):
                session.add(ArticleTopic(article_id=article.id, topic_id=topic["id"],
                                         score=topic["score"], evidence=topic["evidence"],
                                         topics_version=version))
                tags += 1
            article.topics_version = version
            done += 1
        last_id = articles[-1].id
        session.commit()


def tagged_topic_ids(session: Session) -> set[str]:
    """The topic ids the stored tags carry (``article_topics.topic_id``)."""
    return set(session.scalars(select(ArticleTopic.topic_id).distinct()))


def foreign_tags(session: Session, topic_ids) -> list[str]:
    """The stored tags' topic ids (sorted) when there are tags and none is one of `topic_ids`:
    the database was tagged with another topics file (another monitor's, or the checkout's
    default when this monitor's was not passed); else []. Retagging or mailing a digest with
    that file would drop every tag or send readers empty sections."""
    stored = tagged_topic_ids(session)
    return sorted(stored) if stored and not stored & set(topic_ids) else []
