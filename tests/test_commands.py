"""Every command of the contract runs and prints what it promises (crawl is in test_crawl.py,
extract and tag in their own modules)."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from newsmon.cli import cli
from pipelines.fingerprint import content_fingerprint
from run import newsmon, rows
from storage.articles import store_article
from storage.crawlstate import upsert_outlets
from storage.engine import open_database
from sites import OutletRow

HOSTILE = '<script>alert("x")</script> Apagones en La Habana <img src=x onerror=alert(1)>'


def seed(db_url: str) -> None:
    """A small store: a blackout story told by two outlets, a hostile title, an off-topic text."""
    sessions = open_database(db_url)[1]
    now = datetime.now(timezone.utc)
    blackout = ("Los apagones en Cuba se extendieron este martes a toda La Habana. La Unión "
                "Eléctrica reportó un déficit de generación récord y cortes de hasta veinte horas. "
                "La falta de combustible paraliza el transporte y la distribución de alimentos.")
    with sessions() as s:
        upsert_outlets(s, [OutletRow("desk", "Sample Desk", "es"), OutletRow("wire", "Sample Wire", "en")])
        first = store_article(s, {
            "canonical_url": "http://desk.test/a1", "outlet": "desk", "title": HOSTILE,
            "text": blackout, "language": "es", "content_hash": content_fingerprint(blackout),
            "published_at": now - timedelta(hours=2),
            "topics": [{"id": "energy_food_crisis", "score": 9.5, "evidence": ["apagones"]}]})
        s.flush()
        copy = blackout + " Con información de agencias."
        store_article(s, {
            "canonical_url": "http://wire.test/b1", "outlet": "wire", "title": "Apagones (copia)",
            "text": copy, "language": "es", "content_hash": content_fingerprint(copy),
            "topics": [{"id": "energy_food_crisis", "score": 8.0, "evidence": ["apagones"]}]},
            story_id=first.story_id)
        other = "Industriales ganó el juego de béisbol de anoche en el estadio Latinoamericano."
        store_article(s, {"canonical_url": "http://wire.test/c1", "outlet": "wire",
                          "title": "Béisbol", "text": other, "language": "es",
                          "content_hash": content_fingerprint(other)})
        s.commit()


@pytest.fixture
def store(sqlite_url):
    seed(sqlite_url)
    return sqlite_url


def invoke(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


def test_search_finds_by_body_word_folds_the_story_and_ignores_accents(store):
    result = invoke("search", "electrica", "--db", store, "--format", "json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert len(hits) == 1  # two articles, one story
    assert [a["outlet"] for a in hits[0]["also_reported_by"]] in (["wire"], ["desk"])
    table = invoke("search", "apagones -béisbol", "--db", store)
    assert table.exit_code == 0 and "also" in table.output.splitlines()[0]
    csv_out = invoke("search", "béisbol", "--db", store, "--format", "csv")
    assert csv_out.output.splitlines()[0].startswith("id,url,title")
    none = invoke("search", "zzzqqq", "--db", store, "--format", "csv")
    assert none.output.splitlines() == [csv_out.output.splitlines()[0]]   # the same header


def test_search_filters(store):
    assert json.loads(invoke("search", "apagones", "--db", store, "--format", "json",
                             "--outlet", "wire", "--language", "en").output) == []
    assert len(json.loads(invoke("search", "apagones", "--db", store, "--format", "json",
                                 "--topic", "energy_food_crisis").output)) == 1
    future = (datetime.now(timezone.utc) + timedelta(days=2)).strftime("%Y-%m-%d")
    assert json.loads(invoke("search", "apagones", "--db", store, "--format", "json",
                             "--since", future).output) == []


@pytest.mark.parametrize("query", ['"acetaminophen', "-apagones", "OR", "apagones OR"])
def test_bad_query_is_one_line_and_non_zero(store, query):
    result = newsmon("search", "--db", store, "--", query)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_bad_date_is_a_usage_error(store):
    result = newsmon("search", "apagones", "--since", "yesterday", "--db", store)
    assert result.returncode == 2 and "Traceback" not in result.stderr


@pytest.mark.parametrize("args, words", [
    (("search", "cuba", "--since", "2026-13-01"), "write it as 2026-11-30"),
    (("digest", "--date", "2026-02-30", "--dry-run"), "write it as 2026-11-30"),
    (("show", "abc"), "not a valid integer"),
    (("search", "cuba", "--limit", "0"), "--limit"),
    (("nosuch",), "No such command"),
])
def test_usage_errors_are_one_line_that_names_the_fix(args, words):
    result = newsmon(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr, result.stderr
    assert "-h'" in result.stderr   # where to read more


def test_until_includes_its_day(store):
    """`--since 11-01 --until 11-30` is November to an analyst: the day of --until is in."""
    today = datetime.now(timezone.utc).date()
    found = invoke("search", "béisbol", "--until", f"{today:%Y-%m-%d}", "--db", store)
    assert found.exit_code == 0 and "Béisbol" in found.output, found.output
    day_before = invoke("search", "béisbol", "--until", f"{today - timedelta(days=1):%Y-%m-%d}",
                        "--db", store)
    assert "Béisbol" not in day_before.output
    same_day = invoke("search", "béisbol", "--since", f"{today:%Y-%m-%d}", "--until",
                      f"{today:%Y-%m-%d}", "--db", store)
    assert "Béisbol" in same_day.output


def test_bad_input_is_named_before_a_missing_database(tmp_path):
    """The query and the dates are the user's to fix first: said even when --db is wrong too."""
    missing = f"sqlite:///{tmp_path / 'none.db'}"
    for args, words in ((("--", '"acetaminophen'), "unclosed quote"),
                        (("--since", "2026-12-01", "--until", "2026-11-01", "cuba"), "swap")):
        result = newsmon("search", "--db", missing, *args)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr, result.stderr
    assert not (tmp_path / "none.db").exists()


