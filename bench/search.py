"""Search at a million articles on SQLite and PostgreSQL: load rate, size, and a 200-query mix.

    python bench/search.py --n 1000000                        # both engines: load, then queries
    python bench/search.py --n 100000 --engines sqlite
    python bench/search.py --n 1000000 --skip-load --export   # queries (+ export RSS) on a kept load

Load: N articles through the real schema (``storage.engine.open_database``, every migration,
the FTS triggers and generated columns included): bodies of 4–7 paragraphs drawn from the
paragraphs of ``../shared/labelled/tagging-dev.jsonl`` (Cuba news, EN and ES) and of the
extraction corpus' ground truth, titles from their first words, published times spread over two
years in storing order (±2 days), 20 outlets (half EN, half ES), 0–2 topics of
``config/topics.yaml`` on each article, one story per article with 1–5 outlets. SQLite gets
``executemany`` in transactions of 50,000 with the secondary indexes, the full-text index and its
triggers made after the rows (``_load_sqlite``); PostgreSQL ``COPY`` with the GIN index built
after. Both end with the schema the migrations made.

Queries: a fixed mix (seeded) of 200: a common word, a rare word, a phrase, OR, NOT, a prefix,
each without and with a filter (outlet, topic, language, last 30 days, min outlets), by relevance
and by newest, run through ``storage.search.search_articles`` (parse, SQL, snippets of the 20
rows shown, "also reported by") after one warm-up pass. The baseline, in the same run on the same
database, ranks every match (``candidates`` = N: what a plain ``ORDER BY rank LIMIT 20`` does)
for the first ``--baseline`` queries of the mix.

``--export`` runs ``newsmon export --format jsonl`` over the whole database to /dev/null and
reports its peak RSS (``ru_maxrss`` of the child).

The SQLite file and a marker of the loaded N stay in ``--dir``; the PostgreSQL database is
``--pg-db`` (kept, so the queries can be re-run with ``--skip-load``).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.engine import open_database  # noqa: E402
from storage.search import search_articles  # noqa: E402
from storage.searchsqlite import RANK_MAX_MATCHES  # noqa: E402

SHARED = ROOT.parent / "shared"
START = datetime(2024, 12, 1, tzinfo=timezone.utc)
SPAN = timedelta(days=730)
TOPICS = ["dialogue", "red_lines", "property_claims", "energy_food_crisis", "venezuela_maduro",
          "gaesa_sanctions", "remittances", "oil_tariffs", "hemispheric_doctrine",
          "military_threat", "security_cooperation", "foreign_alliances"]


def paragraphs() -> dict[str, list[str]]:
    from topics.text import guess_language
    pool: dict[str, list[str]] = {"en": [], "es": []}
    texts = [json.loads(line).get("text", "") for line in
             open(SHARED / "labelled" / "tagging-dev.jsonl", encoding="utf-8")]
    gt = json.load(open(SHARED / "corpus" / "article-extraction-benchmark" / "ground-truth.json"))
    texts += [v.get("articleBody") or "" for v in gt.values()]
    for t in texts:
        for p in re.split(r"\n+", t):
            if len(p.split()) >= 12:
                pool[guess_language(p)].append(p.strip())
    return pool


def articles(n: int, seed: int = 15):
    rnd = random.Random(seed)
    pool = paragraphs()
    for i in range(1, n + 1):
        lang = "en" if i % 20 < 10 else "es"
        paras = rnd.sample(pool[lang], rnd.randint(4, 7))
        body = "\n\n".join(paras)
        title = " ".join(rnd.choice(pool[lang]).split()[:rnd.randint(6, 12)])
        published = START + SPAN * (i / n) + timedelta(hours=rnd.uniform(-48, 48))
        topics = rnd.sample(TOPICS, rnd.choice((0, 0, 1, 1, 2)))
        yield {"id": i, "url": f"https://outlet{i % 20:02d}.example/a/{i}", "outlet": f"o{i % 20:02d}",
               "lang": lang, "title": title, "text": body, "published": published,
               "fetched": published + timedelta(minutes=30), "words": len(body.split()),
               "topics": topics, "outlets": rnd.choice((1, 1, 1, 2, 3, 5))}


def load(url: str, n: int) -> dict:
    t0 = time.perf_counter()
    for _ in range(60):
        try:
            engine, _ = open_database(url)
            break
        except Exception as exc:  # PostgreSQL restarting: wait for it
            print(f"  cannot open {url} yet ({type(exc).__name__})", flush=True)
            time.sleep(5)
    if engine.dialect.name == "sqlite":
        _load_sqlite(engine, n, t0)
        size = os.path.getsize(engine.url.database)
    else:
        # Another job on this machine may restart PostgreSQL: go on from the last batch stored.
        for attempt in range(20):
            try:
                size = _load_pg(engine, n, t0)
                break
            except Exception as exc:  # psycopg.OperationalError and its kin
                print(f"  postgresql load interrupted ({type(exc).__name__}); resuming", flush=True)
                time.sleep(10)
                engine.dispose()
        else:
            raise SystemExit("PostgreSQL kept going away")
    elapsed = time.perf_counter() - t0
    engine.dispose()
    return {"seconds": round(elapsed), "per_second": round(n / elapsed), "bytes": size}


def _load_sqlite(engine, n: int, t0: float) -> None:
    """Rows first, then the secondary indexes, then the full-text index, then its triggers.

    The migrations' own index and trigger statements are read from ``sqlite_master``, dropped
    for the load and run again after it, so the file holds what the product's writes would have
    made (``articles_fts`` filled by the same ``newsmon_stems`` in id order) without keeping
    seven B-trees and the FTS5 segments up to date row by row (~256 articles/s at 1M before).
    The load's own connection skips fsync (``synchronous=OFF``) and has a 1 GiB page cache."""
    raw = engine.raw_connection()
    con = raw.driver_connection
    con.isolation_level = None
    kept = con.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
                       "type IN ('index', 'trigger') AND tbl_name IN "
                       "('articles', 'stories', 'article_topics')").fetchall()
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-1048576")
    for kind, name, _ in kept:
        con.execute(f"DROP {kind} {name}")
    con.executemany("INSERT INTO outlets(id, name, language) VALUES (?, ?, ?)",
                    [(f"o{k:02d}", f"Outlet {k}", "en" if k < 10 else "es") for k in range(20)])
    it = articles(n)
    done = 0
    while True:
        batch = [a for _, a in zip(range(50000), it)]
        if not batch:
            break
        con.execute("BEGIN")
        con.executemany("INSERT INTO stories(id, title, first_seen, last_updated, "
                        "article_count, outlet_count) VALUES (?, ?, ?, ?, 1, ?)",
                        [(a["id"], a["title"], _s(a["fetched"]), _s(a["fetched"]), a["outlets"])
                         for a in batch])
        con.executemany("INSERT INTO articles(id, url, outlet_id, story_id, title, published_at,"
                        " fetched_at, language, text, word_count, content_hash) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [(a["id"], a["url"], a["outlet"], a["id"], a["title"], _s(a["published"]),
                          _s(a["fetched"]), a["lang"], a["text"], a["words"], f"h{a['id']}")
                         for a in batch])
        con.executemany("INSERT INTO article_topics(article_id, topic_id, score, evidence) "
                        "VALUES (?, ?, 5.0, '[]')",
                        [(a["id"], t) for a in batch for t in a["topics"]])
        con.execute("COMMIT")
        done += len(batch)
        if done % 100000 == 0:
            print(f"  sqlite {done} rows, {done / (time.perf_counter() - t0):.0f}/s", flush=True)
    t = time.perf_counter()
    for kind, _, sql in kept:
        if kind == "index":
            con.execute(sql)
    print(f"  sqlite indexes built in {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    # FTS5 writes a segment each time its pending terms pass 'hashsize' (1 MB by default),
    # then merges them: 256 MB for the load, the default put back after it.
    con.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 268435456)")
    for lo in range(0, n, 100000):
        con.execute("BEGIN")
        con.execute("INSERT INTO articles_fts(rowid, title, text, title_stems, text_stems) "
                    "SELECT id, title, text, newsmon_stems(title, language), "
                    "newsmon_stems(text, language) FROM articles WHERE id > ? AND id <= ? "
                    "ORDER BY id", (lo, lo + 100000))
        con.execute("COMMIT")
        print(f"  sqlite full-text index {min(n, lo + 100000)}, "
              f"{time.perf_counter() - t:.0f} s", flush=True)
    con.execute("DELETE FROM articles_fts_config WHERE k = 'hashsize'")
    for kind, _, sql in kept:
        if kind == "trigger":
            con.execute(sql)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()


