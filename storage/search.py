"""Full-text search over article titles and bodies: one query language, one function, two engines.

The query is parsed once (``storage/searchlang.py``) and compiled to an FTS5 MATCH expression on
SQLite or to a tsquery on PostgreSQL (``storage/searchpg.py``). Both indexes hold every
article's words as written and their Snowball stems (migration ``0004_search_stemming``); a word
of the query matches either, so `remesa` finds "remesas" and an exact form scores higher (it
matches twice). Scores are FTS5's bm25 (sign flipped: higher is better) and PostgreSQL's
ts_rank_cd.

Speed at a million articles comes from a bounded plan, not only from the index: the matches are
read newest-stored first (FTS5 walks its rowids backwards; PostgreSQL ANDs its GIN bitmap with a
growing window of the newest ids) and only the first ``NEWSMON_SEARCH_CANDIDATES`` (default
300) of them are ranked, folded into stories and sorted; snippets are made in Python for the
rows shown only. A search
for a word found in half the archive therefore ranks the most recent 300 of those articles,
not all of them (bench/search.py measures both plans).
"""
from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.engine import pg_local_settings
from storage.settings import env_number
from storage.models import Article, ArticleTopic, Outlet, Story, Topic
from storage.searchlang import QuerySyntaxError, parse_query, snippet
from storage.searchpg import (LEXEMES_SQL, lexeme_params, lexemes_of, pg_candidates,
                              pg_lexemes, pg_shown, pg_tsquery)
from storage.searchsqlite import fts5_match, sqlite_candidates
from storage.storyreads import story_articles

log = logging.getLogger(__name__)

DEFAULT_CANDIDATES = 300
SORTS = ("relevance", "newest")
__all__ = ["QuerySyntaxError", "UnknownFilterError", "SearchHit", "search_articles",
           "check_filters", "match_clause"]


class UnknownFilterError(ValueError):
    """A filter names a topic, outlet, language or story that is not in the database."""


@dataclass
class SearchHit:
    id: int
    url: str
    title: str | None
    outlet: str
    published_at: datetime | None
    fetched_at: datetime
    language: str | None
    story_id: int | None
    snippet: str
    score: float
    also_reported_by: list[dict] = field(default_factory=list)


def candidates_limit() -> int:
    """How many of the newest matches are ranked ($NEWSMON_SEARCH_CANDIDATES, default 300:
    ts_rank_cd reads each candidate's tsvector, ~0.1 ms apiece)."""
    return max(50, env_number("NEWSMON_SEARCH_CANDIDATES", DEFAULT_CANDIDATES, minimum=1, integer=True))


# -- compiling the query ---------------------------------------------------------------------

def match_clause(session: Session, tree) -> tuple[str, dict]:
    """A SQL condition on the ``articles a`` row that is true when it matches `tree`, and its
    parameters (used by search and export)."""
    if session.get_bind().dialect.name == "postgresql":
        return ("a.search_vector @@ CAST(:tsq AS tsquery)",
                {"tsq": pg_tsquery(tree, pg_lexemes(session, tree), weighted=False)})
    return ("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match)",
            {"match": fts5_match(tree)})


# -- PostgreSQL settings of one search ------------------------------------------------------

