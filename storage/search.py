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

import logging
import os
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from storage.engine import pg_local_settings
from storage.models import Article, ArticleTopic, Outlet, Story, Topic
from storage.searchlang import And, Not, Or, QuerySyntaxError, parse_query, snippet
from storage.searchpg import (LEXEMES_SQL, lexeme_params, lexemes_of, pg_lexemes,
                              pg_pairs_tsquery, pg_prefix_words, pg_tsquery)
from storage.searchsqlite import bind_dates, fts5_match, sqlite_candidates

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
    try:
        return max(50, int(os.environ.get("NEWSMON_SEARCH_CANDIDATES", DEFAULT_CANDIDATES)))
    except ValueError:
        return DEFAULT_CANDIDATES


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
                  language: str | None = None, story: int | None = None) -> None:
    """Raise :class:`UnknownFilterError` naming the valid values when a filter names nothing
    stored (a typo must not look like "no results")."""
    def one(stmt) -> bool:
        return session.execute(stmt.limit(1)).first() is not None

    if topic and not (one(select(Topic.id).where(Topic.id == topic))
                      or one(select(ArticleTopic.topic_id).where(ArticleTopic.topic_id == topic))):
        known = sorted(set(session.scalars(select(Topic.id))) |
                       set(session.scalars(select(ArticleTopic.topic_id).distinct())))
        raise UnknownFilterError(f"unknown topic {topic!r}; known topics: "
                                 f"{', '.join(known) or 'none yet (run a crawl)'}")
    if outlet and not one(select(Outlet.id).where(Outlet.id == outlet)):
        known = sorted(session.scalars(select(Outlet.id)))
        raise UnknownFilterError(f"unknown outlet {outlet!r}; known outlets: "
                                 f"{', '.join(known) or 'none yet (run a crawl)'}")
    if language and not (one(select(Outlet.id).where(Outlet.language == language))
                         or one(select(Article.id).where(Article.language == language))):
        known = sorted({x for x in session.scalars(select(Outlet.language).distinct()) if x} |
                       {x for x in session.scalars(select(Article.language).distinct()) if x})
        raise UnknownFilterError(f"unknown language {language!r}; stored languages: "
                                 f"{', '.join(known) or 'none yet (run a crawl)'}")
    if story is not None and session.get(Story, story) is None:
        raise UnknownFilterError(f"no story {story}; `newsmon stories` lists them")


def filter_clauses(topic=None, outlet=None, language=None, since=None, until=None, story=None,
                   min_outlets=None, ids: str | None = None,
                   window: bool = False) -> tuple[list[str], dict]:
    """SQL conditions on ``articles a`` and their parameters for the filters given (times
    compare the published time, else the stored time). Check the ids with ``check_filters``.

    With `ids` (SQLite only: an expression giving the article id, the FTS5 rowid), the topic,
    outlet and language are looked up by that id in their indexes instead of on the article's
    row, so a search walking many matches that the filter rejects never reads their rows.
    With `window` (PostgreSQL's id windows, ``_pg_candidates``: the statement binds ``:lo``),
    the topic is the set of the window's articles that have it, read from
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
                    candidates: int | None = None) -> list[SearchHit]:
    """Matches of `query`, one hit per story (its other articles in ``also_reported_by``).

    `sort` "relevance" (score, best first) or "newest" (published time, else stored time).
    `since`/`until` compare the published time, else the stored time (aware datetimes).
    Raises :class:`QuerySyntaxError` for a query it cannot read and
    :class:`UnknownFilterError` for a topic, outlet, language or story that is not stored."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}")
    tree = parse_query(query)
    check_filters(session, topic=topic, outlet=outlet, language=language, story=story)
    dialect = session.get_bind().dialect.name
    pg = dialect == "postgresql"
    # PostgreSQL: min_outlets is tested on the window's matches afterwards (``_pg_candidates``)
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
        return _search(session, tree, cond, params, rank, sort, offset, limit,
                       lambda session, tree, cond, params, rank: sqlite_candidates(
                           session, tree, cond, params))
    # The query's lexemes and the newest id come with the settings: one round trip, not three.
    with pg_local_settings(session, PG_SEARCH_SETTINGS,
                           also=f"{LEXEMES_SQL}, (SELECT max(id) FROM articles)",
                           params=lexeme_params(tree)) as (lexeme_rows, top):
        lexemes = lexemes_of(lexeme_rows)
        return _search(session, tree, cond, params, rank, sort, offset, limit,
                       lambda session, tree, cond, params, rank: _pg_candidates(
                           session, tree, cond, params, rank, lexemes, top or 0))


