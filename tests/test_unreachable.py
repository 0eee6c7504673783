"""Unreachable hosts and bad databases: every failure a counted line, never a traceback.

One real `newsmon crawl` over a good local outlet plus outlets whose host refuses connections,
does not resolve (``.invalid``, RFC 6761), accepts and never answers, or answers TLS with plain
HTTP. Then bad ``--db`` values: each a one-line error and a non-zero exit, nothing created or
changed. Then the live progress line: drawn on a terminal (a pty), absent in a pipe.
"""
from __future__ import annotations

import json
import os
import pty
import re
import select
import socket
import subprocess
import sys
import threading
import time

import pytest
import yaml

from newsmon.demo.localsite import LocalSiteServer
from run import newsmon, rows
from sites import build_outlets


class SilentServer:
    """Accepts TCP connections and never says a word; counts them."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.accepted = []
        self.sock.settimeout(0.2)
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted.append(conn)

    def close(self):
        self.running = False
        self.thread.join()
        for conn in self.accepted:
            conn.close()
        self.sock.close()


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture(scope="module")
def dead_crawl(corpus_pages, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dead")
    silent = SilentServer()
    refused = free_port()
    with LocalSiteServer(build_outlets(corpus_pages[:6], 1)) as site:
        config = yaml.safe_load(site.outlets_yaml(tmp).read_text())
        tls = site.base_url.replace("http://", "https://")  # plain HTTP where TLS is expected
        config["outlets"] += [
            {"id": "refused", "name": "Refused", "language": "es",
             "feeds": [f"http://127.0.0.1:{refused}/feed/", f"http://127.0.0.1:{refused}/rss2/"],
             "sitemaps": [f"http://127.0.0.1:{refused}/news-sitemap.xml"]},
            {"id": "nodns", "name": "No such host", "language": "en",
             "feeds": ["https://no-such-host.invalid/rss.xml"],
             "sections": ["https://no-such-host.invalid/cuba/"]},
            {"id": "silent", "name": "Never answers", "language": "en", "timeout": 1,
             "feeds": [f"http://127.0.0.1:{silent.port}/feed.xml",
                       f"http://127.0.0.1:{silent.port}/other.xml"]},
            {"id": "badtls", "name": "Bad TLS", "language": "en", "feeds": [f"{tls}/x/feed.xml"]},
        ]
        path = tmp / "outlets.yaml"
        path.write_text(yaml.safe_dump(config))
        db = f"sqlite:///{tmp / 'dead.db'}"
        started = time.monotonic()
        result = newsmon("crawl", "--outlets", str(path), "--db", db)
        seconds = time.monotonic() - started
        published = {o.article_url(site.base_url, p)
                     for o in site.outlets.values() for p in o.published_pages()}
    silent.close()
    yield {"result": result, "db": db, "silent_connections": len(silent.accepted),
           "published": published, "seconds": seconds}


def summary_line(stdout: str, outlet: str) -> str:
    return next(line for line in stdout.splitlines() if re.match(rf"{outlet}\s", line))


def test_crawl_goes_on_and_counts_each_dead_outlet_by_kind(dead_crawl):
    result = dead_crawl["result"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stdout + result.stderr
    assert {u for (u,) in rows(dead_crawl["db"], "SELECT url FROM articles")} == dead_crawl["published"]
    out = result.stdout
    assert summary_line(out, "refused").endswith("feed_refused 2, sitemap_refused 1")
    assert summary_line(out, "nodns").endswith("feed_dns 1, section_dns 1")
    assert summary_line(out, "silent").endswith("feed_timeout 2")
    assert summary_line(out, "badtls").endswith("feed_tls 1")
    # The run's one line (kept by the service as the crawl job's summary) names them too.
    assert out.strip().splitlines()[-1].endswith("errors in 4 of 5 outlets: badtls, nodns, "
                                                 "refused, silent")


def test_one_warning_line_per_dead_host_naming_outlet_and_url(dead_crawl):
    err = dead_crawl["result"].stderr
    for outlet, kind in (("refused", "refused"), ("nodns", "dns"), ("silent", "timeout"),
                         ("badtls", "tls")):
        lines = [l for l in err.splitlines() if f"outlet {outlet}:" in l and "WARNING" in l]
        assert len(lines) == 1, (outlet, lines)
        assert re.search(rf"https?://\S+ unreachable \({kind}: ", lines[0]), lines[0]
    assert "ERROR" not in err, err[-3000:]


def test_a_dead_host_is_not_asked_again_for_each_of_its_urls(dead_crawl):
    # robots.txt: one request and Scrapy's two retries, 1 s each; its two feeds: none.
    assert dead_crawl["silent_connections"] == 3
    assert dead_crawl["seconds"] < 60


def test_dead_outlets_errors_are_kept_in_the_run_table(dead_crawl):
    counts = dict(rows(dead_crawl["db"], "SELECT outlet_id, counts FROM crawl_run_outlets"))
    for outlet, key in (("nodns", "error/feed_dns"), ("refused", "error/sitemap_refused"),
                        ("silent", "error/feed_timeout"), ("badtls", "error/feed_tls")):
        value = json.loads(counts[outlet]) if isinstance(counts[outlet], str) else counts[outlet]
        assert value.get(key, 0) >= 1, (outlet, value)


def test_a_crawl_where_every_outlet_failed_is_an_error_a_script_notices(tmp_path):
    """Nothing reachable at all (network down, dead outlet list): the summary still prints, and
    the exit is non-zero (3) with one line naming where to look; the run stays recorded."""
    refused = free_port()
    path = tmp_path / "outlets.yaml"
    path.write_text(yaml.safe_dump({"outlets": [
        {"id": "gone", "name": "Gone", "language": "en",
         "feeds": [f"http://127.0.0.1:{refused}/feed.xml"]},
        {"id": "nodns", "name": "No such host", "language": "es",
         "feeds": ["https://no-such-host.invalid/rss.xml"]}]}))
    db = f"sqlite:///{tmp_path / 'dead.db'}"
    result = newsmon("crawl", "--outlets", str(path), "--db", db)
    assert result.returncode == 3, result.stderr[-3000:]
    assert "Traceback" not in result.stdout + result.stderr
    assert summary_line(result.stdout, "gone").endswith("feed_refused 1")
    assert "errors in 2 of 2 outlets" in result.stdout.strip().splitlines()[-1]
    assert result.stderr.strip().splitlines()[-1].startswith("Error: every outlet failed")
    assert rows(db, "SELECT count(*) FROM crawl_runs") == [(1,)]
    # and `newsmon stats` says so: it called the run "finished" (a new-user trial)
    runs = newsmon("stats", "--runs", "--db", db)
    assert "failed" in runs.stdout and "finished" not in runs.stdout, runs.stdout
    probe = newsmon("outlets", "check", "--probe", "--timeout", "2", "--outlets", str(path))
    assert probe.returncode == 1 and "Traceback" not in probe.stderr, probe.stderr[-2000:]
    assert "unreachable" in probe.stdout and "Error: no feed or sitemap answered" in probe.stderr


# --- bad databases: one line naming the fix, non-zero exit, nothing made or changed ----------

@pytest.fixture
def outlets_file(tmp_path):
    path = tmp_path / "outlets.yaml"
    path.write_text(yaml.safe_dump({"outlets": [{"id": "x", "name": "X", "language": "en",
                                                 "feeds": ["http://127.0.0.1:9/feed.xml"]}]}))
    return str(path)


def one_line_error(result, *words):
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


def test_unreachable_postgresql(outlets_file):
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nope"
    one_line_error(newsmon("crawl", "--outlets", outlets_file, "--db", url), "PostgreSQL",
                   "start the server")
    one_line_error(newsmon("stats", "--db", url), "PostgreSQL")


def test_sqlite_in_a_missing_folder_is_never_created(tmp_path, outlets_file):
    url = f"sqlite:///{tmp_path / 'missing' / 'dir' / 'x.db'}"
    one_line_error(newsmon("search", "cuba", "--db", url), "does not exist", "mkdir -p")
    one_line_error(newsmon("crawl", "--outlets", outlets_file, "--db", url), "does not exist")
    assert not (tmp_path / "missing").exists()


def test_read_commands_never_create_a_database_file(tmp_path):
    one_line_error(newsmon("stats", "--db", f"sqlite:///{tmp_path / 'new.db'}"),
                   "no database", "newsmon crawl")
    assert not (tmp_path / "new.db").exists()


def test_a_file_that_is_not_a_database_is_left_as_it_is(tmp_path, outlets_file):
    path = tmp_path / "notes.db"
    path.write_bytes(b"not a database, just text\n" * 200)
    before = path.read_bytes(), path.stat().st_mtime_ns
    for args in (("stats",), ("search", "cuba"), ("crawl", "--outlets", outlets_file)):
        one_line_error(newsmon(*args, "--db", f"sqlite:///{path}"), "not an SQLite database")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db", "outlets.yaml"]


def test_an_unsupported_database_names_the_two_that_are(tmp_path):
    one_line_error(newsmon("stats", "--db", "mysql://me@localhost/news"), "SQLite",
                   "PostgreSQL")


def test_another_applications_database_is_left_as_it_is(tmp_path, outlets_file):
    """A --db that points at another program's SQLite file (a typo, a shell history mix-up) is
    refused: newsmon's migrations would otherwise add its twenty tables to that file."""
    import sqlite3

    path = tmp_path / "app.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.close()
    for args in (("stats",), ("search", "cuba"), ("crawl", "--outlets", outlets_file)):
        one_line_error(newsmon(*args, "--db", f"sqlite:///{path}"), "another application",
                       "--db")
    with sqlite3.connect(path) as conn:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    conn.close()
    assert names == ["invoices"]


