"""Crash and restart: a crawl killed alone leaves no worker behind; PostgreSQL restarted in the
middle of a crawl: the crawl goes on or fails cleanly, and the next crawl completes with every
article stored once. (A SIGKILL of the whole process group, then a rerun, is
``test_faults.py::test_sigkill_mid_crawl_loses_nothing_and_stores_nothing_twice``.)"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from conftest import PG_ADMIN, PG_URL
from run import newsmon, rows
from sites import slow_articles

ROOT = Path(__file__).resolve().parents[1]


def children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            kids.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    return kids


def descendants(pid: int) -> list[int]:
    kids, found, stack = children(), [], [pid]
    while stack:
        for child in kids.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_sigkill_of_the_crawl_process_alone_leaves_no_worker_behind(news_site, tmp_path,
                                                                   sqlite_url):
    slow_articles(news_site, 2)
    cmd = [sys.executable, "-m", "newsmon", "crawl", "--outlets",
           str(news_site.outlets_yaml(tmp_path)), "--db", sqlite_url]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    family: list[int] = []
    deadline = time.monotonic() + 90
    # Until the extraction workers run: the fork server and at least one worker under it.
    while time.monotonic() < deadline and proc.poll() is None:
        family = descendants(proc.pid)
        kids = children()
        if any(len(kids.get(pid, [])) >= 1 for pid in family):
            break
        time.sleep(0.1)
    assert proc.poll() is None, "the crawl ended before its workers started"
    family = descendants(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)  # the crawl process only, not its group
    proc.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(alive(p) for p in family):
        time.sleep(0.2)
    assert len(family) >= 2
    assert not [p for p in family if alive(p)]


def pg_cluster() -> list[str] | None:
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if not versions or not shutil.which("pg_ctlcluster") or os.geteuid() != 0:
        return None
    return ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main"]


@pytest.fixture
def restartable_pg():
    """A scratch database on the local server, made and dropped over fresh connections (a
    restart ends any connection held across it)."""
    cluster = pg_cluster()
    if cluster is None:
        pytest.skip("needs root and pg_ctlcluster to restart the local PostgreSQL")
    try:
        psycopg.connect(PG_ADMIN, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL unreachable ({exc})")
    name = f"newsmon_restart_{secrets.token_hex(6)}"

    def admin(statement):
        for _ in range(60):  # the server may still be starting after the test's restart
            try:
                with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(statement)
                return
            except psycopg.OperationalError:
                time.sleep(0.5)
        raise RuntimeError(f"PostgreSQL did not come back for {statement!r}")

    admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield cluster, PG_URL.format(name=name)
    finally:
        admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_postgresql_restarted_mid_crawl_loses_nothing(news_site, tmp_path, restartable_pg):
    cluster, pg_url = restartable_pg
    slow_articles(news_site, 1.5)
    config = str(news_site.outlets_yaml(tmp_path))
    cmd = [sys.executable, "-m", "newsmon", "crawl", "--outlets", config, "--db", pg_url]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if rows(pg_url, "SELECT count(*) FROM articles")[0][0] >= 1:
                break
        except Exception:  # the schema is being created
            pass
        time.sleep(0.1)
    subprocess.run([*cluster, "restart"], check=True, capture_output=True, timeout=120)
    out, err = proc.communicate(timeout=300)
    # Goes on (exit 0) or fails cleanly (one line, non-zero): never a traceback.
    assert "Traceback" not in out + err, err[-3000:]
    if proc.returncode != 0:
        assert len([l for l in err.splitlines() if l.startswith("Error: ")]) == 1, err[-3000:]
    again = newsmon("crawl", "--outlets", config, "--db", pg_url)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr[-3000:]
    urls = [u for (u,) in rows(pg_url, "SELECT url FROM articles")]
    published = {o.article_url(news_site.base_url, p)
                 for o in news_site.outlets.values() for p in o.published_pages()}
    assert set(urls) == published and len(urls) == len(set(urls))


def test_ctrl_c_while_the_workers_load_loses_no_article(news_site, tmp_path, sqlite_url):
    """Ctrl-C reaches the whole process group, the fork server too, which spends its first
    second loading trafilatura and the model: it used to die there with a traceback, the pool
    could not start, and every page in flight was recorded as "no article", not to be fetched
    for a week (a new user's trial). Now: no traceback, exit 130, nothing recorded against the
    pages, and the next crawl stores them all."""
    outlets = str(news_site.outlets_yaml(tmp_path))
    cmd = [sys.executable, "-m", "newsmon", "crawl", "--outlets", outlets, "--db", sqlite_url]
    # its own session, so the group's SIGINT reaches what a terminal's would, and nothing else
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and not any(
            "forkserver" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")
            for p in descendants(proc.pid) if alive(p)):
        time.sleep(0.02)
    assert proc.poll() is None, "the crawl ended before its workers started"
    time.sleep(0.5)   # the fork server is loading its modules, the pages are downloading
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err and "Interrupted" in err
    assert rows(sqlite_url, "SELECT url FROM url_outcomes WHERE outcome IN ('no_article', 'not_article')") == []
    expected = sum(len(o.published_pages()) for o in news_site.outlets.values())
    assert newsmon("crawl", "--outlets", outlets, "--db", sqlite_url).returncode == 0
    assert rows(sqlite_url, "SELECT count(*) FROM articles")[0][0] == expected


def test_workers_killed_from_outside_lose_no_article(news_site, tmp_path, sqlite_url):
    """`systemctl stop` sends SIGTERM to every process of the unit, the extraction workers too:
    a worker that dies (a signal, or a crash) broke the pool, and the pages it held were
    recorded as "no article" for a week. Now they are fetched again by the next crawl."""
    slow_articles(news_site, 0.3, stagger=0.2)   # the crawl is still running when they die
    outlets = str(news_site.outlets_yaml(tmp_path))
    proc = subprocess.Popen([sys.executable, "-m", "newsmon", "crawl", "--outlets", outlets,
                             "--db", sqlite_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and not workers:
        kids = children()
        server = [p for p in descendants(proc.pid) if alive(p) and "forkserver" in
                  Path(f"/proc/{p}/cmdline").read_text(errors="replace")]
        workers = [w for s in server for w in kids.get(s, []) if alive(w)]
        time.sleep(0.05)
    assert workers and proc.poll() is None, "the crawl ended before its workers started"
    for pid in workers:
        os.kill(pid, signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err, err[-2000:]
    assert rows(sqlite_url, "SELECT url FROM url_outcomes WHERE outcome IN ('no_article', 'not_article')") == []
    expected = sum(len(o.published_pages()) for o in news_site.outlets.values())
    assert newsmon("crawl", "--outlets", outlets, "--db", sqlite_url).returncode == 0
    assert rows(sqlite_url, "SELECT count(*) FROM articles")[0][0] == expected


#: `newsmon crawl` with a SIGINT to itself just after Scrapy installs its shutdown handlers,
#: before the spider opens: the moment a new-user trial hit by hand ~0.8 s after launch.
EARLY_INTERRUPT = """
import os, signal, sys
import scrapy.crawler as sc
start = sc.CrawlerProcess.start
def interrupted_start(self, *args, **kwargs):
    from twisted.internet import reactor
    reactor.addSystemEventTrigger(
        "after", "startup", lambda: reactor.callLater(0, os.kill, os.getpid(), signal.SIGINT))
    return start(self, *args, **kwargs)
sc.CrawlerProcess.start = interrupted_start
from newsmon.__main__ import main
sys.argv = ["newsmon", "crawl", "--outlets", sys.argv[1], "--db", sys.argv[2]]
main()
"""


def test_ctrl_c_before_the_spider_opens_is_an_interrupted_run_not_a_success(news_site, tmp_path,
                                                                           sqlite_url):
    """It printed "run 1: unknown", stored the run as failed with no reason, and exited 0; the
    demo then went on to write an empty digest."""
    run = subprocess.run([sys.executable, "-c", EARLY_INTERRUPT, str(news_site.outlets_yaml(tmp_path)),
                          sqlite_url], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 130, run.stdout[-1000:] + run.stderr[-2000:]
    assert run.stderr.strip().splitlines()[-1].startswith("Interrupted:")
    assert "Traceback" not in run.stderr
    assert rows(sqlite_url, "SELECT status, finish_reason FROM crawl_runs") == [("interrupted", "shutdown")]


STARTUP_SIGNAL = """
import os, signal, sys
import crawler.runner as runner
prepare, signum = runner._prepare, getattr(signal, sys.argv[3])
def signalled_prepare(*args, **kwargs):
    got = prepare(*args, **kwargs)    # the database is migrated, the crawler not yet running
    os.kill(os.getpid(), signum)
    return got
runner._prepare = signalled_prepare
from newsmon.__main__ import main
sys.argv = ["newsmon", "crawl", "--outlets", sys.argv[1], "--db", sys.argv[2]]
main()
"""


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_a_signal_while_the_crawl_starts_up_stops_it_as_one_later_does(news_site, tmp_path,
                                                                       sqlite_url, signame):
    """A new-user trial: Ctrl-C 0.2-0.5 s after `newsmon crawl` began was lost (the whole crawl
    ran, exit 0) or printed "Aborted!" (exit 1: `newsmon schedule` recorded a failed crawl);
    SIGTERM then killed the process. Now the crawl stops at its first moment: the report,
    "Interrupted", exit 130, the run recorded as interrupted, nothing fetched."""
    run = subprocess.run([sys.executable, "-c", STARTUP_SIGNAL, str(news_site.outlets_yaml(tmp_path)),
                          sqlite_url, signame], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 130, run.stdout[-1000:] + run.stderr[-2000:]
    assert run.stderr.strip().splitlines()[-1].startswith("Interrupted:")
    assert "Traceback" not in run.stderr
    assert rows(sqlite_url, "SELECT status, finish_reason FROM crawl_runs") == [("interrupted", "shutdown")]
    assert rows(sqlite_url, "SELECT count(*) FROM articles") == [(0,)]


def test_ctrl_c_while_the_commands_load_is_exit_130():
    """Before any command runs there is nothing to stop gracefully: click's "Aborted!", and the
    shell's code for a Ctrl-C, which `newsmon schedule` reads as an interrupted crawl."""
    script = ("import sys\n"
              "class Stop:\n"
              "    def find_spec(self, name, *args):\n"
              "        if name == 'newsmon.cli':\n"
              "            raise KeyboardInterrupt\n"
              "sys.meta_path.insert(0, Stop())\n"
              "from newsmon.__main__ import main\n"
              "sys.argv = ['newsmon', 'stats']\n"
              "main()\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert (run.returncode, run.stderr.strip()) == (130, "Aborted!")


def test_the_fork_server_ignores_ctrl_c_from_its_first_instruction():
    """Ctrl-C reaches the whole process group; while the fork server (and multiprocessing's
    resource tracker) imported their first modules it printed a traceback from them (a new-user
    trial, ~0.9 s into a crawl). They are spawned with SIGINT ignored now."""
    script = ("import os, sys\n"
              "from multiprocessing import forkserver, resource_tracker\n"
              "from pipelines.workers import spawn_ignoring_interrupts\n"
              "spawn_ignoring_interrupts()\n"
              "for pid in (forkserver._forkserver._forkserver_pid, resource_tracker._resource_tracker._pid, os.getpid()):\n"
              "    status = open(f'/proc/{pid}/status').read()\n"
              "    ignored = int(next(l for l in status.splitlines() if l.startswith('SigIgn')).split()[1], 16)\n"
              "    print(bool(ignored & 2))\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT)
    # the fork server and the tracker ignore it; this process still answers it
    assert run.stdout.split() == ["True", "True", "False"], run.stdout + run.stderr
