"""The store step's CPU per article: ``StorePipeline.process_item`` (exact-copy check, the
article row and its full-text index, URLs, topics, the copy lookup and story, commit) against
the baseline of the same run: the bare ``INSERT`` of the same article rows through the driver
into a fresh database of the same schema (full-text triggers included), one commit each.

Articles: the 181 benchmark bodies (``../shared/corpus/article-extraction-benchmark``), each
served by three of 20 outlets as syndicated copies (they join one story), then unique variants;
story signals made by ``pipelines.page.story_features`` before the clock (the worker's part).
CPU time of this process (``time.process_time``): SQLite runs in-process, so its work counts.
With ``--pg URL`` (a server URL such as ``postgresql+psycopg://postgres@127.0.0.1/postgres``)
the same runs on PostgreSQL, in databases the bench creates and drops; there the server's work
is another process's, so the figure is wall time per article (one client, one after another).

    python bench/store.py [--n 1500] [--shared ../shared] [--pg URL]
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.items import ArticleItem  # noqa: E402
from pipelines.page import story_features  # noqa: E402
from pipelines.store import StorePipeline  # noqa: E402
from storage import crawlstate  # noqa: E402
from storage.engine import open_database  # noqa: E402
from storage.models import utcnow  # noqa: E402
from storage.stories import StoryConfig  # noqa: E402


class _Outlet:
    def __init__(self, i: int):
        self.id, self.name, self.language, self.home = f"o{i}", f"Outlet {i}", "en", None


class _Stats:
    def inc_value(self, *args, **kwargs):
        pass


def articles(shared: Path, n: int) -> list[dict]:
    truth = json.loads((shared / "corpus" / "article-extraction-benchmark" /
                        "ground-truth.json").read_text(encoding="utf-8"))
    docs = [(v.get("title") or k, v["articleBody"]) for k, v in sorted(truth.items())
            if v.get("articleBody")]
    now = datetime.now(timezone.utc)
    out = []
    for i in range(n):
        title, body = docs[i % len(docs)]
        text = body if i < 3 * len(docs) else f"{body} Update {i}."
        url = f"http://o{i % 20}.test/{i}"
        out.append(dict(outlet=f"o{i % 20}", url=url, canonical_url=url, request_urls=[url],
                        title=title, author="Ana Ruiz", text=text, language="en", via="feed",
                        published_at=now - timedelta(hours=i % 40), topics_version="v1",
                        topics=[{"id": "energy", "score": 3.0, "evidence": ["apagón"]}],
                        **story_features(title, text, "en", embed=False)))
    return out


def fresh_db(work: Path, name: str, pg: str | None = None) -> str:
    url = f"sqlite:///{work / name}"
    if pg:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url
        server = make_url(pg)
        name = f"newsmon_store_bench_{Path(name).stem}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            c.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = server.set(database=name).render_as_string(hide_password=False)
    engine, sessions = open_database(url)
    with sessions() as s:
        crawlstate.upsert_outlets(s, [_Outlet(i) for i in range(20)])
    engine.dispose()
    return url


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1500)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--pg", metavar="URL", help="run on this PostgreSQL server (wall time)")
    a = ap.parse_args()
    if a.pg:
        return main_pg(a)
    rows = articles(a.shared, a.n)
    work = Path(tempfile.mkdtemp(prefix="newsmon-store-bench."))

    url = fresh_db(work, "base.db")
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    from storage.engine import _sqlite_pragmas
    _sqlite_pragmas(conn, None)   # the same connection set-up, the stems function included
    stamp = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
    start = time.process_time()
    for r in rows:
        conn.execute("INSERT INTO articles (url, outlet_id, title, author, published_at, "
                     "fetched_at, language, text, word_count, content_hash, minhash) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (r["canonical_url"], r["outlet"], r["title"], r["author"], stamp, stamp,
                      r["language"], r["text"], len(r["text"].split()), r["content_hash"],
                      r["minhash"]))
        conn.commit()
    base = (time.process_time() - start) / len(rows) * 1000
    conn.close()

    store = pipeline_ms(fresh_db(work, "store.db"), rows, time.process_time)
    report(base, store, len(rows), "CPU", "SQLite")


def pipeline_ms(url: str, rows: list[dict], clock) -> float:
    """Milliseconds of `clock` per article for ``StorePipeline.process_item`` over `rows`."""
    pipe = StorePipeline(url, _Stats(), StoryConfig())
    pipe.open_spider()
    start = clock()
    for r in rows:
        pipe.process_item(ArticleItem(**r))
    return (clock() - start) / len(rows) * 1000


def report(base: float, store: float, n: int, unit: str, engine: str) -> None:
    print(f"bare INSERT + commit (baseline): {base:6.2f} ms {unit} per article")
    print(f"StorePipeline.process_item:      {store:6.2f} ms {unit} per article")
    print(f"ratio: {store / base:.2f}x ({n} articles, {engine})")


def main_pg(a) -> None:
    """The store step on PostgreSQL: wall ms per article, against the bare INSERT of the same
    rows (triggers included) in a fresh database of the same schema, one commit each."""
    from sqlalchemy import text
    rows = articles(a.shared, a.n)
    work = Path(tempfile.mkdtemp(prefix="newsmon-store-bench."))
    engine, _ = open_database(fresh_db(work, "base", a.pg))
    insert = text("INSERT INTO articles (url, outlet_id, title, author, published_at, fetched_at, "
                  "language, text, word_count, content_hash, minhash) VALUES (:u, :o, :t, :a, "
                  ":p, :f, :l, :x, :w, :h, :m)")
    start = time.perf_counter()
    with engine.connect() as conn:
        for r in rows:
            conn.execute(insert, dict(u=r["canonical_url"], o=r["outlet"], t=r["title"],
                                      a=r["author"], p=r["published_at"], f=utcnow(),
                                      l=r["language"], x=r["text"], w=len(r["text"].split()),
                                      h=r["content_hash"], m=r["minhash"]))
            conn.commit()
    base = (time.perf_counter() - start) / len(rows) * 1000
    engine.dispose()
    store = pipeline_ms(fresh_db(work, "store", a.pg), rows, time.perf_counter)
    report(base, store, len(rows), "wall", "PostgreSQL")


if __name__ == "__main__":
    main()
