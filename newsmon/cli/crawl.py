"""`newsmon crawl`: one pass over the outlets.

Live progress (outlets done, articles new, errors) is drawn with rich on a terminal only, on
stderr, and vanishes when the crawl ends; in a pipe or a file nothing but the summary is
written. rich rather than tqdm: one live line with several counters and log lines printed above
it without tearing it.
"""
from __future__ import annotations

import gc
import logging
import os
import signal
import sys
from pathlib import Path
from contextlib import contextmanager

import click
from sqlalchemy.exc import OperationalError

from crawler.outlets import OutletConfigError, load_outlets
from crawler.stats import NOTHING_FETCHED, SUMMARY_KEYS, nothing_fetched
from newsmon.cli.base import fail, outage_line
from newsmon.cli.options import db_option, frontier_option, outlets_option, topics_option
from storage.engine import DatabaseURLError


@click.command()
@outlets_option
@topics_option
@db_option
@click.option("--only", multiple=True, metavar="ID", help="Crawl only this outlet (repeatable).")
@frontier_option
@click.option("--seed-only", is_flag=True,
              help="With --frontier: enqueue this round's feeds for the workers, crawl nothing.")
def crawl(outlets_file, topics_file, db_url, only, frontier, seed_only):
    """Crawl every outlet once: store new articles, print a summary per outlet.

    Outlets that fail are counted and reported and the crawl goes on; the exit code is non-zero
    when the config or the database cannot be used, or when every outlet failed and nothing at
    all was fetched (exit 3: the network or the outlets file, not a quiet day). Ctrl-C stops it
    gracefully: what it stored is kept, the rest is fetched by the next crawl (exit 130).

    With --frontier, several `newsmon crawl` / `newsmon worker` processes (on one machine or
    many) share one Redis queue and one PostgreSQL database; see "Running on several machines".

    Example: newsmon crawl --outlets config/outlets.yaml --only 14ymedio
    """
    # Ctrl-C or SIGTERM from here until the crawl runs stops it at its first moment, the same way
    # as later (the run recorded as interrupted, exit 130): crawler/interrupts.py
    from crawler import interrupts
    interrupts.hold()
    # Scrapy, Twisted and the crawler, imported here to keep --help fast, without the garbage
    # collector and then frozen: they live as long as this process (see newsmon/__main__.py).
    gc.disable()
    from crawler.runner import run_crawl, seed_frontier
    gc.freeze()
    gc.enable()

    service = os.environ.get("NEWSMON_SERVICE_PID", "")   # scheduler.SERVICE_PID_VARIABLE
    if service.isdigit():   # a crawl of `newsmon schedule`: stop as on SIGTERM when it is gone
        from pipelines.workers import exit_with
        exit_with(int(service), then=lambda: os.kill(os.getpid(), signal.SIGTERM))
    frontier_errors: tuple = ()
    if frontier:  # scrapy-redis and redis only when a frontier is used (start-up time)
        from crawler.frontierconfig import FrontierError
        frontier_errors = (FrontierError,)

    try:
        outlets = load_outlets(outlets_file)
    except OutletConfigError as exc:
        fail(str(exc))
    unknown = sorted(set(only) - {o.id for o in outlets})
    if unknown:
        from storage.search import closest_hint   # the error path only: no import at start-up

        hint = closest_hint(unknown[0], [o.id for o in outlets])
        fail(f"--only {unknown[0]}: no such outlet id in the outlets file"
             + (hint or "; see `newsmon outlets list`"))
    # an empty table and exit 0 told nothing; --only crawls a disabled outlet too (README)
    if not only and not any(o.enabled for o in outlets):
        fail(f"no enabled outlet in {outlets_file or 'the outlets file'}: add one (see `newsmon outlets "
             f"check`), set enabled: true, or name one with --only")
    if seed_only and not frontier:
        fail("--seed-only needs --frontier redis://HOST:PORT/DB (or NEWSMON_FRONTIER_URL)")
    overrides = {}
    # Outside the checkout, with no config/ here: say whose files the crawl used (after its
    # report, so that an error before it stays the one line on stderr).
    notes = []
    if outlets_file is None:
        from crawler.outlets import REPO_CONFIG, default_outlets_path

        if default_outlets_path() == REPO_CONFIG / "outlets.yaml" and Path.cwd() != REPO_CONFIG.parent:
            notes.append(f"outlets of {REPO_CONFIG / 'outlets.yaml'} (no config/outlets.yaml here; "
                         "--outlets or NEWSMON_OUTLETS names another)")
    if topics_file is None:
        from topics import CHECKOUT_TOPICS, default_topics_path

        if default_topics_path() == CHECKOUT_TOPICS and Path.cwd() != CHECKOUT_TOPICS.parents[1]:
            notes.append(f"tagged with {CHECKOUT_TOPICS} (no config/topics.yaml here; --topics or "
                         "NEWSMON_TOPICS_FILE names another)")
    if topics_file:  # the tag step reads it; a bad file fails here, not in the workers
        from newsmon.cli.digest import load_topics_or_fail

        overrides["NEWSMON_TOPICS_FILE"] = load_topics_or_fail(topics_file).path
    try:
        if seed_only:
            added, claimed = seed_frontier(outlets, frontier, db_url=db_url,
                                           only=list(only) or None)
            click.echo(f"enqueued {added} requests ({claimed} already enqueued this round)")
            return
        with live_progress() as progress:
            report = run_crawl(outlets, db_url=db_url, only=list(only) or None,
                               overrides=overrides or None, frontier=frontier,
                               progress=progress)
    except (DatabaseURLError, *frontier_errors) as exc:
        fail(str(exc))
    except OperationalError as exc:  # PostgreSQL down or restarting, a full disk
        fail(outage_line(db_url, exc))
    click.echo(format_report(report))
    for note in notes:
        click.echo(note, err=True)
    if report.failure:
        click.echo(f"Error: {report.failure}", err=True)
        sys.exit(1)
    if report.finish_reason == "shutdown" and not frontier:   # a frontier worker stops so
        click.echo(INTERRUPTED, err=True)
        sys.exit(INTERRUPTED_EXIT)
    if nothing_fetched(report.per_outlet):
        click.echo(f"Error: {NOTHING_FETCHED}", err=True)
        sys.exit(3)


