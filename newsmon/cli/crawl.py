"""`newsmon crawl`: one pass over the outlets."""
from __future__ import annotations

import click
from sqlalchemy.exc import OperationalError

from crawler.outlets import OutletConfigError, load_outlets
from newsmon.cli.base import cli, db_option, fail, frontier_option
from storage.engine import DatabaseURLError

SUMMARY_KEYS = ("discovered", "new", "seen", "duplicate", "not_modified")


@cli.command()
@click.option("--outlets", "outlets_file", type=click.Path(dir_okay=False), default=None,
              help="Outlets YAML (default: $NEWSMON_OUTLETS, else config/outlets.yaml).")
@db_option
@click.option("--only", multiple=True, metavar="ID", help="Crawl only this outlet (repeatable).")
@frontier_option
@click.option("--seed-only", is_flag=True,
              help="With --frontier: enqueue this round's feeds for the workers, crawl nothing.")
def crawl(outlets_file, db_url, only, frontier, seed_only):
    """Crawl every outlet once: store new articles, print a summary per outlet.

    Outlets that fail are counted and reported; the exit code is non-zero only when the config or
    the database cannot be used.

    With --frontier, several `newsmon crawl` / `newsmon worker` processes (on one machine or
    many) share one Redis queue and one PostgreSQL database; see "Running on several machines".

    Example: newsmon crawl --outlets config/outlets.yaml --only 14ymedio
    """
    from crawler.frontier import FrontierError
    from crawler.runner import run_crawl, seed_frontier  # imports Scrapy: keep --help fast

    try:
        outlets = load_outlets(outlets_file)
    except OutletConfigError as exc:
        fail(str(exc))
    unknown = sorted(set(only) - {o.id for o in outlets})
    if unknown:
        fail(f"--only {unknown[0]}: no such outlet id in the outlets file; see `newsmon outlets list`")
    if seed_only and not frontier:
        fail("--seed-only needs --frontier redis://HOST:PORT/DB (or NEWSMON_FRONTIER_URL)")
    try:
        if seed_only:
            added, claimed = seed_frontier(outlets, frontier, db_url=db_url,
                                           only=list(only) or None)
            click.echo(f"enqueued {added} requests ({claimed} already enqueued this round)")
            return
        report = run_crawl(outlets, db_url=db_url, only=list(only) or None, frontier=frontier)
    except (DatabaseURLError, FrontierError) as exc:
        fail(str(exc))
    except OperationalError as exc:  # PostgreSQL down or restarting
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        fail(f"cannot reach the database ({reason}); check --db or $NEWSMON_DATABASE_URL")
    click.echo(format_report(report))


def format_report(report) -> str:
    rows = [("outlet", *SUMMARY_KEYS, "errors")]
    totals = dict.fromkeys(SUMMARY_KEYS, 0)
    for outlet, counts in sorted(report.per_outlet.items()):
        errors = {k.split("/", 1)[1]: v for k, v in counts.items() if k.startswith("error/")}
        for key in SUMMARY_KEYS:
            totals[key] += counts.get(key, 0)
        rows.append((outlet, *(str(counts.get(k, 0)) for k in SUMMARY_KEYS),
                     ", ".join(f"{k} {v}" for k, v in sorted(errors.items())) or "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1] for r in rows]
    lines.append(f"run {report.run_id}: {report.finish_reason or 'unknown'} in "
                 f"{report.seconds:.1f}s; " + ", ".join(f"{k} {v}" for k, v in totals.items()))
    return "\n".join(lines)
