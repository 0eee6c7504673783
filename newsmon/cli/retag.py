"""`newsmon retag`: bring stored tags in line with the current topics file."""
from __future__ import annotations

from datetime import timezone

import click

from newsmon.cli.base import fail
from newsmon.cli.digest import load_topics_or_fail
from newsmon.cli.options import DAY, db_option, topics_option
from newsmon.cli.output import open_db


@click.command()
@click.option("--since", type=DAY, default=None,
              help="Only articles first seen on or after this day (YYYY-MM-DD).")
@click.option("--all", "everything", is_flag=True,
              help="Re-score every article, not only those tagged with another topics version.")
@click.option("--force", is_flag=True,
              help="Replace the tags even when the topics file has none of the stored tags' topics.")
@topics_option
@db_option
def retag(since, everything, force, topics_file, db_url):
    """Re-score stored articles after config/topics.yaml changed (each tag records the topics
    file's version; by default only articles tagged with another version are re-scored).

    Example: newsmon retag --since 2026-11-01
    """
    from topics.score import score_topics
    from storage.retag import foreign_tags, retag_articles

    topics = load_topics_or_fail(topics_file)

    def score(article):
        return [s.as_dict() for s in score_topics(article.title or "", article.text,
                                                  article.language, topics) if s.assigned]

    with open_db(db_url)() as session:
        foreign = foreign_tags(session, topics.ids)
        if foreign and not force:
            # another monitor's file (the checkout's default, run outside this monitor's
            # folder, or a wrong --topics): it would replace every tag with none
            shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
            fail(f"{topics.path} has none of the topics the stored articles are tagged with "
                 f"({shown}); pass --topics with this monitor's topics file (or set "
                 f"NEWSMON_TOPICS_FILE), or add --force to replace every tag with its topics")
        done, tags = retag_articles(session, topics.version, score,
                                    since=since.replace(tzinfo=timezone.utc) if since else None,
                                    stale_only=not everything)
    click.echo(f"re-scored {done} articles with {topics.path} (version {topics.version}): {tags} tags")
