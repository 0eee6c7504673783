"""Choosing what a digest shows: the window, the articles per topic, one entry per story, ranked.

Pure data out (``Digest`` dataclasses), so rendering (``digest.render``) and sending are apart and
testable on their own. A story told by several outlets appears once per topic, with the outlets
that also reported it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Article, ArticleTopic, Outlet


@dataclass
class DigestEntry:
    article_id: int
    story_id: int | None
    title: str
    url: str
    outlet: str
    published_at: datetime | None
    score: float
    lead: str
    evidence: list[str] = field(default_factory=list)
    also_reported_by: list[dict] = field(default_factory=list)  # {"outlet", "url"}


@dataclass
class DigestSection:
    topic_id: str
    label: str
    description: str
    entries: list[DigestEntry]
    article_count: int


@dataclass
class Digest:
    day: date
    start: datetime
    end: datetime
    timezone: str
    sections: list[DigestSection]
    article_count: int
    untagged_count: int
    outlets: list[str]

    @property
    def subject(self) -> str:
        topics = sum(1 for s in self.sections if s.entries)
        stories = "story" if self.story_count == 1 else "stories"
        return (f"newsmon digest {self.day.isoformat()}: {self.story_count} {stories} on "
                f"{topics} topic{'s' if topics != 1 else ''}")

    @property
    def story_count(self) -> int:
        return len({e.story_id or -e.article_id for s in self.sections for e in s.entries})


def digest_window(day: date | None, tz: str, now: datetime | None = None
                  ) -> tuple[date, datetime, datetime]:
    """(label day, start, end) in UTC: a given calendar day in `tz`, or the 24 hours up to now."""
    zone = ZoneInfo(tz)
    if day is None:
        end = now or datetime.now(timezone.utc)
        return end.astimezone(zone).date(), end - timedelta(days=1), end
    start = datetime.combine(day, time(0), tzinfo=zone)
    return day, start.astimezone(timezone.utc), (start + timedelta(days=1)).astimezone(timezone.utc)


def build_digest(session: Session, topics, day: date | None = None, tz: str = "UTC",
                 per_topic: int = 15, now: datetime | None = None) -> Digest:
    """The digest of the articles first seen in the window, grouped by the topics of `topics`
    (a ``TopicSet``; its order is the digest's order)."""
    label_day, start, end = digest_window(day, tz, now)
    in_window = (Article.fetched_at >= start) & (Article.fetched_at < end)
    names = dict(session.execute(select(Outlet.id, Outlet.name)).all())
    article_count = session.scalar(select(func.count()).select_from(Article).where(in_window))
    tagged = select(ArticleTopic.article_id)
    untagged = session.scalar(select(func.count()).select_from(Article)
                              .where(in_window, Article.id.not_in(tagged)))
    rows = session.execute(
        select(ArticleTopic.topic_id, ArticleTopic.score, ArticleTopic.evidence, Article)
        .join(Article, Article.id == ArticleTopic.article_id).where(in_window)
        .order_by(ArticleTopic.score.desc(), Article.fetched_at)).all()
    by_topic: dict[str, list] = {}
    for topic_id, score, evidence, article in rows:
        by_topic.setdefault(topic_id, []).append((score, evidence, article))
    story_outlets = _story_outlets(session, {a.story_id for *_, a in rows if a.story_id}, names)
    sections = []
    for topic in topics.topics:
        hits = by_topic.get(topic.id, [])
        entries, stories_seen = [], set()
        for score, evidence, article in hits:
            key = article.story_id or -article.id
            if key in stories_seen:
                continue
            stories_seen.add(key)
            also = [o for o in story_outlets.get(article.story_id, [])
                    if o["url"] != article.url]
            entries.append(DigestEntry(
                article.id, article.story_id, article.title or article.url, article.url,
                names.get(article.outlet_id, article.outlet_id), article.published_at,
                round(score, 2), _lead(article.text, article.title), list(evidence or [])[:2],
                also))
        # Stories told by more outlets first, then by score: what many report matters more.
        entries.sort(key=lambda e: (-len(e.also_reported_by), -e.score))
        sections.append(DigestSection(topic.id, topic.label, topic.description,
                                      entries[:per_topic], len(hits)))
    outlets = sorted({names.get(a.outlet_id, a.outlet_id) for *_, a in rows})
    return Digest(label_day, start, end, tz, sections, article_count or 0, untagged or 0, outlets)


def _story_outlets(session: Session, story_ids: set[int], names: dict) -> dict[int, list[dict]]:
    if not story_ids:
        return {}
    out: dict[int, list[dict]] = {}
    for story_id, outlet_id, url in session.execute(
            select(Article.story_id, Article.outlet_id, Article.url)
            .where(Article.story_id.in_(story_ids)).order_by(Article.fetched_at)):
        out.setdefault(story_id, []).append({"outlet": names.get(outlet_id, outlet_id),
                                             "url": url})
    return out


def _lead(text: str, title: str | None = None, limit: int = 280) -> str:
    """The opening of the body, without what repeats the headline: extractors often keep a
    kicker line and the title itself at the top of the text."""
    paragraphs = [" ".join(p.split()) for p in (text or "").split("\n") if p.strip()]
    folded_title = " ".join((title or "").split()).casefold()
    while len(paragraphs) > 1 and (len(paragraphs[0].split()) < 8
                                   or paragraphs[0].casefold() == folded_title):
        paragraphs.pop(0)
    body = " ".join(paragraphs)
    at = body.casefold().find(folded_title) if folded_title else -1
    if 0 <= at <= 40:  # the headline, perhaps after a kicker such as "Cuba" or "Opinion"
        body = body[at + len(folded_title):].lstrip(" .:-—")
    if len(body) <= limit:
        return body
    return body[:limit].rsplit(" ", 1)[0] + "…"