_PG_INDEX_DEF: dict[str, str] = {}
WORDS_FILL = ("INSERT INTO search_words SELECT DISTINCT w FROM articles, "
              "unnest(tsvector_to_array(search_vector)) AS w ON CONFLICT DO NOTHING")


def _load_pg(engine, n: int, t0: float) -> int:
    raw = engine.raw_connection()
    con = raw.driver_connection
    with con.cursor() as cur:
        # The migrations' GIN indexes (words, phrase pairs), rebuilt after the rows.
        cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles' "
                    "AND indexdef LIKE '%USING gin%'")
        for name, sql in cur.fetchall():
            _PG_INDEX_DEF[name] = sql
            cur.execute(f"DROP INDEX {name}")
        # The vocabulary of prefixes (migration 0007_search_words): filled once after the rows
        # instead of by its trigger at every row.
        cur.execute("SELECT to_regclass('search_words') IS NOT NULL")
        words = cur.fetchone()[0]
        if words:
            cur.execute("ALTER TABLE articles DISABLE TRIGGER articles_search_words")
        cur.execute("SELECT count(*) FROM outlets")
        if not cur.fetchone()[0]:
            with cur.copy("COPY outlets(id, name, language) FROM STDIN") as cp:
                for k in range(20):
                    cp.write_row((f"o{k:02d}", f"Outlet {k}", "en" if k < 10 else "es"))
        cur.execute("SELECT coalesce(max(id), 0) FROM articles")
        done = cur.fetchone()[0]
        con.commit()
        it = (a for a in articles(n) if a["id"] > done)
        while True:
            batch = [a for _, a in zip(range(20000), it)]
            if not batch:
                break
            with cur.copy("COPY stories(id, title, first_seen, last_updated, article_count, "
                          "outlet_count) FROM STDIN") as cp:
                for a in batch:
                    cp.write_row((a["id"], a["title"], a["fetched"], a["fetched"], 1, a["outlets"]))
            with cur.copy("COPY articles(id, url, outlet_id, story_id, title, published_at, "
                          "fetched_at, language, text, word_count, content_hash) FROM STDIN") as cp:
                for a in batch:
                    cp.write_row((a["id"], a["url"], a["outlet"], a["id"], a["title"],
                                  a["published"], a["fetched"], a["lang"], a["text"], a["words"],
                                  f"h{a['id']}"))
            with cur.copy("COPY article_topics(article_id, topic_id, score, evidence) "
                          "FROM STDIN") as cp:
                for a in batch:
                    for t in a["topics"]:
                        cp.write_row((a["id"], t, 5.0, "[]"))
            con.commit()
            done += len(batch)
            if done % 100000 == 0:
                print(f"  postgresql {done} loaded, {time.perf_counter() - t0:.0f} s", flush=True)
        cur.execute("SELECT setval('articles_id_seq', %s)", (n,))
        cur.execute("SELECT setval('stories_id_seq', %s)", (n,))
        t_index = time.perf_counter()
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        for name, sql in (_PG_INDEX_DEF or {"ix_articles_search_vector": (  # --resume
                "CREATE INDEX ix_articles_search_vector ON articles "
                "USING gin (search_vector, id)")}).items():
            cur.execute(sql)
            print(f"  postgresql {name} built, {time.perf_counter() - t_index:.0f} s", flush=True)
        if words:
            t_words = time.perf_counter()
            cur.execute("SET work_mem = '256MB'")
            cur.execute(WORDS_FILL)
            cur.execute("ALTER TABLE articles ENABLE TRIGGER articles_search_words")
            print(f"  postgresql search_words filled, {time.perf_counter() - t_words:.0f} s",
                  flush=True)
        cur.execute("ANALYZE")
        con.commit()
        print(f"  postgresql GIN indexes built in {time.perf_counter() - t_index:.0f} s", flush=True)
        cur.execute("SELECT pg_database_size(current_database())")
        size = cur.fetchone()[0]
    raw.close()
    return size


