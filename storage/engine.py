"""Engine and session factory: SQLite by default, PostgreSQL (psycopg 3) or any SQLAlchemy URL.

SQLite gets WAL (readers never block the crawler's writes), foreign keys, a busy timeout, a
64 MiB page cache and memory-mapped reads on every connection. The schema is brought to the
newest Alembic revision by :func:`migrate`, which every entry point calls before it touches the
tables, so a fresh file or database just works.

A database that cannot be used raises :class:`DatabaseUnavailable` with one line that names the
fix, before anything is written: an SQLite path whose folder does not exist (no folder is ever
made), a missing SQLite file or an empty PostgreSQL database when the caller only reads
(``create=False``), a file that is not
an SQLite database (checked through a read-only SQLite connection, so it is never written), an
unreachable or refusing PostgreSQL server; an SQLite file or a PostgreSQL database that holds
another application's tables.
"""
from __future__ import annotations

import atexit
import logging
import os
import re
import sqlite3
import weakref
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from storage.stems import stem_text

log = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///newsmon.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


PG_CONNECT_TIMEOUT = 10                   # seconds to reach PostgreSQL before giving up


class DatabaseURLError(ValueError):
    """The database URL cannot be used (bad syntax, unknown driver)."""


class DatabaseUnavailable(DatabaseURLError):
    """The database named by a valid URL cannot be opened; the message names the fix."""


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else $NEWSMON_DATABASE_URL, else ./newsmon.db.

    ``postgres://`` and ``postgresql://`` are read as psycopg 3 URLs, since that is the driver
    newsmon installs.
    """
    url = url or os.environ.get("NEWSMON_DATABASE_URL") or DEFAULT_DATABASE_URL
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str | None = None, **kwargs) -> Engine:
    url = database_url(url)
    try:
        parsed = make_url(url)
    except ValueError as exc:   # SQLAlchemy's int() of a port that is not a number
        raise DatabaseURLError(f"cannot parse database URL {url!r}: its port is not a number "
                               "(e.g. postgresql+psycopg://user@host:5432/dbname)") from exc
    except ArgumentError as exc:
        if url.endswith((".db", ".sqlite", ".sqlite3")) and "://" not in url:   # a bare path
            raise DatabaseURLError("--db takes a URL, not a path: use "
                                   f"sqlite:///{Path(url).expanduser()}") from exc
        raise DatabaseURLError(f"cannot parse database URL {url!r}: use e.g. sqlite:///newsmon.db "
                               "or postgresql+psycopg://user@host/dbname") from exc
    if parsed.get_backend_name() == "sqlite":
        kwargs.setdefault("connect_args", {"timeout": 30})
    else:
        kwargs.setdefault("pool_pre_ping", True)
        if parsed.get_backend_name() == "postgresql":
            kwargs.setdefault("connect_args", {"connect_timeout": PG_CONNECT_TIMEOUT})
    try:
        engine = create_engine(parsed, **kwargs)
    except (ArgumentError, ImportError) as exc:  # unknown dialect or driver
        raise DatabaseURLError(f"cannot use database URL {url!r} ({exc}): newsmon stores in "
                               "SQLite (sqlite:///newsmon.db) or PostgreSQL "
                               "(postgresql+psycopg://user@host/dbname)") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    _ENGINES.add(engine)
    return engine


#: Engines of this process, closed at exit (``_dispose_engines``).
_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()


def _dispose_engines() -> None:
    """Close every pooled connection at exit. SQLite checkpoints its WAL into the database file
    and removes it when the last connection closes; without this, a connection left to
    Python's exit (which need not finalise objects: ``newsmon.__main__`` freezes the garbage
    collector) kept the newest rows in ``newsmon.db-wal`` only, so a copy of the ``.db`` file
    alone missed them."""
    for engine in list(_ENGINES):
        try:
            engine.dispose()
        except Exception:  # noqa: BLE001 - exiting anyway; a server gone away is fine
            log.debug("engine dispose failed at exit", exc_info=True)


atexit.register(_dispose_engines)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    # The story lookup reads a few pages of a band index that reaches ~1.7 GB at a million
    # articles: with SQLite's default 2 MB page cache it went to disk for them (bench/dedupe.py:
    # 2.3 → 0.9 ms per lookup at 1M with a bigger cache and memory-mapped reads). mmap pages are
    # the OS's shared page cache, not this process's memory; the page cache is a ceiling.
    cur.execute("PRAGMA cache_size=-65536")       # KiB: 64 MiB per connection at most
    cur.execute("PRAGMA mmap_size=4294967296")    # up to 4 GiB of the file read through mmap
    cur.close()
    # The full-text index triggers call it (migration 0004): stems made by PyStemmer.
    dbapi_conn.create_function("newsmon_stems", 2, stem_text, deterministic=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


_REVISION = re.compile(r"""^(down_)?revision\s*(?::[^=]*)?=\s*(?:["']([^"']+)["']|None)""", re.M)


@lru_cache(maxsize=1)
def head_revisions() -> frozenset[str]:
    """The head revision ids of the migration scripts, read from their ``revision`` and
    ``down_revision`` lines: the revisions no other script comes after."""
    revisions, parents = set(), set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        for down, value in _REVISION.findall(script.read_text(encoding="utf-8")):
            if value:
                (parents if down else revisions).add(value)
    return frozenset(revisions - parents)


def is_current(engine: Engine) -> bool:
    """Whether the database's schema is at the head revision already (False when unknown)."""
    try:
        with engine.connect() as conn:
            found = {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
    except DBAPIError:
        return False   # no alembic_version table yet: a new database
    return bool(found) and found == head_revisions()


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest revision (a no-op when it is current).

    A current schema is recognised without Alembic (:func:`is_current`): importing Alembic and
    reading its scripts cost ~0.2 s of every command's start-up. On PostgreSQL an advisory lock
    serialises concurrent workers that start together.
    """
    if is_current(engine):
        return
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(74210931)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_database(url: str | None = None, create: bool = True
                  ) -> tuple[Engine, sessionmaker[Session]]:
    """Engine and session factory for `url`, with the schema migrated: what every command uses.

    ``create=False`` (commands that only read) refuses to make a missing SQLite file. Raises
    :class:`DatabaseURLError` for a URL that cannot be parsed or has no driver, and
    :class:`DatabaseUnavailable` for a database that cannot be opened (see the module doc).
    """
    url = database_url(url)
    check_sqlite_path(url, create)
    engine = make_engine(url)
    try:
        if not is_current(engine):
            check_server_schema(engine, create)
            migrate(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise DatabaseUnavailable(explain(engine.url, exc)) from exc
    except DatabaseUnavailable:
        engine.dispose()
        raise
    return engine, session_factory(engine)


def check_server_schema(engine: Engine, create: bool = True) -> None:
    """The PostgreSQL side of :func:`check_sqlite_path`, for a database whose schema is not
    current: raise :class:`DatabaseUnavailable` when it holds another application's tables
    (newsmon's migrations would add theirs beside them), or, for a command that only reads
    (``create=False``), when it is empty: ``newsmon stats --db …/postgres`` must not lay
    newsmon's tables into the server's default database (a new user's trial did). An empty
    database is newsmon's to fill by a crawl: ``createdb newsmon``, then ``newsmon crawl``.
    SQLite files are checked before they are opened."""
    if engine.dialect.name == "sqlite":
        return
    tables = set(inspect(engine).get_table_names())
    where = engine.url.render_as_string(hide_password=True)
    if tables and "alembic_version" not in tables:
        raise DatabaseUnavailable(f"{where} holds another application's tables, not a newsmon "
                                  "database (left as it is); check --db or $NEWSMON_DATABASE_URL")
    if not tables and not create:
        raise DatabaseUnavailable(f"{where} is empty, no newsmon database (left as it is); run "
                                  "`newsmon crawl` to fill it, or check --db or $NEWSMON_DATABASE_URL")


def check_sqlite_path(url: str, create: bool = True) -> None:
    """Raise :class:`DatabaseUnavailable` when the SQLite file of `url` cannot be used as asked
    (:class:`DatabaseURLError` for an in-memory database); nothing is created or opened. Other
    engines pass."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return  # make_engine says what is wrong with it
    if parsed.get_backend_name() != "sqlite":
        return
    if parsed.database in (None, "", ":memory:"):   # a crawl "stored" articles and lost them all
        raise DatabaseURLError(f"{url!r} is an in-memory SQLite database: what a command stores "
                               "there is gone when it ends; give a file, e.g. sqlite:///newsmon.db")
    if parsed.host:   # sqlite://bees/bees.db: "bees" is read as a host and left out of the path
        raise DatabaseUnavailable(f"{url!r} has a host part ({parsed.host}), which SQLite has not; "
                                  f"for the file {parsed.host}/{parsed.database} write three slashes: "
                                  f"sqlite:///{parsed.host}/{parsed.database}")
    path = Path(parsed.database).expanduser()
    fix = "check --db or $NEWSMON_DATABASE_URL"
    if path.is_dir():
        raise DatabaseUnavailable(f"{path} is a folder, not a database file; {fix}")
    if not path.exists():
        if not path.parent.is_dir():
            rooted = Path("/") / path
            if not path.is_absolute() and rooted.parent.is_dir():   # sqlite:///tmp/x.db
                raise DatabaseUnavailable(f"folder {path.parent} does not exist here; for "
                                          f"{rooted} write four slashes: sqlite:///{rooted}")
            raise DatabaseUnavailable(f"folder {path.parent} does not exist; create it "
                                      f"(mkdir -p {path.parent}) or {fix}")
        if not create:
            raise DatabaseUnavailable(f"no database at {path}; run `newsmon crawl` to make one, "
                                      f"or {fix}")
        return
    # Asked through SQLite, read-only, never by opening the file ourselves: closing any other
    # descriptor of the file drops this process's POSIX locks on it (a live connection of the
    # service then read "disk I/O error"; https://www.sqlite.org/howtocorrupt.html#_posix_advisory_locks_canceled_by_a_separate_thread_doing_close_).
    try:
        probe = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            tables = {name for (name,) in probe.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            probe.close()
        if tables and "alembic_version" not in tables:
            # Another application's database: newsmon's migrations would add their tables to it.
            raise DatabaseUnavailable(f"{path} holds another application's tables, not a newsmon "
                                      f"database (left as it is); {fix}")
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise DatabaseUnavailable(f"{path} is not an SQLite database (left as it is); {fix}"
                                      ) from None
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_CANTOPEN":
            raise DatabaseUnavailable(_cannot_open(path, fix)) from None


def _cannot_open(path: Path, fix: str) -> str:
    """Why SQLite could not open an existing file: unreadable, or a folder it cannot write (a
    database in WAL mode needs its ``-shm`` and ``-wal`` files beside it, even to be read; an
    operator's trial was told "cannot read" for a readable file in a read-only folder)."""
    folder = path.resolve().parent
    if not os.access(path, os.R_OK):
        return f"cannot read {path} (permission denied); {fix}"
    read_only_fs = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    if read_only_fs or not os.access(folder, os.W_OK):
        what = "is on a read-only file system" if read_only_fs else "is not writable"
        return (f"the folder {folder} {what}, and SQLite writes its journal beside "
                f"{path.name} even to read it; make the folder writable or copy the database "
                f"to one that is; {fix}")
    return f"cannot open {path}; {fix}"


def is_disk_full(reason: str) -> bool:
    """Whether a database error's message says its disk is full (SQLite, PostgreSQL)."""
    return "database or disk is full" in reason or "No space left on device" in reason


def explain(url, exc: DBAPIError | str) -> str:
    """One line for a database that failed to open or to write (`exc`, or its message): what
    happened and what to do. A full disk is named as such (SQLite's "database or disk is
    full", PostgreSQL's "No space left on device"): the database itself is fine."""
    reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
    if len(reason) > 200:
        reason = reason[:200] + "…"
    where = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "postgresql":
        host = f"{url.host or 'localhost'}:{url.port or 5432}"
        if f'database "{url.database}" does not exist' in reason:
            return (f"PostgreSQL at {host} has no database {url.database!r}; create it "
                    f"(createdb -h {url.host or 'localhost'} {url.database}) or check --db")
        if is_disk_full(reason):
            return (f"PostgreSQL at {host} has run out of disk space ({reason}); free space on "
                    "its server: what was stored is kept")
        if "authentication failed" in reason or re.search(r'role "[^"]*" does not exist', reason):
            return (f"PostgreSQL at {host} refused the user {url.username or '(none)'!r} "
                    f"({reason}); check the user and password in --db or $NEWSMON_DATABASE_URL")
        return (f"cannot use PostgreSQL at {host} ({reason}); start the server or check --db "
                "or $NEWSMON_DATABASE_URL")
    if is_disk_full(reason) and url.database:
        folder = os.path.dirname(os.path.abspath(url.database))
        return (f"the disk holding {folder} is full ({reason}); free space there: what was "
                "stored is kept")
    return f"cannot open the database {where} ({reason}); check --db or $NEWSMON_DATABASE_URL"


_shared: dict[str, sessionmaker[Session]] = {}


def shared_sessionmaker(url: str | None = None) -> sessionmaker[Session]:
    """One migrated engine per URL per process, for the crawl's runner and its components to
    share (``release_shared`` closes it when the crawl ends)."""
    url = database_url(url)
    if url not in _shared:
        _shared[url] = open_database(url)[1]
    return _shared[url]


def release_shared(url: str | None = None) -> None:
    """Close the pooled connections of the shared engine for `url` and forget it; the next
    ``shared_sessionmaker`` opens a new one. A crawl calls it when it ends, so a process that
    crawls again and again (the demo, tests, a worker) keeps no connection between crawls."""
    factory = _shared.pop(database_url(url), None)
    if factory is not None:
        factory.kw["bind"].dispose()


@dataclass
class LocalSettings:
    """What ``pg_local_settings`` gives its block: the values of its `also` expressions, and the
    SQL expression (with its parameters) that puts the settings back when a statement evaluates
    it. A block whose last statement evaluates ``restore_sql`` sets ``restored`` (saving the
    round trip of a statement of its own)."""
    values: tuple
    restore_sql: str
    restore_params: dict
    restored: bool = False


@contextmanager
def pg_local_settings(session: Session, settings: dict[str, str], also: str = "",
                      params: dict | None = None):
    """Run the block with PostgreSQL `settings` (name → value, as ``SET`` takes them) local to the
    current transaction, then put back the values they had: one statement before the block, one
    after (none if the block's last statement did it: ``LocalSettings.restored``). Raises what
    ``set_config`` raises for an unknown name or a bad value. If the block raises, the values
    stay until the transaction ends (``SET LOCAL``: a rollback or commit puts them back).

    `also`: more SQL expressions (comma-separated, with their bound `params`) computed in the
    same statement as the settings, saving a round trip; their values are the block's
    ``LocalSettings.values``. They are planned before the settings change."""
    names = list(settings)
    keys = {f"n{i}": name for i, name in enumerate(names)}
    sets = ", ".join(f"set_config(:n{i}, :v{i}, true)" for i in range(len(names)))
    # The materialised CTE is read before the outer row's set_config calls run.
    olds = ", ".join(f"current_setting(:n{i}) AS o{i}" for i in range(len(names)))
    cols = ", ".join(f"old.o{i}" for i in range(len(names)))
    row = session.execute(text(f"WITH old AS MATERIALIZED (SELECT {olds}) SELECT {cols}, {sets}"
                               f"{', ' + also if also else ''} FROM old"),
                          {**keys, **{f"v{i}": str(v) for i, v in enumerate(settings.values())},
                           **(params or {})}).one()
    state = LocalSettings(
        tuple(row[2 * len(names):]),
        " || ".join(f"set_config(:restore_n{i}, :restore_v{i}, true)" for i in range(len(names))),
        {**{f"restore_n{i}": name for i, name in enumerate(names)},
         **{f"restore_v{i}": str(v) for i, v in enumerate(row[:len(names)])}})
    yield state
    if not state.restored:
        session.execute(text(f"SELECT {state.restore_sql}"), state.restore_params)
