"""What the digest reads and keeps: the window's articles with their tags, topic counts for the
trend, lead texts, the archived digest row; and the service's job runs. Plain rows out
(``ArticleRow``), so ``digest.build`` stays free of SQL. The other articles of the window's
stories come from ``storage.storyreads.story_articles``, the one read that search and the CLI use.

The big reads go through ``session.connection()`` (Core rows, not ORM result processing: a
busy day is 10,000+ rows; bench/digest.py). Every window is on *stored* time (``articles.fetched_at``), never on the outlet's claimed date:
a digest shows what newsmon learned in the window, and an outlet's wrong clock cannot hide or
repeat an article.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import Column, Float, MetaData, String, Table, func, select, inspect
from sqlalchemy.orm import Session

from storage.models import Article, ArticleTopic, Digest, JobRun, Outlet, utcnow

log = logging.getLogger(__name__)

LEAD_CHARS = 3000   # the lead is 1–2 sentences: no need to read whole bodies


@dataclass
class ArticleRow:
    """One stored article of the window; ``tags`` is {topic_id: score}."""
    id: int
    story_id: int | None
    title: str | None
    url: str
    outlet: str
    published_at: datetime | None
    fetched_at: datetime
    tags: dict[str, float] = field(default_factory=dict)
    language: str | None = None


def window_articles(session: Session, start: datetime, end: datetime) -> list[ArticleRow]:
    """The articles first stored in [start, end), oldest first, each with its topic scores
    (evidence is read later, for the entries shown: ``article_evidence``)."""
    rows: dict[int, ArticleRow] = {}
    query = (select(Article.id, Article.story_id, Article.title, Article.url, Outlet.name,
                    Article.outlet_id, Article.published_at, Article.fetched_at,
                    ArticleTopic.topic_id, ArticleTopic.score, Article.language)
             .join(Outlet, Outlet.id == Article.outlet_id, isouter=True)
             .join(ArticleTopic, ArticleTopic.article_id == Article.id, isouter=True)
             .where(Article.fetched_at >= start, Article.fetched_at < end)
             .order_by(Article.fetched_at, Article.id))
    for aid, sid, title, url, name, outlet_id, published, fetched, topic, score, language in \
            session.connection().execute(query):
        row = rows.get(aid)
        if row is None:
            row = rows[aid] = ArticleRow(aid, sid, title, url, name or outlet_id, published,
                                         fetched, language=language)
        if topic is not None:
            row.tags[topic] = score
    return list(rows.values())


def topic_story_counts(session: Session, start: datetime, end: datetime) -> dict[str, int]:
    """{topic_id: distinct stories (an article without a story counts as its own) tagged with
    the topic among the articles stored in [start, end)}."""
    story = func.coalesce(Article.story_id, -Article.id)
    return dict(session.execute(
        select(ArticleTopic.topic_id, func.count(story.distinct()))
        .join(Article, Article.id == ArticleTopic.article_id)
        .where(Article.fetched_at >= start, Article.fetched_at < end)
        .group_by(ArticleTopic.topic_id)).all())


def article_texts(session: Session, ids: list[int]) -> dict[int, str]:
    """{article id: the first LEAD_CHARS characters of its body}."""
    if not ids:
        return {}
    return dict(session.execute(select(Article.id, func.substr(Article.text, 1, LEAD_CHARS))
                                .where(Article.id.in_(ids))).all())


def article_evidence(session: Session, ids: list[int]) -> dict[int, dict[str, list]]:
    """{article id: {topic_id: stored evidence}} for the articles of `ids`."""
    out: dict[int, dict[str, list]] = {}
    if ids:
        for aid, topic, evidence in session.execute(
                select(ArticleTopic.article_id, ArticleTopic.topic_id, ArticleTopic.evidence)
                .where(ArticleTopic.article_id.in_(ids))):
            out.setdefault(aid, {})[topic] = evidence or []
    return out


def save_digest(session: Session, *, day: date, subject: str, article_count: int,
                story_count: int, html: str, text: str, html_path: str | None,
                text_path: str | None) -> Digest:
    row = Digest(day=day, subject=subject, article_count=article_count, story_count=story_count,
                 html=html, text=text, html_path=html_path, text_path=text_path)
    session.add(row)
    session.commit()
    return row


# --------------------------------------------------------------------------- service job runs

def start_job_run(session: Session, job: str) -> int:
    row = JobRun(job=job, started_at=utcnow(), outcome="running")
    session.add(row)
    session.commit()
    return row.id


def finish_job_run(session: Session, run_id: int, outcome: str, summary: str) -> None:
    row = session.get(JobRun, run_id)
    row.finished_at, row.outcome, row.summary = utcnow(), outcome, summary[:2000]
    session.commit()


def close_stale_job_runs(session: Session) -> int:
    """Mark the job runs still ``running`` as ``interrupted``: called by a service that holds the
    database's service lock (``storage.servicelock``), so no other service runs them; they are
    a killed service's (they showed ``running`` in `newsmon schedule status` for good). Returns
    how many."""
    stale = session.scalars(select(JobRun).where(JobRun.outcome == "running")).all()
    for row in stale:
        row.outcome, row.summary = "interrupted", "the service ended while it ran"
    session.commit()
    return len(stale)


def last_job_run(session: Session, job: str, outcome: str | None = None) -> JobRun | None:
    query = select(JobRun).where(JobRun.job == job)
    if outcome:
        query = query.where(JobRun.outcome == outcome)
    return session.scalar(query.order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(1))


def any_job_run_before(session: Session, when: datetime) -> bool:
    """Whether the service ran any job before `when` (it existed then)."""
    return session.scalar(select(JobRun.id).where(JobRun.started_at < when).limit(1)) is not None


def job_status(session: Session, jobstore_table: str = "scheduler_jobs") -> list[dict]:
    """Each job the service knows: its last run (start, outcome, summary) from ``job_runs`` and
    its next run time from APScheduler's SQLAlchemy job store table (epoch seconds, UTC)."""
    next_runs: dict[str, datetime | None] = {}
    if inspect(session.get_bind()).has_table(jobstore_table):
        jobs = Table(jobstore_table, MetaData(), Column("id", String(191), primary_key=True),
                     Column("next_run_time", Float))
        for job_id, ts in session.execute(select(jobs.c.id, jobs.c.next_run_time)):
            next_runs[job_id] = (datetime.fromtimestamp(ts, timezone.utc)
                                 if ts is not None else None)
    names = sorted(set(next_runs) | set(session.scalars(select(JobRun.job).distinct())))
    out = []
    for name in names:
        last = last_job_run(session, name)
        out.append({"job": name,
                    "last_run": last.started_at if last else None,
                    "outcome": last.outcome if last else None,
                    "summary": last.summary if last else None,
                    "next_run": next_runs.get(name)})
    return out