def _s(d: datetime) -> str:
    return d.astimezone(timezone.utc).replace(tzinfo=None).isoformat(sep=" ")


def query_mix(n_queries: int = 200, seed: int = 7) -> list[dict]:
    """The fixed mix: six kinds × (no filter, a filter) × (relevance, newest), words chosen by
    their frequency in the paragraph pool."""
    from collections import Counter
    rnd = random.Random(seed)
    pool = paragraphs()
    freq: Counter = Counter()
    bigrams: list[str] = []
    for lang in pool:
        for p in pool[lang]:
            words = re.findall(r"[^\W\d_]{4,}", p.lower())
            freq.update(words)
            bigrams += [f"{a} {b}" for a, b in zip(words, words[1:])][:3]
    ranked = [w for w, _ in freq.most_common()]
    common, mid, rare = ranked[:40], ranked[200:2000], ranked[6000:20000]
    now = START + SPAN
    filters = [{}, {"outlet": "o03"}, {"topic": "remittances"}, {"language": "es"},
               {"since": now - timedelta(days=30)}, {"min_outlets": 3}]
    kinds = {
        "common": lambda: rnd.choice(common),
        "rare": lambda: rnd.choice(rare),
        "phrase": lambda: f'"{rnd.choice(bigrams)}"',
        "or": lambda: f"{rnd.choice(mid)} OR {rnd.choice(mid)}",
        "not": lambda: f"{rnd.choice(common)} -{rnd.choice(mid)}",
        "prefix": lambda: rnd.choice(mid)[:5] + "*",
    }
    mix = []
    for i in range(n_queries):
        kind = list(kinds)[i % len(kinds)]
        filt = filters[rnd.randrange(len(filters))] if i % 2 else {}
        mix.append({"kind": kind, "q": kinds[kind](), "sort": "newest" if i % 4 >= 2 else
                    "relevance", **filt})
    return mix


