"""Read-side queries the CLI, digest and scheduler share (no Scrapy, no email here)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Article, ArticleTopic, CrawlRun, CrawlRunOutlet, Outlet, Story


def overview(session: Session, last_runs: int = 5, with_outlets: bool = False) -> dict:
    """Counts per outlet and topic, and the last crawl runs (with per-outlet counts if asked)."""
    per_outlet = session.execute(
        select(Outlet.id, func.count(Article.id), func.max(Article.fetched_at))
        .outerjoin(Article, Article.outlet_id == Outlet.id).group_by(Outlet.id)
        .order_by(Outlet.id)).all()
    per_topic = session.execute(
        select(ArticleTopic.topic_id, func.count()).group_by(ArticleTopic.topic_id)
        .order_by(func.count().desc())).all()
    runs = []
    for run in session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(last_runs)):
        outlets = session.scalars(select(CrawlRunOutlet).where(CrawlRunOutlet.run_id == run.id)
                                  .order_by(CrawlRunOutlet.outlet_id)).all()
        entry = {"id": run.id, "started_at": run.started_at.isoformat(timespec="seconds"),
                 "finished_at": run.finished_at.isoformat(timespec="seconds")
                 if run.finished_at else None,
                 "status": run.status, "new": sum(o.new for o in outlets),
                 "errors": sum(o.errors for o in outlets)}
        if (run.stats or {}).get("failure"):   # why a run that went to its end failed
            entry["failure"] = run.stats["failure"]
        if with_outlets:
            entry["outlets"] = [{
                "outlet": o.outlet_id, "discovered": o.discovered, "new": o.new, "seen": o.seen,
                "errors": o.errors,
                "error_kinds": {k.split("/", 1)[1]: v for k, v in (o.counts or {}).items()
                                if k.startswith("error/")}} for o in outlets]
        runs.append(entry)
    return {
        "articles": session.scalar(select(func.count()).select_from(Article)),
        "stories": session.scalar(select(func.count()).select_from(Story)),
        "outlets": [{"id": i, "articles": n, "last_article": t.isoformat(timespec="seconds")
                     if t else None} for i, n, t in per_outlet],
        "topics": [{"topic": t, "articles": n} for t, n in per_topic],
        "runs": runs,
    }


def outlet_health(session: Session) -> dict[str, dict]:
    """Each outlet's stored article count and its most recent run's counters."""
    latest = (select(CrawlRunOutlet.outlet_id, func.max(CrawlRunOutlet.run_id).label("run_id"))
              .group_by(CrawlRunOutlet.outlet_id).subquery())
    health = {}
    for row, started in session.execute(
            select(CrawlRunOutlet, CrawlRun.started_at)
            .join(latest, (latest.c.outlet_id == CrawlRunOutlet.outlet_id)
                  & (latest.c.run_id == CrawlRunOutlet.run_id))
            .join(CrawlRun, CrawlRun.id == CrawlRunOutlet.run_id)):
        health[row.outlet_id] = {"last_run": row.run_id, "last_run_at": started, "new": row.new,
                                 "errors": row.errors, "discovered": row.discovered}
    for outlet_id, n in session.execute(select(Article.outlet_id, func.count())
                                        .group_by(Article.outlet_id)):
        health.setdefault(outlet_id, {})["articles"] = n
    return health
