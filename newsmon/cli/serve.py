"""`newsmon serve`: Datasette on the newsmon SQLite database, with newsmon's configuration.

Datasette is the web view (tables, facets, its search box over ``articles_fts``, canned queries,
an Atom feed per canned query through datasette-atom) rather than pages of our own: it is the
well-kept tool for browsing a SQLite file. It runs in this process (uvicorn), so the
configuration in ``storage/datasette/metadata.yaml`` is filed under the database's own name
without a temporary file. Datasette is an optional extra: ``pip install 'newsmon[web]'``.
"""
from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import sys
from pathlib import Path

import click
import yaml
from sqlalchemy.engine import make_url

from newsmon.cli.base import fail
from newsmon.cli.options import db_option
from newsmon.cli.output import open_db
from storage.engine import database_url

log = logging.getLogger(__name__)

METADATA = Path(__file__).resolve().parents[2] / "storage" / "datasette" / "metadata.yaml"


#: Tables of the morning mail: readers' addresses and whole messages (the outbox, the editions
#: and the service's job runs), not served beyond this machine.
PRIVATE_TABLES = ("deliveries", "digests", "job_runs", "scheduler_jobs")


def datasette_metadata(db_name: str, shared: bool = False) -> dict:
    """The shipped configuration with its database section filed under `db_name`. `shared`
    (served beyond this machine): PRIVATE_TABLES are neither listed nor served to anyone, and
    arbitrary SQL is off (it would read them); tables, facets, search and the canned queries
    stay. Datasette's permission blocks: ``allow: false`` denies everyone."""
    meta = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    database = meta["databases"]["newsmon"]
    if shared:
        for table in PRIVATE_TABLES:
            database.setdefault("tables", {}).setdefault(table, {}).update(hidden=True, allow=False)
        database["allow_sql"] = False
    meta["databases"] = {db_name: database}
    return meta


def _loopback(host: str) -> bool:
    """Whether `host` (a name or an address) is this machine's loopback interface only."""
    try:
        return all(ipaddress.ip_address(info[4][0]).is_loopback
                   for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM))
    except (OSError, ValueError):
        return False


@click.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True,
              help="TCP port (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (0.0.0.0 shows it to the network: then without the "
                   "readers' addresses and mails, and without arbitrary SQL).")
@db_option
def serve(port, host, db_url):
    """Browse and search the database in a web browser (Datasette).

    Tables with plain labels, facets on outlet, language and topic, the search box on
    articles, and canned queries (today's stories by topic, stories reported by 3 or more
    outlets this week, articles per topic per day, latest articles of a topic), each with an
    Atom feed (add .atom to its URL). SQLite only: for PostgreSQL see the README.

    Example: newsmon serve --port 8001 --db sqlite:///newsmon.db
    """
    url = make_url(database_url(db_url))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        fail("newsmon serve runs Datasette on a SQLite file; for PostgreSQL use `newsmon export "
             "--format jsonl` into sqlite-utils, or a PostgreSQL client (see README)")
    try:
        import uvicorn
        from datasette.app import Datasette
    except ImportError:
        fail("Datasette is not installed: pip install 'newsmon[web]'")
    _empty_feeds_are_feeds()
    _no_traceback_for_client_errors()
    open_db(db_url)  # an old database is migrated first
    path = Path(url.database).expanduser().resolve()
    shared = not _loopback(host)
    ds = Datasette([str(path)], metadata=datasette_metadata(path.stem, shared),
                   settings={"facet_time_limit_ms": 500, "sql_time_limit_ms": 3000})
    _check_port(host, port)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(ds.invoke_startup())
    # flushed: a pipe or a log file sees the address now, not when the server ends
    print(f"Datasette on http://{host}:{port}/{path.stem} (Ctrl-C stops it)", file=sys.stderr, flush=True)
    if shared:
        print("served beyond this machine: readers' addresses and mails are not, and SQL is "
              "limited to the canned queries (on 127.0.0.1 everything is)", file=sys.stderr, flush=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")


def _no_traceback_for_client_errors() -> None:
    """Datasette 0.65 prints a rich traceback, with local variables (the request's among them),
    for every error page when rich is importable, a 404 of a mistyped URL included (~100 lines
    in the terminal); newsmon installs rich for its progress display. Without it Datasette
    prints nothing for a 4xx and Python's traceback for a server error (500), as it should."""
    import datasette.handle_exception
    datasette.handle_exception.rich = None


def _empty_feeds_are_feeds() -> None:
    """datasette-atom 0.9 answers 500 for a query without rows (``max()`` of nothing); a feed
    reader polling "today's stories" before the first crawl of the day must get an empty feed."""
    import datasette_atom
    if getattr(datasette_atom.render_atom, "newsmon", False):
        return
    original = datasette_atom.render_atom

    # Datasette passes the arguments a renderer names: keep the plugin's signature.
    def render_atom(datasette, request, sql, columns, rows, database, table, query_name,
                    view_name, data):
        if rows or not datasette_atom.REQUIRED_COLUMNS.issubset(columns):
            return original(datasette, request, sql, columns, rows, database, table, query_name,
                            view_name, data)
        from datetime import datetime, timezone
        from feedgen.feed import FeedGenerator
        fg = FeedGenerator()
        fg.id(request.url)
        fg.link(href=request.url, rel="self")
        fg.title(query_name or "newsmon")
        fg.updated(datetime.now(timezone.utc))
        return datasette_atom.Response(fg.atom_str(pretty=True),
                                       content_type="application/xml; charset=utf-8")

    render_atom.newsmon = True
    datasette_atom.render_atom = render_atom


def _check_port(host: str, port: int) -> None:
    """One line and exit 1 when the address cannot be listened on (a port in use), before the
    server says it serves there."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        fail(f"cannot listen on {host}:{port} ({exc.strerror or exc}); pass --port with a free "
             "port or stop what uses it")