def test_a_digest_with_a_bad_database_makes_no_folder(tmp_path):
    """The README: a bad --db leaves "nothing created or changed"; the digest's folder was made
    before the database was opened (a new-user trial)."""
    for db in (f"sqlite:///{tmp_path / 'none.db'}", "postgresql+psycopg://postgres@127.0.0.1:5999/x"):
        result = newsmon("digest", "--out", str(tmp_path / "new" / "sub"),
                         "--db", db, cwd=tmp_path)
        assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_digest_groups_by_topic_folds_the_story_and_escapes_web_text(store, tmp_path):
    result = invoke("digest", "--out", str(tmp_path / "d"), "--db", store)
    assert result.exit_code == 0, result.output
    html_file = next((tmp_path / "d").glob("digest-*.html"))
    text_file = next((tmp_path / "d").glob("digest-*.txt"))
    html = html_file.read_text()
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "Also reported by" in html and html.count('class="entry"') == 1
    assert "Energy" in text_file.read_text() or "energy" in text_file.read_text().lower()
    assert rows(store, "SELECT count(*) FROM digests")[0][0] == 1
    assert str(html_file.resolve()) in result.output


def test_digest_of_an_empty_day_still_writes_files(store, tmp_path):
    result = invoke("digest", "--date", "2001-01-01", "--out", str(tmp_path), "--db", store)
    assert result.exit_code == 0
    assert "Nothing new on your topics" in (tmp_path / "digest-2001-01-01.html").read_text()


def test_stats_counts_outlets_topics_and_runs(store):
    result = invoke("stats", "--db", store)
    assert result.exit_code == 0
    assert "3 articles in 2 stories" in result.output
    assert "energy_food_crisis" in result.output
    data = json.loads(invoke("stats", "--db", store, "--format", "json").output)
    assert {o["id"]: o["articles"] for o in data["outlets"]} == {"desk": 1, "wire": 2}