# Set for the length of one search only (``pg_local_settings``), so nothing else the caller does
# in its transaction, and no other session, sees them (servers run with the defaults):
# - work_mem 32MB: a prefix (`compl*`) gathers the matches of all its words in one bitmap of at
#   most work_mem; at the default 4MB it turned lossy (whole heap pages, every row's TOASTed
#   tsvector re-read) in 10 of the 1,475 statements of bench/search.py's mix at 1M articles,
#   1,507 pages; none at 32MB. A bitmap costs ~64 bytes per heap page: 32MB keeps one over every
#   page of a 3M-article table (~160k pages per million) exact.
# - jit off: compiling a lookup here took 4-5 ms, 77-88 ms once its cost passes 500,000 (inlining
#   and optimisation; forced on a whole-table lookup at 1M). No statement of the mix at 1M reaches
#   jit_above_cost (100,000; the costliest 58,000), but lookups in a larger archive would.
# - max_parallel_workers_per_gather 0: the planner gathered two workers for some id windows
#   (a topic's articles joined by primary key, the stories hashed for min_outlets); starting them
#   costs more than the few ms such a lookup takes, and on a small server they compete with the
#   other searches. 1M mix, three alternating rounds: p95 64.0/58.6/57.8 ms without workers vs
#   72.8/59.4/58.1 with, ORs p95 78/62/64 vs 91/86/80; same hits.
# - cpu_operator_cost 0.02 (default 0.0025): the planner counts `search_vector @@ …` on a heap
#   row as one operator, but it detoasts the row's tsvector (~4.4 kB, ~10 µs). At the default it
#   tested the words on every row of an outlet's id window (`severance` + outlet: 1,920 rows,
#   18-27 ms) instead of asking GIN (5 ms); at 0.02 it asks GIN. At 0.05 it went too far and
#   tested a language on 35k heap rows instead of its index (`reach*` + es: 120 ms; 0.03 still
#   used the index). 1M mix, three alternating rounds: 8 queries faster (`comb` + es 40 -> 15 ms,
#   `severance` + outlet 52 -> 33), none slower, p95 (median of the rounds) 55.1 -> 52.0 ms.
# - enable_indexscan off: a plain index scan of the primary key over an id window tests each
#   row's TOASTed tsvector (190 ms for 10,000 ids at 20k articles) where the GIN index on
#   (search_vector, id) answers both conditions. The other lookups of a search (scores, rows
#   shown, stories, prefixes spelt out) become bitmap scans of the same indexes. Set for the
#   whole search rather than around the id windows alone: two round trips fewer.
PG_SEARCH_SETTINGS = {"jit": "off", "work_mem": "32MB", "max_parallel_workers_per_gather": "0",
                      "cpu_operator_cost": "0.02", "enable_indexscan": "off"}


# -- filters ---------------------------------------------------------------------------------

def check_filters(session: Session, *, topic: str | None = None, outlet: str | None = None,
                  language: str | None = None, story: int | None = None,
                  known_topics: Callable[[], Collection[str]] | None = None) -> None:
    """Raise :class:`UnknownFilterError` naming the valid values when a filter names nothing
    stored (a typo must not look like "no results"). `known_topics()`: ids valid though nothing
    carries them yet (the topics file's: a tester's `--topic dialogue` was "unknown"), asked
    only of a topic the database does not know."""
    def one(stmt) -> bool:
        return session.execute(stmt.limit(1)).first() is not None

    if topic and not (one(select(Topic.id).where(Topic.id == topic))
                      or one(select(ArticleTopic.topic_id).where(ArticleTopic.topic_id == topic))):
        extra = set(known_topics()) if known_topics else set()
        if topic not in extra:
            known = sorted(set(session.scalars(select(Topic.id))) | extra |
                           set(session.scalars(select(ArticleTopic.topic_id).distinct())))
            raise UnknownFilterError(f"unknown topic {topic!r}{closest_hint(topic, known)}; known "
                                     f"topics: {', '.join(known) or 'none yet (run a crawl)'}")
    if outlet and not one(select(Outlet.id).where(Outlet.id == outlet)):
        known = sorted(session.scalars(select(Outlet.id)))
        raise UnknownFilterError(f"unknown outlet {outlet!r}{closest_hint(outlet, known)}; known outlets: "
                                 f"{', '.join(known) or 'none yet (run a crawl)'}")
    if language and not (one(select(Outlet.id).where(Outlet.language == language))
                         or one(select(Article.id).where(Article.language == language))):
        known = sorted({x for x in session.scalars(select(Outlet.language).distinct()) if x} |
                       {x for x in session.scalars(select(Article.language).distinct()) if x})
        raise UnknownFilterError(f"unknown language {language!r}; stored languages: "
                                 f"{', '.join(known) or 'none yet (run a crawl)'}")
    if story is not None and session.get(Story, story) is None:
        raise UnknownFilterError(f"no story {story}; `newsmon stories` lists them")


