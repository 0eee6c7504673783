"""Writing articles: one row in ``articles``, its URLs, its topics, its story (copy and event
signals, ``storage/stories.py``), all in the caller's transaction.

SQLAlchemy Core statements built once (their compiled form is cached per engine), not ORM
objects: storing is what the crawl process does most, and the ORM's unit of work (identity
map, flush ordering, attribute events) cost about twice the database's own work per article
(profiled on ``bench/crawl.py``; ``python bench/store.py`` measures the store step alone).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import bindparam, exists, insert, select
from sqlalchemy.orm import Session

from storage.copies import SAME_TEXT, same_outlet_copy
from storage.crawlstate import add_article_urls
from storage.signatures import signature_from_bytes, vector_from_bytes
from storage.events import Signals
from storage.models import Article, ArticleTopic, ArticleUrl, UrlOutcome, utcnow
from storage.stories import Assignment, StoryAssigner, add_to_story, new_story, outcome

_INSERT_ARTICLE = insert(Article).returning(Article.id)
_INSERT_TOPIC = insert(ArticleTopic)
# ``known_page``: the article stored under one of the URLs (``article_id_for_urls``), the
# outlet's article with the same text (``same_outlet_copy``), whether a URL failed before.
_KNOWN_PAGE = select(
    select(ArticleUrl.article_id).where(ArticleUrl.url.in_(bindparam("urls", expanding=True)))
    .limit(1).scalar_subquery(),
    SAME_TEXT.scalar_subquery(),
    exists().where(UrlOutcome.url.in_(bindparam("failed_urls", expanding=True))))


class StorableArticle(Protocol):
    """What ``store_article`` reads of an article: the fields of ``crawler.items.ArticleItem``
    that reach storage (storage sits below the crawler, so the item is described here, not
    imported). Lists: ``request_urls`` (every URL that led to the page), ``topics`` (``{"id",
    "score", "evidence"}`` dicts), ``event_names`` and ``event_numbers``; bytes: ``minhash``
    (``storage.signatures``), ``event_vector`` (float16)."""
    canonical_url: str | None
    outlet: str
    title: str | None
    author: str | None
    text: str
    language: str | None
    published_at: datetime | None
    content_hash: str | None
    via: str | None
    request_urls: list[str]
    topics: list[dict]
    topics_version: str | None
    minhash: bytes | None
    event_vector: bytes | None
    event_names: list[str]
    event_numbers: list[str]


@dataclass
class NewArticle:
    """A just-inserted article, as the story step sees it (the attributes of ``Article`` it
    reads and sets: ``story_id`` and ``copy_of`` are written by it)."""
    id: int
    outlet_id: str
    title: str | None
    language: str | None
    fetched_at: datetime
    published_at: datetime | None = None
    story_id: int | None = None
    copy_of: int | None = None
    assignment: Assignment | None = None


def stored_copy(session: Session, outlet_id: str, urls: list[str],
                content_hash: str | None = None) -> int | None:
    """The stored article that this page already is: one stored under any of `urls`, else (with
    `content_hash`) one of the same outlet with exactly this normalised text."""
    return known_page(session, outlet_id, urls, content_hash).existing


@dataclass(frozen=True)
class KnownPage:
    """What storage knows of a fetched page before it is stored: the stored article it already
    is (``stored_copy``), and whether any of its URLs has a recorded failure (``url_outcomes``:
    else storing it need not clear them)."""
    existing: int | None
    failed_before: bool


def known_page(session: Session, outlet_id: str, urls: list[str],
               content_hash: str | None = None) -> KnownPage:
    """``stored_copy`` and the failure check of `urls`, in one statement (the store step's
    first: each statement costs the crawl process ~0.1 ms of SQLAlchemy and driver work)."""
    urls = [u for u in dict.fromkeys(urls) if u]
    if not urls:
        existing = same_outlet_copy(session, outlet_id, content_hash) if content_hash else None
        return KnownPage(existing, False)
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        # The driver directly: SQLAlchemy renders its expanding IN lists anew on every call.
        row = conn.exec_driver_sql(_known_page_sql(len(urls)),
                                   (*urls, content_hash, outlet_id, *urls)).one()
    else:
        row = conn.execute(_KNOWN_PAGE, {"urls": urls, "failed_urls": urls,
                                         "hash": content_hash, "outlet": outlet_id}).one()
    by_url, by_text, failed = row
    existing = by_url if by_url is not None else (by_text if content_hash else None)
    return KnownPage(existing, bool(failed))


@lru_cache(maxsize=8)
def _known_page_sql(urls: int) -> str:
    """``_KNOWN_PAGE`` for SQLite with `urls` URLs, positional: the URLs, hash, outlet, URLs."""
    marks = ", ".join("?" * urls)
    return (f"SELECT (SELECT article_id FROM article_urls WHERE url IN ({marks}) LIMIT 1), "
            "(SELECT id FROM articles WHERE content_hash = ? AND outlet_id = ? "
            "ORDER BY id LIMIT 1), "
            f"EXISTS (SELECT 1 FROM url_outcomes WHERE url IN ({marks}))")


def remember_copy(session: Session, article_id: int, urls: list[str]) -> None:
    """Keep `urls` as aliases of the stored article, so that no later link to them is fetched."""
    add_article_urls(session, article_id, {u: "alias" for u in urls})


def store_article(session: Session, article: StorableArticle | Mapping[str, Any],
                  story_id: int | None = None,
                  assigner: StoryAssigner | None = None,
                  failed_before: bool = True) -> NewArticle:
    """Insert an article and assign its story in this same transaction (the caller commits).

    `article` is a ``crawler.items.ArticleItem`` (``StorableArticle`` names the fields read), or
    a mapping with the same names, as tests and benches build them. Its story: `story_id` if given,
    else decided by `assigner` (one per process keeps the event index warm; None: a fresh one,
    with default settings). Returns the stored row's id, story and how it was assigned
    (``.assignment``). `failed_before` False: the caller found none of its URLs in
    ``url_outcomes`` (``known_page``), so none is deleted from there. Raises
    ``sqlalchemy.exc.IntegrityError`` when the canonical URL is stored already (another process
    stored it a moment ago), or when the story it was to join was removed meanwhile (a
    ``restory``): the caller rolls back and may try again.
    """
    fields = article if isinstance(article, Mapping) else vars(article)
    now = utcnow()
    text = fields["text"]
    conn = session.connection()
    assigner = assigner or StoryAssigner()
    minhash = fields.get("minhash")
    signals = signals_of(fields, now)
    new = NewArticle(0, fields["outlet"], fields.get("title"), fields.get("language"), now,
                     fields.get("published_at"))
    # The story is decided before the row is written, so the row is inserted with it (see
    # storage.stories.StoryAssigner); a story of its own exists first, for the foreign key.
    decision = assigner.decide(session, now, signature_from_bytes(minhash) if minhash else None,
                               signals, story_id)
    story = None if decision.story_id else new_story(conn, new)
    new.id = conn.execute(_INSERT_ARTICLE, {
        "url": fields["canonical_url"], "outlet_id": fields["outlet"],
        "title": fields.get("title"), "author": fields.get("author"),
        "published_at": fields.get("published_at"), "fetched_at": now,
        "language": fields.get("language"), "text": text, "word_count": len(text.split()),
        "content_hash": fields["content_hash"], "minhash": minhash,
        "discovered_via": fields.get("via"), "topics_version": fields.get("topics_version"),
        "story_id": story.id if story else decision.story_id, "copy_of": decision.copy_of,
    }).scalar_one()
    new.copy_of = decision.copy_of
    if story is None:   # the row's foreign key held, so the story is there to count it in
        story = add_to_story(conn, new, decision.story_id)
    new.story_id = story.id
    urls = {u: "request" for u in fields.get("request_urls") or ()}
    urls[fields["canonical_url"]] = "canonical"
    add_article_urls(session, new.id, urls, forget_failures=failed_before)
    topics = fields.get("topics") or ()
    if topics:
        conn.execute(_INSERT_TOPIC, [
            {"article_id": new.id, "topic_id": t["id"], "score": t["score"],
             "evidence": t.get("evidence", []), "topics_version": fields.get("topics_version")}
            for t in topics])
    assigner.record(session, new.id, story.id, decision, signals)
    new.assignment = outcome(new.id, story, decision)
    return new


def signals_of(fields: Mapping[str, Any], now: datetime) -> Signals | None:
    """The event signals of pipeline fields, or None when no embedding was made. Their time is
    the publication time, unless missing or in the future (then `now`)."""
    vector = fields.get("event_vector")
    if vector is None:
        return None
    published = fields.get("published_at")
    at = published if published is not None and published <= now else now
    return Signals(at, vector_from_bytes(vector), frozenset(fields.get("event_names") or ()),
                   frozenset(fields.get("event_numbers") or ()))

