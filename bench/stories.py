"""The story step's cost: CPU per article for its features, and the story lookup at 10k, 100k and
1M stored articles on SQLite and PostgreSQL.

    python bench/stories.py                                  # both engines, 10k / 100k / 1M
    python bench/stories.py --engines sqlite --sizes 10000,100000 --ops 500

1. **Features, CPU per article** (``pipelines.page.story_features``, what each worker runs per
   article: MinHash signature, USE embedding of title + lead, names, figures) on the real bodies
   of ``tests/fixtures/corpus``, against the baseline of the same run: the copy-only step that
   newsmon ran before event stories (MinHash alone, ``embed=False``). Process CPU time.
2. **Assignment at scale**: the store is filled in bulk (``bench/dedupe.py``'s fill: synthetic
   bodies, one story each, their MinHash signatures and LSH bands) plus one ``story_signals``
   row per article (a random unit vector, five names) at a fixed rate of ``--per-day`` articles
   a day, the newest now: 10k stored is 5 days of news at 2,000 a day, 1M is 500 days. Then
   ``--ops`` new articles (one in four a rewrite of an earlier one, so copies are found) are
   stored through ``storage.articles.store_article`` with one ``StoryAssigner`` as the store
   pipeline keeps it, and timed (wall clock, ms: mean, median, 99th percentile):
   - ``event lookup``: ``EventIndex.find``, including the catch-up read of rows it has not seen;
   - ``assign``: the whole story step in the transaction (band lock, copy lookup and band
     insert, event lock and lookup, story update, signals insert);
   - ``store``: ``store_article`` + commit;
   - the median CPU time of this process for the lookup and the step (the machine is shared:
     wall times swell when other jobs run, CPU time much less).
   The event index is loaded once (the first article, not timed: ``--warmup``) and its load
   time is printed. What the lookup costs depends on the reports per window (``--per-day``), not
   on the number stored.

The machine is shared (2 cores, other jobs running): compare within a run.

Measured here (Dec 2026, load average ~12 on 2 cores from other jobs; 500 timed articles per
size, 2,000 a day; ms mean, median, p99 of wall time; last column: median CPU of this process):

    engine        stored | window | event lookup         | assign (whole step)  | store+commit          | CPU lookup / assign
    sqlite        10,000 |  6,550 |  5.91  1.83  18.99   | 14.48 14.03  30.64   | 24.75 22.53  59.05    | 1.65 / 4.09
    sqlite       100,000 |  6,550 |  6.37  3.65  20.54   | 15.03 13.96  33.91   | 27.62 25.59  71.57    | 1.81 / 4.42
    sqlite     1,000,000 |  6,549 |  3.82  1.94  19.38   | 23.91 21.51  63.10   | 38.61 38.96 108.36    | 1.91 / 4.88
    postgresql    10,000 |  6,550 |  2.81  2.04   9.36   | 15.46 13.85  46.04   | 25.20 22.10  75.42    | 1.70 / 5.47
    postgresql   100,000 |  6,550 |  2.38  1.94   6.46   | 12.24 12.50  23.17   | 19.55 19.52  35.12    | 1.61 / 5.31
    postgresql 1,000,000 |  6,549 |  2.25  2.06   5.97   | 10.75  9.58  21.87   | 15.11 12.91  30.69    | 1.74 / 5.24
Features, same runs: 8.6–9.2 ms CPU per article with events, 1.4 ms for MinHash alone
(6.2–6.5x). Filling 1M took 1,681 s on SQLite and 261 s on PostgreSQL (loaded machine).
"""
from __future__ import annotations

import argparse
import io
import json
import sys
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import numpy as np  # noqa: E402

import dedupe as fillers  # noqa: E402  (bench/dedupe.py)
from pipelines import fingerprint as fp  # noqa: E402
from pipelines.page import story_features  # noqa: E402
from storage import copies  # noqa: E402
from storage.articles import store_article  # noqa: E402
from storage.models import utcnow  # noqa: E402
from storage.stories import StoryAssigner  # noqa: E402

CORPUS = REPO / "tests" / "fixtures" / "corpus" / "ground-truth.json"