def closest_hint(value: str, known: list[str]) -> str:
    """", did you mean 'remittances'?" for "Remittances", "remitances"; "" when nothing is close."""
    def key(s: str) -> str:
        return s.casefold().replace("-", "_").replace(" ", "_")

    by_key = {key(k): k for k in known}
    close = difflib.get_close_matches(key(value), list(by_key), n=1)   # an exact key is closest
    return f", did you mean {by_key[close[0]]!r}?" if close else ""


def filter_clauses(topic=None, outlet=None, language=None, since=None, until=None, story=None,
                   min_outlets=None, ids: str | None = None,
                   window: bool = False) -> tuple[list[str], dict]:
    """SQL conditions on ``articles a`` and their parameters for the filters given (times
    compare the published time, else the stored time). Check the ids with ``check_filters``.

    With `ids` (SQLite only: an expression giving the article id, the FTS5 rowid), the topic,
    outlet and language are looked up by that id in their indexes instead of on the article's
    row, so a search walking many matches that the filter rejects never reads their rows.
    With `window` (PostgreSQL's id windows, ``searchpg.pg_candidates``: the statement binds
    ``:lo``), the topic is the set of the window's articles that have it, read from
    ``ix_article_topics_topic_article`` (migration ``0008_topic_window_index``)."""
    where, params = [], {}
    by_id = ids or "a.id"
    if topic and window:
        # The planner hashes the topic's articles: only the window's (3.2 ms for 10,775 rows
        # of 'remittances' past id 838,505 at 1M) instead of all of them (17 ms, 66,359 rows).
        where.append("a.id IN (SELECT t.article_id FROM article_topics t "
                     "WHERE t.topic_id = :topic AND t.article_id > :lo)")
        params["topic"] = topic
    elif topic:
        where.append(f"EXISTS (SELECT 1 FROM article_topics t WHERE t.article_id = {by_id} "
                     "AND t.topic_id = :topic)")
        params["topic"] = topic
    # A walk of 77,692 matches of which 111 are one outlet's: 54 -> 28 ms at 1M (the rows hold
    # the bodies, one or two to a page; the index on outlet_id is (outlet_id, id), small).
    for name, value, column in (("outlet", outlet, "outlet_id"),
                                ("language", language, "language")):
        if not value:
            continue
        where.append(f"EXISTS (SELECT 1 FROM articles x INDEXED BY ix_articles_{column} WHERE "
                     f"x.{column} = :{name} AND x.id = {ids})" if ids else f"a.{column} = :{name}")
        params[name] = value
    if since:
        where.append("coalesce(a.published_at, a.fetched_at) >= :since")
        params["since"] = since
    if until:
        where.append("coalesce(a.published_at, a.fetched_at) < :until")
        params["until"] = until
    if story is not None:
        where.append("a.story_id = :story")
        params["story"] = story
    if min_outlets:
        where.append("EXISTS (SELECT 1 FROM stories s WHERE s.id = a.story_id "
                     "AND s.outlet_count >= :min_outlets)")
        params["min_outlets"] = min_outlets
    return where, params


# -- the search ------------------------------------------------------------------------------

