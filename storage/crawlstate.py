"""What the crawler asks of storage before a request, and records after one.

The seen check (:func:`is_known_url`) is one primary-key lookup per URL in ``article_urls`` and
``url_outcomes``, so it costs the same at a million stored articles as at a thousand.
"""
from __future__ import annotations

import os
import socket
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from storage.models import (ArticleUrl, CrawlRun, CrawlRunOutlet, Feed, Outlet, UrlOutcome,
                            utcnow)


def upsert_outlets(session: Session, outlets: Iterable) -> None:
    """Insert or update the outlets of the config (objects with id, name, language, home)."""
    for o in outlets:
        row = session.get(Outlet, o.id)
        if row is None:
            session.add(Outlet(id=o.id, name=o.name, language=o.language, home=o.home))
        else:
            row.name, row.language, row.home = o.name, o.language, o.home
    session.commit()


# Core statements built once (compiled once per engine): the seen check runs for every
# article request, the URL insert for every stored article.
_URL_STORED = select(ArticleUrl.article_id).where(ArticleUrl.url == bindparam("url"))
_URL_RETRY_AFTER = select(UrlOutcome.retry_after).where(UrlOutcome.url == bindparam("url"))
_ARTICLE_OF_URLS = select(ArticleUrl.article_id).where(
    ArticleUrl.url.in_(bindparam("urls", expanding=True))).limit(1)
_FORGET_FAILURES = delete(UrlOutcome).where(UrlOutcome.url.in_(bindparam("urls", expanding=True)))


def is_known_url(session: Session, url: str, now: datetime | None = None) -> str | None:
    """Why `url` need not be requested: 'stored' (an article was seen under it), 'failed' (it
    failed for good and its retry time has not come), or None (request it)."""
    conn = session.connection()
    if conn.execute(_URL_STORED, {"url": url}).first() is not None:
        return "stored"
    retry_after = conn.execute(_URL_RETRY_AFTER, {"url": url}).scalar()
    if retry_after is not None and retry_after > (now or utcnow()):
        return "failed"
    return None


_URLS_STORED = select(ArticleUrl.url).where(ArticleUrl.url.in_(bindparam("urls", expanding=True)))
_URLS_FAILED = select(UrlOutcome.url).where(UrlOutcome.url.in_(bindparam("urls", expanding=True)),
                                            UrlOutcome.retry_after > bindparam("now"))
KNOWN_URLS_CHUNK = 500   # URLs per IN list (SQLite allows 32,766 variables; plans stay small)


def known_urls(session: Session, urls: Iterable[str], now: datetime | None = None) -> dict[str, str]:
    """:func:`is_known_url` for many URLs in one query per chunk: the known ones with their
    reason ('stored' or 'failed'); a URL not in the result is to be requested."""
    urls = list(dict.fromkeys(u for u in urls if u))
    conn, now, known = session.connection(), now or utcnow(), {}
    for i in range(0, len(urls), KNOWN_URLS_CHUNK):
        chunk = urls[i:i + KNOWN_URLS_CHUNK]
        known.update((u, "failed") for u in conn.execute(_URLS_FAILED, {"urls": chunk, "now": now}).scalars())
        known.update((u, "stored") for u in conn.execute(_URLS_STORED, {"urls": chunk}).scalars())
    return known


def article_id_for_urls(session: Session, urls: Iterable[str]) -> int | None:
    """The stored article seen under any of `urls`, or None."""
    urls = [u for u in dict.fromkeys(urls) if u]
    if not urls:
        return None
    return session.connection().execute(_ARTICLE_OF_URLS, {"urls": urls}).scalar()


def add_article_urls(session: Session, article_id: int, urls: dict[str, str],
                     forget_failures: bool = True) -> None:
    """Remember every URL (→ kind) the article was seen under; known ones are left alone.

    One INSERT … ON CONFLICT DO NOTHING (SQLite and PostgreSQL both have it): a URL that another
    article already claimed keeps its first owner, and no read is needed first. Then the URLs'
    recorded failures are deleted; `forget_failures` False: the caller knows there are none."""
    rows = [{"url": u, "article_id": article_id, "kind": k} for u, k in urls.items() if u]
    if not rows:
        return
    conn = session.connection()
    conn.execute(_insert_urls(conn.dialect.name), rows)
    # A URL that failed before and now gave an article is no longer a failure.
    if forget_failures:
        conn.execute(_FORGET_FAILURES, {"urls": [r["url"] for r in rows]})


@lru_cache(maxsize=2)
def _insert_urls(dialect: str):
    # The dialect's own insert, imported here: a crawl on SQLite never loads PostgreSQL's (~20 ms).
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    return insert(ArticleUrl).on_conflict_do_nothing(index_elements=["url"])


def remember_redirects(session: Session, hops: dict[str, str]) -> int:
    """Make each redirect source an alias of the article its chain ends at (if stored)."""
    added = 0
    for source in hops:
        target, seen = hops[source], {source}
        while target in hops and target not in seen:  # follow the chain to its end
            seen.add(target)
            target = hops[target]
        article_id = article_id_for_urls(session, [target])
        if article_id is not None and session.get(ArticleUrl, source) is None:
            session.add(ArticleUrl(url=source, article_id=article_id, kind="redirect"))
            added += 1
    return added


