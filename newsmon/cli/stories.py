"""`newsmon stories`, `newsmon story`, `newsmon show` and `newsmon restory`: every outlet's report
of one event, in any language, read as one story; and `newsmon optimize`, the upkeep of the
full-text index (``storage.maintenance``)."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import click

from newsmon.cli.base import fail
from newsmon.cli.options import DATE, db_option, file_topic_ids, format_option
from newsmon.cli.output import open_db, table

if TYPE_CHECKING:
    from storage.storyreads import StoryArticle

LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "pt": "Portuguese",
                  "de": "German", "it": "Italian", "und": "an unknown language"}


def coverage_line(outlets: int, languages) -> str:
    """"reported by 5 outlets, in English and Spanish" """
    names = [LANGUAGE_NAMES.get(x, x) for x in languages]
    said = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    return f"reported by {outlets} outlet{'s' if outlets != 1 else ''}" + (
        f", in {said}" if said else "")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _article_json(a: StoryArticle) -> dict:
    return {"id": a.id, "url": a.url, "outlet": a.outlet, "title": a.title,
            "language": a.language, "copy_of": a.copy_of,
            "published_at": _iso(a.published_at), "fetched_at": _iso(a.fetched_at)}


@click.command()
@click.option("--since", type=DATE, help="Only stories with an article stored on or after this "
              "date (YYYY-MM-DD, UTC).")
@click.option("--topic", metavar="ID", help="Only stories with an article tagged with this topic.")
@click.option("--min-outlets", type=click.IntRange(1), default=1, show_default=True,
              help="Only stories reported by at least this many outlets.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many stories.")
@format_option("table", "json")
@db_option
def stories(since, topic, min_outlets, limit, fmt, db_url):
    """Stories (copies of one text; with NEWSMON_STORY_EVENTS=1, every outlet's report of one
    event, in any language), most recently updated first, with how many outlets and which
    languages reported each.

    With --format json: a list of {id, title, titles: {language: title}, first_seen,
    last_updated, outlet_count, languages, outlets, articles: [{id, url, outlet, language,
    copy_of, …}]}.

    Example: newsmon stories --since 2026-11-20 --min-outlets 2 --format json
    """
    from storage.storyreads import list_stories

    from storage.search import UnknownFilterError, check_filters

    since = since.replace(tzinfo=timezone.utc) if since else None
    with open_db(db_url)() as session:
        try:
            # an unknown id is a typo: say which exist (the topics file's count, tagged or not)
            check_filters(session, topic=topic, known_topics=file_topic_ids)
        except UnknownFilterError as exc:
            fail(str(exc))
        rows = list_stories(session, since=since, topic=topic, min_outlets=min_outlets,
                            limit=limit)
    if fmt == "json":
        click.echo(json.dumps([{"id": s.id, "title": s.title, "titles": s.titles,
                                "first_seen": _iso(s.first_seen),
                                "last_updated": _iso(s.last_updated),
                                "outlet_count": s.coverage.outlets,
                                "languages": list(s.languages), "outlets": s.outlets,
                                "articles": [_article_json(a) for a in s.articles]}
                               for s in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no stories match", err=True)
        return
    click.echo(table([(s.id, s.last_updated.strftime("%Y-%m-%d %H:%M"), len(s.articles),
                       s.coverage.outlets, ",".join(s.languages), (s.title or "")[:60],
                       ", ".join(s.outlets)[:50]) for s in rows],
                     ("story", "updated", "articles", "outlets", "languages", "title",
                      "reported by")))


@click.command()
@click.argument("story_id", metavar="ID", type=int)
@format_option("table", "json")
@db_option
def story(story_id, fmt, db_url):
    """One story as a timeline: its reports in the order they were first published (else first
    seen), with outlet, language, time and title, and the copies of each report folded under it.

    With --format json: {id, titles, first_seen, last_updated, outlet_count, languages,
    reports: [{…article, copies: [{…article}]}]}.

    Example: newsmon story 12
    """
    from storage.storyreads import story_timeline

    with open_db(db_url)() as session:
        found = story_timeline(session, story_id)
    if found is None:
        fail(f"no story {story_id}; list some with `newsmon stories`")
    row, reports = found
    if fmt == "json":
        click.echo(json.dumps({
            "id": row.id, "titles": row.titles, "first_seen": _iso(row.first_seen),
            "last_updated": _iso(row.last_updated), "outlet_count": row.coverage.outlets,
            "languages": list(row.languages),
            # copy_of as the timeline shows it: a copy of the report it is folded under (the
            # first published), whichever of them the crawl stored first
            "reports": [{**_article_json(r.article), "copy_of": None,
                         "copies": [{**_article_json(c), "copy_of": r.article.id} for c in r.copies]}
                        for r in reports]}, ensure_ascii=False, indent=2))
        return
    click.echo(f"story {row.id}: {row.title or '(no title)'}")
    for lang, title in row.titles.items():
        click.echo(f"  [{lang}] {title}")
    click.echo(f"first seen {row.first_seen:%Y-%m-%d %H:%M} UTC · "
               f"{coverage_line(row.coverage.outlets, row.languages)} · "
               f"{len(row.articles)} article{'s' if len(row.articles) != 1 else ''}")

    def line(a, outlet):
        published = f"{a.published_at:%Y-%m-%d %H:%M}" if a.published_at else ""
        return (f"{a.fetched_at:%Y-%m-%d %H:%M}", published, outlet, a.language or "?",
                (a.title or "")[:70], a.id)
    lines = []
    for r in reports:
        lines.append(line(r.article, r.article.outlet))
        lines.extend(line(c, f"  ↳ copy: {c.outlet}") for c in r.copies)
    click.echo(table(lines, ("first seen", "published", "outlet", "lang", "title", "article")))


@click.command()
@click.option("--since", type=DATE, help="Only articles stored on or after this date "
              "(YYYY-MM-DD, UTC); default: every article.")
@click.option("--window", "window_days", type=click.FloatRange(0), default=None,
              help="± days within which reports join one story (default: "
              "$NEWSMON_STORY_WINDOW_DAYS, else crawler/settings.py's).")
@click.option("--events/--no-events", default=None,
              help="Also join every outlet's report of one event (the experimental level, "
              "embedding each article; default: $NEWSMON_STORY_EVENTS, else crawler/settings.py's, "
              "off: copies only).")
@db_option
def restory(since, window_days, events, db_url):
    """Recompute the stories of stored articles (after a change of method, window or
    threshold): copies, and with --events reports of one event, are joined again, in the
    order stored.

    Example: newsmon restory --since 2026-11-01
    """
    from crawler.envsettings import setting
    from pipelines.page import story_features
    from storage.articles import signals_of
    from storage.restory import restory as run
    from storage.stories import StoryConfig

    def features(article):
        fields = story_features(article.title, article.text, article.language)
        return signals_of({**fields, "published_at": article.published_at}, article.fetched_at)

    config = StoryConfig(setting("NEWSMON_STORY_WINDOW_DAYS") if window_days is None
                         else window_days, setting("NEWSMON_STORY_THRESHOLD"),
                         setting("NEWSMON_EVENT_THRESHOLD"))
    since = since.replace(tzinfo=timezone.utc) if since else None
    if events is None:
        events = setting("NEWSMON_STORY_EVENTS")
    with open_db(db_url)() as session:
        result = run(session, since, features, config, with_events=events)
    click.echo(f"stories recomputed for {result.articles} articles ({result.signals_added} "
               f"given story signals): {result.stories_before} stories before, "
               f"{result.stories_after} now")


@click.command()
@db_option
def optimize(db_url):
    """Merge the full-text index into one segment (SQLite): searches read one piece per word
    instead of many (p50 -7 to -14 % on bench/search.py's million articles). The service does it
    once a day after a crawl; run it after a large import. It holds the database's write lock
    while it runs (48 s at a million articles).

    Example: newsmon optimize --db sqlite:///newsmon.db
    """
    from sqlalchemy.exc import OperationalError

    from storage.maintenance import optimize_search_index

    engine = open_db(db_url).kw["bind"]   # a missing or foreign database: the one-line error
    try:
        click.echo(optimize_search_index(engine))
    except OperationalError as exc:   # a crawl held the write lock past the busy timeout
        fail(f"the database stayed busy ({exc.orig}); run it again when no crawl is storing")
    finally:
        engine.dispose()


@click.command()
@click.argument("article_id", metavar="ID", type=int)
@format_option("table", "json")
@db_option
def show(article_id, fmt, db_url):
    """One stored article, with the other articles of its story ("also reported by").

    Example: newsmon show 42
    """
    from storage.storyreads import article_with_story

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
               f"{_iso(data['published_at']) or '?'} · {data['word_count']} words"
               f" · language {data['language'] or '?'}")
    if data["author"]:
        click.echo(f"by {data['author']}")
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