def feature_cpu(limit: int) -> None:
    truth = json.loads(CORPUS.read_text(encoding="utf-8"))
    docs = [(v.get("title") or "", v["articleBody"]) for _, v in sorted(truth.items())][:limit]
    story_features(*docs[0], None)          # load the model before the clock
    for label, embed in (("copies only (MinHash; the step before events)", False),
                         ("copies + events (MinHash + embedding + names + figures)", True)):
        start = time.process_time()
        for title, body in docs:
            story_features(title, body, None, embed)
        per = (time.process_time() - start) / len(docs) * 1000
        print(f"  {label:58s} {per:6.2f} ms CPU per article")
        if not embed:
            base = per
    print(f"  ratio events / copies only: {per / base:.2f}x ({len(docs)} real bodies)")


def fill_signals(engine, first: int, count: int, base, per_day: float, seed: int) -> None:
    """One story_signals row per article `first` … `first + count - 1`, article i published at
    `base` + i / `per_day` days."""
    rng = np.random.default_rng(seed)
    names = [f"name{k}" for k in range(5000)]
    raw = engine.raw_connection()
    try:
        for start in range(first, first + count, 50_000):
            ids = np.arange(start, min(first + count, start + 50_000))
            vec = rng.standard_normal((len(ids), 512)).astype(np.float32)
            vec /= np.linalg.norm(vec, axis=1)[:, None]
            vec = vec.astype("<f2")
            at = [base + timedelta(days=i / per_day) for i in ids.tolist()]
            picks = rng.integers(0, len(names), (len(ids), 5))
            rows = [(int(i), int(i), a, vec[k].tobytes(), " ".join(names[p] for p in picks[k]))
                    for k, (i, a) in enumerate(zip(ids.tolist(), at))]
            if engine.dialect.name == "sqlite":
                cur = raw.cursor()
                cur.executemany("INSERT INTO story_signals (id, article_id, at, vector, names, "
                                "numbers) VALUES (?, ?, ?, ?, ?, '')",
                                [(i, a, t.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f"),
                                  v, n) for i, a, t, v, n in rows])
                raw.commit()
            else:
                with raw.driver_connection.cursor() as cur:
                    with cur.copy("COPY story_signals (id, article_id, at, vector, names, "
                                  "numbers) FROM STDIN") as cp:
                        buf = io.StringIO()
                        for i, a, t, v, n in rows:
                            buf.write(f"{i}\t{a}\t{t.isoformat()}\t\\\\x{v.hex()}\t{n}\t\n")
                        cp.write(buf.getvalue())
                raw.driver_connection.commit()
        if engine.dialect.name == "postgresql":
            with raw.driver_connection.cursor() as cur:
                cur.execute("SELECT setval(pg_get_serial_sequence('story_signals', 'id'), "
                            "(SELECT max(id) FROM story_signals))")
                cur.execute("ANALYZE story_signals")
            raw.driver_connection.commit()
    finally:
        raw.close()


class Clock:
    """Times calls of a bound method (replaced on the instance): wall time in `times`, this
    process's CPU time in `cpu` (the database server's work on PostgreSQL is not in it)."""

    def __init__(self, owner, name: str):
        self.inner, self.times, self.cpu = getattr(owner, name), [], []
        setattr(owner, name, self)

    def __call__(self, *args, **kwargs):
        t, c = time.perf_counter(), time.process_time()
        try:
            return self.inner(*args, **kwargs)
        finally:
            self.times.append(time.perf_counter() - t)
            self.cpu.append(time.process_time() - c)


