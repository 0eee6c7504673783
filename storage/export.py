"""Every stored article (or those of a topic, a date or a query) as plain dicts, in id order.

Read in keyset pages (``id > last`` … ``LIMIT 1000``), each page with its topics, so memory stays
flat whatever the size of the database and no transaction or server-side cursor is held open
while the caller writes (measured by bench/search.py --export).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterator
from datetime import datetime

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from storage.models import UTCDateTime
from storage.search import check_filters, filter_clauses, match_clause
from storage.searchlang import parse_query

log = logging.getLogger(__name__)

FIELDS = ("id", "url", "title", "author", "text", "outlet", "language", "published_at",
          "fetched_at", "story_id", "topics")
PAGE = 1000


def iter_articles(session: Session, *, since: datetime | None = None, topic: str | None = None,
                  query: str | None = None, page: int = PAGE,
                  known_topics: Callable[[], Collection[str]] | None = None) -> Iterator[dict]:
    """Dicts with the keys of ``FIELDS`` (``author``: the names joined by "; ", or None;
    ``topics``: list of topic ids; times: aware UTC).

    `since` compares the published time, else the stored time. Raises
    ``QuerySyntaxError``/``UnknownFilterError`` (storage.search) before yielding anything."""
    check_filters(session, topic=topic, known_topics=known_topics)
    where, params = filter_clauses(topic=topic, since=since)
    where.append("a.id > :last")
    params.update(last=0, page=page)
    if query is not None:   # "" is a query without words: an error, not "everything"
        cond, extra = match_clause(session, parse_query(query))
        where.append(cond)
        params.update(extra)
    stmt = text("SELECT a.id, a.url, a.title, a.text, a.outlet_id, a.language, a.published_at, "
                f"a.fetched_at, a.story_id, a.author FROM articles a WHERE {' AND '.join(where)} "
                "ORDER BY a.id LIMIT :page").bindparams(
        *[bindparam(k, type_=UTCDateTime) for k in ("since",) if k in params]
    ).columns(published_at=UTCDateTime, fetched_at=UTCDateTime)
    topics_stmt = text("SELECT article_id, topic_id FROM article_topics "
                       "WHERE article_id IN :ids ORDER BY topic_id").bindparams(
        bindparam("ids", expanding=True))
    if session.get_bind().dialect.name == "sqlite":
        # One pass over the whole file gains nothing from the engine's memory-mapped reads,
        # which would show the file's pages in this process's RSS as it goes.
        session.execute(text("PRAGMA mmap_size=0"))
    while True:
        rows = session.execute(stmt, params).all()
        session.rollback()  # no snapshot or lock held while the caller writes this page out
        if not rows:
            return
        topics: dict[int, list[str]] = {}
        for article_id, topic_id in session.execute(topics_stmt, {"ids": [r[0] for r in rows]}):
            topics.setdefault(article_id, []).append(topic_id)
        session.rollback()
        for r in rows:
            yield {"id": r[0], "url": r[1], "title": r[2], "author": r[9], "text": r[3], "outlet": r[4],
                   "language": r[5], "published_at": r[6], "fetched_at": r[7], "story_id": r[8],
                   "topics": topics.get(r[0], [])}
        params["last"] = rows[-1][0]
