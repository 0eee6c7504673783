"""SQLite's side of full-text search: the FTS5 MATCH expression and the newest matches, scored.

``storage/search.py`` parses the query, applies the filters and folds the rows into stories;
this module reads ``articles_fts`` (migration ``0004_search_stemming``: the words as written in
``title``/``text``, their stems in ``title_stems``/``text_stems``).
"""
from __future__ import annotations

from sqlalchemy import bindparam, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from storage.models import UTCDateTime
from storage.searchlang import (
    Not, Or, QuerySyntaxError, Term, query_stems, terms, words_with_prefixes,
)

# Above this many rows holding the query's words, bm25 is not computed (see sqlite_candidates).
RANK_MAX_MATCHES = 20_000


def fts5_match(tree, words: dict[str, list[str]] | None = None) -> str:
    """An FTS5 MATCH expression. Tokens are letters and digits only, so nothing the user typed
    can reach FTS5 as an operator. `words` (``prefix_words``) spells a prefix (`word*`) out as
    the indexed words it starts: the same rows, read lazily (see ``prefix_words``)."""
    if isinstance(tree, Term):
        said = " ".join(tree.tokens)
        if tree.prefix and words and words.get(tree.tokens[-1]):
            head = " ".join(tree.tokens[:-1]) + " " if len(tree.tokens) > 1 else ""
            return "{title text} : (" + " OR ".join(
                '"' + head + w.replace('"', '""') + '"' for w in words[tree.tokens[-1]]) + ")"
        exact = '{title text} : "' + said + '"' + ("*" if tree.prefix else "")
        if tree.exact or tree.prefix:
            return exact
        stems = " OR ".join('"' + " ".join(s) + '"' for s in sorted(query_stems(tree)))
        return f"({exact} OR {{title_stems text_stems}} : ({stems}))"
    if isinstance(tree, Or):
        return " OR ".join(f"({fts5_match(c, words)})" for c in tree.children)
    if isinstance(tree, Not):
        raise QuerySyntaxError("NOT needs a word to exclude from, e.g. election NOT poll")
    positive = [c for c in tree.children if not isinstance(c, Not)]
    expr = " AND ".join(f"({fts5_match(c, words)})" for c in positive)
    for c in tree.children:
        if isinstance(c, Not):
            expr = f"({expr}) NOT ({fts5_match(c.child, words)})"
    return expr


def prefix_words(session: Session, tree) -> dict[str, list[str]]:
    """For each prefix of the query (the last token of a `word*` term): the words of the index
    that start with it, from FTS5's own vocabulary (``fts5vocab``), when there are at most
    ``MAX_PREFIX_WORDS``.

    FTS5 answers `"siste"*` by merging the whole document lists of every word it starts into
    one list before returning its first row (97,271 rows at a million articles, ~6 ms for the
    newest 200, again for each statement of a search), while an OR of the words is read
    lazily from the newest end (0.1 ms). Listing the words reads their lists once (~4-10 ms:
    fts5vocab counts their rows). Only plain ASCII prefixes are spelt out: FTS5's tokenizer
    leaves them as they are, so the range of words is exactly the one its prefix query
    matches (byte order: every word starting with "siste" sorts in ["siste", "sistf"))."""
    wanted = [t.tokens[-1] for t, _ in terms(tree) if t.prefix]
    if not wanted:
        return {}
    try:  # a temporary table: nothing is written to the database file
        session.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.newsmon_fts_words "
                             "USING fts5vocab(main, articles_fts, row)"))
    except OperationalError:  # a connection that may not even create temporary tables
        return {}

    def lookup(lo: str, hi: str, cap: int) -> list[str]:
        return session.scalars(text("SELECT term FROM temp.newsmon_fts_words WHERE term >= :lo "
                                    "AND term < :hi LIMIT :cap"),
                               {"lo": lo, "hi": hi, "cap": cap}).all()

    return words_with_prefixes(wanted, lookup)


def bind_dates(stmt, params):
    """`stmt` with the since/until parameters typed as stored times."""
    binds = [bindparam(k, type_=UTCDateTime) for k in ("since", "until") if k in params]
    return stmt.bindparams(*binds) if binds else stmt


def sqlite_candidates(session: Session, tree, cond: str, params: dict) -> list:
    """The newest `n` matches on SQLite with their scores, (id, story id, time, score) rows:
    FTS5 reads its rowids backwards and stops at `n`. `cond` is SQL on ``articles a`` and
    ``articles_fts``, `params` its parameters with `n`.

    bm25 first counts every row that holds each phrase of the query, so its cost grows with how
    common the words are: at a million articles 100-400 ms for words found in a fifth of them,
    ~70 ms at 33,000 rows (bench/search.py, loaded machine). The number of matching rows is
    estimated from how many ids the newest 200 matches span; above ``RANK_MAX_MATCHES`` the
    newest matches are kept in their order with those that match in the title first
    (score 1.0, else 0.5) instead of bm25 scores. Prefixes are spelt out as words
    (``prefix_words``) for finding rows, never for bm25, which scores a prefix as one phrase."""
    words = prefix_words(session, tree)
    plain = fts5_match(tree)
    params = {**params, "match": fts5_match(tree, words)}

    def run(score: str, match: str):
        sql = (f"SELECT a.id, a.story_id, coalesce(a.published_at, a.fetched_at), {score} "
               "FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid "
               f"WHERE articles_fts MATCH :match AND {cond} "
               "ORDER BY articles_fts.rowid DESC LIMIT :n")
        p = {**params, "match": match}
        return session.execute(bind_dates(text(sql), p), p).all()

    probe = session.scalars(text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match "
                                 "ORDER BY rowid DESC LIMIT 200"), params).all()
    if len(probe) < 200 or probe[0] * len(probe) / (probe[0] - probe[-1] + 1) < RANK_MAX_MATCHES:
        return run("-bm25(articles_fts, 10.0, 1.0, 5.0, 0.5)", plain)
    rows = run("0", params["match"])
    if not rows:
        return rows
    title = (params["match"].replace("{title text}", "{title}")
             .replace("{title_stems text_stems}", "{title_stems}"))
    in_title = set(session.scalars(text(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :m AND rowid >= :lo"),
        {"m": title, "lo": min(r[0] for r in rows)}))
    return [(i, story, day, 1.0 if i in in_title else 0.5) for i, story, day, _ in rows]

