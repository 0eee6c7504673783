"""Choosing what a digest shows, from rows: pure (no SQL, no I/O), so it is tested on its own.

Input: the window's articles with their tags (``storage.digests.ArticleRow``), every stored
article of their stories (``storage.storyreads.StoryArticle``), the topics in file order, and each
topic's story count over the 7 days before the window. Output: a ``Digest`` in which **each
story appears once**:

- *Top stories*: the ``top`` stories reported by the most outlets, then by topic score, then by
  recency (what many outlets report matters most to a reader of the news).
- Then one section per topic in the topics file's order; a story sits under its best-scoring topic,
  its other topics are labels. Each section is ranked like the top stories and capped at
  ``per_topic`` entries (the rest is counted).
- A table of contents: new stories per topic in the window, and the trend against the daily mean
  of the previous 7 days.

Scores only rank; they are never shown. The lead and the "why" phrases are filled in afterwards
(``with_leads``) for the entries shown, so bodies are read only for those.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from digest.lead import lead, why

TREND_DAYS = 7
MAX_LABELS = 3


@dataclass
class Entry:
    story_key: int                 # story id, or -article id for an article without a story
    article_id: int
    title: str
    url: str
    outlet: str
    when: datetime                 # the outlet's date when it gave one, else when stored (UTC)
    topic_id: str                  # the best topic: the section the entry is in
    labels: list[str] = field(default_factory=list)     # its other topics, strongest first
    also: list[dict] = field(default_factory=list)      # {"outlet", "url"} of other outlets
    outlet_count: int = 1
    languages: list[str] = field(default_factory=list)  # language codes of its reports, sorted
    why: list[str] = field(default_factory=list)
    lead: str = ""
    rank_score: float = 0.0        # ranking only; never rendered
    topic_ids: list[str] = field(default_factory=list)  # best first: where "why" is read


@dataclass
class Section:
    topic_id: str
    label: str
    entries: list[Entry]
    story_count: int               # stories on this topic in the window (also those elsewhere)
    more: int = 0                  # stories of this section beyond the cap
    previous_mean: float = 0.0     # stories per day over the TREND_DAYS before the window
    window_days: float = 1.0       # a digest caught up after days down compares per day
    elsewhere: list[Entry] = field(default_factory=list)  # its stories under other headings

    @property
    def trend(self) -> str:
        """"up", "down", "flat" or "new": today against the daily mean of the previous week
        (up: at least 1.5× and 2 stories more; down: at most 2/3 and 2 fewer)."""
        today, mean = self.story_count / self.window_days, self.previous_mean
        if mean == 0:
            return "new" if today else "flat"
        if today >= 1.5 * mean and today - mean >= 2:
            return "up"
        if today <= mean / 1.5 and mean - today >= 2:
            return "down"
        return "flat"


@dataclass
class Digest:
    name: str
    day: date
    start: datetime
    end: datetime
    timezone: str
    top: list[Entry]
    sections: list[Section]        # every topic of the reader, in file order (some empty)
    article_count: int
    untagged_count: int
    outlet_count: int              # outlets of the articles of the stories above

    @property
    def entries(self) -> list[Entry]:
        return [*self.top, *(e for s in self.sections for e in s.entries)]

    @property
    def has_history(self) -> bool:
        """Whether any topic had stories in the week before: without it there is no trend."""
        return any(s.previous_mean for s in self.sections)

    @property
    def story_count(self) -> int:
        """Stories on the reader's topics in the window (shown or beyond a section's cap)."""
        return len(self.top) + sum(len(s.entries) + s.more for s in self.sections)

    @property
    def subject(self) -> str:
        n = self.story_count
        head = f"{self.name} · {self.day:%a %d %b %Y} · {n} stor{'y' if n == 1 else 'ies'}"
        return f"{head}: {_short(self.top[0].title, 90)}" if self.top else head


def build_digest(articles, story_articles: dict, topics: list[tuple[str, str]], *, name: str,
                 day: date, start: datetime, end: datetime, tz: str = "UTC",
                 previous_counts: dict[str, int] | None = None,
                 only_topics: set[str] | None = None, top: int = 5,
                 per_topic: int = 5) -> Digest:
    """The digest of `articles` (``ArticleRow``s stored in [start, end)) for a reader following
    `only_topics` (None: all). `topics` is [(id, label)] in file order; `story_articles` is
    {story_id: [StoryArticle]}; `previous_counts` {topic_id: stories over the TREND_DAYS days
    before `start`}. Raises nothing on empty input: an empty digest has no entries."""
    order = {tid: i for i, (tid, _) in enumerate(topics)}
    labels = dict(topics)
    wanted = set(order) if only_topics is None else set(only_topics) & set(order)
    stories: dict[int, list] = {}
    untagged = 0
    for a in articles:
        tags = {t: v for t, v in a.tags.items() if t in wanted}
        if not a.tags:
            untagged += 1
        if tags:
            stories.setdefault(a.story_id or -a.id, []).append((a, tags))
    entries, topic_counts = [], dict.fromkeys(wanted, 0)
    story_topics = {key: {t for _, tags in members for t in tags} for key, members in stories.items()}
    for key, members in stories.items():
        entry = _entry(key, members, story_articles.get(key, []), order, labels)
        entries.append(entry)
        for topic_id in story_topics[key]:
            topic_counts[topic_id] += 1
    # Coverage first: outlets, then languages (an event told in English and Spanish is bigger
    # than one told twice in one language), then topic score and recency.
    rank = lambda e: (-e.outlet_count, -len(e.languages), -e.rank_score,  # noqa: E731
                      -e.when.timestamp(), e.article_id)
    entries.sort(key=rank)
    top_entries = entries[:top]
    rest: dict[str, list[Entry]] = {}
    for e in entries[top:]:
        rest.setdefault(e.topic_id, []).append(e)
    prev = previous_counts or {}
    days = max(1.0, (end - start).total_seconds() / 86400)
    sections = [Section(tid, label, rest.get(tid, [])[:per_topic], topic_counts[tid],
                        max(0, len(rest.get(tid, [])) - per_topic), prev.get(tid, 0) / TREND_DAYS,
                        days)
                for tid, label in topics if tid in wanted]
    # A story is shown once; each section links its stories under other headings, so its count
    # (every story on the topic) adds up with what a reader finds under it (a tester: "US–Cuba
    # dialogue 7" with 4 stories below it, topics counted with no section at all).
    shown = [*top_entries, *(e for section in sections for e in section.entries)]
    for section in sections:
        own = {id(e) for e in section.entries}
        section.elsewhere = [e for e in shown if id(e) not in own
                             and section.topic_id in story_topics[e.story_key]]
    # the outlets of the reader's stories ("7 stories from 5 outlets"), not of the whole window
    outlets = {a.outlet for members in stories.values() for a, _ in members}
    return Digest(name, day, start, end, tz, top_entries, sections, len(articles), untagged,
                  len(outlets))


def _entry(key: int, members: list, stored: list, order: dict, labels: dict) -> Entry:
    """One story's entry: shown through its best-scoring article in the window (the first
    published of equals)."""
    best_topic: dict[str, float] = {}
    for _, tags in members:
        for topic_id, score in tags.items():
            best_topic[topic_id] = max(best_topic.get(topic_id, 0.0), score)
    topic_id = min(best_topic, key=lambda t: (-best_topic[t], order[t]))
    # the best-scoring article; among equals (copies of one report) the first published, not
    # the first stored: a crawl stores the outlets' copies in the order their pages arrive
    article, tags = max(members, key=lambda m: (m[1].get(topic_id, 0.0), -_first(m[0]), -m[0].id))
    outlets_seen = {article.outlet}
    also = []
    for other in stored:
        outlet = other.outlet_name or other.outlet
        if outlet not in outlets_seen:
            outlets_seen.add(outlet)
            also.append({"outlet": outlet, "url": other.url})
    for other, _ in members:  # an article without a story row still shows its window siblings
        if other.outlet not in outlets_seen:
            outlets_seen.add(other.outlet)
            also.append({"outlet": other.outlet, "url": other.url})
    languages = sorted({x.language for x in [*stored, *(m for m, _ in members)] if x.language})
    # At most MAX_LABELS other topics, the strongest: a story many outlets retell collects
    # weak tags from some of them.
    others = sorted((t for t in best_topic if t != topic_id),
                    key=lambda t: (-best_topic[t], order[t]))[:MAX_LABELS]
    return Entry(key, article.id, article.title or article.url, article.url, article.outlet,
                 article.published_at or article.fetched_at, topic_id,
                 [labels[t] for t in others], also, len(outlets_seen), languages,
                 rank_score=best_topic[topic_id],
                 topic_ids=[topic_id, *sorted((t for t in tags if t != topic_id),
                                              key=lambda t: -tags[t])])


def _first(article) -> float:
    """When an article was first out: its publication time, else when it was stored (POSIX s)."""
    return (article.published_at or article.fetched_at).timestamp()


def with_leads(digest: Digest, texts: dict[int, str],
               evidence: dict[int, dict[str, list]] | None = None) -> Digest:
    """Fill each shown entry's lead from `texts` ({article id: body}) and its "why" from
    `evidence` ({article id: {topic_id: stored evidence}}, best topic's first); returns
    `digest`. Only the entries shown are read: a busy day has thousands of stories."""
    for e in digest.entries:
        e.lead = lead(texts.get(e.article_id, ""), e.title)
        mine = (evidence or {}).get(e.article_id, {})
        e.why = why([item for t in e.topic_ids for item in mine.get(t, [])])
    return digest


def trend_window(start: datetime) -> tuple[datetime, datetime]:
    """The TREND_DAYS days before a window starting at `start`."""
    return start - timedelta(days=TREND_DAYS), start


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
