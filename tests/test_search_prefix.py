"""Prefixes (`word*`) spelt out as the indexed words they start, on both engines: the same rows
as the engine's own prefix match (SQLite: FTS5's vocabulary; PostgreSQL: ``search_words``)."""
from __future__ import annotations

import pytest

from storage import searchlang
from storage.engine import open_database
from storage.searchlang import parse_query
from test_search import store  # noqa: F401  (the fixture: a filled store on each engine)


def test_sqlite_prefix_spelt_out_as_words_matches_the_same_rows(store, monkeypatch):
    if not store.startswith("sqlite"):
        pytest.skip("FTS5's vocabulary: SQLite only")
    import storage.searchsqlite as lite
    from sqlalchemy import text
    _, sessions = open_database(store)
    with sessions() as s:
        for query in ("remes*", "cu*", '"la rem"*', "tari* OR apag*", "cuba -hav*", "zzz*"):
            tree = parse_query(query)
            words = lite.prefix_words(s, tree)
            assert ("remes" in words) == (query == "remes*")

            def ids(match):
                return s.scalars(text("SELECT rowid FROM articles_fts WHERE articles_fts "
                                      "MATCH :m ORDER BY rowid"), {"m": match}).all()
            assert ids(lite.fts5_match(tree, words)) == ids(lite.fts5_match(tree)), query
        # the vocabulary holds the stems too ("remes"): {title text} leaves them out
        assert lite.prefix_words(s, parse_query("remes*"))["remes"] == ["remes", "remesa",
                                                                         "remesas"]
        monkeypatch.setattr(searchlang, "MAX_PREFIX_WORDS", 1)   # too many words: FTS5's own prefix
        assert lite.prefix_words(s, parse_query("remes*")) == {}


def test_postgresql_prefix_spelt_out_as_stored_words_matches_the_same_rows(store, monkeypatch):
    if not store.startswith("postgresql"):
        pytest.skip("search_words (migration 0007_search_words): PostgreSQL only")
    import storage.searchpg as pg
    from sqlalchemy import text
    _, sessions = open_database(store)
    with sessions() as s:
        for query in ("remes*", "cu*", '"la rem"*', "tari* OR apag*", "cuba -hav*", "zzz*"):
            tree = parse_query(query)
            lexemes = pg.pg_lexemes(s, tree)
            words = pg.pg_prefix_words(s, tree, lexemes)
            assert ("remes" in words) == (query == "remes*")
            for weighted in (False, True):
                def ids(tsq):
                    return s.scalars(text("SELECT id FROM articles WHERE search_vector @@ "
                                          "CAST(:q AS tsquery) ORDER BY id"), {"q": tsq}).all()
                assert ids(pg.pg_tsquery(tree, lexemes, weighted, words)) == \
                    ids(pg.pg_tsquery(tree, lexemes, weighted)), query
        # the trigger keeps the words of articles stored after the migration (all of these)
        assert pg.pg_prefix_words(s, parse_query("remes*"),
                                  pg.pg_lexemes(s, parse_query("remes*")))["remes"] == \
            ["remes", "remesa", "remesas"]
        monkeypatch.setattr(searchlang, "MAX_PREFIX_WORDS", 1)   # too many words: GIN's own prefix
        assert pg.pg_prefix_words(s, parse_query("remes*"),
                                  pg.pg_lexemes(s, parse_query("remes*"))) == {}
