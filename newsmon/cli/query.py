"""`newsmon search` and `newsmon stats`: reading what was kept."""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from datetime import datetime, timedelta, timezone

import click

from newsmon.cli.base import fail
from newsmon.cli.options import DATE, db_option, file_topic_ids, format_option
from newsmon.cli.output import open_db, table
from storage import queries
from storage.search import SORTS, QuerySyntaxError, UnknownFilterError, search_articles
from storage.searchlang import parse_query



def _utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=timezone.utc) if value else None


#: The columns of ``--format csv``, one per field of a search hit.
CSV_COLUMNS = ["id", "url", "title", "outlet", "published_at", "language", "story_id", "score",
               "snippet", "also_reported_by"]


def _day_after(day: datetime | None) -> datetime | None:
    """`--until DAY` includes DAY, as analysts read a range ("--since 11-01 --until 11-30" is
    November): the search's bound is the start of the next day (UTC)."""
    return _utc(day) + timedelta(days=1) if day else None


class QueryCommand(click.Command):
    """A command whose free words form a query: a word that starts with "-" and is not one of
    its options (``-Cuba``, ``-béisbol``) is a query word, not an unknown option; one that
    starts with "--" is a mistyped option (click's "No such option", with its suggestion)."""

    def parse_args(self, ctx, args):
        takes_value, flags = set(), set(ctx.help_option_names)
        for p in self.get_params(ctx):
            if isinstance(p, click.Option):
                (flags if p.is_flag or p.count else takes_value).update(p.opts + p.secondary_opts)
        options, words, i = [], [], 0
        while i < len(args):
            arg = args[i]
            name = arg.split("=", 1)[0]
            if arg == "--":
                words += args[i + 1:]
                break
            if name in takes_value:
                options.append(arg)
                if "=" not in arg:
                    if i + 1 == len(args):   # not the "--" added below as its value
                        raise click.BadOptionUsage(name, f"Option '{name}' requires an argument.", ctx)
                    options.append(args[i + 1])
                    i += 1
            elif arg in flags:
                options.append(arg)
            elif arg.startswith("--") and len(arg) > 2:
                # "-Cuba" excludes a word; "--outlt havana" is a mistyped option, not two words
                raise click.NoSuchOption(name, possibilities=sorted(takes_value | flags), ctx=ctx)
            else:
                words.append(arg)
            i += 1
        return super().parse_args(ctx, options + ["--"] + words)


@click.command(cls=QueryCommand)
@click.argument("query", nargs=-1, required=True)
@click.option("--topic", metavar="ID", help="Only articles tagged with this topic id.")
@click.option("--outlet", metavar="ID", help="Only articles of this outlet id.")
@click.option("--language", metavar="xx", help="Only articles in this language (en, es, …).")
@click.option("--since", type=DATE,
              help="Published on or after (YYYY-MM-DD, UTC); stored time when undated.")
@click.option("--until", type=DATE,
              help="Published on or before (YYYY-MM-DD, UTC, the whole day); stored time when "
                   "undated.")
@click.option("--story", type=int, metavar="ID", help="Only articles of this story.")
@click.option("--min-outlets", type=click.IntRange(1), metavar="N",
              help="Only stories told by at least N outlets.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True,
              help="Skip this many stories (the next page).")