def test_a_postgresql_database_of_another_application_is_left_as_it_is(pg_url, outlets_file):
    """The same on PostgreSQL: a database with another application's tables is refused by every
    command. An empty one is newsmon's for a crawl to fill; a command that only reads refuses
    it, as it refuses a missing SQLite file, and leaves it empty (a new user's `newsmon stats
    --db …/postgres` laid newsmon's 18 tables into the server's default database)."""
    import psycopg

    plain = pg_url.replace("+psycopg", "")
    with psycopg.connect(plain) as conn:
        conn.execute("CREATE TABLE invoices (id serial PRIMARY KEY, total real)")
    for args in (("stats",), ("search", "cuba"), ("crawl", "--outlets", outlets_file)):
        one_line_error(newsmon(*args, "--db", pg_url), "another application", "--db")
    with psycopg.connect(plain) as conn:
        names = [n for (n,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        conn.execute("DROP TABLE invoices")
    assert names == ["invoices"]
    for args in (("stats",), ("search", "cuba")):
        one_line_error(newsmon(*args, "--db", pg_url), "is empty", "newsmon crawl")
    with psycopg.connect(plain) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0
    filled = newsmon("crawl", "--outlets", outlets_file, "--db", pg_url)
    assert "Traceback" not in filled.stderr, filled.stderr[-2000:]
    empty = newsmon("stats", "--db", pg_url)
    assert empty.returncode == 0 and "Traceback" not in empty.stderr, empty.stderr[-2000:]


def test_config_files_that_are_not_utf8_get_one_line(tmp_path, outlets_file):
    """A config saved in another encoding (Latin-1 from an old editor) is bad input: one line
    naming the file and the fix, no traceback."""
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("outlets:\n  - id: diario\n    name: Diario de la Mañana\n".encode("latin-1"))
    db = f"sqlite:///{tmp_path / 'x.db'}"
    one_line_error(newsmon("outlets", "check", "--outlets", str(latin1)), "latin1.yaml", "UTF-8")
    one_line_error(newsmon("crawl", "--outlets", str(latin1), "--db", db), "UTF-8")
    one_line_error(newsmon("digest", "--recipients", str(latin1), "--db", db, "--dry-run"),
                   "latin1.yaml", "UTF-8")


# --- progress: on a terminal only --------------------------------------------------------------

def test_progress_on_a_terminal_and_quiet_in_a_pipe(news_site, tmp_path):
    config = str(news_site.outlets_yaml(tmp_path))
    cmd = [sys.executable, "-m", "newsmon", "crawl", "--outlets", config]
    piped = subprocess.run([*cmd, "--db", f"sqlite:///{tmp_path / 'a.db'}"],
                           capture_output=True, text=True, timeout=180)
    assert piped.returncode == 0 and piped.stderr == "", piped.stderr[-2000:]
    assert "outlets done" not in piped.stdout
    # stderr on a pseudo-terminal: the live line is drawn there; stdout keeps the summary.
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    env.pop("NEWSMON_DATABASE_URL", None)
    proc = subprocess.Popen([*cmd, "--db", f"sqlite:///{tmp_path / 'b.db'}"], stdout=subprocess.PIPE,
                            stderr=slave, env=env, text=True)
    os.close(slave)
    drawn = b""
    while True:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            drawn += chunk
        elif proc.poll() is not None:
            break
    stdout = proc.communicate(timeout=180)[0]
    os.close(master)
    assert proc.returncode == 0
    text = drawn.decode("utf-8", "replace")
    assert "outlets done" in text and " new · " in text and " errors · " in text, text[-2000:]
    assert re.search(r"^site-a\s+\d+", stdout, re.M) and "outlets done" not in stdout
    # Scrapy's own INFO lines only with -v (the quiet run above had an empty stderr).
    verbose = subprocess.run([sys.executable, "-m", "newsmon", "-v", "crawl", "--outlets", config,
                              "--db", f"sqlite:///{tmp_path / 'c.db'}"],
                             capture_output=True, text=True, timeout=180)
    assert verbose.returncode == 0 and re.search(r" INFO scrapy\.", verbose.stderr)
