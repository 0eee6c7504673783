"""The schema check every command makes at start-up, and what a crawl writes at its end, on
real SQLite files."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from storage.engine import MIGRATIONS, head_revisions, is_current, make_engine, open_database

ROOT = Path(__file__).resolve().parents[1]


def test_head_revisions_are_alembics_heads():
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert head_revisions() == frozenset(ScriptDirectory.from_config(cfg).get_heads())


def test_a_current_database_opens_without_alembic(tmp_path):
    url = f"sqlite:///{tmp_path / 'n.db'}"
    engine = make_engine(url)
    assert not is_current(engine)            # a new file: Alembic makes the schema
    engine.dispose()
    open_database(url)[0].dispose()
    code = ("import sys; from storage.engine import open_database; "
            f"open_database({url!r}); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr[-2000:]


def test_an_outlet_that_lost_an_article_to_the_database_keeps_no_feed_validators(tmp_path):
    """A 304 on the next crawl would hide the lost article for good: its outlet's feed is read in
    full again; other outlets keep their validators."""
    from scrapy.utils.test import get_crawler

    from crawler import stats as counters
    from crawler.records import CrawlRecords
    from storage import crawlstate

    url = f"sqlite:///{tmp_path / 'n.db'}"
    engine, sessions = open_database(url)
    records = CrawlRecords.from_crawler(get_crawler(settings_dict={"NEWSMON_DATABASE_URL": url}))
    for outlet in ("lost", "fine"):
        records.record_listing({"outlet": outlet, "url": f"http://{outlet}.test/rss",
                                "listing_kind": "feed", "status": 200, "etag": f'"{outlet}"',
                                "last_modified": None, "item_count": 3, "newest_item_at": None})
    counters.inc(records.stats, "lost", "error/database")
    records.spider_closed(None, "finished")
    with sessions() as s:
        assert crawlstate.feed_validators(s) == {"http://fine.test/rss": ('"fine"', None)}
    engine.dispose()
