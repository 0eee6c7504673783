"""Copies: which stored article a new body is a near-duplicate of (MinHash LSH kept in storage).

Method: **MinHash LSH with the bands kept in storage.** Each stored body's MinHash signature
(made by ``pipelines/fingerprint.py`` with datasketch; the band and comparison functions are
in ``storage/signatures.py``) is kept in ``articles.minhash``, and its LSH band hashes are rows of ``story_bands`` (primary key ``(band, hash, article_id)``). A new body's
candidates are the stored articles that share at least one band hash: one join of its
``BANDS`` (band, hash) pairs against that primary key, so the lookup is ``BANDS`` index seeks
whatever the store holds (``bench/dedupe.py`` measures 10k → 1M). A datasketch ``MinHashLSH``
in memory would hold ~4.7 GB at 1M articles, and its Redis backend cost 1.5–5 ms per article
(DESIGN.md). Candidates are then checked against their stored signatures (estimated Jaccard ≥
``COPY_THRESHOLD``): bands alone let through articles that share a few sentences (DESIGN.md:
precision 0.46 → 1.00 with the check). The best verified candidate, if its story was updated
within the story window, is the article the new one copies (``storage/stories.py`` then joins
its story).

Why the numbers (3-word shingles, 40 bands × 3 rows, threshold 0.30): ``python
bench/story_eval.py --sweep`` grids shingle size, band shape and threshold on one half of a
seeded set of rewrites of the corpus bodies; the rule it prints takes the lowest threshold whose
precision stays ≥ 0.995 down to one grid step (≈ one MinHash standard error) below it (0.20
merged different stories there, 0.25 and up did not). 40 × 3 found the most rewrites of the
shapes whose unrelated-article candidates stay bounded (≈ 30 per lookup at 1M articles by the
corpus' background similarity; 2-word shingles drew 190). ``python bench/story_eval.py`` then
reports precision/recall on the other half, through the real pipelines.

Concurrency: the lookup, the band insert and the story assignment run in the transaction that
inserts the article (the lookup before the INSERT, so the row is written with its story), and must not interleave with another worker's for a body that could match.
PostgreSQL: :func:`lock_bands` takes a transaction-scoped advisory lock per band hash (sorted, so
two workers never wait on each other in a cycle); two bodies that can find each other share a
band, so their transactions run one after the other, and the second sees the first's bands.
SQLite has a single writer: the story step takes the database's write lock before the lookup
(``storage.stories.StoryAssigner.decide``) and holds it until commit, and a WAL reader that
starts its snapshot with that write sees every committed band.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np
from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from storage.models import Article, UTCDateTime
from storage.signatures import (  # noqa: F401 - part of this module's interface
    BANDS, NUM_PERM, ROWS, band_hashes, estimated_jaccard, signature_from_bytes,
    signature_to_bytes)

log = logging.getLogger(__name__)

COPY_THRESHOLD = 0.30   # estimated Jaccard a candidate needs to be joined (bench/story_eval.py)
MAX_CANDIDATES = 40     # verified per lookup, most shared bands first: a big story has many
                        # members, and any of them leads to the same story
_LOCK_NAMESPACE = 0x5E51  # first key of pg_advisory_xact_lock(int, int): "story bands"


@dataclass(frozen=True)
class Match:
    story_id: int
    article_id: int
    similarity: float
    copy_of: int | None = None   # what the matched article copies itself (None: an original)


@dataclass(frozen=True)
class Candidate:
    article_id: int
    story_id: int
    signature: np.ndarray
    # Read with the candidate, so the start of its copy chain costs no query of its own
    # (``storage.stories.StoryAssigner.decide``).
    copy_of: int | None = None


def pick_copy(signature: np.ndarray, candidates: Sequence[Candidate],
               threshold: float = COPY_THRESHOLD) -> Match | None:
    """The candidate most similar to `signature`, if its estimated Jaccard reaches `threshold`
    (ties: the older story, so a story's first member wins over later joiners)."""
    if not candidates:
        return None
    sims = estimated_jaccard(signature, np.stack([c.signature for c in candidates]))
    best = max(range(len(candidates)), key=lambda i: (sims[i], -candidates[i].story_id))
    if sims[best] < threshold:
        return None
    c = candidates[best]
    return Match(c.story_id, c.article_id, float(sims[best]), c.copy_of)


def lock_bands(session: Session, bands: Sequence[int]) -> None:
    """Serialise story assignment with any concurrent transaction that shares a band hash
    (PostgreSQL advisory locks, released at commit/rollback; a no-op on SQLite, see above)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    keys = sorted({_lock_key(i, h) for i, h in enumerate(bands)})
    # unnest() yields the array in order, so every worker takes its locks in ascending order.
    session.execute(text("SELECT pg_advisory_xact_lock(:ns, k) FROM unnest(CAST(:keys AS int[])) "
                         "AS k"), {"ns": _LOCK_NAMESPACE, "keys": keys})


def _lock_key(band: int, hash_: int) -> int:
    key = (hash_ ^ (band * 0x9E3779B1)) & 0xFFFFFFFF
    return key - (1 << 32) if key >= 1 << 31 else key


def candidates(session: Session, bands: Sequence[int], since: datetime | None = None,
               limit: int = MAX_CANDIDATES) -> list[Candidate]:
    """Stored articles sharing a band hash with `bands`, in a story updated since `since`."""
    dialect = session.get_bind().dialect
    sql = candidates_sql(dialect.name, len(bands), since is not None)
    if dialect.name == "sqlite":
        # The driver directly, with positional parameters: SQLAlchemy's handling of 80 named
        # parameters cost as much as the query itself (~0.2 ms).
        args = [x for pair in enumerate(bands) for x in pair]
        if since is not None:
            args.append(_time_param(dialect)(since))
        rows = session.connection().exec_driver_sql(sql, (*args, limit))
    else:
        params = {"bands": list(range(len(bands))), "hashes": list(bands), "since": since,
                  "limit": limit}
        rows = session.execute(text(sql), params)
    return [Candidate(aid, sid, signature_from_bytes(mh), copy_of)
            for aid, sid, mh, copy_of in rows]


_PG_PAIRS = "unnest(CAST(:bands AS int[]), CAST(:hashes AS bigint[]))"


@lru_cache(maxsize=16)
def candidates_sql(dialect: str, bands: int, windowed: bool) -> str:
    """The candidate statement, built once per shape (plain SQL: SQLAlchemy compiled a Core
    ``values()`` construct anew on every call, ~5 ms).

    The (band, hash) pairs are a table joined to ``story_bands``, so both engines seek its
    primary key once per band: on PostgreSQL two arrays through ``unnest`` (two parameters:
    0.8 against 1.1 ms for a VALUES list, prepared); on SQLite a VALUES list, joined, because
    SQLite plans ``(band, hash) IN (VALUES …)`` as a full scan. Parameters: PostgreSQL named
    (:bands, :hashes, :since, :limit); SQLite positional (band, hash pairs, since, limit)."""
    if dialect == "postgresql":
        pairs, head, since, limit = f"{_PG_PAIRS} AS q(band, hash)", "", ":since", ":limit"
    else:
        rows = ", ".join(["(?, ?)"] * bands)
        pairs, head, since, limit = "q", f"WITH q(band, hash) AS (VALUES {rows})", "?", "?"
    window = f"AND s.last_updated >= {since}" if windowed else ""
    return f"""{head}
        SELECT a.id, a.story_id, a.minhash, a.copy_of
        FROM (SELECT sb.article_id AS id, count(*) AS shared
              FROM {pairs} JOIN story_bands sb ON sb.band = q.band AND sb.hash = q.hash
              GROUP BY sb.article_id) c
        JOIN articles a ON a.id = c.id
        JOIN stories s ON s.id = a.story_id
        WHERE a.minhash IS NOT NULL {window}
        ORDER BY c.shared DESC, a.id
        LIMIT {limit}"""


@lru_cache(maxsize=4)
def _time_param(dialect):
    """How a UTC datetime is written for this engine (what the models' UTCDateTime does)."""
    return UTCDateTime().bind_processor(dialect)


def add_bands(session: Session, article_id: int, bands: Sequence[int]) -> None:
    if session.get_bind().dialect.name == "postgresql":
        # One statement with two array parameters, not a 120-parameter VALUES list.
        session.execute(text(f"INSERT INTO story_bands (band, hash, article_id) SELECT b, h, :a "
                             f"FROM {_PG_PAIRS} AS i(b, h)"),
                        {"a": article_id, "bands": list(range(len(bands))), "hashes": list(bands)})
        return
    # The driver's executemany: SQLAlchemy's ORM bulk insert spent ~0.5 ms building 40 rows.
    session.connection().exec_driver_sql(
        "INSERT INTO story_bands (band, hash, article_id) VALUES (?, ?, ?)",
        [(i, h, article_id) for i, h in enumerate(bands)])


def find_copy(session: Session, signature: np.ndarray, bands: Sequence[int],
              since: datetime | None = None, threshold: float = COPY_THRESHOLD) -> Match | None:
    """The stored article that `signature` copies (the best verified match among those sharing
    a band hash, in a story updated since `since`), or None. Take ``lock_bands`` first, inside
    the transaction that will store the article, and ``add_bands`` once it has an id."""
    return pick_copy(signature, candidates(session, bands, since), threshold)


SAME_TEXT = (select(Article.id).where(Article.content_hash == bindparam("hash"),
                                      Article.outlet_id == bindparam("outlet"))
             .order_by(Article.id).limit(1))


def same_outlet_copy(session: Session, outlet_id: str, content_hash: str) -> int | None:
    """The stored article of `outlet_id` with exactly this normalised text, if any."""
    return session.connection().execute(SAME_TEXT, {"hash": content_hash,
                                                     "outlet": outlet_id}).scalar()
