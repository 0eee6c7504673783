"""The search language, on SQLite and PostgreSQL alike, through the library and the command.

Stores are real (a SQLite file, a scratch PostgreSQL database) and filled through
``store_article``, the function the store pipeline uses; commands run through click as typed.
"""
from __future__ import annotations

import http.server
import json
import shutil
import threading
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsmon.cli import cli
from pipelines.fingerprint import content_fingerprint
from run import newsmon, rows
from storage.articles import store_article
from storage.crawlstate import upsert_outlets
from storage.engine import open_database
from storage.searchlang import QuerySyntaxError, Term, parse_query, snippet
from storage.stems import stem_text
from sites import OutletRow

CASES = Path(__file__).parent / "fixtures" / "cases"
NOW = datetime.now(timezone.utc)


ARTICLES = [
    # (url, outlet, language, title, text, hours ago, topics)
    ("http://es.test/remesas", "es1", "es", "Nuevas reglas para las remesas",
     "Las remesas a Cuba caen por las sanciones del Departamento del Tesoro. Los envíos de "
     "dinero desde Florida se encarecen.", 1, ["remittances"]),
    ("http://es.test/remesa", "es1", "es", "Una remesa llega tarde",
     "La remesa de noviembre llegó tarde a La Habana por los cambios de Western Union.", 2,
     ["remittances"]),
    ("http://es.test/apagones", "es2", "es", "Apagones en Oriente",
     "Los apagones afectan a Cuba oriental; la Unión Eléctrica reporta déficit récord.", 3,
     ["energy_food_crisis"]),
    ("http://en.test/tariffs", "en1", "en", "New tariffs on oil shippers",
     "Washington threatens tariffs on countries that ship oil to Cuba. Cuba's fuel imports "
     "have fallen sharply this year.", 4, ["oil_tariffs"]),
    ("http://en.test/street", "en1", "en", "O'Reilly Street reopens",
     "Restoration crews reopened O'Reilly Street in Old Havana; the city historian's office "
     "led the work. Cuba hopes tourists return.", 5, []),
    ("http://en.test/baseball", "en2", "en", "Baseball season opens",
     "The national baseball season opened with empty stands in Havana.", 6, []),
]


def fill(url: str) -> None:
    _, sessions = open_database(url)
    with sessions() as s:
        upsert_outlets(s, [OutletRow("es1", "Diario Uno", "es"), OutletRow("es2", "Diario Dos", "es"),
                           OutletRow("en1", "Wire One", "en"), OutletRow("en2", "Wire Two", "en")])
        for link, outlet, lang, title, body, hours, topics in ARTICLES:
            store_article(s, {"canonical_url": link, "outlet": outlet, "title": title,
                              "text": body, "language": lang,
                              "content_hash": content_fingerprint(body),
                              "published_at": NOW - timedelta(hours=hours),
                              "topics": [{"id": t, "score": 5.0, "evidence": []} for t in topics]})
        s.commit()


@pytest.fixture
def store(engine_url):
    fill(engine_url)
    return engine_url