def test_outlets_check_names_the_outlet_and_key(tmp_path):
    bad = tmp_path / "o.yaml"
    bad.write_text("outlets:\n  - id: good\n    name: G\n    language: en\n    feeds: [http://x/]\n"
                   "  - id: bad\n    name: B\n    language: en\n    feeds: [ftp://x/]\n")
    result = newsmon("outlets", "check", "--outlets", str(bad))
    assert result.returncode != 0
    assert "'bad'" in result.stderr and "'feeds'" in result.stderr
    assert newsmon("outlets", "check").returncode == 0  # the shipped config is valid


def test_outlets_check_says_what_a_crawl_will_do_with_the_file(tmp_path):
    """A new-user trial: `outlets: []` passed the check but the crawl refused it; disabled
    outlets and a home page read as a section page went unmentioned."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("outlets: []\n")
    result = newsmon("outlets", "check", "--outlets", str(empty))
    assert result.returncode == 1 and result.stderr.startswith(f"Error: no outlet in {empty}")
    some = tmp_path / "some.yaml"
    some.write_text("outlets:\n  - id: a\n    name: A\n    language: en\n    home: http://x.test/\n"
                    "    enabled: false\n")
    result = newsmon("outlets", "check", "--outlets", str(some))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "1 outlet: config is valid (0 enabled; a crawl reads the others only when --only names them)",
        "a: no feeds, sitemaps or sections: its home page is read as a section page"]


def test_only_crawls_a_disabled_outlet_when_no_outlet_is_enabled(news_site, tmp_path):
    """The README: `enabled: false` "crawls it only with --only"; with every outlet disabled the
    crawl refused before it read --only (a new-user trial)."""
    import yaml

    config = tmp_path / "outlets.yaml"
    news_site.outlets_yaml(config)
    data = yaml.safe_load(config.read_text())
    for entry in data["outlets"]:
        entry["enabled"] = False
    config.write_text(yaml.safe_dump(data))
    db = f"sqlite:///{tmp_path / 'n.db'}"
    refused = newsmon("crawl", "--outlets", str(config), "--db", db)
    assert refused.returncode == 1 and "name one with --only" in refused.stderr
    first = data["outlets"][0]["id"]
    run = newsmon("crawl", "--outlets", str(config), "--only", first, "--db", db)
    assert run.returncode == 0, run.stderr[-2000:]
    stored = rows(db, "SELECT DISTINCT outlet_id FROM articles")
    assert stored == [(first,)]


def test_a_crawl_outside_the_checkout_names_the_checkouts_topics_after_its_report(news_site, tmp_path):
    """With no config/ in the working folder the checkout's topics tag the articles: said after
    the report, so that a database error before the crawl stays the one line on stderr."""
    outlets = str(news_site.outlets_yaml(tmp_path))
    bad = newsmon("crawl", "--outlets", outlets, "--db", "sqlite://", cwd=tmp_path)
    assert bad.returncode == 1 and bad.stderr.strip().splitlines() == [
        "Error: 'sqlite://' is an in-memory SQLite database: what a command stores there is gone "
        "when it ends; give a file, e.g. sqlite:///newsmon.db"]
    run = newsmon("crawl", "--outlets", outlets, "--db", f"sqlite:///{tmp_path / 'n.db'}", cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stderr.strip().splitlines()[-1].startswith("tagged with ")
    assert "no config/topics.yaml here" in run.stderr and "outlets of" not in run.stderr


def test_outlets_check_probe_reports_each_feed(news_site, tmp_path):
    result = newsmon("outlets", "check", "--probe", "--outlets",
                     str(news_site.outlets_yaml(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("HTTP 200") == 4 * len(news_site.outlets)   # 2 feeds, sitemap, section
    sections = [line.split() for line in result.stdout.splitlines() if " section " in line]
    assert len(sections) == len(news_site.outlets) and all(int(cols[4]) > 0 for cols in sections)


def test_a_web_page_named_as_a_feed_is_crawled_as_a_section_and_the_user_told(news_site, tmp_path):
    """A tester put an outlet's news page under feeds: the crawl said "malformed feed, kept the 0
    items" and stored nothing. Its links are now read as a section page's, and both the crawl
    and the probe say where the page belongs."""
    import yaml

    outlet = next(iter(news_site.outlets.values()))
    entry = outlet.config(news_site.base_url)
    entry["feeds"] = entry.pop("sections")
    entry.pop("sitemaps")
    config = tmp_path / "outlets.yaml"
    config.write_text(yaml.safe_dump({"outlets": [entry]}))
    probe = newsmon("outlets", "check", "--probe", "--outlets", str(config))
    assert "a web page: list it under sections" in probe.stdout, probe.stdout
    db = f"sqlite:///{tmp_path / 'n.db'}"
    crawl = newsmon("crawl", "--outlets", str(config), "--db", db)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert "feed_is_html 1" in crawl.stdout and "list it under sections" in crawl.stderr
    assert rows(db, "SELECT count(*) FROM articles")[0][0] > 0


def test_demo_runs_the_whole_job_in_an_empty_folder(tmp_path):
    result = newsmon("demo", cwd=tmp_path, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    db = tmp_path / "newsmon-demo" / "newsmon-demo.db"
    n = rows(f"sqlite:///{db}", "SELECT count(*) FROM articles")[0][0]
    assert n >= 8
    assert list((tmp_path / "newsmon-demo" / "digests").glob("*.html"))
    assert "Searched for" in result.stdout


def test_a_demo_folder_that_cannot_be_made_is_one_line(tmp_path):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    for folder, reason in ((tmp_path / "a-file" / "sub", "Not a directory"),
                           ("/proc/newsmon-demo", "No such file or directory")):
        run = newsmon("demo", "--dir", str(folder), timeout=60)
        assert run.returncode == 1 and "Traceback" not in run.stderr
        assert run.stderr.strip().splitlines() == [
            f"Error: cannot make the demo folder {folder} ({reason}); give --dir a folder you "
            "can write to"]


def test_demo_serve_keeps_the_sample_outlets_up_for_a_crawl_until_ctrl_c(tmp_path):
    """A new-user trial: after the demo nothing could be crawled (its outlets file named a port
    that had closed). With --serve the outlets stay up; a second crawl finds nothing new."""
    demo_dir = tmp_path / "demo"
    proc = subprocess.Popen([sys.executable, "-m", "newsmon", "demo", "--serve", "--dir",
                             str(demo_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=tmp_path)
    try:
        lines = []
        deadline = time.monotonic() + 240
        while not any(line.startswith("Serving the sample outlets") for line in lines):
            assert time.monotonic() < deadline and proc.poll() is None, "".join(lines)
            lines.append(proc.stdout.readline())
        db = f"sqlite:///{demo_dir / 'newsmon-demo.db'}"
        again = newsmon("crawl", "--outlets", str(demo_dir / "outlets.yaml"), "--db", db)
        assert again.returncode == 0, again.stderr[-2000:]
        assert "run 2:" in again.stdout and "new 0" in again.stdout, again.stdout
        # a second demo in the folder would rewrite the outlets file with a port of its own
        second = newsmon("demo", "--dir", str(demo_dir), timeout=60)
        assert second.returncode == 1 and len(second.stderr.strip().splitlines()) == 1
        assert f"is serving from {demo_dir}" in second.stderr
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "stopped serving the sample outlets" in out, err[-2000:]
    assert "Traceback" not in err


def test_demo_never_empties_a_folder_it_did_not_make(tmp_path):
    """`--dir` once meant "remove this folder first": `newsmon demo --dir .` removed the checkout.
    Now a folder holding anything else is refused, and a demo folder loses the demo's files
    only."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    refused = newsmon("demo", "--dir", str(mine), timeout=60)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "not empty" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"

    demo_dir = tmp_path / "demo"
    assert newsmon("demo", "--dir", str(demo_dir), timeout=240).returncode == 0
    (demo_dir / "my-query.txt").write_text("cuba -inning", encoding="utf-8")
    again = newsmon("demo", "--dir", str(demo_dir), timeout=240)
    assert again.returncode == 0, again.stderr[-2000:]
    assert (demo_dir / "my-query.txt").exists()
    assert "run 1:" in again.stdout   # a fresh database: the first crawl again, not a second


