"""The tables newsmon keeps, as SQLAlchemy 2 typed models.

People query this database directly (SQL, Datasette), so tables and columns are named for them:
``articles`` has one row per stored article with its canonical URL in ``url``; every other URL an
article was seen under is in ``article_urls``; ``stories`` groups articles that tell the same news;
``article_topics`` holds the topics an article was tagged with and why. The schema itself is owned
by the Alembic migrations in ``storage/migrations`` (FTS tables and triggers included); these
models must match them.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (JSON, BigInteger, Boolean, Date, DateTime, Float, ForeignKey, Index,
                        Integer, LargeBinary, String, Text, TypeDecorator, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every engine (SQLite hands back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Outlet(Base):
    """An outlet from the outlets config, upserted at each crawl."""

    __tablename__ = "outlets"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    language: Mapped[str | None] = mapped_column(String(10))
    home: Mapped[str | None] = mapped_column(Text)
    first_crawled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_crawled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Story(Base):
    """One event as reported by one or more articles, in any language: copies (near-duplicate
    text) and every outlet's own report of the same happening (``storage/stories.py``)."""

    __tablename__ = "stories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    last_updated: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    outlet_count: Mapped[int] = mapped_column(Integer, default=0)
    language_count: Mapped[int] = mapped_column(Integer, default=0)

    articles: Mapped[list[Article]] = relationship(back_populates="story")


class StoryTitle(Base):
    """A story's title in one language it was reported in (its first report's in that language)."""

    __tablename__ = "story_titles"
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"),
                                          primary_key=True)
    language: Mapped[str] = mapped_column(String(10), primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)


class Article(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    outlet_id: Mapped[str] = mapped_column(ForeignKey("outlets.id"), index=True)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    # The earlier article whose text this one nearly duplicates (a wire copy): the first of its
    # copies, so a story's timeline folds copies under the report they copy.
    copy_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"),
                                                index=True)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True, default=utcnow)
    language: Mapped[str | None] = mapped_column(String(10), index=True)
    text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    discovered_via: Mapped[str | None] = mapped_column(String(20))
    topics_version: Mapped[str | None] = mapped_column(String(40))

    story: Mapped[Story | None] = relationship(back_populates="articles")
    outlet: Mapped[Outlet] = relationship()
    # Not a column: how ``store_article`` assigned the story (``storage.stories.Assignment``).
    assignment = None
    topics: Mapped[list[ArticleTopic]] = relationship(cascade="all, delete-orphan")


class ArticleUrl(Base):
    """Every URL an article was seen under (canonical, request, redirect hops, aliases)."""

    __tablename__ = "article_urls"
    url: Mapped[str] = mapped_column(Text, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))


class StoryBand(Base):
    """MinHash LSH bands of stored bodies: the index near-duplicate lookup goes through."""

    __tablename__ = "story_bands"
    # As migration 0002 creates it: on SQLite the primary key is the table (no rowid b-tree).
    __table_args__ = {"sqlite_with_rowid": False}
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            primary_key=True)


class StorySignal(Base):
    """What an article says happened, as the event lookup compares it: when (``at``: published,
    else fetched), a sentence embedding of title and lead (float16 bytes), names and numbers
    (space-separated). ``id`` grows in commit order, so a process can read only rows it has not
    seen yet (``storage/events.py``)."""

    __tablename__ = "story_signals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)
    names: Mapped[str] = mapped_column(Text, default="")
    numbers: Mapped[str] = mapped_column(Text, default="")


class UrlOutcome(Base):
    """A URL that did not give an article, and when it may be tried again."""

    __tablename__ = "url_outcomes"
    url: Mapped[str] = mapped_column(Text, primary_key=True)
    outlet_id: Mapped[str] = mapped_column(String(100), index=True)
    outcome: Mapped[str] = mapped_column(String(30))
    http_status: Mapped[int | None] = mapped_column(Integer)
    transient: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_attempt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retry_after: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


class Feed(Base):
    """A feed, sitemap or section page, with the validators for conditional GET."""

    __tablename__ = "feeds"
    url: Mapped[str] = mapped_column(Text, primary_key=True)
    outlet_id: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    item_count: Mapped[int | None] = mapped_column(Integer)
    newest_item_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Topic(Base):
    __tablename__ = "topics"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    label: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)


class ArticleTopic(Base):
    __tablename__ = "article_topics"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            primary_key=True)
    topic_id: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    topics_version: Mapped[str | None] = mapped_column(String(40))


class CrawlRun(Base):
    __tablename__ = "crawl_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="running")
    finish_reason: Mapped[str | None] = mapped_column(String(50))
    outlets: Mapped[int] = mapped_column(Integer, default=0)
    stats: Mapped[dict] = mapped_column(JSON, default=dict)


class CrawlRunOutlet(Base):
    """Per-run, per-outlet counters: what `newsmon stats --runs` shows."""

    __tablename__ = "crawl_run_outlets"
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id", ondelete="CASCADE"),
                                        primary_key=True)
    outlet_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    discovered: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    seen: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)


class Digest(Base):
    __tablename__ = "digests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[datetime] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    subject: Mapped[str] = mapped_column(Text)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    story_count: Mapped[int] = mapped_column(Integer, default=0)
    html_path: Mapped[str | None] = mapped_column(Text)
    text_path: Mapped[str | None] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


class Delivery(Base):
    """The outbox: one row per digest day and recipient, holding the whole message to send.

    ``status``: pending (due at ``next_attempt_at``), sending (claimed by a process until
    ``next_attempt_at``), sent, failed (retried at ``next_attempt_at``), given_up.
    """

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("day", "recipient", name="uq_deliveries_day_recipient"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("digests.id", ondelete="SET NULL"))
    day: Mapped[datetime] = mapped_column(Date)
    recipient: Mapped[str] = mapped_column(String(320), index=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    window_end: Mapped[datetime] = mapped_column(UTCDateTime)
    subject: Mapped[str] = mapped_column(Text)
    story_count: Mapped[int] = mapped_column(Integer, default=0)
    message_id: Mapped[str] = mapped_column(String(300))
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class JobRun(Base):
    """One run of a service job (crawl, digest, deliver): what `newsmon schedule status` shows."""

    __tablename__ = "job_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(50))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(20), default="running")
    summary: Mapped[str | None] = mapped_column(Text)


Index("ix_story_bands_article", StoryBand.article_id)
Index("ix_deliveries_due", Delivery.status, Delivery.next_attempt_at)
Index("ix_job_runs_job_started", JobRun.job, JobRun.started_at)