def _search(session, tree, cond, params, rank, sort, offset, limit,
            candidates_of) -> list[SearchHit]:
    """`candidates_of(session, tree, cond, params, rank)`: the engine's (id, story_id, time,
    score) rows of the newest matches, scores only with `rank`."""
    dialect = session.get_bind().dialect.name
    rows = candidates_of(session, tree, cond, params, rank)
    if sort == "newest":
        rows.sort(key=lambda r: (str(r[2] or ""), r[0]), reverse=True)
    else:
        rows.sort(key=lambda r: (-float(r[3] or 0), -r[0]))
    chosen, seen = [], set()
    for article_id, story_id, _, score in rows:
        if story_id is not None:
            if story_id in seen:
                continue
            seen.add(story_id)
        chosen.append((article_id, float(score or 0)))
    chosen = chosen[offset:offset + limit]
    if not rank and chosen and dialect == "postgresql":  # scores of the rows shown only
        scores = {r[0]: r[3] for r in candidates_of(
            session, tree, cond, {**params, "only": [i for i, _ in chosen]}, True)}
        chosen = [(i, float(scores.get(i) or 0)) for i, _ in chosen]
    return _hits(session, chosen, tree)


def _pg_candidates(session: Session, tree, cond: str, params: dict, rank: bool,
                   lexemes: dict[tuple[str, str], str], top: int) -> list:
    """The newest `n` matches on PostgreSQL, ranked with ts_rank_cd, in growing id windows
    below `top` (the newest id); `lexemes` as ``searchpg.pg_lexemes`` gives them.

    ``ORDER BY id DESC LIMIT n`` lets the planner walk the primary key backwards and test every
    row's TOASTed tsvector (128 ms for a common word at 20k articles here); a window of ids
    asked of the GIN index on (search_vector, id) visits only the window's matches, without
    reading a tsvector (3.7 ms instead of 190 ms for 10,000 ids at 20k, loaded machine).

    The first window holds 4·n ids; the next is sized from the matches found so far to hold
    ~1.5·n (``_next_window``), so a rare word or a narrow filter (an outlet, a topic, the last
    30 days) costs two or three lookups instead of five growing ×8 ones, and a window past a
    quarter of the ids becomes the whole table: the GIN index answers a range of 600k ids
    in ~60 ms, the word alone over every id in ~15 ms (1M articles). Only the `n` kept are
    ranked."""
    wtsq = pg_tsquery(tree, lexemes, weighted=True)
    if "only" in params:
        return session.execute(text(
            "SELECT id, story_id, NULL, ts_rank_cd(search_vector, CAST(:wtsq AS tsquery)) "
            "FROM articles WHERE id = ANY(:ids)"), {"ids": params["only"], "wtsq": wtsq}).all()
    # Exclusions at the top (`cuba -béisbol`) are a second index lookup subtracted here: inside
    # the tsquery, GIN cannot answer "!word" and re-reads every candidate's tsvector.
    excluded = [c.child for c in tree.children if isinstance(c, Not)] \
        if isinstance(tree, And) else []
    kept = [c for c in tree.children if not isinstance(c, Not)] if excluded else [tree]
    positive = kept[0] if len(kept) == 1 else And(tuple(kept))
    words = pg_prefix_words(session, tree, lexemes)
    params = {**params, "tsq": pg_tsquery(positive, lexemes, weighted=False, words=words)}
    pairs = pg_pairs_tsquery(positive, lexemes)
    if pairs:
        params["pairs"] = pairs
    if excluded:
        params["neg"] = pg_tsquery(Or(tuple(excluded)), lexemes, weighted=False, words=words)

    # With phrases, only the pairs index is asked and the words are checked on its matches:
    # in a BitmapAnd with the words' index (whose phrase needs a recheck) every row would be
    # rechecked on all conditions, computing its pairs again (~1-2 ms each). IS TRUE keeps
    # the planner from giving the words' condition to their index.
    match = ("newsmon_phrase_pairs(a.search_vector) @@ CAST(:pairs AS tsquery) AND "
             "(a.search_vector @@ CAST(:tsq AS tsquery)) IS TRUE" if pairs else
             "a.search_vector @@ CAST(:tsq AS tsquery)")

    # Ranked by relevance with nothing to take out afterwards, the window that ends the walk
    # (n matches, or the whole table) scores its newest n itself: no second statement reading
    # them again by id. CASE computes ts_rank_cd for those rows only.
    inline = rank and not excluded and "min_outlets" not in params
    if inline:
        params["wtsq"] = wtsq

    def window_sql(lo: int):
        ids = "AND a.id > :lo" if lo else ""  # the whole table: no id range to scan
        sql = ("SELECT a.id, a.story_id, coalesce(a.published_at, a.fetched_at) AS t"
               f"{', a.search_vector AS v' if inline else ''} FROM articles a "
               f"WHERE {match} {ids} AND {cond}")
        if inline:
            sql = ("SELECT id, story_id, t, CASE WHEN (count(*) OVER () >= :n OR :lo = 0) AND "
                   "row_number() OVER (ORDER BY id DESC) <= :n THEN "
                   f"ts_rank_cd(v, CAST(:wtsq AS tsquery)) END FROM ({sql}) AS w")
        return (bind_dates(text(sql), params),
            text(f"SELECT a.id FROM articles a WHERE a.search_vector @@ CAST(:neg AS tsquery) {ids}"))

    window = 4 * params["n"]
    while True:
        lo = top - window if window <= top // 4 else 0
        sql, neg_sql = window_sql(lo)
        rows = session.execute(sql, {**params, "lo": lo}).all()
        if excluded and rows:
            out = set(session.scalars(neg_sql, {"neg": params["neg"], "lo": lo}))
            rows = [r for r in rows if r[0] not in out]
        if "min_outlets" in params and rows:  # last: it stops at the newest n it keeps
            rows = _with_outlets(session, rows, params["min_outlets"], params["n"])
        if len(rows) >= params["n"] or lo <= 0:
            break
        window = _next_window(window, len(rows), params["n"])
    rows = sorted(rows, key=lambda r: -r[0])[:params["n"]]
    if inline:
        return [tuple(r) for r in rows]
    scores = {}
    if rows and rank:  # by newest: only the rows shown are scored, in a statement of their own
        scores = dict(session.execute(text(
            "SELECT id, ts_rank_cd(search_vector, CAST(:wtsq AS tsquery)) FROM articles "
            "WHERE id = ANY(:ids)"), {"ids": [r[0] for r in rows], "wtsq": wtsq}).all())
    return [(i, story, day, scores.get(i, 0.0)) for i, story, day in rows]


