"""The service (`newsmon schedule`) in a real process: a digest missed while it was down runs once
on start, a restart later that day sends nothing again, each run is one line on stderr without
-v, and `newsmon schedule status` reads it all from the database."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest

from run import newsmon, rows
from scheduler import ScheduleConfig, digest_missed, last_digest_due
from sites import slow_articles
from storage.engine import open_database
from storage.models import JobRun
from test_mail import seed, smtp  # noqa: F401  (the SMTP sink fixture)

UTC = timezone.utc


def _job_run(db_url, job, started, outcome="ok"):
    with open_database(db_url)[1]() as s:
        s.add(JobRun(job=job, started_at=started, finished_at=started, outcome=outcome,
                     summary="seeded by the test"))
        s.commit()


def test_last_digest_due_is_today_or_yesterday_in_the_service_time_zone():
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)          # 07:00 in Havana
    assert last_digest_due(now, "06:30", "America/Havana").isoformat() == \
        "2026-12-01T06:30:00-05:00"
    assert last_digest_due(now, "07:30", "America/Havana").isoformat() == \
        "2026-11-30T07:30:00-05:00"


def test_a_digest_is_missed_only_when_the_service_existed_before_its_time(sqlite_url):
    sessions = open_database(sqlite_url)[1]
    config = ScheduleConfig(db_url=sqlite_url, digest_at="07:00")
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert not digest_missed(sessions, config, now)             # a first start: nothing missed
    _job_run(sqlite_url, "crawl", now - timedelta(days=1))
    assert digest_missed(sessions, config, now)                 # down over 07:00
    _job_run(sqlite_url, "digest", now - timedelta(hours=1), outcome="failed")
    assert digest_missed(sessions, config, now)                 # a failed run does not count
    _job_run(sqlite_url, "digest", now - timedelta(hours=1, minutes=30))
    assert not digest_missed(sessions, config, now)             # ran at 07:30


def _start(args, env=None):
    return subprocess.Popen([sys.executable, "-m", "newsmon", "schedule", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _wait(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}")


def _stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err[-2000:]
    return out, err


def _runs(db_url, job):
    try:
        return rows(db_url, "SELECT count(*) FROM job_runs WHERE job = :j AND outcome != 'running'",
                    j=job)[0][0]
    except Exception:  # noqa: BLE001 - the service has not made its tables yet
        return 0


def test_missed_digest_runs_once_on_start_and_a_restart_sends_nothing_twice(
        news_site, smtp, sqlite_url, tmp_path):  # noqa: F811
    import os

    seed(sqlite_url)
    now = datetime.now(UTC)
    _job_run(sqlite_url, "crawl", now - timedelta(days=2))      # the service ran before
    recipients = tmp_path / "r.yaml"
    recipients.write_text("recipients:\n  - email: reader@example.org\n")
    args = ["--outlets", str(news_site.outlets_yaml(tmp_path)), "--recipients", str(recipients),
            "--digest-at", (now - timedelta(minutes=5)).strftime("%H:%M"), "--tz", "UTC",
            "--every", "600", "--deliver-every", "600", "--digest-dir", str(tmp_path / "d"),
            "--db", sqlite_url]
    env = dict(os.environ)
    env.pop("NEWSMON_DATABASE_URL", None)

    first = _start(args, env)
    _wait(lambda: len(smtp.messages) == 1 and _runs(sqlite_url, "crawl") == 2, 120,
          "the caught-up digest and the first crawl")
    out, err = _stop(first)
    assert "digest ok: " in err and "queued 1" in err and "sent: 1, pending: 0" in err
    assert "crawl ok: run " in err                                # one line per run, no -v
    status = json.loads(newsmon("schedule", "status", "--format", "json", "--db",
                                sqlite_url).stdout)
    by_job = {j["job"]: j for j in status}
    assert by_job["digest"]["outcome"] == "ok" and by_job["digest"]["next_run"]
    assert {"crawl", "digest", "deliver"} <= set(by_job)

    second = _start(args, env)                                   # a restart the same day
    _wait(lambda: _runs(sqlite_url, "crawl") == 3, 120, "the second start's crawl")
    time.sleep(1)
    _stop(second)
    assert len(smtp.messages) == 1                               # nothing sent twice
    assert _runs(sqlite_url, "digest") == 1                      # and not even built again
    table = newsmon("schedule", "status", "--db", sqlite_url).stdout
    assert table.splitlines()[0].split() == ["job", "last", "run", "outcome", "next", "run",
                                             "summary"]


def test_sigterm_lets_the_running_crawl_finish_within_the_grace(news_site, sqlite_url,
                                                                 tmp_path):
    import os

    env = dict(os.environ)
    env.pop("NEWSMON_DATABASE_URL", None)
    slow_articles(news_site, 0.5)   # the crawl still runs when SIGTERM comes, however loaded
    proc = _start(["--outlets", str(news_site.outlets_yaml(tmp_path)), "--every", "600",
                   "--stop-grace", "90", "--digest-dir", str(tmp_path / "d"), "--db",
                   sqlite_url], env)

    def crawl_started():
        try:
            return rows(sqlite_url, "SELECT count(*) FROM job_runs WHERE job = 'crawl'")[0][0]
        except Exception:  # noqa: BLE001 - the tables may not exist yet
            return 0
    _wait(crawl_started, 60, "the first crawl to start")
    out, err = _stop(proc)                      # SIGTERM while the crawl child runs
    assert "waiting up to 90 s for the running crawl" in err
    assert rows(sqlite_url, "SELECT outcome FROM job_runs WHERE job = 'crawl'") == [("ok",)]
    assert rows(sqlite_url, "SELECT status FROM crawl_runs") == [("finished",)]
    assert rows(sqlite_url, "SELECT count(*) FROM articles")[0][0] > 0


def test_ctrl_c_stops_the_service_and_its_crawl_cleanly(news_site, sqlite_url, tmp_path):
    """Ctrl-C in a terminal sends SIGINT to the whole process group: the service, its crawl
    child and the crawl's extraction workers. The crawl stops gracefully (what it stored stays),
    the run is recorded, nobody prints a traceback, and the service is gone in seconds (it hung
    90 s until SIGKILL, "crawl failed: exit -9", when the workers took the signal)."""
    import os

    env = dict(os.environ)
    env.pop("NEWSMON_DATABASE_URL", None)
    slow_articles(news_site, 0.5, stagger=0.4)   # the crawl still runs when Ctrl-C comes
    # Its own session, so the group's SIGINT reaches what a terminal's would, and nothing else;
    # SIGINT at its default (a background job of a shell would inherit it ignored).
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsmon", "schedule", "--outlets",
         str(news_site.outlets_yaml(tmp_path)), "--every", "600", "--stop-grace", "60",
         "--digest-dir", str(tmp_path / "d"), "--db", sqlite_url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))

    def stored():
        try:
            return rows(sqlite_url, "SELECT count(*) FROM articles")[0][0]
        except Exception:  # noqa: BLE001 - the tables may not exist yet
            return 0
    try:
        _wait(lambda: stored() >= 1, 60, "the first crawl to store an article")
        started = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=45)
        took = time.monotonic() - started
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert proc.returncode == 0, err[-2000:]
    assert took < 30, (took, err[-2000:])
    assert "Traceback" not in err and "Aborted" not in err, err[-2000:]
    # recorded as the crawl's own run is (a trial: "crawl ok" beside an interrupted run)
    assert rows(sqlite_url, "SELECT outcome FROM job_runs WHERE job = 'crawl'") == [("interrupted",)], \
        err[-2000:]
    assert rows(sqlite_url, "SELECT status FROM crawl_runs") == [("interrupted",)]
    assert err.rstrip().endswith("service stopped"), err[-500:]   # the crawl recorded first
    assert stored() >= 1


def test_the_crawl_tags_with_the_topics_file_of_NEWSMON_TOPICS_FILE(news_site, sqlite_url,
                                                                     tmp_path):
    """The service hands its topics file to each crawl; a crawl on its own reads the same
    setting name from the environment, so the crawl and the digest use one file."""
    topics = tmp_path / "mine.yaml"
    topics.write_text("topics:\n  - id: everything\n    label: Everything\n"
                      "    description: any article in English\n    threshold: 1\n"
                      "    min_sentences: 1\n    terms:\n      en:\n        government: 3\n        people: 3\n        year: 3\n")
    result = newsmon("crawl", "--outlets", str(news_site.outlets_yaml(tmp_path)), "--db",
                     sqlite_url, env={"NEWSMON_TOPICS_FILE": str(topics),
                                      "NEWSMON_TOPICS_EMBEDDING": "0"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert rows(sqlite_url, "SELECT DISTINCT topic_id FROM article_topics") == [("everything",)]


def test_the_service_merges_the_full_text_index_once_a_day_after_a_crawl(sqlite_url):
    """FTS5's optimize holds the write lock, so the service runs it in the crawl job, after the
    crawl, and only on the first crawl of a day; on PostgreSQL there is nothing to do."""
    import scheduler

    open_database(sqlite_url)
    scheduler._optimized_on = None
    assert "merged into one segment" in scheduler._optimize_daily(sqlite_url)
    assert scheduler._optimize_daily(sqlite_url) is None               # done today already
    scheduler._optimized_on = None
    assert scheduler._optimize_daily("postgresql+psycopg://u@127.0.0.1/x") is None


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_second_service_on_the_same_database_refuses_to_start(news_site, tmp_path, request, engine):
    """A tester started `newsmon schedule` twice on one database: every job ran twice (each new
    article fetched twice) and the second service silently moved the first one's schedule."""
    import os

    db_url = request.getfixturevalue("sqlite_url" if engine == "sqlite" else "pg_url")
    env = dict(os.environ)
    env.pop("NEWSMON_DATABASE_URL", None)
    args = ["--outlets", str(news_site.outlets_yaml(tmp_path)), "--every", "600",
            "--digest-dir", str(tmp_path / "d"), "--db", db_url]
    first = _start(args, env)
    try:
        _wait(lambda: _runs(db_url, "crawl") >= 1, 120, "the first service's crawl")
        second = subprocess.run([sys.executable, "-m", "newsmon", "schedule", *args], env=env,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode != 0
        assert "another `newsmon schedule`" in second.stderr and "Traceback" not in second.stderr
        assert len(second.stderr.strip().splitlines()) == 1, second.stderr
    finally:
        _stop(first)
    third = _start(args, env)   # the lock went with the first service
    try:
        _wait(lambda: _runs(db_url, "crawl") >= 2, 120, "the next service's crawl")
    finally:
        _stop(third)


def test_a_killed_services_crawl_stops_and_its_runs_are_closed_on_the_next_start(
        news_site, sqlite_url, tmp_path):
    """kill -9 of the service left its crawl running as an orphan beside the restarted service's
    own, and both runs 'running' in `stats` and `schedule status` for good."""
    import os

    env = dict(os.environ)
    env.pop("NEWSMON_DATABASE_URL", None)
    slow_articles(news_site, 0.5, stagger=0.4)   # the crawl still runs when the service dies
    args = ["--outlets", str(news_site.outlets_yaml(tmp_path)), "--every", "600",
            "--digest-dir", str(tmp_path / "d"), "--db", sqlite_url]
    proc = _start(args, env)

    def crawling():
        try:
            return rows(sqlite_url, "SELECT count(*) FROM crawl_runs")[0][0]
        except Exception:  # noqa: BLE001 - the tables may not exist yet
            return 0
    _wait(crawling, 60, "the first crawl to start")
    proc.kill()
    proc.communicate()
    crawl_children = lambda: subprocess.run(   # noqa: E731
        ["pgrep", "-f", f"newsmon crawl .*--db {sqlite_url}"], capture_output=True, text=True).stdout.split()
    _wait(lambda: not crawl_children(), 60, "the orphaned crawl to stop")
    again = _start(args, env)
    try:
        _wait(lambda: _runs(sqlite_url, "crawl") >= 2, 120, "the restarted service's crawl")
    finally:
        _stop(again)
    assert ("interrupted",) in rows(sqlite_url, "SELECT outcome FROM job_runs WHERE job = 'crawl'")
    assert rows(sqlite_url, "SELECT count(*) FROM crawl_runs WHERE status = 'running'")[0][0] == 0
    assert rows(sqlite_url, "SELECT count(*) FROM job_runs WHERE outcome = 'running'")[0][0] == 0


def test_a_failed_digest_runs_again_at_the_next_delivery_round(smtp, sqlite_url, tmp_path):  # noqa: F811
    """A tester broke the recipients file while the service ran: the 07:00 digest failed, and
    fixing the file changed nothing until a restart (every reader lost that day's mail)."""
    from dataclasses import asdict

    from scheduler import deliver_job

    seed(sqlite_url)
    now = datetime.now(UTC)
    recipients = tmp_path / "r.yaml"
    recipients.write_text("recipients:\n  - email: reader@example.org\n")   # fixed since
    config = asdict(ScheduleConfig(db_url=sqlite_url, recipients_file=str(recipients), timezone="UTC",
                                   digest_at=(now - timedelta(minutes=10)).strftime("%H:%M"),
                                   digest_dir=str(tmp_path / "d")))
    _job_run(sqlite_url, "digest", now - timedelta(minutes=5), outcome="failed")
    assert deliver_job(config) == "ok"
    assert rows(sqlite_url, "SELECT outcome FROM job_runs WHERE job = 'digest' ORDER BY id") == [
        ("failed",), ("ok",)]
    assert len(smtp.to("reader@example.org")) == 1
    deliver_job(config)                                   # done: not run a third time
    assert _runs(sqlite_url, "digest") == 2 and len(smtp.messages) == 1


def test_a_database_outage_is_one_line_every_few_minutes_not_a_flood(caplog):
    """APScheduler logged the failed SQL, several lines, every 10 s while PostgreSQL was down."""
    import logging

    from newsmon.cli.schedule import _OutageLines

    logger = logging.getLogger("test.apscheduler")
    logger.addFilter(_OutageLines())

    class Down(Exception):
        orig = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused\n\tIs it running?'

    with caplog.at_level(logging.WARNING, logger="test.apscheduler"):
        for _ in range(3):
            logger.warning("Error getting due jobs from job store %r: %s", "default", Down("[SQL: SELECT ...]"))
    assert [r.getMessage() for r in caplog.records] == [
        'the database cannot be reached (connection to server at "127.0.0.1", port 5432 failed: '
        'Connection refused); the service retries']


def test_a_crawl_run_of_a_process_that_ended_unreaped_is_closed_by_the_next(sqlite_url):
    """An orphaned crawl that ended is a zombie until something reaps it: `kill -0` still
    finds it, and its run stayed 'running' (seen in CI)."""
    import os
    import socket

    from storage import crawlstate
    from storage.models import CrawlRun

    zombie = subprocess.Popen(["true"])
    _wait(lambda: open(f"/proc/{zombie.pid}/stat").read().rsplit(")", 1)[1].split()[0] == "Z", 10,
          "the child to end")
    sessions = open_database(sqlite_url)[1]
    with sessions() as s:
        s.add(CrawlRun(status="running", outlets=1, stats={"host": socket.gethostname(), "pid": zombie.pid}))
        s.add(CrawlRun(status="running", outlets=1, stats={"host": socket.gethostname(), "pid": os.getpid()}))
        s.commit()
        crawlstate.start_run(s, 1)
    zombie.wait()
    assert rows(sqlite_url, "SELECT status FROM crawl_runs ORDER BY id") == [
        ("interrupted",), ("running",), ("running",)]   # the live process's run and the new one stay
