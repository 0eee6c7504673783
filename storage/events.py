"""Events: the story a report of the same happening belongs to, in any language.

Two reports are compared by

    score = cosine(embeddings) + NAME_WEIGHT × Jaccard(names) + NUMBER_WEIGHT × min(shared
            figures, 2) − DAY_PENALTY × |days apart|

and only reports within ``WINDOW_DAYS`` of each other (by publication time, else the time it was
stored) are compared at all. The embedding is USE-multilingual of title and lead; names and
figures come from ``pipelines/event_features.py``.

A report joins the story whose reports in the window it matches best **on average** (average
link), when that average reaches ``EVENT_THRESHOLD``; else it starts a story. Not the story of
its single best match: with that rule a story grew link by link across events on one subject
(talks said to be under way → talks denied → defence drills → an airline sanctioned: 15
reports of ~6 events in one story on the labelled texts served by the farm in one day), since
each newcomer only had to resemble one member. With the average, a newcomer must resemble the
story as a whole (largest story there: 7 texts, one event's reports and drills held weeks
before it, which the farm published within the same day; ``bench/farm_stories.py``). A story's reports outside the window are not
compared, so a story can still follow an event that unfolds over more days than the window.
Why these signals, weights and rule: ``python bench/story_signals.py`` on the dev set
``tests/fixtures/stories/events-dev.yaml`` (the note of issue 16 gives the figures). The time
penalty is what keeps two grid collapses or two sanction announcements days apart in two
stories: their reports embed close (cosine up to 0.65) but share few names and figures, and
each day apart costs 0.1.

The lookup reads only the reports of the window, through :class:`EventIndex`: an in-process
index of the signals of stored reports in one-day blocks (vectors as one float32 matrix per
day), loaded once per time range and then kept current by reading only ``story_signals`` rows
it has not seen (``id`` greater than the last one read: ``id`` grows in commit order, see
below). So a lookup is one indexed query that usually returns nothing, plus a matrix product
over the window's reports: its cost follows the number of reports per window, not the number
stored (``bench/stories.py`` measures 10k → 1M stored). No vector index is needed: pgvector
is not installed on the PostgreSQL server here, sqlite-vec would need a loadable extension, and
one window holds thousands of reports, not millions.

Concurrency: the lookup, the insert of the new row and the commit must not interleave with
another writer's. PostgreSQL: :func:`lock_events` takes one transaction-scoped advisory lock, so
story assignments run one after the other (a few milliseconds each) and ``story_signals.id`` is
taken in commit order. SQLite has a single writer already (see ``storage/copies.py``).
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from storage.models import Article, StorySignal
from storage.signatures import vector_from_bytes, vector_to_bytes  # noqa: F401 - interface

log = logging.getLogger(__name__)

WINDOW_DAYS = 3.0        # ± days within which two reports can tell one event (issue 16)
EVENT_THRESHOLD = 0.56   # average score to the story's reports to join it (bench/story_signals.py)
NAME_WEIGHT = 0.2        # × Jaccard similarity of the two reports' names
NUMBER_WEIGHT = 0.05     # × shared figures, at most MAX_NUMBERS of them
MAX_NUMBERS = 2
DAY_PENALTY = 0.1        # per day between the two reports
TOP_K = 32               # candidate reports (by cosine) whose stories are scored per lookup
MAX_MEMBERS = 64         # a candidate story's reports in the window averaged over (the newest)
_LOCK_KEY = (0x5E51, 0x0E7E)   # pg_advisory_xact_lock(int, int): "event stories"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Signals:
    """What the event lookup compares: `at` (aware datetime), `vector` (float32[512], unit
    length, or None without the model), `names` and `numbers` (folded strings)."""
    at: datetime
    vector: np.ndarray | None
    names: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EventMatch:
    story_id: int
    article_id: int
    score: float


def days(at: datetime) -> float:
    """`at` as days since 1970 (UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return (at - _EPOCH).total_seconds() / 86400.0


def event_score(cosine: float, names_a: frozenset, names_b: frozenset, numbers_a: frozenset,
                numbers_b: frozenset, days_apart: float) -> float:
    """The match score of two reports (see the module doc); unitless, higher is closer."""
    union = len(names_a | names_b)
    names = len(names_a & names_b) / union if union else 0.0
    shared = min(len(numbers_a & numbers_b), MAX_NUMBERS)
    return (cosine + NAME_WEIGHT * names + NUMBER_WEIGHT * shared
            - DAY_PENALTY * abs(days_apart))


def lock_events(session: Session) -> None:
    """Serialise event story assignment across processes (PostgreSQL; a no-op on SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:a, :b)"),
                        {"a": _LOCK_KEY[0], "b": _LOCK_KEY[1]})


def add_signals(session: Session, article_id: int, signals: Signals) -> None:
    """Store an article's signals (in the transaction that assigns its story). A Core INSERT:
    the ORM's unit of work cost ~4 ms more per article here."""
    session.execute(insert(StorySignal).values(
        article_id=article_id, at=signals.at,
        vector=None if signals.vector is None else vector_to_bytes(signals.vector),
        names=" ".join(sorted(signals.names)), numbers=" ".join(sorted(signals.numbers))))


class _Day:
    """The reports of one day: parallel arrays grown by doubling (no copy per insert)."""

    def __init__(self):
        self.n = 0
        self.vectors = np.empty((16, 512), dtype=np.float32)
        self.at = np.empty(16)
        self.story_ids = np.empty(16, dtype=np.int64)
        self.articles: list[int] = []
        self.stories: list[int] = []
        self.names: list[frozenset] = []
        self.numbers: list[frozenset] = []

    def add(self, article_id: int, story_id: int, at: float, signals: Signals) -> None:
        if self.n == len(self.at):
            self.vectors = np.concatenate([self.vectors, np.empty_like(self.vectors)])
            self.at = np.concatenate([self.at, np.empty_like(self.at)])
            self.story_ids = np.concatenate([self.story_ids, np.empty_like(self.story_ids)])
        self.vectors[self.n] = signals.vector
        self.at[self.n] = at
        self.story_ids[self.n] = story_id
        self.articles.append(article_id)
        self.stories.append(story_id)
        self.names.append(signals.names)
        self.numbers.append(signals.numbers)
        self.n += 1


class EventIndex:
    """The signals of stored reports with a story, by day, for one process and one database.

    `window_days` (± days compared), `threshold` (score to join). :meth:`find` keeps the index
    current before it looks (call it inside the storing transaction, after :func:`lock_events`),
    :meth:`add` records the report just assigned. Days older than ``keep_days`` before the
    newest report looked up are dropped (read again if an older report comes)."""

    def __init__(self, window_days: float = WINDOW_DAYS, threshold: float = EVENT_THRESHOLD,
                 keep_days: float = 30.0):
        self.window = float(window_days)
        self.threshold = float(threshold)
        self.keep = max(float(keep_days), 2 * self.window + 1)
        self.days: dict[int, _Day] = {}
        self.loaded_from: float | None = None   # every report at or after this day is here
        self.last_id = 0                          # newest story_signals.id read
        self.seen: set[int] = set()               # article ids in the index
        self.newest = -math.inf

    # --- keeping current ----------------------------------------------------------------------
    def sync(self, session: Session, at: float) -> None:
        """Read the rows committed since the last sync, and the days [at − window, …) if they
        are not loaded yet."""
        lo = at - self.window
        if self.loaded_from is None or lo < self.loaded_from:
            cond = StorySignal.at >= _from_days(lo)
            if self.loaded_from is not None:
                cond = cond & (StorySignal.at < _from_days(self.loaded_from))
            self._read(session, cond)
            self.loaded_from = lo
        self._read(session, StorySignal.id > self.last_id)
        if at > self.newest:
            self.newest = at
            self._evict()

    def _read(self, session: Session, where) -> None:
        rows = session.execute(
            select(StorySignal.id, StorySignal.article_id, Article.story_id, StorySignal.at,
                   StorySignal.vector, StorySignal.names, StorySignal.numbers)
            .join(Article, Article.id == StorySignal.article_id)
            .where(Article.story_id.is_not(None), StorySignal.vector.is_not(None), where))
        for sid, aid, story, at, vec, names, numbers in rows:
            self.last_id = max(self.last_id, sid)
            if aid not in self.seen:
                self.add(aid, story, Signals(at, vector_from_bytes(vec), frozenset(names.split()),
                                             frozenset(numbers.split())))

    def _evict(self) -> None:
        cut = math.floor(self.newest - self.keep)
        old = [d for d in self.days if d < cut]
        for d in old:
            self.seen.difference_update(self.days.pop(d).articles)
        if old and self.loaded_from is not None:
            self.loaded_from = max(self.loaded_from, float(cut))

    def add(self, article_id: int, story_id: int, signals: Signals) -> None:
        if signals.vector is None or article_id in self.seen:
            return
        at = days(signals.at)
        self.days.setdefault(math.floor(at), _Day()).add(article_id, story_id, at, signals)
        self.seen.add(article_id)

    def __len__(self) -> int:
        return len(self.seen)

    # --- looking up ---------------------------------------------------------------------------
    def find(self, session: Session | None, signals: Signals) -> EventMatch | None:
        """The story whose reports within the window `signals` matches best on average, if that
        average score reaches the threshold (with the story's best-matching report); None
        otherwise (or without a vector)."""
        if signals.vector is None:
            return None
        at = days(signals.at)
        if session is not None:
            self.sync(session, at)
        blocks = []   # (day, cosine − day penalty of each of its reports, in window mask)
        for d in range(math.floor(at - self.window), math.floor(at + self.window) + 1):
            day = self.days.get(d)
            if day is None or not day.n:
                continue
            apart = np.abs(day.at[: day.n] - at)
            sims = _cosines(day.vectors[: day.n], signals.vector) - DAY_PENALTY * apart
            blocks.append((day, sims, apart <= self.window))
        # Candidate stories: those of the TOP_K reports that could reach the threshold (names
        # and figures add at most NAME_WEIGHT + NUMBER_WEIGHT × MAX_NUMBERS); a story whose
        # average reaches it has such a report.
        floor = self.threshold - NAME_WEIGHT - NUMBER_WEIGHT * MAX_NUMBERS
        near: list[tuple[float, int]] = []
        for day, sims, inside in blocks:
            ok = np.nonzero((sims >= floor) & inside)[0]
            near.extend(zip(sims[ok].tolist(), day.story_ids[ok].tolist()))
        if not near:
            return None
        near.sort(reverse=True)
        candidates = np.unique(np.array([story for _, story in near[:TOP_K]], dtype=np.int64))
        members: dict[int, list[tuple[float, int, float]]] = {}   # story → (at, article, score)
        for day, sims, inside in blocks:
            for i in np.nonzero(np.isin(day.story_ids[: day.n], candidates) & inside)[0].tolist():
                members.setdefault(day.stories[i], []).append((day.at[i], day.articles[i], (
                    float(sims[i]), day.names[i], day.numbers[i])))
        best: tuple[float, int, int] | None = None
        for story, reports in members.items():
            reports.sort(reverse=True)                       # the newest MAX_MEMBERS
            scored = [(event_score(cos, signals.names, names, signals.numbers, numbers, 0.0),
                       article) for _, article, (cos, names, numbers) in reports[:MAX_MEMBERS]]
            mean = sum(score for score, _ in scored) / len(scored)
            key = (mean, -story)                             # ties: the older story
            if mean >= self.threshold and (best is None or key > best[:2]):
                best = (mean, -story, max(scored)[1])
        if best is None:
            return None
        return EventMatch(-best[1], best[2], best[0])


def _cosines(vectors: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """`vectors` @ `vector` without BLAS: einsum's own loop, in this thread. The crawl process's
    OpenBLAS starts a thread per core for a product this size, and on a busy machine they spin:
    6,500 × 512 took 11.6 ms of CPU (42 ms wall) with ``@``, 1.0 ms with einsum, same result
    to 1e-4 (measured here at load average ~12)."""
    return np.einsum("ij,j->i", vectors, vector)


def _from_days(value: float) -> datetime:
    return _EPOCH + timedelta(days=value)