def measure(sessions, ops: int, warmup: int, seed: int, clock, per_day: float) -> dict:
    """Store `warmup` + `ops` new articles published from `clock` on, `per_day` a day."""
    assigner = StoryAssigner()
    find, assign = Clock(assigner.index, "find"), Clock(assigner, "assign")
    rng = np.random.default_rng(seed)
    bodies = fillers.new_bodies(ops + warmup, seed)
    store, joined, rewrites, story_of = [], 0, 0, {}
    for i, (body, source) in enumerate(bodies):
        sig = fp.minhash_signature(body)
        vec = rng.standard_normal(512).astype(np.float32)
        vec /= np.linalg.norm(vec)
        fields = {"canonical_url": f"http://new.test/{seed}/{i}", "outlet": "bench0",
                  "title": f"new {i}", "text": body, "content_hash": f"{seed}-{i}",
                  "minhash": copies.signature_to_bytes(sig),
                  "event_vector": vec.astype("<f2").tobytes(), "event_names": ["name1"],
                  "event_numbers": [], "published_at": clock + timedelta(days=i / per_day)}
        t = time.perf_counter()
        with sessions() as s:
            article = store_article(s, fields, assigner=assigner)
            s.commit()
        store.append(time.perf_counter() - t)
        story_of[i] = article.story_id
        if source is not None and i >= warmup:
            rewrites += 1
            joined += article.story_id == story_of[source]
    return {"find": find.times[warmup:], "assign": assign.times[warmup:],
            "find_cpu": find.cpu[warmup:], "assign_cpu": assign.cpu[warmup:],
            "store": store[warmup:], "load": find.times[0], "window": len(assigner.index),
            "joined": f"{joined}/{rewrites}"}


def stats(xs) -> str:
    ms = np.array(xs) * 1000
    return f"{ms.mean():6.2f} {np.median(ms):6.2f} {np.percentile(ms, 99):7.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--ops", type=int, default=1000, help="timed new articles per size")
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--per-day", type=float, default=2000.0, help="stored articles a day")
    ap.add_argument("--features", type=int, default=120, help="real bodies for the CPU figure")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", default="/tmp/nm_stories_bench", help="where the SQLite file goes")
    args = ap.parse_args()
    print("1. story features, CPU per article (one process):", flush=True)
    feature_cpu(args.features)
    targets = sorted(int(s) for s in args.sizes.split(","))
    workdir = Path(args.dir)
    workdir.mkdir(parents=True, exist_ok=True)
    sigs, bands = fillers.make_fill(targets[-1], args.seed, workdir)
    print(f"2. story assignment, {args.per_day:,.0f} stored articles a day, ms "
          f"(mean p50 p99):", flush=True)
    print("engine        stored fill_s | window load_ms | event lookup ms        "
          "| assign (whole step) ms | store+commit ms        | copies joined | CPU p50 ms: "
          "lookup assign")
    # Simulated time: stored article i was published at base + i / per-day days, so the newest
    # is now at the largest size, and each size's new articles follow its newest stored one.
    base = utcnow() - timedelta(days=(targets[-1] + 1) / args.per_day)
    last_id = targets[-1] + len(targets) * (args.ops + args.warmup)
    for name in args.engines.split(","):
        engine, sessions = fillers.open_store(name, workdir)
        with sessions() as s:
            from storage.crawlstate import upsert_outlets
            upsert_outlets(s, [type("O", (), {"id": f"bench{k}", "name": f"Bench {k}",
                                              "language": "en", "home": None})()
                               for k in range(fillers.OUTLETS)])
        fill = fillers.fill_sqlite if name == "sqlite" else fillers.fill_postgresql
        used = 0
        for n in targets:
            with sessions() as s:
                from sqlalchemy import text
                stored = s.scalar(text("SELECT count(*) FROM articles"))
                first = (s.scalar(text("SELECT max(id) FROM articles")) or 0) + 1
            count = max(0, n - stored)
            t = time.perf_counter()
            fill(engine, first, sigs[used:used + count], bands[used:used + count], last_id)
            fill_signals(engine, first, count, base, args.per_day, args.seed + n)
            fill_s = time.perf_counter() - t
            used += count
            r = measure(sessions, args.ops, args.warmup, args.seed * 1000 + n,
                        base + timedelta(days=n / args.per_day), args.per_day)
            print(f"{name:<10} {stored + count:>9,} {fill_s:6.0f} | {r['window']:6,d} "
                  f"{r['load'] * 1000:7.0f} | {stats(r['find'])} | {stats(r['assign'])} | "
                  f"{stats(r['store'])} | {r['joined']:>8} | "
                  f"{np.median(r['find_cpu']) * 1000:5.2f} {np.median(r['assign_cpu']) * 1000:5.2f}",
                  flush=True)
        fillers.drop_store(name, engine, workdir)


if __name__ == "__main__":
    main()
