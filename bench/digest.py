"""The digest of a busy day: 10,000 articles stored in the last 24 hours on 3,000 stories, built,
rendered and queued for one reader, on SQLite and on PostgreSQL. Goal: under 2 s on each.

    python bench/digest.py                       # both engines
    python bench/digest.py --engines sqlite --articles 10000 --stories 3000 --repeat 5

The store is filled in bulk first: 40 outlets; the day's articles spread over 3,000 stories (a
Zipf-like share: a few big stories, many of one article), bodies of ~1,500 characters, each
article tagged with 1–3 of the 12 topics of ``config/topics.yaml`` with stored evidence; and
``--history-days`` (7) earlier days of the same volume, which the trend reads. Then, timed
(median of ``--repeat`` runs, seconds), through the real code in the order ``digest.run`` calls it:

- ``baseline``: one plain ``SELECT id, story_id, title, url`` of the window's articles — the least
  any digest must read; every other figure is also given as a ratio to it;
- ``window rows``: ``storage.digests.window_articles`` (articles, outlets, tags with evidence);
- ``story outlets``: ``storage.storyreads.story_articles`` (every stored article of the window's
  stories);
- ``trend counts``: ``topic_story_counts`` over the 7 days before the window;
- ``build``: ``digest.build.build_digest`` (pure: one entry per story, rank, sections);
- ``leads``: ``article_texts`` for the entries shown + ``with_leads``;
- ``render``: Jinja2 HTML and text + css-inline;
- ``queue``: the MIME message + ``outbox.enqueue`` (one row, committed);
- ``total``: ``digest.run.run_digest`` end to end for one new reader (edition archived to files
  and ``digests``, the reader's digest built, rendered and queued; nothing sent).

The PostgreSQL database ``nm_digest_bench`` is created and dropped; the SQLite file goes to a
temporary folder. Figures and where the time goes: see the README ("Digest and mail").
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402

from digest.build import build_digest, trend_window, with_leads  # noqa: E402
from digest.mail import build_message, message_id  # noqa: E402
from digest.recipients import Recipient  # noqa: E402
from digest.render import render_digest  # noqa: E402
from digest.run import run_digest  # noqa: E402
from topics.topicfile import load_topics  # noqa: E402
from storage import digests as store  # noqa: E402
from storage import outbox  # noqa: E402
from storage.engine import open_database  # noqa: E402
from storage.models import Article, ArticleTopic, Outlet, Story  # noqa: E402
from storage.storyreads import story_articles  # noqa: E402

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/nm_digest_bench"
WORDS = ("cuba habana gobierno apagones remesas sanciones petróleo diálogo washington "
         "electricidad combustible familias economía militares acuerdo tarifas venezuela "
         "the island officials blackout fuel talks embassy exiles migration").split()


def fill(sessions, articles: int, stories: int, days: int, now: datetime, seed: int = 7) -> None:
    rnd = random.Random(seed)
    topic_ids = load_topics(ROOT / "config" / "topics.yaml").ids
    with sessions() as s:
        s.execute(insert(Outlet), [{"id": f"o{i}", "name": f"Outlet {i}", "language": "es"}
                                   for i in range(40)])
        next_article = 1
        for day in range(days + 1):
            end = now - timedelta(days=day)
            base = day * stories
            s.execute(insert(Story), [
                {"id": base + k + 1, "title": f"Story {base + k}", "first_seen": end,
                 "last_updated": end, "article_count": 0, "outlet_count": 0}
                for k in range(stories)])
            rows, tags = [], []
            for _ in range(articles):
                story = base + 1 + min(int(rnd.paretovariate(1.0)) - 1, stories - 1) \
                    if rnd.random() < 0.5 else base + 1 + rnd.randrange(stories)
                body = " ".join(rnd.choice(WORDS) for _ in range(220))
                rows.append({"id": next_article, "url": f"https://o.test/{next_article}",
                             "outlet_id": f"o{rnd.randrange(40)}", "story_id": story,
                             "title": f"Titular {next_article}: " + " ".join(
                                 rnd.choice(WORDS) for _ in range(8)),
                             "fetched_at": end - timedelta(seconds=rnd.uniform(1, 86_399)),
                             "published_at": None, "language": "es", "text": body,
                             "word_count": 220, "content_hash": f"{next_article:064x}"})
                for t in rnd.sample(topic_ids, rnd.choice((1, 1, 2, 3))):
                    tags.append({"article_id": next_article, "topic_id": t,
                                 "score": round(rnd.uniform(4, 15), 2),
                                 "evidence": [f"[{rnd.choice(WORDS)}, {rnd.choice(WORDS)}] "
                                              + body[:120] for _ in range(3)]})
                next_article += 1
            s.execute(insert(Article), rows)
            s.execute(insert(ArticleTopic), tags)
            s.commit()
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text("ANALYZE"))
            s.commit()


def timed(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def measure(url: str, args, now: datetime, workdir: Path) -> dict[str, float]:
    sessions = open_database(url)[1]
    with sessions() as s:
        filled = s.scalar(select(Article.fetched_at).order_by(Article.fetched_at.desc()).limit(1))
    if filled is None:
        t0 = time.perf_counter()
        fill(sessions, args.articles, args.stories, args.history_days, now)
        print(f"  filled {args.articles * (args.history_days + 1):,} articles in "
              f"{time.perf_counter() - t0:.0f} s", flush=True)
    else:  # a kept SQLite file (--dir): its day ends where it was filled
        now = filled.replace(microsecond=0) + timedelta(seconds=1)
    topics = load_topics(ROOT / "config" / "topics.yaml")
    pairs = [(t.id, t.label) for t in topics.topics]
    start, end = now - timedelta(days=1), now
    out = {}
    with sessions() as s:
        out["baseline"], _ = timed(lambda: s.execute(
            select(Article.id, Article.story_id, Article.title, Article.url)
            .where(Article.fetched_at >= start, Article.fetched_at < end)).all(), args.repeat)
        out["window rows"], rows = timed(lambda: store.window_articles(s, start, end), args.repeat)
        out["story outlets"], stories = timed(
            lambda: story_articles(s, {r.story_id for r in rows}), args.repeat)
        out["trend counts"], prev = timed(
            lambda: store.topic_story_counts(s, *trend_window(start)), args.repeat)
        build = lambda: build_digest(rows, stories, pairs, name="bench", day=end.date(),  # noqa
                                     start=start, end=end, previous_counts=prev)
        out["build"], digest = timed(build, args.repeat)
        out["leads"], _ = timed(lambda: with_leads(digest, store.article_texts(
            s, [e.article_id for e in digest.entries])), args.repeat)
        out["render"], (html, txt) = timed(lambda: render_digest(digest), args.repeat)
        counter = iter(range(10**6))

        def queue():
            who = f"q{next(counter)}@example.org"
            msg = build_message(subject=digest.subject, html=html, text=txt,
                                mail_from="b@example.org", to=who, to_name=None,
                                msg_id=message_id(end.date(), who, "b@example.org"),
                                date=end, list_id="bench <bench.example.org>")
            return outbox.enqueue(s, day=end.date(), recipient=who, subject=digest.subject,
                                  message=msg.as_string(), message_id=msg["Message-ID"],
                                  window_start=start, window_end=end,
                                  story_count=digest.story_count)
        out["queue"], _ = timed(queue, args.repeat)
    readers = iter(range(10**6))
    out["total"], result = timed(lambda: run_digest(
        sessions, topics, [Recipient(f"r{next(readers)}@example.org")], name="bench",
        out_dir=workdir / "archive", tz="UTC", mail_from="b@example.org", now=now), args.repeat)
    print(f"  {result.edition.story_count} stories, {len(result.edition.entries)} shown, "
          f"{result.edition.article_count} articles; HTML {len(html.encode()) // 1024} KiB",
          flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--stories", type=int, default=3_000)
    parser.add_argument("--history-days", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", default=None,
                        help="Keep the SQLite file here (and reuse it when it is there).")
    args = parser.parse_args()
    now = datetime.now(timezone.utc).replace(microsecond=0)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.dir:
            Path(args.dir).mkdir(parents=True, exist_ok=True)
        db_dir = args.dir or tmp
        for engine in args.engines.split(","):
            print(f"{engine}:", flush=True)
            if engine == "sqlite":
                results[engine] = measure(f"sqlite:///{db_dir}/digest.db", args, now, Path(tmp))
            else:
                import psycopg

                with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                    admin.execute("DROP DATABASE IF EXISTS nm_digest_bench WITH (FORCE)")
                    admin.execute("CREATE DATABASE nm_digest_bench")
                try:
                    results[engine] = measure(PG_URL, args, now, Path(tmp))
                finally:
                    from sqlalchemy.orm import close_all_sessions
                    close_all_sessions()
                    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                        admin.execute("DROP DATABASE IF EXISTS nm_digest_bench WITH (FORCE)")
    print(f"\nmedian of {args.repeat} (s; ratio to the baseline read of the window)")
    print(f"{'step':<15}" + "".join(f"{e:>22}" for e in results))
    for step in next(iter(results.values())):
        print(f"{step:<15}" + "".join(
            f"{r[step]:>12.3f} ({r[step] / r['baseline']:>5.1f}×)" for r in results.values()))


if __name__ == "__main__":
    main()
