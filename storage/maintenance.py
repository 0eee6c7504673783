"""Upkeep of the full-text index: FTS5's ``optimize`` on SQLite.

FTS5 writes each transaction's words as a new index segment and merges segments now and then
(``automerge``); a search reads every segment of every word it asks for, so a crawl that stores
one article per transaction leaves an index that a search walks in many pieces. ``optimize``
merges them all into one (https://www.sqlite.org/fts5.html#the_optimize_command). Measured on
``bench/search.py``'s 1M database (4 segments after its bulk load) and a merged copy, in turn,
two rounds each (``python bench/search.py --n 1000000 --engines sqlite --skip-load --baseline 0
--dir DIR``): p50 14.3 / 14.0 → 13.3 / 12.1 ms, p95 78.6 / 78.0 → 82.3 / 75.6 ms; with
``--warm-all`` (each query timed with its pages cached): p50 12.1 → 11.0 ms, p95 71.4 → 63.4 ms
(phrases 46.1 → 34.4, prefixes 113.6 → 86.3 at p95). A crawl that stores one article per transaction leaves more segments than that
bulk load. The merge took 48 s at 1M and rewrites the index (~2 GB of WAL). It holds the
write lock meanwhile, so the service runs it right after a crawl, once a day (``scheduler.py``),
not beside one. PostgreSQL's GIN indexes need nothing of the kind (autovacuum merges their
pending lists).
"""
from __future__ import annotations

import time

from sqlalchemy import text
from sqlalchemy.engine import Engine

__all__ = ["optimize_search_index"]


def optimize_search_index(engine: Engine) -> str:
    """Merge the SQLite full-text index into one segment; one line saying what was done and how
    long it took (on PostgreSQL: that there is nothing to do). Raises SQLAlchemy's
    ``OperationalError`` when the database stays locked past its busy timeout."""
    if engine.dialect.name != "sqlite":
        return "nothing to do on PostgreSQL (autovacuum keeps the GIN indexes merged)"
    start = time.monotonic()
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO articles_fts(articles_fts) VALUES('optimize')"))
    return f"full-text index merged into one segment in {time.monotonic() - start:.1f} s"