def run_queries(url: str, mix: list[dict], candidates: int | None = None) -> list[float]:
    """Milliseconds per query; with `candidates` (the baseline) every match is ranked by bm25 or
    ts_rank_cd, however common the words."""
    import storage.searchsqlite
    storage.searchsqlite.RANK_MAX_MATCHES = 10**12 if candidates else RANK_MAX_MATCHES
    _, sessions = open_database(url)
    times = []
    with sessions() as s:
        for q in mix:
            args = {k: v for k, v in q.items() if k not in ("kind", "q")}
            t = time.perf_counter()
            search_articles(s, q["q"], limit=20, candidates=candidates, **args)
            times.append((time.perf_counter() - t) * 1000)
            s.rollback()
    return times


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--dir", default="/tmp/newsmon-bench-search")
    ap.add_argument("--pg-db", default="nm_search_bench")
    ap.add_argument("--skip-load", action="store_true")
    ap.add_argument("--resume", action="store_true",
                    help="PostgreSQL: go on loading into the existing database")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--baseline", type=int, default=24, help="queries run with the plain plan (0: none)")
    ap.add_argument("--export", action="store_true")
    ap.add_argument("--warm-all", action="store_true",
                    help="warm up on the whole mix (each query then timed with its pages cached)")
    args = ap.parse_args()
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    mix = query_mix(args.queries)
    for engine in args.engines.split(","):
        if engine == "sqlite":
            url = f"sqlite:///{args.dir}/search-{args.n}.db"
        else:
            url = f"postgresql+psycopg://postgres@127.0.0.1/{args.pg_db}_{args.n}"
        if not args.skip_load:
            if engine == "sqlite" and args.resume:
                raise SystemExit("--resume is for PostgreSQL")
            if args.resume:
                pass
            elif engine == "sqlite":
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{args.dir}/search-{args.n}.db{suffix}").unlink(missing_ok=True)
            else:
                name = f"{args.pg_db}_{args.n}"
                for _ in range(60):  # PostgreSQL may be restarting (another job's test)
                    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists",
                                    name])
                    if subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres",
                                       name]).returncode == 0:
                        break
                    time.sleep(5)
            print(f"{engine}: loading {args.n} articles", flush=True)
            info = load(url, args.n)
            print(f"{engine}: loaded {args.n} in {info['seconds']} s ({info['per_second']}/s), "
                  f"database {info['bytes'] / 2**30:.2f} GiB", flush=True)
        run_queries(url, mix if args.warm_all else mix[:40])  # warm-up: the page cache, PostgreSQL's catalog and plans
        ours = run_queries(url, mix)
        print(f"{engine} at {args.n}: {len(ours)} queries, p50 {pct(ours, 50):.1f} ms, "
              f"p95 {pct(ours, 95):.1f} ms, max {max(ours):.0f} ms", flush=True)
        by_kind: dict[str, list[float]] = {}
        for q, t in zip(mix, ours):
            by_kind.setdefault(q["kind"], []).append(t)
        print("   by kind (p50/p95 ms): " + ", ".join(
            f"{k} {pct(v, 50):.1f}/{pct(v, 95):.1f}" for k, v in by_kind.items()), flush=True)
        if args.baseline:
            base = run_queries(url, mix[:args.baseline], candidates=10 * args.n)
            ours_same = ours[:args.baseline]
            print(f"   baseline (rank every match) on the first {len(base)}: "
                  f"p50 {pct(base, 50):.1f} ms, p95 {pct(base, 95):.1f} ms; ours on the same: "
                  f"p50 {pct(ours_same, 50):.1f}, p95 {pct(ours_same, 95):.1f} "
                  f"(p95 ratio {pct(base, 95) / pct(ours_same, 95):.1f}×)", flush=True)
        if args.export:
            t = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            with open(os.devnull, "w") as out:
                r = subprocess.run([sys.executable, "-m", "newsmon", "export", "--format", "jsonl",
                                    "--db", url], stdout=out, stderr=subprocess.PIPE, text=True)
            rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            print(f"   export jsonl of {args.n}: exit {r.returncode}, "
                  f"{time.perf_counter() - t:.0f} s, peak RSS {rss / 1024:.0f} MiB"
                  f"{' (an earlier child was bigger)' if rss == before else ''}", flush=True)


if __name__ == "__main__":
    main()