#: A crawl stopped by Ctrl-C or SIGTERM: what it stored is kept, and the pages it had not
#: finished are fetched by the next crawl. 130 is the shell's code for a Ctrl-C.
INTERRUPTED = "Interrupted: the articles stored so far are kept; the next crawl fetches the rest"
INTERRUPTED_EXIT = 130


@contextmanager
def live_progress():
    """A callback that redraws the progress line, or None when stderr is not a terminal."""
    if not (sys.stderr.isatty() or os.environ.get("FORCE_TERMINAL")
            or os.environ.get("TTY_COMPATIBLE")):
        yield None   # rich (~0.05 s to import) would say the same: no terminal, no live line
        return
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                               TextColumn, TimeElapsedColumn)

    bar = Progress(SpinnerColumn(), TextColumn("outlets done"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[new]} new · {task.fields[errors]} errors · "
                              "{task.fields[requests]} requests"), TimeElapsedColumn(),
                   console=console, transient=True)
    task = bar.add_task("crawl", total=None, new=0, errors=0, requests=0)

    def update(p) -> None:
        bar.update(task, completed=p.outlets_done, total=p.outlets_total or None, new=p.new,
                   errors=p.errors, requests=p.requests)

    with bar:
        # Log lines go through rich's stderr proxy, above the live line, not across it.
        streams = [(h, h.setStream(sys.stderr)) for h in logging.root.handlers
                   if type(h) is logging.StreamHandler]
        try:
            yield update
        finally:
            for handler, stream in streams:
                handler.setStream(stream)


def format_report(report) -> str:
    rows = [("outlet", *SUMMARY_KEYS, "errors")]
    totals = dict.fromkeys(SUMMARY_KEYS, 0)
    failing = []
    for outlet, counts in sorted(report.per_outlet.items()):
        errors = {k.split("/", 1)[1]: v for k, v in counts.items() if k.startswith("error/")}
        if errors:
            failing.append(outlet)
        for key in SUMMARY_KEYS:
            totals[key] += counts.get(key, 0)
        rows.append((outlet, *(str(counts.get(k, 0)) for k in SUMMARY_KEYS),
                     ", ".join(f"{k} {v}" for k, v in sorted(errors.items())) or "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1] for r in rows]
    # The last line is the run's one-line summary (the service keeps it as the crawl job's):
    # outlets with errors are named there, so a crawl where every outlet failed does not read
    # like a quiet day.
    errors = (f"; errors in {len(failing)} of {len(report.per_outlet)} outlets: "
              f"{', '.join(failing[:5])}{', …' if len(failing) > 5 else ''}" if failing else "")
    lines.append(f"run {report.run_id}: {report.finish_reason or 'unknown'} in "
                 f"{report.seconds:.1f}s; " + ", ".join(f"{k} {v}" for k, v in totals.items())
                 + errors)
    # Listed items left out as older than the outlet's window: not errors, but a user adding an
    # outlet saw its items vanish without a word (a tester); said before the run's summary line.
    old = {o: c.get("too_old", 0) for o, c in sorted(report.per_outlet.items()) if c.get("too_old")}
    if old:
        lines.insert(-1, "not followed, older than the outlet's max_age_days: "
                         + ", ".join(f"{o} {n}" for o, n in old.items()))
    return "\n".join(lines)