def search(db, *args, ok=True):
    result = CliRunner().invoke(cli, ["search", "--limit", "50", *args, "--db", db, "--format",
                                      "json"], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
        return json.loads(result.output)
    return result


def urls(hits) -> list[str]:
    return [h["url"].split("/")[-1] for h in hits]


# -- the parser, pure --------------------------------------------------------------------

def test_apostrophes_and_hyphens_belong_to_the_word():
    assert parse_query("Cuba's") == Term(("cuba", "s"))
    assert parse_query("O’Reilly") == Term(("o", "reilly"))
    assert parse_query("Díaz-Canel") == Term(("diaz", "canel"))
    assert parse_query('"Cuba\'s fuel"') == Term(("cuba", "s", "fuel"), exact=True)
    # The phrase quotes analysts type in English, German, Spanish and French.
    for phrase in ("“Cuba’s fuel”", "„Cuba’s fuel“", "«Cuba’s fuel»", "« Cuba's fuel »"):
        assert parse_query(phrase) == Term(("cuba", "s", "fuel"), exact=True), phrase


@pytest.mark.parametrize("query, message", [
    ('"acetaminophen', "unclosed quote"), ("-cuba", "not excluded"), ("OR", "OR needs"),
    ("cuba OR", "OR needs"), ("(cuba", "parenthesis"), ("cuba)", r"no \("), ("NOT", "NOT"),
    ("cuba OR -havana", "not excluded"), ("&&", "no word")])
def test_unreadable_queries_say_how_to_fix_them(query, message):
    with pytest.raises(QuerySyntaxError, match=message):
        parse_query(query)


def test_stems_follow_the_article_language_and_fold_accents():
    assert stem_text("Las sanciones y la sanción", "es") == "las sancion y la sancion"
    assert stem_text("New tariffs", "en") == "new tariff"
    assert stem_text("Les sanctions", "fr") == "les sanctions"  # no stemmer: words as written


def test_snippet_marks_every_form_of_the_word():
    text = "Las remesas a Cuba caen. La remesa llega. " + "Nada más. " * 200
    assert snippet(text, parse_query("remesa"), "es").startswith("Las [remesas] a Cuba caen. "
                                                                 "La [remesa] llega.")


def test_snippet_folds_accents_and_case_and_marks_phrases():
    text = "La SANCIÓN llegó. Las sanciones de la OFAC; política y Política. 이 기사는 한국어."
    assert snippet(text, parse_query("sancion"), "es") == \
        "La [SANCIÓN] llegó. Las [sanciones] de la OFAC; política y Política. 이 기사는 한국어."
    assert "[política] y [Política]" in snippet(text, parse_query("politica"), "es")
    assert "[de] [la] OFAC" in snippet(text, parse_query('"de la"'), "es")
    assert "[sanciones] [de] [la] OFAC" in snippet(text, parse_query("sanción-de-la"), "es")
    assert "[sanciones] de" in snippet(text, parse_query("sanc*"), "es")
    assert "[기사는]" in snippet(text, parse_query("기사는"), None)
    far = "Nada más. " * 300 + "Por fin la remesa."
    assert snippet(far, parse_query("remesa"), "es") == "…más. Por fin la [remesa]."
    assert snippet("Nada.", parse_query("remesa"), "es") == "Nada."


# -- both engines ------------------------------------------------------------------------

def test_word_endings_match_in_english_and_spanish_exact_form_first(store):
    assert urls(search(store, "remesa"))[:2] == ["remesa", "remesas"]
    assert urls(search(store, "remesas"))[:2] == ["remesas", "remesa"]
    assert "remesas" in urls(search(store, "sanción"))
    assert urls(search(store, "tariff")) == ["tariffs"]
    assert urls(search(store, '"remesa"')) == ["remesa"]  # quoted: as written


def test_apostrophe_words_and_phrases(store):
    assert urls(search(store, "Cuba's")) == ["tariffs"]
    assert urls(search(store, "O'Reilly")) == ["street"]
    assert urls(search(store, "O’Reilly", "street")) == ["street"]
    assert urls(search(store, "historian's office")) == ["street"]
    assert urls(search(store, '"Cuba\'s fuel imports"')) == ["tariffs"]


def test_not_and_leading_exclusion(store):
    everything = set(urls(search(store, "cuba")))
    assert {"apagones", "street", "tariffs"} <= everything
    for query in (["cuba", "NOT", "apagones"], ["-apagones", "cuba"], ["cuba -apagones"],
                  ["-apagones cuba"]):
        assert set(urls(search(store, *query))) == everything - {"apagones"}, query
    assert set(urls(search(store, "cuba", "-tariff"))) == everything - {"tariffs"}


def test_or_prefix_and_parentheses(store):
    assert set(urls(search(store, "apagones OR baseball"))) == {"apagones", "baseball"}
    assert set(urls(search(store, "remes*"))) == {"remesas", "remesa"}
    assert set(urls(search(store, "(remesa OR tariffs) -Florida"))) == {"remesa", "tariffs"}


def test_scores_snippets_sort_and_paging(store):
    hits = search(store, "cuba OR remesas OR havana")
    assert len({h["score"] for h in hits}) > 1
    assert hits == sorted(hits, key=lambda h: -h["score"])
    assert any("[" in h["snippet"] for h in hits)
    newest = search(store, "cuba OR havana", "--sort", "newest")
    assert [h["published_at"] for h in newest] == sorted((h["published_at"] for h in newest),
                                                          reverse=True)
    first, second = (search(store, "cuba OR havana", "--sort", "newest", "--limit", "2",
                            "--offset", str(o)) for o in (0, 2))
    assert urls(first) + urls(second) == urls(newest)[:4]


def test_filters_and_unknown_ids_listing_the_valid_ones(store):
    assert urls(search(store, "remesa", "--topic", "remittances", "--outlet", "es1",
                       "--language", "es")) == ["remesa", "remesas"]
    assert search(store, "remesa", "--language", "en") == []
    for option, value, listed in (("--topic", "no_such_topic", "remittances"),
                                  ("--outlet", "no-such-outlet", "es1, es2"),
                                  ("--language", "xx", "en, es")):
        result = search(store, "cuba", option, value, ok=False)
        assert result.exit_code != 0 and value in result.output and listed in result.output
    stories = CliRunner().invoke(cli, ["stories", "--topic", "no_such_topic", "--db", store])
    assert stories.exit_code != 0 and "remittances" in stories.output, stories.output


def test_min_outlets_keeps_the_stories_reported_widely_enough(store):
    """PostgreSQL tests min_outlets on each window's matches after the lookup; both engines
    must keep exactly the matches whose story has that many outlets."""
    from sqlalchemy import text
    _, sessions = open_database(store)
    with sessions() as s:
        s.execute(text("UPDATE stories SET outlet_count = 3 WHERE id IN (SELECT story_id FROM "
                       "articles WHERE url IN ('http://es.test/remesa', 'http://en.test/street'))"))
        s.commit()
    assert set(urls(search(store, "cuba OR remesa", "--min-outlets", "3"))) == {"remesa",
                                                                                 "street"}
    assert urls(search(store, "cuba OR remesa", "--min-outlets", "3", "--topic",
                       "remittances")) == ["remesa"]
    assert search(store, "baseball", "--min-outlets", "2") == []
    # two candidates: PostgreSQL looks the stories up four matches at a time, newest first
    from storage.search import search_articles
    with sessions() as s:
        few = search_articles(s, "cuba OR remesa OR havana", min_outlets=3, sort="newest",
                              limit=1, candidates=1)
        all_ = search_articles(s, "cuba OR remesa OR havana", min_outlets=3, sort="newest")
        assert [h.url for h in few] == [h.url for h in all_][:1] == ["http://es.test/remesa"]
        # an exclusion is applied before the lookups stop at the newest candidates (else the
        # excluded street and apagones would fill the two and leave remesa out)
        s.execute(text("UPDATE stories SET outlet_count = 3 WHERE id = (SELECT story_id FROM "
                       "articles WHERE url = 'http://es.test/apagones')"))
        few = search_articles(s, "(cuba OR remesa OR havana) -reopens", min_outlets=3,
                              sort="newest", limit=1, candidates=1)
        assert [h.url for h in few] == ["http://es.test/remesa"]


def test_a_page_past_the_last_match_says_so(store):
    past = CliRunner().invoke(cli, ["search", "remesa", "--offset", "100", "--db", store])
    assert past.exit_code == 0 and "no stories match 'remesa' beyond --offset 100" in \
        past.output, past.output


def test_optimize_merges_the_index_and_every_search_finds_the_same(store):
    """`newsmon optimize` merges FTS5's segments (one per stored article's transaction here)
    into one; the same searches find the same articles, scores included. PostgreSQL: nothing."""
    queries = ["remesa", '"la zafra"', "cuba OR sanción", "remes*", "cuba -béisbol"]
    before = [search(store, q) for q in queries]
    out = CliRunner().invoke(cli, ["optimize", "--db", store])
    assert out.exit_code == 0, out.output
    if store.startswith("sqlite"):
        import sqlite3
        assert "merged into one segment" in out.output
        conn = sqlite3.connect(store.removeprefix("sqlite:///"))
        # An FTS5 page's rowid is segment id << 37 | height << 31 | page (fts5Int.h,
        # FTS5_SEGMENT_ROWID); segment 0 holds the structure and averages records.
        segments = "SELECT count(DISTINCT id >> 37) FROM articles_fts_data WHERE id >> 37 > 0"
        assert conn.execute(segments).fetchone()[0] == 1   # a search reads one b-tree per word
        conn.close()
    else:
        assert "nothing to do" in out.output
    assert [search(store, q) for q in queries] == before


def test_export_streams_every_article_once(store):
    result = CliRunner().invoke(cli, ["export", "--db", store], catch_exceptions=False)
    lines = [json.loads(x) for x in result.output.splitlines()]
    assert result.exit_code == 0 and len(lines) == len(ARTICLES)
    assert {x["id"] for x in lines} == set(range(1, len(ARTICLES) + 1))
    assert set(lines[0]) >= {"id", "url", "title", "author", "text", "outlet", "published_at",
                             "topics", "story_id"}   # author: two testers missed it
    csv_out = CliRunner().invoke(cli, ["export", "--db", store, "--format", "csv", "--topic",
                                       "remittances", "--query", "sanción"]).output
    assert csv_out.splitlines()[0].startswith("id,url,title,author,text") and len(
        csv_out.strip().splitlines()) == 2


def test_index_follows_updates_deletes_and_new_id_segments(store):
    """PostgreSQL's article_search (migration 0006) is kept by a trigger: an edit, a delete and
    an id in a segment with no partition yet; on SQLite the FTS5 triggers do the same."""
    from sqlalchemy import text
    engine, sessions = open_database(store)
    with sessions() as s:
        s.execute(text("UPDATE articles SET title = 'Zafra azucarera', text = 'La zafra.' "
                       "WHERE url LIKE '%/baseball'"))
        s.execute(text("DELETE FROM articles WHERE url LIKE '%/street'"))
        if engine.dialect.name == "postgresql":
            s.execute(text("SELECT setval('articles_id_seq', 60000)"))
        store_article(s, {"canonical_url": "http://es.test/far", "outlet": "es2",
                          "title": "Zafra lejana", "text": "Otra zafra más.", "language": "es",
                          "content_hash": content_fingerprint("Otra zafra más."),
                          "published_at": NOW, "topics": []})
        s.commit()
    assert set(urls(search(store, "zafra"))) == {"baseball", "far"}
    assert search(store, "baseball") == [] and search(store, "O'Reilly") == []
    assert urls(search(store, "zafra", "--outlet", "es2", "--language", "es")) == ["far"]


def test_migration_downgrades_and_upgrades_keeping_search(store):
    from alembic import command
    from alembic.config import Config

    from storage.engine import MIGRATIONS, make_engine
    engine = make_engine(store)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    engine.dispose()
    assert urls(search(store, "remesa"))[:2] == ["remesa", "remesas"]  # re-indexed on upgrade


def test_postgresql_search_settings_hold_for_the_search_only(pg_url):
    """jit off and a larger work_mem (storage.search.PG_SEARCH_SETTINGS) are in force when every
    statement of a search is sent (so it is planned with them), then back to what the session
    had, in the same transaction and after (the last statement of the search puts them back)."""
    from sqlalchemy import event, text

    from storage.search import PG_SEARCH_SETTINGS, search_articles
    fill(pg_url)
    engine, sessions = open_database(pg_url)
    seen = []

    @event.listens_for(engine, "before_cursor_execute")
    def settings_now(conn, cursor, statement, *_):
        # (not the first statement: it sets them, and reads the query's lexemes and max(id))
        if ("search_vector" in statement or "FROM articles" in statement) and \
                "current_setting" not in statement:
            row = cursor.connection.execute("SELECT current_setting('jit'), "
                                            "current_setting('work_mem')").fetchone()
            seen.append((statement, row))

    def now(s):
        return tuple(s.execute(text("SELECT current_setting('jit'), current_setting('work_mem'), "
                                    "current_setting('enable_indexscan')")).one())

    with sessions() as s:
        s.execute(text("SET work_mem = '5MB'"))  # a session setting, kept across transactions
        before = now(s)
        assert before == ("on", "5MB", "on")
        hits = search_articles(s, "cuba -apagones", sort="newest")
        assert hits and "apagones" not in {h.url.split("/")[-1] for h in hits}
        during = {row for statement, row in seen}
        assert during == {(PG_SEARCH_SETTINGS["jit"], PG_SEARCH_SETTINGS["work_mem"])}
        assert len(seen) >= 2  # the window (with the exclusion) and the rows shown at least
        assert now(s) == before  # put back inside the same transaction
        s.commit()
        assert now(s) == before
        s.rollback()
        search_articles(s, "cuba")
        s.rollback()  # and when the transaction ends
        assert now(s) == before
    engine.dispose()


# -- as typed in a shell -----------------------------------------------------------------

def test_leading_minus_word_is_a_query_word_not_an_option(tmp_path):
    db = f"sqlite:///{tmp_path / 'n.db'}"
    fill(db)
    result = newsmon("search", "-apagones", "cuba", "--format", "json", "--db", db)
    assert result.returncode == 0, result.stderr
    assert "apagones" not in result.stdout and "tariffs" in result.stdout
    bad = newsmon("search", "cuba", "--topic", "nope", "--db", db)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1 and "remittances" in bad.stderr
    missing = newsmon("search", "cuba", "--db", f"sqlite:///{tmp_path / 'typo' / 'n.db'}")
    assert missing.returncode != 0 and "does not exist" in missing.stderr
    assert not (tmp_path / "typo").exists()  # a typo in --db creates nothing


def test_a_mistyped_option_or_a_missing_value_is_an_error_not_query_words(tmp_path):
    """A new user's trial: `search cuba --outlt havana-desk` searched for the words "--outlt
    havana-desk" and found nothing; `search cuba --limit` said "'--' is not a valid integer";
    `export --query ''` wrote every article, where `search ''` refuses an empty query."""
    db = f"sqlite:///{tmp_path / 'n.db'}"
    fill(db)
    for args, words in ((("cuba", "--outlt", "havana-desk"), ("No such option", "--outlet")),
                        (("cuba", "--limit"), ("'--limit' requires an argument",)),
                        (("cuba", "--topic"), ("'--topic' requires an argument",))):
        result = newsmon("search", "--db", db, *args)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert all(w in result.stderr for w in words), result.stderr
    empty = newsmon("export", "--query", "", "--db", db)
    assert empty.returncode == 1 and empty.stdout == "" and "no word" in empty.stderr
    upper = newsmon("search", "remesa", "--language", "ES", "--format", "json", "--db", db)
    assert upper.returncode == 0 and "remesas" in upper.stdout, upper.stderr   # "ES" is es


def test_case_17_apostrophes_after_a_real_crawl(tmp_path):
    """cases/17-search-apostrophe: crawl its outlet from a local server, run its queries."""
    case = CASES / "17-search-apostrophe"
    site = tmp_path / "site"
    shutil.copytree(case / "site", site)
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    port = server.server_address[1]
    for f in site.rglob("*.*"):
        f.write_text(f.read_text().replace("127.0.0.1:8765", f"127.0.0.1:{port}"))
    config = tmp_path / "outlets.yaml"
    config.write_text((case / "outlets.yaml").read_text().replace("8765", str(port))
                      .replace("download_delay: 0}", "download_delay: 0, max_age_days: 100000}"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    db = f"sqlite:///{tmp_path / 'case.db'}"
    try:
        crawl = newsmon("crawl", "--outlets", str(config), "--db", db)
    finally:
        server.shutdown()
    spec = json.loads((case / "case.json").read_text())
    assert crawl.returncode == 0, crawl.stderr[-500:]
    assert rows(db, "SELECT count(*) FROM articles")[0][0] == spec["count"]
    for q in spec["queries"]:
        found = [h["url"] for h in search(db, q["q"])]
        found += [a["url"] for h in search(db, q["q"]) for a in h["also_reported_by"]]
        assert all(any(u.endswith(s) for u in found) for s in q["must"]), q
        assert not any(u.endswith(s) for u in found for s in q["must_not"]), q


def test_abbreviations_scores_and_decimals_are_found_as_typed_on_both_engines(store):
    """PostgreSQL's parser keeps "U.S.", "3.5" and "6-4" as one token ('u.s', '3.5', '6' then
    '-4'), where SQLite and the query's tokens split them: `search 'U.S.'` found the articles on
    SQLite and none on PostgreSQL (a new user's trial)."""
    _, sessions = open_database(store)
    with sessions() as s:
        body = ("The U.S. Treasury fined two shippers. Industriales won 6-4 at home, and prices "
                "rose 3.5 percent in Havana.")
        store_article(s, {"canonical_url": "http://en.test/abbrev", "outlet": "en2",
                          "title": "Fines and a ballgame", "text": body, "language": "en",
                          "content_hash": content_fingerprint(body), "published_at": NOW})
        s.commit()
    for query in ("U.S.", "u.s. treasury", "U.S. OR remesas", "6-4", '"6-4"', "3.5",
                  '"The U.S. Treasury"', '"won 6-4 at"', '"rose 3.5 percent"'):
        assert "abbrev" in urls(search(store, query)), query
    assert urls(search(store, "U.S. -Treasury")) == []


def test_korean_russian_and_japanese_words_and_phrases_are_found_on_both_engines(store):
    """The query's folding decomposed every letter: a Korean syllable fell into its jamo, й
    lost its breve, が its voicing mark, so a quoted phrase in these languages found nothing on
    either engine and a word nothing on PostgreSQL (588 queries run on both engines)."""
    _, sessions = open_database(store)
    texts = [("ko", "사진 속 긴장감과 호기심을 담았다. 배우는 말했다."),
             ("ru", "Каждый день новые данные передаются в центр."),
             ("ja", "この問題には解決策があります。専門家が説明した。")]
    with sessions() as s:
        for lang, body in texts:
            store_article(s, {"canonical_url": f"http://x.test/{lang}", "outlet": "en2",
                              "title": body.split()[0], "text": body, "language": lang,
                              "content_hash": content_fingerprint(body), "published_at": NOW})
        s.commit()
    for query, want in (("사진", "ko"), ('"긴장감과 호기심을"', "ko"), ("каждый", "ru"),
                        ('"каждый день"', "ru"), ("専門家が説明した", "ja"),   # one token: no spaces
                        ('"この問題には解決策があります 専門家が説明した"', "ja"),
                        ("São OR 긴장감과", "ko")):
        assert urls(search(store, query)) == [want], query


def test_phrases_match_words_side_by_side_only(store):
    """On PostgreSQL phrases are first looked up in the index of adjacent pairs (migration
    0006_phrase_pairs): the words present but apart, or in another order, do not match."""
    assert urls(search(store, '"fuel imports"')) == ["tariffs"]
    assert search(store, '"imports fuel"') == [] and search(store, '"tariffs oil"') == []
    assert urls(search(store, '"Cuba\'s fuel imports" tariffs')) == ["tariffs"]
    assert urls(search(store, '"fuel imp"*')) == ["tariffs"]
    assert set(urls(search(store, '"las remesas" OR "remesa de"'))) == {"remesas", "remesa"}


def test_postgresql_two_word_phrase_is_its_pair(store):
    """A lone quoted two-word phrase is answered by the index of adjacent pairs alone
    (searchpg.pg_pairs_exact): the same articles as the phrase tested on search_vector, for
    every two words of the stored titles and bodies side by side, one apart, and across the
    end of the title and the start of the body."""
    if not store.startswith("postgresql"):
        pytest.skip("the index of adjacent pairs (migration 0006_phrase_pairs): PostgreSQL only")
    from sqlalchemy import text

    from storage.searchlang import tokens
    from storage.searchpg import pg_lexemes, pg_pairs_exact, pg_pairs_tsquery, pg_tsquery
    _, sessions = open_database(store)
    phrases = set()
    for _, _, _, title, body, *_ in ARTICLES:
        words = tokens(title) + tokens(body)
        phrases |= set(zip(words, words[1:])) | set(zip(words, words[2:]))
    with sessions() as s:
        def ids(sql, q):
            return s.scalars(text(f"SELECT id FROM articles WHERE {sql} @@ CAST(:q AS tsquery) "
                                  "ORDER BY id"), {"q": q}).all()
        for a, b in sorted(phrases):
            tree = parse_query(f'"{a} {b}"')
            lexemes = pg_lexemes(s, tree)
            pairs = pg_pairs_tsquery(tree, lexemes)
            assert pg_pairs_exact(tree, pairs)
            assert ids("newsmon_phrase_pairs(search_vector)", pairs) == \
                ids("search_vector", pg_tsquery(tree, lexemes, weighted=False)), (a, b)
    assert not pg_pairs_exact(parse_query('"cuba s fuel"'), "'cuba s' & 's fuel'")
    assert not pg_pairs_exact(parse_query('"fuel imports" oil'), "'fuel imports'")


def test_phrase_pairs_asked_of_the_pairs_index():
    from storage.searchpg import pg_pairs_tsquery
    lex = {("newsmon_simple", w): w for w in ("cuba", "s", "fuel", "imports", "oil")}
    assert pg_pairs_tsquery(parse_query('"Cuba\'s fuel" oil'), lex) == "'cuba s' & 's fuel'"
    assert pg_pairs_tsquery(parse_query('"fuel imports"*'), lex) is None  # one pair, last a prefix
    assert pg_pairs_tsquery(parse_query('"cuba s fuel"* oil'), lex) == "'cuba s'"
    assert pg_pairs_tsquery(parse_query('"fuel imports" OR oil'), lex) is None  # not required
    assert pg_pairs_tsquery(parse_query("Cuba's"), lex) is None  # stems may match: not exact



def test_a_topic_of_the_topics_file_that_nothing_carries_yet_is_no_typo(store):
    """A tester's `export --topic dialogue` (and search, stories) said "unknown topic" after three
    crawls in which nothing was tagged with it: the topics file names it, so it is an empty
    result; a misspelt id is still one line listing the valid ones, the file's among them."""
    for command in (["search", "cuba", "--topic", "dialogue"], ["export", "--topic", "dialogue"],
                    ["stories", "--topic", "dialogue"]):
        result = CliRunner().invoke(cli, [*command, "--db", store])
        assert result.exit_code == 0, result.output
        assert "dialogue" not in json.dumps([x for x in result.output.splitlines() if x.startswith("{")])
    typo = CliRunner().invoke(cli, ["search", "cuba", "--topic", "dialog", "--db", store])
    assert typo.exit_code != 0 and "unknown topic 'dialog'" in typo.output
    assert "dialogue" in typo.output and "remittances" in typo.output


def test_a_topics_label_or_a_near_miss_gets_the_id_to_type(store):
    """A tester typed `--topic Remittances` (the label's spelling): the error names the id."""
    result = CliRunner().invoke(cli, ["search", "cuba", "--topic", "Remittances", "--db", store])
    assert result.exit_code != 0 and "did you mean 'remittances'?" in result.output
    result = CliRunner().invoke(cli, ["search", "cuba", "--outlet", "es", "--db", store])
    assert result.exit_code != 0 and "unknown outlet 'es'" in result.output


def test_a_field_prefix_gets_a_note_when_nothing_matches(tmp_path):
    """A trial's `newsmon search 'title:mercosur'`: "no article matches", and no word that the
    search language has no fields."""
    from click.testing import CliRunner

    from newsmon.cli import cli
    from storage.engine import open_database

    url = f"sqlite:///{tmp_path / 'n.db'}"
    open_database(url)[0].dispose()
    result = CliRunner().invoke(cli, ["search", "title:mercosur", "--db", url])
    assert result.exit_code == 0
    assert "no fields ('title:'" in result.output and "--outlet" in result.output
