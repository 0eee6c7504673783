"""Locks that keep concurrent writers (several crawl workers on one PostgreSQL) correct.

The story lookup reads the band index and then inserts the new article's bands in the same
transaction; under READ COMMITTED two workers storing near-duplicates at the same moment would
each miss the other's uncommitted bands and start two stories. A transaction-scoped advisory
lock (PostgreSQL's ``pg_advisory_xact_lock``, released at commit or rollback) makes the store
transactions take turns; the lookup-and-insert is about 1 ms (DESIGN.md), so the turns cost
little next to a fetch. SQLite already lets one writer at a time in; there it is a no-op.
"""
from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

STORY_INDEX_LOCK = 74210932   # any fixed bigint; storage/engine.py's migration lock is 74210931


def lock_story_index(session: Session) -> None:
    """Hold the story-index lock until `session`'s transaction ends (PostgreSQL only)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": STORY_INDEX_LOCK})
