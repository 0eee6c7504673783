"""`newsmon stories` and `newsmon show`: the same news from many outlets, read as one story."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import click

from newsmon.cli.base import cli, db_option, fail, format_option
from newsmon.cli.output import open_db, table
from storage.stories import StoryArticle, article_with_story, list_stories

DATE = click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"])


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _article_json(a: StoryArticle) -> dict:
    return {"id": a.id, "url": a.url, "outlet": a.outlet, "title": a.title,
            "published_at": _iso(a.published_at), "fetched_at": _iso(a.fetched_at)}


@cli.command()
@click.option("--since", type=DATE, help="Only stories with an article stored on or after this "
              "date (YYYY-MM-DD, UTC).")
@click.option("--topic", metavar="ID", help="Only stories with an article tagged with this topic.")
@click.option("--min-outlets", type=click.IntRange(1), default=1, show_default=True,
              help="Only stories reported by at least this many outlets.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many stories.")
@format_option("table", "json")
@db_option
def stories(since, topic, min_outlets, limit, fmt, db_url):
    """Stories (near-duplicate articles grouped), most recently updated first.

    With --format json: a list of {id, title, first_seen, last_updated, outlets, articles:
    [{id, url, outlet, …}]}.

    Example: newsmon stories --since 2026-11-20 --min-outlets 2 --format json
    """
    since = since.replace(tzinfo=timezone.utc) if since else None
    with open_db(db_url)() as session:
        rows = list_stories(session, since=since, topic=topic, min_outlets=min_outlets,
                            limit=limit)
    if fmt == "json":
        click.echo(json.dumps([{"id": s.id, "title": s.title, "first_seen": _iso(s.first_seen),
                                "last_updated": _iso(s.last_updated), "outlets": s.outlets,
                                "articles": [_article_json(a) for a in s.articles]}
                               for s in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no stories match", err=True)
        return
    click.echo(table([(s.id, s.last_updated.strftime("%Y-%m-%d %H:%M"), len(s.articles),
                       (s.title or "")[:60], ", ".join(s.outlets)[:60]) for s in rows],
                     ("story", "updated", "articles", "title", "outlets")))


@cli.command()
@click.argument("article_id", metavar="ID", type=int)
@format_option("table", "json")
@db_option
def show(article_id, fmt, db_url):
    """One stored article, with the other articles of its story ("also reported by").

    Example: newsmon show 42
    """
    with open_db(db_url)() as session:
        data = article_with_story(session, article_id)
    if data is None:
        fail(f"no article {article_id}; list some with `newsmon stories` or `newsmon search`")
    story = data["story"]
    if fmt == "json":
        out = {k: _iso(v) if isinstance(v, datetime) else v for k, v in data.items()}
        if story is not None:
            out["story"] = {**{k: _iso(v) if isinstance(v, datetime) else v
                               for k, v in story.items()},
                            "articles": [_article_json(a) for a in story["articles"]]}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(f"{data['title'] or '(no title)'}\n{data['url']}")
    click.echo(f"article {data['id']} · {data['outlet']} · published "
               f"{_iso(data['published_at']) or '?'} · {data['word_count']} words")
    if data["topics"]:
        click.echo("topics: " + ", ".join(f"{t['id']} ({t['score']:.2f})" for t in data["topics"]))
    click.echo("\n" + data["text"] + "\n")
    if story is None:
        return
    others = story["articles"]
    click.echo(f"story {story['id']}: {story['title'] or ''} "
               f"(first seen {story['first_seen']:%Y-%m-%d %H:%M})")
    if not others:
        click.echo("no other outlet reported it")
        return
    click.echo("also reported by:")
    click.echo(table([(a.id, a.outlet, (a.title or "")[:60], a.url) for a in others],
                     ("article", "outlet", "title", "url")))
