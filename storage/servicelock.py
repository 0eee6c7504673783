"""One service per database: `newsmon schedule` holds a lock for as long as it runs.

Two services on one database ran every job twice (each crawl fetched every new article twice,
each digest was built twice) and the second one's ``replace_existing`` job definitions silently
moved the first one's schedule (a tester's trial). The lock is the database's own where it has
one and a file beside it where it has not:

- PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) on a connection held open
  by the service; the server drops it when that connection ends, however the service ended
  (``kill -9`` included). Services on other machines sharing the database see it too.
- SQLite: ``fcntl.flock`` on ``<database>.service-lock`` beside the file (not on the database
  file itself: SQLite's own POSIX locks are dropped when any descriptor of that file closes),
  holding the service's process id; the kernel drops it when the process ends.

Errors: :class:`ServiceRunning` when another service holds the lock.
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

__all__ = ["ServiceRunning", "service_lock"]

#: The advisory lock's key: "newsmon" in ASCII, as a 64-bit integer.
PG_LOCK_KEY = int.from_bytes(b"newsmon", "big")


class ServiceRunning(RuntimeError):
    """Another `newsmon schedule` runs on this database."""


@contextmanager
def service_lock(url: str) -> Iterator[None]:
    """Hold the service lock of the database at `url` (a full SQLAlchemy URL) for the ``with``
    block. Raises ServiceRunning at once when another process holds it."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            yield
            return
        with _file_lock(Path(parsed.database).expanduser()):
            yield
        return
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            if not conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": PG_LOCK_KEY}).scalar():
                raise ServiceRunning(f"another `newsmon schedule` runs on {parsed.render_as_string(hide_password=True)}; "
                                     "stop it first, or give this one another database (--db)")
            conn.commit()   # the lock is the session's, not the transaction's: keep no transaction open
            yield
    finally:
        engine.dispose()


@contextmanager
def _file_lock(database: Path) -> Iterator[None]:
    path = database.with_name(database.name + ".service-lock")
    with open(path, "a+", encoding="ascii") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "?"
            raise ServiceRunning(f"another `newsmon schedule` (pid {holder}) runs on {database}; "
                                 "stop it first, or give this one another database (--db)") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)
