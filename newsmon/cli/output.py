"""Small helpers the commands share: opening the database with a one-line error, text tables."""
from __future__ import annotations

from sqlalchemy.exc import DatabaseError

from newsmon.cli.base import fail
from storage.engine import DatabaseURLError, open_database


def open_db(db_url: str | None, create: bool = False):
    """A migrated session factory, or a one-line error naming the fix. Commands that read pass
    ``create=False``: a missing SQLite file is an error, never made (only `crawl`, `demo` and
    the service, which crawls, make one)."""
    try:
        return open_database(db_url, create=create)[1]
    except DatabaseURLError as exc:
        fail(str(exc))
    except DatabaseError as exc:  # OperationalError too; and a file that is not a database
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        fail(f"cannot open the database ({reason}); check --db or $NEWSMON_DATABASE_URL")


def table(rows, header) -> str:
    rows = [tuple("" if c is None else str(c) for c in r) for r in rows]
    header = tuple(header)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    fmt = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([fmt(header), fmt(tuple("-" * w for w in widths)), *map(fmt, rows)])