def search_articles(session: Session, query: str, *, topic: str | None = None,
                    outlet: str | None = None, since: datetime | None = None,
                    until: datetime | None = None, language: str | None = None,
                    story: int | None = None, min_outlets: int | None = None,
                    limit: int = 20, offset: int = 0, sort: str = "relevance",
                    candidates: int | None = None,
                    known_topics: Callable[[], Collection[str]] | None = None) -> list[SearchHit]:
    """Matches of `query`, one hit per story (its other articles in ``also_reported_by``).

    `sort` "relevance" (score, best first) or "newest" (published time, else stored time).
    `since`/`until` compare the published time, else the stored time (aware datetimes).
    Raises :class:`QuerySyntaxError` for a query it cannot read and
    :class:`UnknownFilterError` for a topic, outlet, language or story that is not stored
    (`known_topics`: see ``check_filters``)."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}")
    tree = parse_query(query)
    check_filters(session, topic=topic, outlet=outlet, language=language, story=story,
                  known_topics=known_topics)
    dialect = session.get_bind().dialect.name
    pg = dialect == "postgresql"
    # PostgreSQL: min_outlets is tested on the window's matches afterwards (``pg_candidates``)
    where, params = filter_clauses(topic, outlet, language, since, until, story,
                                   None if pg else min_outlets,
                                   ids=None if pg else "articles_fts.rowid", window=pg)
    if pg and min_outlets:
        params["min_outlets"] = min_outlets
    params["n"] = max(candidates or candidates_limit(), 2 * (offset + limit))
    cond = " AND ".join(["1=1", *where])
    if dialect not in ("sqlite", "postgresql"):
        raise QuerySyntaxError(f"full-text search is not available on {dialect}")
    rank = sort == "relevance"
    if dialect == "sqlite":
        rows = sqlite_candidates(session, tree, cond, params)
        chosen = _choose(rows, sort, offset, limit)
        return _hits(chosen, tree, *_orm_shown(session, [i for i, _ in chosen]))
    # The query's lexemes and the newest id come with the settings, and the rows shown put the
    # settings back: a search by relevance for one word is three statements.
    with pg_local_settings(session, PG_SEARCH_SETTINGS,
                           also=f"{LEXEMES_SQL}, (SELECT max(id) FROM articles)",
                           params=lexeme_params(tree)) as settings:
        lexeme_rows, top = settings.values
        lexemes = lexemes_of(lexeme_rows)
        rows = pg_candidates(session, tree, cond, params, rank, lexemes, top or 0)
        chosen = _choose(rows, sort, offset, limit)
        if not chosen:
            return []
        story_of = {r[0]: r[1] for r in rows}
        articles, members, scores = pg_shown(
            session, [i for i, _ in chosen],
            list(dict.fromkeys(story_of[i] for i, _ in chosen if story_of[i] is not None)),
            None if rank else pg_tsquery(tree, lexemes, weighted=True), settings)
        if scores is not None:  # by newest: scores of the rows shown only
            chosen = [(i, float(scores.get(i) or 0)) for i, _ in chosen]
        return _hits(chosen, tree, articles, members)


def _choose(rows: list, sort: str, offset: int, limit: int) -> list[tuple[int, float]]:
    """(article id, score) of the page shown: the candidate `rows` (id, story_id, time, score)
    sorted, one per story, then `offset` and `limit`."""
    if sort == "newest":
        rows = sorted(rows, key=lambda r: (str(r[2] or ""), r[0]), reverse=True)
    else:
        rows = sorted(rows, key=lambda r: (-float(r[3] or 0), -r[0]))
    chosen, seen = [], set()
    for article_id, story_id, _, score in rows:
        if story_id is not None:
            if story_id in seen:
                continue
            seen.add(story_id)
        chosen.append((article_id, float(score or 0)))
    return chosen[offset:offset + limit]


def _orm_shown(session: Session, ids: list[int]) -> tuple[dict, dict]:
    """The articles `ids` by id and their stories' articles (``story_articles``) by story id."""
    if not ids:
        return {}, {}
    articles = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(ids)))}
    return articles, story_articles(session, {a.story_id for a in articles.values()})


def _hits(chosen: list[tuple[int, float]], tree, articles: dict, members: dict
          ) -> list[SearchHit]:
    """The shown rows with their snippets (made here, for these rows only) and "also reported
    by" (the other `members` of their story, oldest first): `articles` by id, with ``id, url,
    title, outlet_id, published_at, fetched_at, language, story_id, text``; `members` by story
    id, as ``StoryArticle``s."""
    hits = []
    for article_id, score in chosen:
        a = articles[article_id]
        hits.append(SearchHit(a.id, a.url, a.title, a.outlet_id, a.published_at, a.fetched_at,
                              a.language, a.story_id, snippet(a.text[:20000], tree, a.language),
                              round(score, 6),
                              [{"id": m.id, "url": m.url, "outlet": m.outlet,
                                "outlet_name": m.outlet_name}
                               for m in members.get(a.story_id, ()) if m.id != a.id]
                              if a.story_id is not None else []))
    return hits
