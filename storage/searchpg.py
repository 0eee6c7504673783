"""PostgreSQL's side of full-text search: query words as its lexemes, tsquery texts, and the
statements of a search (``storage/search.py`` calls them within its settings).

A search is few round trips: the lexemes and the newest id come with the statement that sets
the search's settings (``LEXEMES_SQL``), then one statement per id window (the last one ranks
its newest matches, ``pg_candidates``), then one for the rows shown, their stories' articles
and the settings put back (``pg_shown``); prefixes spelt out, exclusions and min outlets add
one each. The index these queries meet is made by migrations ``0004_search_stemming``
(``search_vector``) and ``0006_phrase_pairs`` (adjacent word pairs).
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from storage.engine import LocalSettings
from storage.models import UTCDateTime
from storage.searchlang import And, Not, Or, Term, terms, words_with_prefixes
from storage.searchsqlite import bind_dates
from storage.storyreads import StoryArticle

_PG_CONFIGS = ("newsmon_simple", "newsmon_en", "newsmon_es")


# (config, token, lexeme) for every token of the query and configuration, as one array value
# (bound: ``lexeme_params``), so it can ride along in another statement (``storage/search.py``).
LEXEMES_SQL = ("(SELECT array_agg(ARRAY[c.cfg, t.tok, (SELECT min(lexeme) FROM "
               "unnest(to_tsvector(c.cfg::regconfig, t.tok)))]) "
               "FROM unnest(CAST(:toks AS text[])) AS t(tok) "
               "CROSS JOIN unnest(CAST(:cfgs AS text[])) AS c(cfg))")


def lexeme_params(tree) -> dict:
    """The parameters of ``LEXEMES_SQL`` for the tokens of `tree` (and the dotted forms of
    their runs, ``_runs``)."""
    toks = {t for term, _ in terms(tree) for t in term.tokens}
    toks.update(".".join(term.tokens[i:j]) for term, _ in terms(tree) for i, j in _runs(term))
    return {"toks": sorted(toks), "cfgs": list(_PG_CONFIGS)}


def _runs(term: Term) -> list[tuple[int, int]]:
    """The spans (start, end) of two to four adjacent tokens of the term that are digits or one
    letter each ("u s" of "U.S.", "3 5" of "3.5", "6 4" of "6-4"; in "a U.S. strike" "a u", "u
    s" and "a u s"), the prefix's token aside. PostgreSQL's parser keeps such a word whole
    ('u.s', '3.5': its 'file' and 'float' tokens; '6' then '-4': a signed integer), where
    SQLite and the query's own tokens split it. Longer tokens joined so would be a host name
    ("la.de"), which the query's words are not."""
    toks = term.tokens[:-1] if term.prefix else term.tokens
    short = [t.isdigit() or len(t) == 1 for t in toks]
    return [(i, j) for i in range(len(toks)) for j in range(i + 2, min(i + 4, len(toks)) + 1)
            if all(short[i:j])]


def _one_word_variants(term: Term, lexes: list[str], lexemes: dict[tuple[str, str], str]
                       ) -> list[list[str]]:
    """The term's lexemes (``newsmon_simple``) with one run (``_runs``) written as PostgreSQL's
    parser reads it in an article: "U.S." as 'u.s' (when the parser kept the dotted form whole),
    "3.5" as '3.5', the score "6-4" as '6' then '-4'. So `search 'U.S.'` finds on PostgreSQL
    what it finds on SQLite, without a re-index."""
    variants = []
    for i, j in _runs(term):
        whole = lexemes.get(("newsmon_simple", ".".join(term.tokens[i:j])), "")
        if "." in whole:
            variants.append([*lexes[:i], whole, *lexes[j:]])
        if j - i == 2 and term.tokens[i].isdigit() and term.tokens[i + 1].isdigit():
            variants.append([*lexes[:i], term.tokens[i], "-" + term.tokens[i + 1], *lexes[j:]])
    return variants


def lexemes_of(rows) -> dict[tuple[str, str], str]:
    """(config, token) → lexeme from the value of ``LEXEMES_SQL`` ([config, token, lexeme] rows;
    None when there are none): a token that its configuration drops stays as it is."""
    return {(cfg, tok): lex or tok for cfg, tok, lex in rows or ()}


def pg_lexemes(session: Session, tree) -> dict[tuple[str, str], str]:
    """(config, token) → lexeme, normalised by PostgreSQL's own configurations (one round trip),
    so query words are stemmed exactly as the index stemmed the articles."""
    return lexemes_of(session.scalar(text(f"SELECT {LEXEMES_SQL}"), lexeme_params(tree)))


def _lit(lex: str) -> str:
    """A tsquery literal for one lexeme."""
    return "'" + lex.replace("\\", "\\\\").replace("'", "''") + "'"


def pg_prefix_words(session: Session, tree, lexemes: dict[tuple[str, str], str]
                    ) -> dict[str, list[str]]:
    """For each prefix of the query (its lexeme): the stored lexemes that start with it, from
    ``search_words`` (migration ``0007_search_words``), when there are at most
    ``MAX_PREFIX_WORDS``.

    GIN answers `'compl':*` by gathering the postings of every lexeme it starts into one bitmap
    before the id window can narrow anything (~29 ms at a million articles, for each window);
    the same lexemes as an OR are exact keys that it skips through to the window's ids (2.1 ms,
    EXPLAIN ANALYZE on the 1M load). Only plain ASCII prefixes: the range of words is then
    exactly what `:*` matches (byte order in the "C" collation)."""
    def lookup(lo: str, hi: str, cap: int) -> list[str]:
        return session.scalars(text("SELECT word FROM search_words WHERE word >= :lo AND "
                                    "word < :hi ORDER BY word LIMIT :cap"),
                               {"lo": lo, "hi": hi, "cap": cap}).all()

    return words_with_prefixes(
        (lexemes[("newsmon_simple", t.tokens[-1])] for t, _ in terms(tree) if t.prefix), lookup)


def pg_tsquery(tree, lexemes: dict[tuple[str, str], str], weighted: bool,
               words: dict[str, list[str]] | None = None) -> str:
    """tsquery text: with `weighted`, exact words only match weights A/B and stems C/D (for
    ts_rank_cd); without, any (the GIN index then needs no recheck of the rows). `words`
    (``pg_prefix_words``) spells a prefix out as the stored lexemes it starts: the same rows."""
    def phrase(cfg: str, term: Term, weights: str, prefix: bool, lexes: list[str] | None = None) -> str:
        lexes = lexes or [lexemes[(cfg, t)] for t in term.tokens]
        # A quoted term must not match a stem that happens to be spelt like it.
        w = weights if weighted or term.exact else ""
        parts = [_lit(x) + ":" + w for x in lexes]
        if prefix and words and words.get(lexes[-1]):
            parts[-1] = "(" + " | ".join((_lit(x) + ":" + w).rstrip(":")
                                         for x in words[lexes[-1]]) + ")"
        elif prefix:
            parts[-1] = _lit(lexes[-1]) + ":*" + w
        return " <-> ".join(p.rstrip(":") for p in parts)

    if isinstance(tree, Term):
        simple = [lexemes[("newsmon_simple", t)] for t in tree.tokens]
        alts = [phrase("newsmon_simple", tree, "AB", tree.prefix, lexes)
                for lexes in (simple, *_one_word_variants(tree, simple, lexemes))]
        if not (tree.exact or tree.prefix):
            alts += [phrase(cfg, tree, "CD", False) for cfg in _PG_CONFIGS[1:]]
        alts = list(dict.fromkeys(alts))
        return "(" + " | ".join(f"({a})" for a in alts) + ")"
    if isinstance(tree, Or):
        return "(" + " | ".join(pg_tsquery(c, lexemes, weighted, words)
                                for c in tree.children) + ")"
    if isinstance(tree, Not):
        return "!" + pg_tsquery(tree.child, lexemes, weighted, words)
    return "(" + " & ".join(pg_tsquery(c, lexemes, weighted, words) for c in tree.children) + ")"


# Longest word pair (bytes of its two lexemes) in the index of adjacent pairs (migration
# 0006_phrase_pairs, which leaves longer ones out).
PG_PAIR_MAX_BYTES = 2000


def pg_pairs_tsquery(tree, lexemes: dict[tuple[str, str], str]) -> str | None:
    """A tsquery over ``newsmon_phrase_pairs(search_vector)`` (migration 0006_phrase_pairs) that
    every article matching `tree` satisfies: the adjacent pairs of its quoted phrases that all
    must match (`tree` a Term or an And of terms), ANDed; None when it has none. Asked beside the
    phrase itself, it lets GIN skip the articles that hold the words but not side by side."""
    found = []
    for t in (tree.children if isinstance(tree, And) else (tree,)):
        if not (isinstance(t, Term) and t.exact and len(t.tokens) > 1) or _runs(t):
            continue   # ("U.S." may be one word of the parser: no pair of the index holds it)
        lexes = [lexemes[("newsmon_simple", tok)] for tok in t.tokens]
        if t.prefix:
            lexes = lexes[:-1]  # the last word is any word it starts
        found += [f"{a} {b}" for a, b in zip(lexes, lexes[1:])
                  if len(a.encode()) + len(b.encode()) < PG_PAIR_MAX_BYTES]
    return " & ".join(_lit(x) for x in dict.fromkeys(found)) or None


def pg_pairs_exact(tree, pairs: str | None) -> bool:
    """Whether `pairs` (``pg_pairs_tsquery(tree, …)``) matches exactly the articles that `tree`
    matches, so the phrase need not be tested again on each one's TOASTed tsvector: `tree` one
    quoted phrase of two words, no prefix, whose pair the index holds. The index's pair 'x y'
    is x and y at adjacent positions among the words as written (weights A and B, the
    ``ts_filter`` of ``newsmon_phrase_pairs``), which is all that ``'x':AB <-> 'y':AB`` tests
    on ``search_vector``. Longer phrases are the AND of their pairs, which may lie apart."""
    return (pairs is not None and isinstance(tree, Term) and tree.exact and not tree.prefix
            and len(tree.tokens) == 2)


def pg_candidates(session: Session, tree, cond: str, params: dict, rank: bool,
                  lexemes: dict[tuple[str, str], str], top: int) -> list:
    """The newest `n` matches on PostgreSQL as (id, story_id, time, score) rows, in growing id
    windows below `top` (the newest id); scored with ts_rank_cd when `rank` (else 0.0);
    `lexemes` as ``pg_lexemes`` gives them. One statement per window; the last one scores its
    newest `n` itself unless min outlets leaves some out afterwards (then one more statement).

    ``ORDER BY id DESC LIMIT n`` lets the planner walk the primary key backwards and test every
    row's TOASTed tsvector (128 ms for a common word at 20k articles here); a window of ids
    asked of the GIN index on (search_vector, id) visits only the window's matches, without
    reading a tsvector (3.7 ms instead of 190 ms for 10,000 ids at 20k, loaded machine).

    The first window holds 4·n ids; the next is sized from the matches found so far to hold
    ~1.5·n (``next_window``), so a rare word or a narrow filter (an outlet, a topic, the last
    30 days) costs two or three lookups instead of five growing ×8 ones, and a window past a
    quarter of the ids becomes the whole table: the GIN index answers a range of 600k ids
    in ~60 ms, the word alone over every id in ~15 ms (1M articles). Only the `n` kept are
    ranked."""
    wtsq = pg_tsquery(tree, lexemes, weighted=True)
    # Exclusions at the top (`cuba -béisbol`) are a second index lookup of the window, anti-joined
    # (hashed: 71 ids of 'bank' among 511 of 'which', 1.3 ms at 1M): inside the tsquery, GIN
    # cannot answer "!word" and re-reads every candidate's tsvector.
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
    # A lone two-word phrase is its pair (``pg_pairs_exact``): its matches are not re-read
    # (the 1,025 articles of "back around" at 1M: 23.6 -> 3.4 ms, EXPLAIN ANALYZE).
    match = ("newsmon_phrase_pairs(a.search_vector) @@ CAST(:pairs AS tsquery)" if
             pg_pairs_exact(positive, pairs) else
             "newsmon_phrase_pairs(a.search_vector) @@ CAST(:pairs AS tsquery) AND "
             "(a.search_vector @@ CAST(:tsq AS tsquery)) IS TRUE" if pairs else
             "a.search_vector @@ CAST(:tsq AS tsquery)")

    # Ranked by relevance with nothing to take out afterwards, the window that ends the walk
    # (n matches, or the whole table) scores its newest n itself: no second statement reading
    # them again by id. CASE computes ts_rank_cd for those rows only.
    inline = rank and "min_outlets" not in params
    if inline:
        params["wtsq"] = wtsq

    def window_sql(lo: int):
        ids = "AND a.id > :lo" if lo else ""  # the whole table: no id range to scan
        out = ("AND NOT EXISTS (SELECT 1 FROM articles x WHERE x.id = a.id AND "
               f"x.search_vector @@ CAST(:neg AS tsquery) {ids.replace('a.', 'x.')})"
               if excluded else "")
        sql = ("SELECT a.id, a.story_id, coalesce(a.published_at, a.fetched_at) AS t"
               f"{', a.search_vector AS v' if inline else ''} FROM articles a "
               f"WHERE {match} {ids} {out} AND {cond}")
        if inline:
            sql = ("SELECT id, story_id, t, CASE WHEN (count(*) OVER () >= :n OR :lo = 0) AND "
                   "row_number() OVER (ORDER BY id DESC) <= :n THEN "
                   f"ts_rank_cd(v, CAST(:wtsq AS tsquery)) END FROM ({sql}) AS w")
        return bind_dates(text(sql), params)

    window = 4 * params["n"]
    while True:
        lo = top - window if window <= top // 4 else 0
        rows = session.execute(window_sql(lo), {**params, "lo": lo}).all()
        if "min_outlets" in params and rows:  # last: it stops at the newest n it keeps
            rows = with_outlets(session, rows, params["min_outlets"], params["n"])
        if len(rows) >= params["n"] or lo <= 0:
            break
        window = next_window(window, len(rows), params["n"])
    rows = sorted(rows, key=lambda r: -r[0])[:params["n"]]
    if inline:
        return [tuple(r) for r in rows]
    scores = {}
    if rows and rank:  # (by newest, only the rows shown are scored: ``pg_shown``)
        scores = dict(session.execute(text(
            "SELECT id, ts_rank_cd(search_vector, CAST(:wtsq AS tsquery)) FROM articles "
            "WHERE id = ANY(:ids)"), {"ids": [r[0] for r in rows], "wtsq": wtsq}).all())
    return [(i, story, day, scores.get(i, 0.0)) for i, story, day in rows]


def with_outlets(session: Session, rows: list, min_outlets: int, n: int) -> list:
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


def next_window(window: int, found: int, n: int) -> int:
    """How many of the newest ids to ask next, after `window` ids held `found` (< `n`) matches:
    enough for 1.5·`n` at the density seen (counting two more matches than found: one or two
    in a small window say little), at least ×2, at most ×32 (×8 when none matched)."""
    if not found:
        return window * 8
    return min(32 * window, max(2 * window, 3 * n * window // (2 * (found + 2))))


def pg_shown(session: Session, ids: list[int], stories: list[int], wtsq: str | None,
             settings: LocalSettings) -> tuple[dict, dict[int, list], dict[int, float] | None]:
    """The rows shown (`ids`, of `stories`) in one statement, the last of a search: ``(articles,
    members, scores)``: the articles by id (``id, url, title, outlet_id, published_at,
    fetched_at, language, story_id, text``); the articles of `stories` by story id, oldest first
    (``StoryArticle``s, as ``storage.storyreads.story_articles`` gives them); and with
    `wtsq` (a weighted tsquery) the ts_rank_cd scores of `ids`, else None. The statement also
    puts back the search's `settings` (``storage.engine.pg_local_settings``)."""
    score = ("CASE WHEN a.id = ANY(:ids) THEN ts_rank_cd(a.search_vector, CAST(:wtsq AS tsquery)) "
             "END" if wtsq else "NULL")
    rows = session.execute(text(
        "SELECT a.id, a.url, a.title, a.outlet_id, a.outlet_id AS outlet, o.name AS outlet_name, "
        "a.published_at, a.fetched_at, a.language, a.story_id, a.copy_of, "
        f"CASE WHEN a.id = ANY(:ids) THEN a.text END AS text, {score} AS score, "
        f"(SELECT {settings.restore_sql}) AS restored "
        "FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id "
        "WHERE a.id = ANY(:ids) OR a.story_id = ANY(:stories) ORDER BY a.fetched_at, a.id"
    ).columns(published_at=UTCDateTime, fetched_at=UTCDateTime),
        {"ids": ids, "stories": stories, "wtsq": wtsq, **settings.restore_params}).all()
    settings.restored = bool(rows)
    wanted, in_stories = set(ids), set(stories)
    articles = {r.id: r for r in rows if r.id in wanted}
    members: dict[int, list] = {}
    for r in rows:
        if r.story_id in in_stories:
            members.setdefault(r.story_id, []).append(StoryArticle.of_row(r))
    return articles, members, ({i: r.score for i, r in articles.items()} if wtsq else None)