def _with_outlets(session: Session, rows: list, min_outlets: int, n: int) -> list:
    """The `rows` (id, story_id, time) whose story has at least `min_outlets` outlets, newest
    first, stopping once `n` are found (only the newest `n` are kept anyway): their stories'
    primary keys looked up 2·`n` rows at a time. Asked inside the window statement, the planner
    hashed every story above the bar (a sequential scan of ``stories``: 90 ms at a million, for
    3,857 matches of 'depressing'), having no plain index scans to use there; all 3,857 looked
    up at once took 11-13 ms (3,353 heap pages of ``stories``)."""
    rows = sorted(rows, key=lambda r: -r[0])
    out: list = []
    for start in range(0, len(rows), 2 * n):
        chunk = rows[start:start + 2 * n]
        kept = set(session.scalars(text(
            "SELECT id FROM stories WHERE id = ANY(:ids) AND outlet_count >= :m"),
            {"ids": list({r[1] for r in chunk if r[1] is not None}), "m": min_outlets}))
        out += [r for r in chunk if r[1] in kept]
        if len(out) >= n:
            break
    return out


def _next_window(window: int, found: int, n: int) -> int:
    """How many of the newest ids to ask next, after `window` ids held `found` (< `n`) matches:
    enough for 1.5·`n` at the density seen (counting two more matches than found: one or two
    in a small window say little), at least ×2, at most ×32 (×8 when none matched)."""
    if not found:
        return window * 8
    return min(32 * window, max(2 * window, 3 * n * window // (2 * (found + 2))))


def _hits(session: Session, chosen: list[tuple[int, float]], tree) -> list[SearchHit]:
    """The shown rows with their snippets (made here, for these rows only)."""
    if not chosen:
        return []
    articles = {a.id: a for a in session.scalars(
        select(Article).where(Article.id.in_([i for i, _ in chosen])))}
    hits = []
    for article_id, score in chosen:
        a = articles[article_id]
        hits.append(SearchHit(a.id, a.url, a.title, a.outlet_id, a.published_at, a.fetched_at,
                              a.language, a.story_id, snippet(a.text[:20000], tree, a.language),
                              round(score, 6)))
    _add_also_reported(session, hits)
    return hits


def _add_also_reported(session: Session, hits: list[SearchHit]) -> None:
    """Each hit's other articles of its story (``stories.story_articles``, oldest first)."""
    from storage.stories import story_articles  # loads numpy: not on every command's start-up

    by_story = {h.story_id: h for h in hits if h.story_id is not None}
    for story_id, members in story_articles(session, by_story).items():
        hit = by_story[story_id]
        hit.also_reported_by += [{"id": a.id, "url": a.url, "outlet": a.outlet,
                                  "outlet_name": a.outlet_name} for a in members if a.id != hit.id]
