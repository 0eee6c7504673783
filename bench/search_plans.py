"""Where a search's time goes on PostgreSQL: bench/search.py's 200-query mix, per query and per
statement, on a database it loaded.

    python bench/search_plans.py --db postgresql+psycopg://postgres@127.0.0.1/nm_search_bench_1000000
    python bench/search_plans.py --db … --explain     # EXPLAIN (ANALYZE, BUFFERS) of every statement

Without ``--explain``: after a warm-up pass over the first 40 queries, each query of the mix
runs once through ``storage.search.search_articles``; prints p50/p95 per kind (ms), how many
queries took over 50 ms and under 10 ms, and the slowest 15 with their costliest statements.
``--save FILE`` writes every query's time and statements as JSON (compare two trees' runs).

With ``--explain``: every statement that reads ``articles`` is first run under
``EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`` on the same connection, in the same transaction;
prints the statements where JIT compiled (and its time) or a bitmap turned lossy (pages), then
the totals and the costliest plan. Timings in this mode include the EXPLAIN runs.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sqlalchemy import event  # noqa: E402

from search import pct, query_mix  # noqa: E402  (bench/search.py)
from storage.engine import open_database  # noqa: E402
from storage.search import search_articles  # noqa: E402


def lossy_pages(node: dict) -> int:
    return node.get("Lossy Heap Blocks", 0) + sum(lossy_pages(c) for c in node.get("Plans", []))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--explain", action="store_true")
    ap.add_argument("--save")
    args = ap.parse_args()
    mix = query_mix(args.queries)
    engine, sessions = open_database(args.db)
    stmts: list = []
    totals = Counter()
    state = {"on": False, "query": ""}

    @event.listens_for(engine, "before_cursor_execute")
    def before(conn, cursor, statement, params, context, many):
        if state["on"] and args.explain and "articles" in statement:
            plan = cursor.connection.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement,
                                             params).fetchone()[0][0]
            totals["statements"] += 1
            cost = plan["Plan"]["Total Cost"]
            if cost > totals["max_cost"]:
                totals["max_cost"] = round(cost)
            lossy = lossy_pages(plan["Plan"])
            jit = plan.get("JIT", {}).get("Timing", {}).get("Total")
            totals["lossy_pages"] += lossy
            totals["lossy_statements"] += bool(lossy)
            totals["jit_statements"] += jit is not None
            if lossy or jit is not None:
                print(f"  {state['query']}: lossy pages {lossy}, JIT {jit} ms, "
                      f"{plan['Execution Time']:.1f} ms: {statement[:90]}")
        conn.info["t0"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def after(conn, cursor, statement, params, context, many):
        stmts.append(((time.perf_counter() - conn.info["t0"]) * 1000, statement[:160]))

    results = []
    with sessions() as s:
        for warm in (True, False):
            state["on"] = not warm
            for q in (mix[:40] if warm else mix):
                filters = {k: v for k, v in q.items() if k not in ("kind", "q")}
                state["query"] = f"{q['q']} {filters}"
                stmts.clear()
                t = time.perf_counter()
                search_articles(s, q["q"], limit=20, **filters)
                ms = (time.perf_counter() - t) * 1000
                s.rollback()
                if not warm:
                    results.append({"kind": q["kind"], "q": q["q"], "filters": str(filters),
                                    "ms": round(ms, 2), "statements": sorted(stmts, reverse=True)})
    times = [r["ms"] for r in results]
    by_kind: dict[str, list[float]] = {}
    for r in results:
        by_kind.setdefault(r["kind"], []).append(r["ms"])
    print(f"{len(times)} queries: p50 {pct(times, 50):.1f} ms, p95 {pct(times, 95):.1f} ms; "
          f"over 50 ms {sum(t > 50 for t in times)} "
          f"({dict(Counter(r['kind'] for r in results if r['ms'] > 50))}), "
          f"under 10 ms {sum(t < 10 for t in times)}")
    print("   by kind (p50/p95 ms): " + ", ".join(
        f"{k} {pct(v, 50):.1f}/{pct(v, 95):.1f}" for k, v in by_kind.items()))
    if args.explain:
        print(f"   EXPLAIN: {dict(totals)}")
    for r in sorted(results, key=lambda r: -r["ms"])[:15]:
        top = ", ".join(f"{ms:.1f}" for ms, _ in r["statements"][:3])
        print(f"{r['ms']:8.1f} ms {r['kind']:7} {r['q']!r} {r['filters']} statements {top} ms")
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
