"""search: stems beside exact words in one full-text index, on both engines

Every article is indexed twice in the same index: its words as written (accents and case folded)
and their Snowball stems in the article's language (English, Spanish; other languages without
stems), so `remesa` finds "remesas" and an exact form still ranks above another ending.

SQLite: ``articles_fts`` becomes a contentless FTS5 table with columns ``title``, ``text``,
``title_stems`` and ``text_stems``, kept by triggers; the stems come from the application function
``newsmon_stems(text, language)`` that ``storage.engine`` registers on every connection
(PyStemmer, see ``storage/searchlang.py``). Contentless because snippets are made in Python for
the rows shown, so the index need not keep a second copy of every body.

PostgreSQL: ``search_vector`` holds the words as written with weights A (title) and B (body),
and the stems with C (title) and D (body), through text search configurations built on
PostgreSQL's own Snowball dictionaries after ``unaccent``: ``newsmon_simple``, ``newsmon_en``,
``newsmon_es``. Existing rows are re-indexed by the upgrade itself. Its GIN index also holds the
article id (``btree_gin``), so a search can ask for matches among the newest ids only.

Revision ID: 0004_search_stemming
Revises: 0002
"""
from alembic import op

revision = "0004_search_stemming"
down_revision = "0003_outbox"
branch_labels = None
depends_on = None

PG_INDEX = "(search_vector, id)"
_WORD_TYPES = ("asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, "
               "hword_part, hword_numpart")


def _pg_vector(exact: str, stems: str) -> str:
    return f"""setweight(to_tsvector({exact}, coalesce(title, '')), 'A') ||
              setweight(to_tsvector({exact}, coalesce(text, '')), 'B') ||
              setweight(to_tsvector({stems}, coalesce(title, '')), 'C') ||
              setweight(to_tsvector({stems}, coalesce(text, '')), 'D')"""


_PG_STEM_CONFIG = ("CASE lower(left(language, 2)) WHEN 'en' THEN 'newsmon_en'::regconfig "
                   "WHEN 'es' THEN 'newsmon_es'::regconfig ELSE 'newsmon_simple'::regconfig END")


def _sqlite_fts_0001() -> None:
    op.execute("""CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""")
    op.execute("""CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END""")
    op.execute("""CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        END""")
    op.execute("""CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END""")
    op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def _sqlite_drop() -> None:
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS articles_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS articles_fts")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_drop()
        op.execute("""CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, title_stems, text_stems, content='',
            tokenize='unicode61 remove_diacritics 2')""")
        row = ("{0}.id, {0}.title, {0}.text, newsmon_stems({0}.title, {0}.language), "
               "newsmon_stems({0}.text, {0}.language)")
        op.execute(f"""CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text, title_stems, text_stems)
            VALUES ({row.format('new')});
            END""")
        op.execute(f"""CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text, title_stems, text_stems)
            VALUES ('delete', {row.format('old')});
            END""")
        op.execute(f"""CREATE TRIGGER articles_fts_update
            AFTER UPDATE OF title, text, language ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text, title_stems, text_stems)
            VALUES ('delete', {row.format('old')});
            INSERT INTO articles_fts(rowid, title, text, title_stems, text_stems)
            VALUES ({row.format('new')});
            END""")
        op.execute(f"""INSERT INTO articles_fts(rowid, title, text, title_stems, text_stems)
            SELECT {row.format('articles')} FROM articles""")
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        for lang in ("english", "spanish"):
            op.execute(f"CREATE TEXT SEARCH DICTIONARY newsmon_{lang}_stem "
                       f"(TEMPLATE = snowball, Language = {lang})")   # no stop words: phrases
        for name, dictionary in (("newsmon_simple", "simple"), ("newsmon_en", "newsmon_english_stem"),
                                 ("newsmon_es", "newsmon_spanish_stem")):
            op.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = simple)")
            op.execute(f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR {_WORD_TYPES} "
                       f"WITH unaccent, {dictionary}")
        op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_vector")
        op.execute(f"""ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
            {_pg_vector("'newsmon_simple'::regconfig", _PG_STEM_CONFIG)}) STORED""")
        # With the id in the same GIN index (btree_gin), "matches among the newest ids" is one
        # index scan that never reads a tsvector (storage/searchpg.py, pg_candidates).
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        op.execute(f"CREATE INDEX ix_articles_search_vector ON articles USING gin {PG_INDEX}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_drop()
        _sqlite_fts_0001()
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_vector")
        op.execute("""ALTER TABLE articles ADD COLUMN search_vector tsvector
            GENERATED ALWAYS AS (
              setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
              setweight(to_tsvector('simple', coalesce(text, '')), 'B')) STORED""")
        op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")
        for name in ("newsmon_simple", "newsmon_en", "newsmon_es"):
            op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        for lang in ("english", "spanish"):
            op.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS newsmon_{lang}_stem")
