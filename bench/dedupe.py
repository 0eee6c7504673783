"""Near-duplicate lookup and insert at 10k, 100k and 1M stored articles, on SQLite and PostgreSQL.

    python bench/dedupe.py                                   # both engines, 10k / 100k / 1M
    python bench/dedupe.py --engines sqlite --sizes 10000,100000 --ops 1000

Per new article, through the real code, timed separately (mean / median / 99th percentile, ms):

- ``lookup``: ``copies.find_copy`` — the read-only lookup the store step makes (in an open
  session);
- ``index``:  ``copies.add_bands`` — the insert of the 40 band rows, inside the storing
  transaction (not yet committed);
- ``lookup + index``: what the band index costs one article in the pipeline;
- ``store``:  ``store_article`` + commit — the whole write of one article as ``StorePipeline``
  does it (article row, URLs, FTS, story, bands), commit and WAL checkpoints included.

Of the new articles, one in four is a light rewrite of an earlier one (``bench/rewrites.py``),
which must join its story; ``joined`` counts those that did.

The store is filled in bulk before each measurement (10k, then up to 100k, then up to 1M):
synthetic bodies of 120–400 words drawn from a Zipf law over a 30,000-word vocabulary, sketched
by the same ``pipelines.fingerprint`` functions (from their token hashes), one story each, over
the last 60 days. SQLite gets sorted ``executemany`` inserts, PostgreSQL ``COPY`` with the band
index dropped and rebuilt around it. Bodies are not stored (``text`` is empty), so the size on
disk is the index, the signatures and the rows, not the text. Signatures are made on two
processes (hence the ``__main__`` guard).

Measured here (Nov 2026, 2 cores shared with other jobs, 2,000 timed articles per size; ms
mean, median in brackets):

    engine / size             lookup          index (lookup+insert)   lookup + index   store+commit
    SQLite        10k          0.95 (0.49)     1.01 (0.56)             1.96 (1.10)      11.4 (7.4)
    SQLite       100k          0.76 (0.73)     0.57 (0.56)             1.33 (1.30)       6.6 (5.2)
    SQLite         1M          2.30 (2.26)     0.86 (0.80)             3.16 (3.15)       7.1 (5.8)
    SQLite+pragmas 10k         0.36 (0.34)     0.49 (0.46)             0.84 (0.82)       5.6 (4.7)
    SQLite+pragmas 100k        0.44 (0.42)     0.57 (0.54)             1.01 (0.99)       6.8 (5.7)
    SQLite+pragmas 1M          0.88 (0.70)     0.60 (0.58)             1.49 (1.29)       5.8 (4.6)
    PostgreSQL    10k          1.14 (1.12)     2.14 (2.12)             3.29 (3.25)      10.0 (9.6)
    PostgreSQL   100k          1.44 (1.37)     2.21 (2.17)             3.65 (3.54)      10.3 (9.9)
    PostgreSQL     1M          4.13 (3.73)     2.68 (2.56)             6.81 (6.42)      12.9 (11.5)

    SQLite, engine's own pragmas since (64 MiB cache, 4 GiB mmap; a slower day: 2,000 articles):
    SQLite        10k          0.48 (0.46)     0.69 (0.73)             1.17 (1.21)       8.1 (7.0)
    SQLite       100k          0.59 (0.56)     0.84 (0.85)             1.42 (1.42)       9.9 (8.3)
    SQLite         1M          0.86 (0.72)     0.92 (0.93)             1.79 (1.65)       9.7 (7.5)

(SQLite 10k default: the run overlapped a test run, see its p50.) "+pragmas" is
``--sqlite-pragmas cache_size=-262144,mmap_size=4294967296``. At 1M: band index 1.67 GB of a
2.77 GB SQLite file, 4.0 GB of a 5.4 GB PostgreSQL database; filling 1M took 290 s (SQLite) and
157 s (PostgreSQL) after 122 s of signatures (cached in ``--dir`` for the next run).

Engines as ``storage.engine`` opens them (SQLite: WAL, synchronous=NORMAL, default 2 MB page
cache; PostgreSQL 15 as installed, synchronous_commit on). The SQLite file goes to ``--dir``; the
PostgreSQL database ``nm_stories_bench`` is created and dropped.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import numpy as np  # noqa: E402
from sqlalchemy import event, text  # noqa: E402

import rewrites  # noqa: E402
import storage.articles  # noqa: E402
from pipelines import fingerprint as fp  # noqa: E402
from storage import copies  # noqa: E402
from storage.engine import open_database  # noqa: E402
from storage.models import utcnow  # noqa: E402

VOCAB = 30_000
OUTLETS = 50
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "nm_stories_bench"
_WORDS = [f"w{i}" for i in range(VOCAB)]
_WORD_HASH = np.array([zlib.crc32(w.encode()) for w in _WORDS], dtype=np.uint64)
_CDF = np.cumsum(1 / np.arange(1, VOCAB + 1) ** 1.05)
_CDF /= _CDF[-1]


def _words(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.minimum(np.searchsorted(_CDF, rng.random(n)), VOCAB - 1)


def make_chunk(args) -> tuple[np.ndarray, np.ndarray]:
    """Signatures and band hashes of `count` synthetic bodies (deterministic per `start`)."""
    start, count, seed = args
    rng = np.random.default_rng([seed, start])
    sigs = np.empty((count, copies.NUM_PERM), dtype=np.uint32)
    bands = np.empty((count, copies.BANDS), dtype=np.int64)
    for i in range(count):
        words = _words(rng, int(rng.integers(120, 400)))
        sigs[i] = fp.signature_of(fp.shingles_of_tokens(_WORD_HASH[words]))
        bands[i] = copies.band_hashes(sigs[i])
    return sigs, bands


def make_fill(n: int, seed: int, workdir: Path) -> tuple[np.ndarray, np.ndarray]:
    """Signatures and bands of the fill, cached in `workdir` (they take minutes at 1M)."""
    key = f"{seed}-{n}-{copies.NUM_PERM}-{copies.BANDS}x{copies.ROWS}-{fp.SHINGLE_SIZE}"
    cache = workdir / f"fill-{key}.npz"
    if cache.exists():
        data = np.load(cache)
        return data["sigs"], data["bands"]
    chunk = 20_000
    jobs = [(s, min(chunk, n - s), seed) for s in range(0, n, chunk)]
    with ProcessPoolExecutor(2) as pool:
        parts = list(pool.map(make_chunk, jobs))
    sigs = np.concatenate([p[0] for p in parts])
    bands = np.concatenate([p[1] for p in parts])
    np.savez(cache, sigs=sigs, bands=bands)
    return sigs, bands


# --- bulk fill ---------------------------------------------------------------------------------

def _times(ids: np.ndarray, last_id: int) -> list:
    """Fetch times over the last 60 days, in id order (articles are stored as they come)."""
    now = utcnow()
    return [now - timedelta(days=60 * (1 - i / last_id)) for i in ids.tolist()]


def fill_sqlite(engine, first: int, sigs, bands, last_id: int) -> None:
    """Insert articles `first`, `first`+1, … with these signatures, one story each.

    On its own connection without a journal (the engine's pool is closed first, as changing the
    journal mode needs), with a 1 GB page cache: in WAL with 2 MB, 900k articles took > 10 min."""
    import sqlite3
    engine.dispose()
    from storage.stems import stem_text
    raw = sqlite3.connect(engine.url.database, isolation_level=None)
    # The full-text index triggers call it (migration 0004), as on the engine's connections.
    raw.create_function("newsmon_stems", 2, stem_text, deterministic=True)
    try:
        cur = raw.cursor()
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000",
                       "foreign_keys=OFF"):
            cur.execute(f"PRAGMA {pragma}")
        ids = np.arange(first, first + len(sigs))
        when = [t.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
                for t in _times(ids, last_id)]
        cur.execute("BEGIN")
        cur.executemany("INSERT INTO stories (id, title, first_seen, last_updated, article_count,"
                        " outlet_count) VALUES (?, ?, ?, ?, 1, 1)",
                        ((int(i), f"story {i}", w, w) for i, w in zip(ids, when)))
        cur.executemany(
            "INSERT INTO articles (id, url, outlet_id, story_id, title, fetched_at, text, "
            "word_count, content_hash, minhash) VALUES (?, ?, ?, ?, ?, ?, '', 0, ?, ?)",
            ((int(i), f"http://bench{i % OUTLETS}.test/a/{i}", f"bench{i % OUTLETS}", int(i),
              f"story {i}", w, f"{i:064x}", copies.signature_to_bytes(sig))
             for i, w, sig in zip(ids, when, sigs)))
        band_ids, article_ids, hashes = _band_rows(ids, bands)
        cur.executemany("INSERT INTO story_bands (band, hash, article_id) VALUES (?, ?, ?)",
                        zip(band_ids.tolist(), hashes.tolist(), article_ids.tolist()))
        cur.execute("COMMIT")
        cur.execute("PRAGMA journal_mode=WAL")
    finally:
        raw.close()


def _band_rows(ids, bands):
    """(band, article, hash) of the articles `ids`, sorted by (band, hash): the key order."""
    band_ids = np.tile(np.arange(copies.BANDS), len(ids))
    article_ids = np.repeat(ids, copies.BANDS)
    hashes = bands.ravel()
    order = np.lexsort((article_ids, hashes, band_ids))
    return band_ids[order], article_ids[order], hashes[order]


def fill_postgresql(engine, first: int, sigs, bands, last_id: int) -> None:
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        ids = np.arange(first, first + len(sigs))
        when = [t.isoformat() for t in _times(ids, last_id)]
        with conn.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '1GB'")
            cur.execute("SET session_replication_role = replica")   # no FK triggers on the load
            cur.execute("ALTER TABLE story_bands DROP CONSTRAINT story_bands_pkey")
            cur.execute("DROP INDEX ix_story_bands_article")
            _copy(cur, "stories (id, title, first_seen, last_updated, article_count, outlet_count)",
                  (f"{i}\tstory {i}\t{w}\t{w}\t1\t1\n" for i, w in zip(ids, when)))
            _copy(cur, "articles (id, url, outlet_id, story_id, title, fetched_at, text, "
                       "word_count, content_hash, minhash)",
                  (f"{i}\thttp://bench{i % OUTLETS}.test/a/{i}\tbench{i % OUTLETS}\t{i}\t"
                   f"story {i}\t{w}\t\t0\t{i:064x}\t\\\\x{copies.signature_to_bytes(sig).hex()}\n"
                   for i, w, sig in zip(ids, when, sigs)))
            band_ids, article_ids, hashes = _band_rows(ids, bands)
            _copy(cur, "story_bands (band, hash, article_id)",
                  (f"{b}\t{h}\t{a}\n" for b, h, a in
                   zip(band_ids.tolist(), hashes.tolist(), article_ids.tolist())))
            cur.execute("ALTER TABLE story_bands ADD PRIMARY KEY (band, hash, article_id)")
            cur.execute("CREATE INDEX ix_story_bands_article ON story_bands (article_id)")
            last = int(ids[-1])
            cur.execute("SELECT setval(pg_get_serial_sequence('articles', 'id'), %s)", (last,))
            cur.execute("SELECT setval(pg_get_serial_sequence('stories', 'id'), %s)", (last,))
            cur.execute("RESET session_replication_role")
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE stories, articles, story_bands")
        conn.autocommit = False
    finally:
        raw.close()


def _copy(cur, table: str, lines) -> None:
    with cur.copy(f"COPY {table} FROM STDIN") as copy:
        buf = io.StringIO()
        for n, line in enumerate(lines, 1):
            buf.write(line)
            if n % 50_000 == 0:
                copy.write(buf.getvalue())
                buf = io.StringIO()
        copy.write(buf.getvalue())


# --- measurement -------------------------------------------------------------------------------

class Timed:
    """Wraps copies.add_bands to time it inside store_article."""

    def __init__(self):
        self.inner, self.times = copies.add_bands, []

    def __call__(self, *args, **kwargs):
        t = time.perf_counter()
        try:
            return self.inner(*args, **kwargs)
        finally:
            self.times.append(time.perf_counter() - t)


def new_bodies(count: int, seed: int) -> list[tuple[str, int | None]]:
    """(text, index of the earlier body it rewrites or None), one rewrite in four."""
    rng, nrng = random.Random(seed), np.random.default_rng(seed)
    out: list[tuple[str, int | None]] = []
    for i in range(count):
        if i >= 8 and rng.random() < 0.25:
            j = rng.randrange(i - 8, i) if rng.random() < 0.5 else rng.randrange(i)
            while out[j][1] is not None:
                j -= 1
            kind = rng.choice(["syndicated", "headline", "reorder", "byline", "trim"])
            out.append((rewrites.rewrite(out[j][0], kind, 1, rng), j))
        else:
            words = [_WORDS[w] for w in _words(nrng, int(nrng.integers(120, 400)))]
            paras = [" ".join(words[k:k + 50]) for k in range(0, len(words), 50)]
            out.append(("\n".join(paras), None))
    return out


def measure(sessions, ops: int, warmup: int, seed: int) -> dict:
    timed = Timed()
    copies.add_bands = timed
    bodies = new_bodies(ops + warmup, seed)
    lookup, store, ncand, stored_story = [], [], [], {}
    joined = rewrites_total = 0
    since = utcnow() - timedelta(days=7)
    try:
        for i, (body, source) in enumerate(bodies):
            sig = fp.minhash_signature(body)
            with sessions() as s:
                s.execute(text("SELECT 1"))        # connection checked out before the clock
                t0 = time.perf_counter()
                match = copies.find_copy(s, sig, copies.band_hashes(sig), since)
                t1 = time.perf_counter()
                ncand.append(len(copies.candidates(s, copies.band_hashes(sig), since)))
                s.commit()                         # as the store step does
            fields = {"canonical_url": f"http://new.test/{seed}/{i}", "outlet": "bench0",
                      "title": f"new {i}", "text": body, "content_hash": f"{seed}-{i}",
                      "minhash": copies.signature_to_bytes(sig), "story_since": since}
            t2 = time.perf_counter()
            with sessions() as s:
                article = store_article_(s, fields, match.story_id if match else None)
                s.commit()
            t3 = time.perf_counter()
            stored_story[i] = article.story_id
            if i >= warmup:
                lookup.append(t1 - t0)
                store.append(t3 - t2)
            if source is not None:
                rewrites_total += 1
                joined += article.story_id == stored_story[source]
    finally:
        copies.add_bands = timed.inner
    index = timed.times[warmup:]
    return {"lookup": lookup, "index": index, "both": [a + b for a, b in zip(lookup, index)],
            "store": store,
            "candidates": float(np.mean(ncand)), "joined": f"{joined}/{rewrites_total}"}


def store_article_(session, fields, story_id):
    return storage.articles.store_article(session, fields, story_id=story_id)


def sizes(engine) -> tuple[int, int]:
    """(bytes of the band index, bytes of the whole store)."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            bands = conn.execute(text("SELECT sum(pgsize) FROM dbstat WHERE name IN "
                                      "('story_bands', 'ix_story_bands_article')")).scalar()
            path = engine.url.database
            total = sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
            return int(bands), total
        bands = conn.execute(text("SELECT pg_total_relation_size('story_bands')")).scalar()
        total = conn.execute(text("SELECT pg_database_size(current_database())")).scalar()
        return int(bands), int(total)