def test_schedule_crawls_at_once_and_stops_on_sigterm(news_site, tmp_path, sqlite_url):
    proc = subprocess.Popen([sys.executable, "-m", "newsmon", "schedule", "--outlets",
                             str(news_site.outlets_yaml(tmp_path)), "--db", sqlite_url,
                             "--every", "60", "--digest-dir", str(tmp_path / "d")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            time.sleep(1)
            try:
                if rows(sqlite_url, "SELECT count(*) FROM crawl_runs WHERE status='finished'"
                        )[0][0]:
                    break
            except Exception:  # the tables may not exist yet
                pass
        else:
            pytest.fail("the scheduler's first crawl did not finish")
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err[-2000:]
    assert "crawl every 60 min" in out
    assert rows(sqlite_url, "SELECT count(*) FROM articles")[0][0] > 0
    assert rows(sqlite_url, "SELECT count(*) FROM scheduler_jobs")[0][0] == 3


def test_retag_rescores_stale_articles_only(store, tmp_path):
    first = invoke("retag", "--db", store)
    assert first.exit_code == 0, first.output
    assert first.output.startswith("re-scored 3 articles")
    version = rows(store, "SELECT DISTINCT topics_version FROM articles")
    assert len(version) == 1 and version[0][0]
    # The blackout articles are about the energy crisis; the baseball one is on no topic.
    tagged = dict(rows(store, "SELECT a.url, count(t.topic_id) FROM articles a LEFT JOIN "
                              "article_topics t ON t.article_id = a.id GROUP BY a.url"))
    assert tagged["http://wire.test/c1"] == 0
    assert invoke("retag", "--db", store).output.startswith("re-scored 0 articles")


def test_retag_with_the_default_topics_file_refuses_to_wipe_another_monitors_tags(store, monkeypatch, tmp_path):
    """A tester ran `newsmon retag` in their own monitor's folder (no config/ there, no
    NEWSMON_TOPICS_FILE): the checkout's Cuba topics re-scored their articles to 0 tags."""
    assert invoke("retag", "--db", store).exit_code == 0
    import sqlite3
    path = store.removeprefix("sqlite:///")
    with sqlite3.connect(path) as con:
        con.execute("UPDATE article_topics SET topic_id = 'spaceflight'")
        con.execute("UPDATE articles SET topics_version = 'another'")
    monkeypatch.delenv("NEWSMON_TOPICS_FILE", raising=False)
    monkeypatch.delenv("NEWSMON_TOPICS", raising=False)
    monkeypatch.chdir(tmp_path)
    result = invoke("retag", "--db", store)
    assert result.exit_code != 0 and "spaceflight" in result.output and "--topics" in result.output
    assert rows(store, "SELECT count(*) FROM article_topics")[0][0] > 0   # nothing wiped


def test_ctrl_c_is_ignored_once_the_process_tears_down():
    """Python resets a signal handled by a Python function to its default action while the
    interpreter finalizes, so a Ctrl-C that came just as a crawl ended (Scrapy's handler still
    installed) killed the process by SIGINT: "crawl failed: exit -2" under `newsmon schedule`.
    The program ignores SIGINT from its exit handlers on; this hook, registered before the
    program's, runs after them and sees it."""
    probe = ("import atexit, signal, sys\n"
             "atexit.register(lambda: print('SIGINT ignored:', "
             "signal.getsignal(signal.SIGINT) is signal.SIG_IGN))\n"
             "signal.signal(signal.SIGINT, lambda *a: None)   # as Scrapy leaves it\n"
             "sys.argv = ['newsmon', '--help']\n"
             "from newsmon.__main__ import main\n"
             "main()\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "SIGINT ignored: True" in out.stdout


def test_every_command_is_listed_and_loads_only_when_it_runs():
    """`newsmon --help` lists every command of ``newsmon.cli.COMMANDS``; importing the CLI loads
    none of them, so `newsmon search` does not pay for Scrapy (start-up, ``bench/startup.py``)."""
    from newsmon.cli import COMMANDS
    listed = CliRunner().invoke(cli, ["--help"]).output
    assert all(f"  {name} " in listed for name in COMMANDS)
    probe = ("import sys, newsmon.cli; print(sorted(m for m in ('scrapy', 'twisted', 'newsmon.cli.crawl',"
             " 'newsmon.cli.deliver') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
    result = CliRunner().invoke(cli, ["crawl", "--help"])
    assert result.exit_code == 0 and "--outlets" in result.output


def test_a_digest_refuses_a_topics_file_that_has_none_of_the_stored_tags_topics(store, tmp_path):
    """Two new users' trials: a digest with another monitor's topics file (the checkout's
    default, run without NEWSMON_TOPICS_FILE) printed "0 stories", and mailed readers "Nothing
    new on" that file's topics; its hint was a retag that dropped every tag."""
    topics = tmp_path / "other.yaml"
    topics.write_text("topics:\n  - id: baseball\n    label: Baseball\n    description: baseball\n"
                      "    threshold: 1\n    terms:\n      es:\n        béisbol: 3\n")
    digests = tmp_path / "digests"
    result = invoke("digest", "--dry-run", "--to", "ana@example.org", "--topics", str(topics),
                    "--db", store, "--out", str(digests))
    assert result.exit_code != 0
    line = result.output.strip().splitlines()[-1]
    assert "has none of the topics the stored articles are tagged with" in line
    assert str(topics) in line and "--topics" in line
    assert "Traceback" not in result.output and not digests.exists()
    plain = invoke("digest", "--dry-run", "--db", store)
    assert plain.exit_code == 0 and "carry tags" not in plain.output
    # without a recipient a dry run says how to see the messages (the trial saw no hint)
    assert plain.output.strip().splitlines()[-1] == (
        "no recipients: pass --to ADDR or --recipients FILE to see each message")


def test_retag_keeps_the_tags_unless_forced_when_the_file_has_none_of_their_topics(store, tmp_path):
    """A new user's trial: `retag --topics FILE` with another monitor's file replaced every
    tag with none, where `retag` without --topics refused."""
    from sqlalchemy import create_engine, text

    topics = tmp_path / "other.yaml"
    topics.write_text("topics:\n  - id: baseball\n    label: Baseball\n    description: baseball\n"
                      "    threshold: 1\n    terms:\n      es:\n        béisbol: 3\n")

    def tags():
        with create_engine(store).connect() as conn:
            return sorted(conn.execute(text("SELECT topic_id FROM article_topics")).scalars())

    before = tags()
    assert before and "baseball" not in before
    refused = invoke("retag", "--all", "--topics", str(topics), "--db", store)
    assert refused.exit_code != 0 and "--force" in refused.output and tags() == before
    forced = invoke("retag", "--all", "--force", "--topics", str(topics), "--db", store)
    assert forced.exit_code == 0, forced.output
    assert set(tags()) <= {"baseball"}   # the file's topics only


@pytest.mark.parametrize("command, env, names", [
    (["digest", "--dry-run"], {"NEWSMON_DIGEST_TOP_STORIES": "abc"}, "NEWSMON_DIGEST_TOP_STORIES='abc'"),
    (["digest", "--dry-run"], {"NEWSMON_DIGEST_PER_TOPIC": "-3"}, "at least 1"),
    (["search", "cuba"], {"NEWSMON_SEARCH_CANDIDATES": "x"}, "NEWSMON_SEARCH_CANDIDATES='x'"),
    (["schedule"], {"NEWSMON_CRAWL_EVERY_MINUTES": "abc"}, "--every"),
    (["schedule"], {"NEWSMON_DIGEST_TOP_STORIES": "abc"}, "NEWSMON_DIGEST_TOP_STORIES"),
    (["schedule", "--digest-dir", "/proc/nope"], {}, "--digest-dir /proc/nope"),
    # a code review: the frontier's timings were read with a bare float()
    (["schedule"], {"NEWSMON_FRONTIER_URL": "redis://127.0.0.1:6379/9", "NEWSMON_FRONTIER_ROUND_S": "abc"},
     "NEWSMON_FRONTIER_ROUND_S='abc'"),
    (["restory"], {"NEWSMON_STORY_EVENTS": "maybe"}, "NEWSMON_STORY_EVENTS='maybe'"),
    (["restory"], {"NEWSMON_STORY_THRESHOLD": "high"}, "NEWSMON_STORY_THRESHOLD='high'"),
])
def test_a_bad_setting_is_one_line_before_any_work(store, command, env, names):
    """Two testers: `NEWSMON_DIGEST_TOP_STORIES=abc` gave a traceback, `-1` 11 top stories,
    `NEWSMON_CRAWL_EVERY_MINUTES=abc` a service crawling every 30 min, and a service whose
    digest folder could not be written started, to fail at its first digest."""
    result = CliRunner().invoke(cli, [*command, "--db", store], env=env)
    assert result.exit_code != 0 and names in result.output, result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_search_with_min_outlets_says_why_nothing_is_shown(store):
    """A tester's `search stadia --min-outlets 2` said "no article matches" of a word three
    articles held, none reported by two outlets."""
    result = invoke("search", "béisbol", "--min-outlets", "3", "--db", store)
    assert "reported by 3 or more outlets" in result.output


def test_crawl_with_no_enabled_outlet_is_an_error(tmp_path, sqlite_url):
    path = tmp_path / "outlets.yaml"
    path.write_text("outlets:\n  - id: a\n    name: A\n    language: es\n    enabled: false\n"
                    "    feeds: [https://a.example/rss]\n", encoding="utf-8")
    result = invoke("crawl", "--outlets", str(path), "--db", sqlite_url)
    assert result.exit_code != 0 and "no enabled outlet" in result.output


@pytest.mark.parametrize("db, says", [
    ("{tmp}/news.db", "--db takes a URL, not a path: use sqlite:///{tmp}/news.db"),
    ("sqlite://{tmp}/news.db", "write four slashes: sqlite:///{tmp}/news.db"),
    # a trial's `--db sqlite://bees/bees.db`: "bees" is a host to SQLAlchemy
    ("sqlite://bees/news.db", "write three slashes: sqlite:///bees/news.db"),
    # an operator's trial: a port that is not a number was a 46-line traceback
    ("postgresql://postgres@127.0.0.1:notaport/x", "its port is not a number"),
])
def test_a_path_or_three_slashes_for_an_absolute_path_get_the_url_to_write(tmp_path, db, says):
    """A tester wrote `--db /tmp/x.db` and `--db sqlite:///tmp/x.db` (a relative path: "folder
    tmp does not exist") for /tmp/x.db: the error gives the URL to type."""
    (tmp_path / "news.db").touch()
    result = CliRunner().invoke(cli, ["search", "x", "--db", db.format(tmp=tmp_path)])
    assert result.exit_code != 0 and says.format(tmp=tmp_path) in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_misspelt_command_gets_the_closest_one():
    """A tester's `newsmon serach`: misspelt options got a suggestion, commands did not."""
    result = CliRunner().invoke(cli, ["serach", "cuba"])
    assert result.exit_code == 2 and "did you mean 'search'?" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_the_crawls_story_settings_come_from_the_environment(monkeypatch):
    """A trial's `NEWSMON_STORY_EVENTS=1 newsmon crawl` was ignored: only editing
    crawler/settings.py switched the event level on."""
    from crawler.runner import crawl_settings

    assert not crawl_settings("sqlite://", []).getbool("NEWSMON_STORY_EVENTS")
    monkeypatch.setenv("NEWSMON_STORY_EVENTS", "1")
    monkeypatch.setenv("NEWSMON_EVENT_THRESHOLD", "0.7")
    monkeypatch.setenv("NEWSMON_EXTRACT_WORKERS", "1")
    settings = crawl_settings("sqlite://", [])
    assert settings.getbool("NEWSMON_STORY_EVENTS") and settings.getfloat("NEWSMON_EVENT_THRESHOLD") == 0.7
    assert settings.getint("NEWSMON_EXTRACT_WORKERS") == 1
    # a setting given by the caller (the service, a test) still wins
    assert crawl_settings("sqlite://", [], {"NEWSMON_EVENT_THRESHOLD": 0.5}).getfloat("NEWSMON_EVENT_THRESHOLD") == 0.5


def test_crawl_only_names_the_closest_outlet_id(tmp_path):
    config = tmp_path / "outlets.yaml"
    config.write_text("outlets:\n  - id: havanatimes\n    name: H\n    language: en\n"
                      "    feeds: [http://127.0.0.1:9/feed]\n")
    db = f"sqlite:///{tmp_path / 'n.db'}"
    close = newsmon("crawl", "--outlets", str(config), "--only", "havanatime", "--db", db)
    assert close.returncode != 0 and "did you mean 'havanatimes'?" in close.stderr
    far = newsmon("crawl", "--outlets", str(config), "--only", "zzz", "--db", db)
    assert far.returncode != 0 and "newsmon outlets list" in far.stderr and "Traceback" not in far.stderr


@pytest.mark.parametrize("args", [("stats",), ("export",), ("search", "cuba"), ("stories",)])
def test_output_that_cannot_be_written_is_one_line(store, args):
    """`newsmon export > file` on a full disk (``/dev/full``) printed a 27-line traceback (a
    new-user trial): now one line that says so, and exit 1. A closed pipe (`| head -1`): no line."""
    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-m", "newsmon", *args, "--db", store], stdout=full,
                             stderr=subprocess.PIPE, text=True, timeout=120)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        "Error: cannot write the output (No space left on device): free space on the disk it "
        "goes to, or write it to another disk"]
    reader = subprocess.Popen([sys.executable, "-m", "newsmon", *args, "--db", store],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.close()   # the reader went away before the first line
    assert "Traceback" not in reader.communicate(timeout=120)[1].decode()


@pytest.mark.parametrize("text, line", [
    ("outlets:\n\t- id: a\n", "line 2 is not valid YAML (a tab: indent with spaces, not tabs)"),
    ("outlets:\n  - id: a\n    feeds: [http://x.test/feed\n", "line 3 is not valid YAML (the [ "
     "opened on this line is never closed with ])"),
    ("outlets:\n  - id: off\n    name: A\n    language: en\n    feeds: [http://x.test/]\n",
     "outlet #1: key 'id' was read by YAML as False: put the value in quotes (id: \"off\")"),
])
def test_a_hand_made_mistake_in_a_yaml_file_is_named_where_it_is(tmp_path, text, line):
    """A new-user trial: a tab was "found character '\\t' that cannot start any token", an
    unclosed [ in a three-line file was reported at line 4, `id: off` asked for letters."""
    path = tmp_path / "outlets.yaml"
    path.write_text(text)
    result = newsmon("outlets", "check", "--outlets", str(path))
    assert result.returncode == 1 and result.stderr.strip().splitlines() == [f"Error: {path}: {line}"]


def test_settings_from_the_environment_and_the_database_user_are_named_as_given(store, pg_url):
    bad_zone = newsmon("digest", "--dry-run", "--db", store, env={"NEWSMON_TIMEZONE": "Bad/Zone"})
    assert bad_zone.stderr.startswith("Error: NEWSMON_TIMEZONE='Bad/Zone': unknown time zone")
    user = newsmon("stats", "--db", pg_url.replace("://postgres@", "://nosuchuser@"))
    assert user.returncode == 1 and "refused the user 'nosuchuser'" in user.stderr
    assert "check the user and password" in user.stderr and "start the server" not in user.stderr