def record_outcome(session: Session, url: str, outlet_id: str, outcome: str,
                   http_status: int | None, retry_in: timedelta | None,
                   transient: bool) -> None:
    """Remember a URL that gave no article. `retry_in` None means: retry on the next crawl."""
    now = utcnow()
    row = session.get(UrlOutcome, url)
    if row is None:
        row = UrlOutcome(url=url, outlet_id=outlet_id, first_seen=now, attempts=0)
        session.add(row)
    row.outcome, row.http_status, row.transient = outcome, http_status, transient
    row.attempts = (row.attempts or 0) + 1
    row.last_attempt = now
    if retry_in is None and transient and row.attempts > 3:
        # A URL that keeps failing "transiently" is asked less and less often: 1 h, 2 h, 4 h …
        retry_in = min(timedelta(hours=2 ** (row.attempts - 4)), timedelta(days=7))
    row.retry_after = now + retry_in if retry_in is not None else None


def due_retries(session: Session, outlet_id: str, limit: int = 200) -> list[str]:
    """URLs of `outlet_id` that failed transiently and may be tried again now."""
    now = utcnow()
    q = (select(UrlOutcome.url).where(UrlOutcome.outlet_id == outlet_id, UrlOutcome.transient)
         .where((UrlOutcome.retry_after.is_(None)) | (UrlOutcome.retry_after <= now))
         .order_by(UrlOutcome.last_attempt).limit(limit))
    return list(session.scalars(q))


def feed_validators(session: Session) -> dict[str, tuple[str | None, str | None]]:
    return {f.url: (f.etag, f.last_modified) for f in session.scalars(select(Feed))}


def save_feed_state(session: Session, url: str, outlet_id: str, kind: str, status: int,
                    etag: str | None, last_modified: str | None, item_count: int | None,
                    newest_item_at: datetime | None) -> None:
    row = session.get(Feed, url)
    if row is None:
        row = Feed(url=url, outlet_id=outlet_id, kind=kind)
        session.add(row)
    row.last_status, row.last_fetched_at = status, utcnow()
    if status == 200:
        row.etag, row.last_modified = etag, last_modified
        row.item_count, row.newest_item_at = item_count, newest_item_at


def forget_validators(session: Session, outlet_ids: Iterable[str] | None = None) -> int:
    """Drop the stored ETag / Last-Modified of the outlets' listings (of every listing when
    `outlet_ids` is None), so that the next crawl reads them in full; returns the rows changed.
    For a crawl that lost queued requests after their feed answered (``crawler/frontier.py``)."""
    q = update(Feed).values(etag=None, last_modified=None)
    if outlet_ids is not None:
        q = q.where(Feed.outlet_id.in_(list(outlet_ids)))
    return session.execute(q).rowcount


def last_crawled(session: Session) -> dict[str, datetime | None]:
    return {o.id: o.last_crawled_at for o in session.scalars(select(Outlet))}


def start_run(session: Session, outlet_count: int) -> int:
    """A new ``running`` crawl run, recording this host and process in its stats (until the run
    ends) so that a later crawl can tell a run whose process died; runs of this host left
    ``running`` by a process that is gone (``kill -9``, a power cut) are closed as
    ``interrupted`` first: they stayed ``running`` in `newsmon stats` for good."""
    host, pid = socket.gethostname(), os.getpid()
    for stale in session.scalars(select(CrawlRun).where(CrawlRun.status == "running")):
        owner = stale.stats or {}
        if owner.get("host") == host and isinstance(owner.get("pid"), int) and not _alive(owner["pid"]):
            stale.status, stale.finish_reason = "interrupted", "process ended"
    run = CrawlRun(started_at=utcnow(), status="running", outlets=outlet_count,
                   stats={"host": host, "pid": pid})
    session.add(run)
    session.commit()
    return run.id


def _alive(pid: int) -> bool:
    """Whether process `pid` runs: a zombie (ended, not yet reaped: an orphaned crawl whose
    parent was killed waits for an init that may never reap it) does not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # another user's process: alive
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):   # no /proc (not Linux): os.kill's answer
        return True


def finish_run(session: Session, run_id: int, status: str, finish_reason: str | None,
               per_outlet: dict[str, dict[str, int]], stats: dict) -> None:
    run = session.get(CrawlRun, run_id)
    run.finished_at, run.status, run.finish_reason, run.stats = utcnow(), status, finish_reason, stats
    for outlet_id, counts in per_outlet.items():
        errors = sum(v for k, v in counts.items() if k.startswith("error/"))
        session.merge(CrawlRunOutlet(
            run_id=run_id, outlet_id=outlet_id, discovered=counts.get("discovered", 0),
            new=counts.get("new", 0), seen=counts.get("seen", 0), errors=errors, counts=counts))
        if status == "finished":
            outlet = session.get(Outlet, outlet_id)
            if outlet is not None:
                outlet.first_crawled_at = outlet.first_crawled_at or run.started_at
                outlet.last_crawled_at = run.started_at
    session.commit()
