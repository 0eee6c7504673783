"""`newsmon search` and `newsmon stats`: reading what was kept."""
from __future__ import annotations

import csv
import io
import json
import sys
from datetime import datetime, timezone

import click

from newsmon.cli.base import cli, db_option, fail, format_option
from newsmon.cli.output import open_db, table
from storage import queries
from storage.search import QuerySyntaxError, search_articles

DATE = click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"])


def _utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=timezone.utc) if value else None


@cli.command()
@click.argument("query")
@click.option("--topic", metavar="ID", help="Only articles tagged with this topic id.")
@click.option("--outlet", metavar="ID", help="Only articles of this outlet id.")
@click.option("--since", type=DATE, help="Published (or first seen) on or after (YYYY-MM-DD).")
@click.option("--until", type=DATE, help="Published (or first seen) before (YYYY-MM-DD).")
@click.option("--language", metavar="xx", help="Only articles in this language (en, es, …).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@format_option("table", "json", "csv")
@db_option
def search(query, topic, outlet, since, until, language, limit, fmt, db_url):
    """Full-text search over titles and bodies; one line per story, best match first.

    QUERY: words (all must match), "a phrase", OR between alternatives, -word to exclude.

    Example: newsmon search 'apagones OR blackout -béisbol' --since 2026-11-01 --format json
    """
    sessions = open_db(db_url)
    try:
        with sessions() as session:
            hits = search_articles(session, query, topic=topic, outlet=outlet, since=_utc(since),
                                   until=_utc(until), language=language, limit=limit)
    except QuerySyntaxError as exc:
        fail(f"bad query: {exc}")
    rows = [{"id": h.id, "url": h.url, "title": h.title, "outlet": h.outlet,
             "published_at": h.published_at.isoformat() if h.published_at else None,
             "language": h.language, "story_id": h.story_id, "score": h.score,
             "snippet": h.snippet,
             "also_reported_by": [a["outlet"] for a in h.also_reported_by]} for h in hits]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["id"])
        writer.writeheader()
        for r in rows:
            writer.writerow({**r, "also_reported_by": " ".join(r["also_reported_by"])})
        click.echo(buf.getvalue(), nl=False)
    else:
        if not rows:
            click.echo(f"no article matches {query!r}", err=True)
            sys.exit(0)
        click.echo(table([(r["id"], (r["published_at"] or "")[:10], r["outlet"],
                           (r["title"] or "")[:70],
                           "+" + ",".join(r["also_reported_by"]) if r["also_reported_by"] else "")
                          for r in rows], ("id", "date", "outlet", "title", "also")))


@cli.command()
@click.option("--runs", "show_runs", is_flag=True,
              help="Per-outlet counts of the last runs (errors by kind).")
@click.option("--last", type=click.IntRange(1, 1000), default=5, show_default=True,
              help="How many runs to show.")
@format_option("table", "json")
@db_option
def stats(show_runs, last, fmt, db_url):
    """Counts per outlet and per topic, and the last crawl runs.

    Example: newsmon stats --runs --last 3
    """
    sessions = open_db(db_url)
    with sessions() as session:
        data = queries.overview(session, last_runs=last, with_outlets=show_runs)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"{data['articles']} articles in {data['stories']} stories\n")
    click.echo(table([(o["id"], o["articles"], o["last_article"] or "-") for o in data["outlets"]],
                     ("outlet", "articles", "last article seen")))
    click.echo()
    click.echo(table([(t["topic"], t["articles"]) for t in data["topics"]], ("topic", "articles")))
    click.echo()
    click.echo(table([(r["id"], r["started_at"], r["status"], r["new"], r["errors"])
                      for r in data["runs"]], ("run", "started", "status", "new", "errors")))
    if show_runs:
        for r in data["runs"]:
            click.echo(f"\nrun {r['id']} ({r['started_at']}, {r['status']}):")
            click.echo(table([(o["outlet"], o["discovered"], o["new"], o["seen"], o["errors"],
                               ", ".join(f"{k} {v}" for k, v in sorted(o["error_kinds"].items()))
                               or "-") for o in r["outlets"]],
                             ("outlet", "discovered", "new", "seen", "errors", "by kind")))
