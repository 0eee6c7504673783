"""`newsmon export`: every stored article (or a topic's, a query's) as JSON lines or CSV."""
from __future__ import annotations

import csv
import json
import sys

import click

from newsmon.cli.base import fail
from newsmon.cli.options import DATE, db_option, file_topic_ids, format_option
from newsmon.cli.output import open_db
from newsmon.cli.query import _utc
from storage.export import FIELDS, iter_articles
from storage.search import QuerySyntaxError, UnknownFilterError


@click.command()
@click.option("--since", type=DATE, help="Published on or after (YYYY-MM-DD, UTC); stored time "
              "when undated.")
@click.option("--topic", metavar="ID", help="Only articles tagged with this topic id.")
@click.option("--query", metavar="Q", help="Only articles matching Q (the search language).")
@format_option("jsonl", "csv", default="jsonl")
@db_option
def export(since, topic, query, fmt, db_url):
    """Write stored articles to stdout, one per line (JSON) or row (CSV), oldest id first.

    Fields: id, url, title, text, outlet, language, published_at, fetched_at, story_id, topics
    (topic ids; in CSV separated by spaces). Streams in pages: memory stays flat at any size.

    Example: newsmon export --topic remittances --since 2026-11-01 > remesas.jsonl
    """
    sessions = open_db(db_url)
    out = sys.stdout
    writer = csv.DictWriter(out, fieldnames=FIELDS) if fmt == "csv" else None
    try:
        with sessions() as session:
            rows = iter_articles(session, since=_utc(since), topic=topic, query=query,
                                 known_topics=file_topic_ids)
            first = next(rows, None)  # bad input fails here, before any output
            if writer:
                writer.writeheader()
            for row in _chain(first, rows):
                for key in ("published_at", "fetched_at"):
                    row[key] = row[key].isoformat() if row[key] else None
                if writer:
                    writer.writerow({**row, "topics": " ".join(row["topics"])})
                else:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
    except (QuerySyntaxError, UnknownFilterError) as exc:
        fail(str(exc) if isinstance(exc, UnknownFilterError) else f"bad query: {exc}")
    except BrokenPipeError:  # `newsmon export | head`: the reader left; not an error
        sys.stderr.close()


def _chain(first, rest):
    if first is not None:
        yield first
        yield from rest
