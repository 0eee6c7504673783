"""Full-text search over article titles and bodies, one function for both engines.

The user's query syntax is small and the same everywhere: words (all must match), "quoted
phrases", ``OR`` between alternatives, ``-word`` to exclude. It is parsed here with the standard
library's ``shlex`` (which also reports an unclosed quote) and turned into an FTS5 MATCH string on
SQLite (every term quoted, so no FTS5 operator can be injected) or into
``plainto_tsquery``/``phraseto_tsquery`` combinations on PostgreSQL.
"""
from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import column, func, literal_column, select, table
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from storage.models import Article, ArticleTopic, Outlet


class QuerySyntaxError(ValueError):
    """The query cannot be read; the message says how to fix it."""


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False
    exclude: bool = False


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


def parse_query(query: str) -> list[list[Term]]:
    """Groups of terms: the groups are alternatives (OR), the terms of a group all must match."""
    try:
        lexer = shlex.shlex(query, posix=True)
        lexer.whitespace_split = True
        lexer.commenters = ""
        tokens = list(lexer)
    except ValueError:
        raise QuerySyntaxError('the query has an unclosed quote: close the phrase with " '
                               "or remove the quote") from None
    groups: list[list[Term]] = [[]]
    quoted = _quoted_tokens(query)
    for token in tokens:
        if token == "OR":
            if not groups[-1]:
                raise QuerySyntaxError("OR needs a word on each side, e.g. apagones OR blackout")
            groups.append([])
            continue
        exclude = token.startswith("-") and len(token) > 1
        body = token[1:] if exclude else token
        if not any(ch.isalnum() for ch in body):
            continue
        groups[-1].append(Term(body, phrase=body in quoted or " " in body, exclude=exclude))
    if not groups[-1]:
        if len(groups) > 1:
            raise QuerySyntaxError("OR needs a word on each side, e.g. apagones OR blackout")
        raise QuerySyntaxError("the query has no word to search for; give at least one word")
    for group in groups:
        if all(t.exclude for t in group):
            raise QuerySyntaxError("a query needs at least one word that is not excluded with -")
    return groups


def _quoted_tokens(query: str) -> set[str]:
    parts = query.split('"')
    return {p for p in parts[1::2]}


def fts5_match(groups: list[list[Term]]) -> str:
    def quote(t: Term) -> str:
        return '"' + t.text.replace('"', '""') + '"'

    alternatives = []
    for group in groups:
        positive = " AND ".join(quote(t) for t in group if not t.exclude)
        negative = "".join(f" NOT {quote(t)}" for t in group if t.exclude)
        alternatives.append(f"({positive}{negative})")
    return " OR ".join(alternatives)


def pg_tsquery(groups: list[list[Term]]):
    """A PostgreSQL tsquery expression built with && || !! from plain/phrase queries."""
    alternatives = []
    for group in groups:
        expr = None
        for t in group:
            q = (func.phraseto_tsquery if t.phrase else func.plainto_tsquery)("simple", t.text)
            if t.exclude:
                q = UnaryExpression(q, operator=custom_op("!!"))
            expr = q if expr is None else expr.op("&&")(q)
        alternatives.append(expr)
    result = alternatives[0]
    for alt in alternatives[1:]:
        result = result.op("||")(alt)
    return result


def search_articles(session: Session, query: str, *, topic: str | None = None,
                    outlet: str | None = None, since: datetime | None = None,
                    until: datetime | None = None, language: str | None = None,
                    limit: int = 20) -> list[SearchHit]:
    """Best matches first, one hit per story (the others listed in ``also_reported_by``)."""
    groups = parse_query(query)
    dialect = session.get_bind().dialect.name
    filters = []
    if topic:
        filters.append(Article.id.in_(select(ArticleTopic.article_id)
                                      .where(ArticleTopic.topic_id == topic)))
    if outlet:
        filters.append(Article.outlet_id == outlet)
    when = func.coalesce(Article.published_at, Article.fetched_at)
    if since:
        filters.append(when >= since)
    if until:
        filters.append(when < until)
    if language:
        filters.append(Article.language == language)
    if dialect == "sqlite":
        fts = table("articles_fts", column("rowid"))
        rank = literal_column("bm25(articles_fts, 10.0, 1.0)")
        snippet = literal_column("snippet(articles_fts, 1, '[', ']', '…', 16)")
        stmt = (select(Article, rank.label("rank"), snippet.label("snippet"))
                .select_from(Article).join(fts, fts.c.rowid == Article.id)
                .where(literal_column("articles_fts").op("MATCH")(fts5_match(groups)))
                .where(*filters).order_by(rank))
        score = lambda r: -float(r)  # noqa: E731 (bm25: lower is better)
    elif dialect == "postgresql":
        tsq = pg_tsquery(groups)
        vector = literal_column("articles.search_vector")
        rank = func.ts_rank_cd(vector, tsq)
        snippet = func.ts_headline("simple", func.left(Article.text, 20000), tsq,
                                   "StartSel=[, StopSel=], MaxFragments=1, MaxWords=30, MinWords=12")
        stmt = (select(Article, rank.label("rank"), snippet.label("snippet"))
                .where(vector.op("@@")(tsq)).where(*filters).order_by(rank.desc()))
        score = float
    else:
        raise QuerySyntaxError(f"full-text search is not available on {dialect}")
    hits: list[SearchHit] = []
    seen_stories: set[int] = set()
    # Fetch more than asked: hits of one story fold into one.
    for article, rank_value, snip in session.execute(stmt.limit(limit * 4)):
        if article.story_id is not None and article.story_id in seen_stories:
            continue
        if article.story_id is not None:
            seen_stories.add(article.story_id)
        hits.append(SearchHit(article.id, article.url, article.title, article.outlet_id,
                              article.published_at, article.fetched_at, article.language,
                              article.story_id, " ".join((snip or "").split()),
                              round(score(rank_value), 4)))
        if len(hits) >= limit:
            break
    _add_also_reported(session, hits)
    return hits


def _add_also_reported(session: Session, hits: list[SearchHit]) -> None:
    by_story = {h.story_id: h for h in hits if h.story_id is not None}
    if not by_story:
        return
    rows = session.execute(select(Article.story_id, Article.id, Article.url, Article.outlet_id,
                                  Outlet.name).join(Outlet, Outlet.id == Article.outlet_id)
                           .where(Article.story_id.in_(list(by_story))).order_by(Article.id))
    for story_id, article_id, url, outlet_id, name in rows:
        hit = by_story[story_id]
        if article_id != hit.id:
            hit.also_reported_by.append({"id": article_id, "url": url, "outlet": outlet_id,
                                         "outlet_name": name})