def stats(xs) -> str:
    ms = np.array(xs) * 1000
    return f"{ms.mean():6.3f} {np.median(ms):6.3f} {np.percentile(ms, 99):7.3f}"


def open_store(engine_name: str, workdir: Path, pragmas: str = ""):
    if engine_name == "sqlite":
        path = workdir / "dedupe-bench.db"
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        engine, sessions = open_database(f"sqlite:///{path}")
        if pragmas:
            def extra(dbapi_conn, _record):
                for pragma in pragmas.split(","):
                    dbapi_conn.execute(f"PRAGMA {pragma}")
            event.listen(engine, "connect", extra)
            engine.dispose()
        return engine, sessions
    import psycopg
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {PG_DB}")
    return open_database(f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DB}")


def drop_store(engine_name: str, engine, workdir: Path) -> None:
    engine.dispose()
    if engine_name == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{workdir / 'dedupe-bench.db'}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--ops", type=int, default=2000, help="timed new articles per size")
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", default="/tmp/nm_stories_bench", help="where the SQLite file goes")
    ap.add_argument("--keep", action="store_true", help="keep the stores afterwards")
    ap.add_argument("--sqlite-pragmas", default="", metavar="P=V,…",
                    help="extra PRAGMAs on every SQLite connection, e.g. "
                         "cache_size=-262144,mmap_size=2147483648 (default: the engine's own)")
    args = ap.parse_args()
    targets = sorted(int(s) for s in args.sizes.split(","))
    workdir = Path(args.dir)
    workdir.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    sigs, bands = make_fill(targets[-1], args.seed, workdir)
    print(f"signatures of {targets[-1]:,} synthetic bodies: {time.perf_counter() - t:.0f} s "
          f"({copies.NUM_PERM} permutations, {copies.BANDS}×{copies.ROWS} bands)", flush=True)
    if args.sqlite_pragmas:
        print(f"SQLite connections also get: {args.sqlite_pragmas}")
    print("engine        stored fill_s | lookup ms (mean p50 p99) | index = lookup+insert ms "
          "| lookup + index ms      | store+commit ms        | cand   joined | bands MB store MB")
    for name in args.engines.split(","):
        engine, sessions = open_store(name, workdir, args.sqlite_pragmas)
        with sessions() as s:
            from storage.crawlstate import upsert_outlets
            upsert_outlets(s, [type("O", (), {"id": f"bench{k}", "name": f"Bench {k}",
                                              "language": "en", "home": None})()
                               for k in range(OUTLETS)])
        fill = fill_sqlite if name == "sqlite" else fill_postgresql
        used = 0                                  # fill signatures inserted so far
        for n in targets:
            with sessions() as s:
                stored = s.scalar(text("SELECT count(*) FROM articles"))
                first = (s.scalar(text("SELECT max(id) FROM articles")) or 0) + 1
            count = max(0, n - stored)
            t = time.perf_counter()
            fill(engine, first, sigs[used:used + count], bands[used:used + count],
                 targets[-1] + len(targets) * (args.ops + args.warmup))
            fill_s = time.perf_counter() - t
            used += count
            r = measure(sessions, args.ops, args.warmup, args.seed * 1000 + n)
            band_b, total_b = sizes(engine)
            print(f"{name:<10} {stored + count:>9,} {fill_s:6.0f} | {stats(r['lookup'])} | "
                  f"{stats(r['index'])} | {stats(r['both'])} | {stats(r['store'])} | "
                  f"{r['candidates']:4.1f} "
                  f"{r['joined']:>8} | {band_b / 1e6:8.0f} {total_b / 1e6:8.0f}", flush=True)
        if not args.keep:
            drop_store(name, engine, workdir)


if __name__ == "__main__":
    main()
