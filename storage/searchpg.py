"""PostgreSQL's side of full-text search: query words as its lexemes, and tsquery texts.

Pure string building apart from :func:`pg_lexemes` and :func:`pg_prefix_words` (one round
trip each; a search has the lexemes looked up within its first statement, ``LEXEMES_SQL``);
``storage/search.py`` runs the statements. The index these queries meet is made by migrations
``0004_search_stemming`` (``search_vector``) and ``0006_phrase_pairs`` (adjacent word pairs).
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from storage.searchlang import And, Not, Or, Term, terms, words_with_prefixes

_PG_CONFIGS = ("newsmon_simple", "newsmon_en", "newsmon_es")


# (config, token, lexeme) for every token of the query and configuration, as one array value
# (bound: ``lexeme_params``), so it can ride along in another statement (``storage/search.py``).
LEXEMES_SQL = ("(SELECT array_agg(ARRAY[c.cfg, t.tok, (SELECT min(lexeme) FROM "
               "unnest(to_tsvector(c.cfg::regconfig, t.tok)))]) "
               "FROM unnest(CAST(:toks AS text[])) AS t(tok) "
               "CROSS JOIN unnest(CAST(:cfgs AS text[])) AS c(cfg))")


def lexeme_params(tree) -> dict:
    """The parameters of ``LEXEMES_SQL`` for the tokens of `tree`."""
    return {"toks": sorted({t for term, _ in terms(tree) for t in term.tokens}),
            "cfgs": list(_PG_CONFIGS)}


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
    def phrase(cfg: str, term: Term, weights: str, prefix: bool) -> str:
        lexes = [lexemes[(cfg, t)] for t in term.tokens]
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
        alts = [phrase("newsmon_simple", tree, "AB", tree.prefix)]
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
        if not (isinstance(t, Term) and t.exact and len(t.tokens) > 1):
            continue
        lexes = [lexemes[("newsmon_simple", tok)] for tok in t.tokens]
        if t.prefix:
            lexes = lexes[:-1]  # the last word is any word it starts
        found += [f"{a} {b}" for a, b in zip(lexes, lexes[1:])
                  if len(a.encode()) + len(b.encode()) < PG_PAIR_MAX_BYTES]
    return " & ".join(_lit(x) for x in dict.fromkeys(found)) or None