@format_option("table", "json", "csv")
@db_option
def search(query, topic, outlet, language, since, until, story, min_outlets, sort, limit, offset,
           fmt, db_url):
    """Full-text search over titles and bodies; one line per story, best match first.

    \b
    QUERY, the search language (the same on SQLite and PostgreSQL):
      cuba embargo          all words must match (in any order)
      "fuel imports"        a phrase, words as written (also “…”, „…“, «…»)
      apagones OR blackout  either side
      cuba NOT béisbol      exclude; -béisbol too, also as the first word
      sancion*              any word that starts with sancion
      (remesas OR envíos) -Florida     parentheses group
    Case and accents do not matter; an apostrophe or hyphen inside a word belongs to it
    (Cuba's, O'Reilly, Díaz-Canel). An unquoted word also matches its other endings in
    English and Spanish (remesa finds remesas, tariff finds tariffs); exact forms rank higher.
    Scores are bm25 (SQLite) or ts_rank_cd (PostgreSQL): higher is better, comparable within
    one search only. The newest 300 matches ($NEWSMON_SEARCH_CANDIDATES) are ranked; on
    SQLite, words in over ~20,000 articles are not scored by bm25: title matches come first
    (score 1.0, else 0.5), newest first.

    Example: newsmon search -béisbol 'apagones OR blackout' --since 2026-11-01 --format json
    """
    text_query = " ".join(query)
    if since and until and since > until:
        fail(f"--since {since:%Y-%m-%d} is after --until {until:%Y-%m-%d}: swap them")
    try:
        parse_query(text_query)   # a bad query is named before a missing database
    except QuerySyntaxError as exc:
        fail(f"bad query: {exc}")
    sessions = open_db(db_url)
    try:
        with sessions() as session:
            hits = search_articles(session, text_query, topic=topic, outlet=outlet,
                                   since=_utc(since), until=_day_after(until),
                                   language=language.lower() if language else None,   # "ES" is es
                                   story=story, min_outlets=min_outlets, limit=limit,
                                   offset=offset, sort=sort, known_topics=file_topic_ids)
    except QuerySyntaxError as exc:
        fail(f"bad query: {exc}")
    except UnknownFilterError as exc:
        fail(str(exc))
    rows = [{"id": h.id, "url": h.url, "title": h.title, "outlet": h.outlet,
             "published_at": h.published_at.isoformat() if h.published_at else None,
             "language": h.language, "story_id": h.story_id, "score": h.score,
             "snippet": h.snippet, "also_reported_by": h.also_reported_by} for h in hits]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS)   # the same header with no match
        writer.writeheader()
        for r in rows:
            writer.writerow({**r, "also_reported_by": " ".join(a["outlet"] for a in
                                                               r["also_reported_by"])})
        click.echo(buf.getvalue(), nl=False)
    else:
        if not rows:
            click.echo(f"no stories match {text_query!r} beyond --offset {offset} (fewer match: "
                       "try a smaller --offset)" if offset
                       else f"no story reported by {min_outlets} or more outlets matches {text_query!r}"
                       if min_outlets and min_outlets > 1
                       else f"no article matches {text_query!r}", err=True)
            field = _FIELD.search(text_query)
            if field:   # "title:mercosur" (a trial): the search language reads it as two words
                click.echo(f"note: the search language has no fields ({field[0]!r} is read as words); "
                           "filter with --outlet, --topic, --language, --since and --until", err=True)
            sys.exit(0)
        click.echo(table([(r["id"], (r["published_at"] or "")[:10], r["outlet"],
                           f"{r['score']:.3g}", (r["title"] or "")[:70],
                           "+" + ",".join(a["outlet"] for a in r["also_reported_by"])
                           if r["also_reported_by"] else "")
                          for r in rows], ("id", "date", "outlet", "score", "title", "also")))


#: A field prefix as other search languages write it ("title:", "author:", "outlet:").
_FIELD = re.compile(r"(?<![\w\"])(?:title|author|by|outlet|source|site|topic|tag|text|body|lang|language|"
                    r"date|since|until|url):", re.IGNORECASE)


@click.command()
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
    a, st = data["articles"], data["stories"]
    click.echo(f"{a} article{'s' if a != 1 else ''} in {st} stor{'ies' if st != 1 else 'y'}\n")
    click.echo(table([(o["id"], o["articles"], o["last_article"] or "-") for o in data["outlets"]],
                     ("outlet", "articles", "last article seen")))
    click.echo()
    click.echo(table([(t["topic"], t["articles"]) for t in data["topics"]], ("topic", "articles")))
    click.echo()
    click.echo(table([(r["id"], r["started_at"], r["status"], r["new"], r["errors"])
                      for r in data["runs"]], ("run", "started", "status", "new", "errors")))
    for r in data["runs"]:
        if r.get("failure"):
            click.echo(f"run {r['id']} failed: {r['failure']}")
    if show_runs:
        for r in data["runs"]:
            click.echo(f"\nrun {r['id']} ({r['started_at']}, {r['status']}):")
            click.echo(table([(o["outlet"], o["discovered"], o["new"], o["seen"], o["errors"],
                               ", ".join(f"{k} {v}" for k, v in sorted(o["error_kinds"].items()))
                               or "-") for o in r["outlets"]],
                             ("outlet", "discovered", "new", "seen", "errors", "by kind")))
