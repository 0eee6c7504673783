"""search: the stored words of PostgreSQL's full-text index, for prefixes

``search_words`` holds every lexeme that ``articles.search_vector`` has ever held (words as
written and stems, "C" collation), added by a trigger as articles are stored or changed (never
removed: a word no article holds any more matches nothing). A search spells a prefix
(`compl*`) out as the words it starts (``storage/searchpg.py``, ``pg_prefix_words``): GIN then
looks up exact keys within the id window instead of gathering the postings of every word the
prefix starts (~29 -> ~2 ms a window at a million articles). Results do not change: the words
listed are exactly those `:*` matches.

The trigger inserts the article's lexemes in sorted order, so two transactions storing articles
with the same new words wait for each other instead of deadlocking.

SQLite: nothing (FTS5's own vocabulary, ``fts5vocab``, lists the words there).

Revision ID: 0007_search_words
Revises: 0006_phrase_pairs
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_search_words"
down_revision = "0006_phrase_pairs"
branch_labels = None
depends_on = None

#: The statement that (re)fills the table from the stored articles (bench/search.py's load too).
FILL = ("INSERT INTO search_words SELECT DISTINCT w FROM articles, "
        "unnest(tsvector_to_array(search_vector)) AS w ON CONFLICT DO NOTHING")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = op.get_bind().execute(sa.text("SELECT quote_ident(current_schema())")).scalar()
    op.execute('CREATE TABLE search_words (word text COLLATE "C" PRIMARY KEY)')
    op.execute(f"""CREATE FUNCTION newsmon_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO {schema}.search_words
          SELECT w FROM unnest(tsvector_to_array(NEW.search_vector)) AS w ORDER BY w
          ON CONFLICT DO NOTHING;
          RETURN NULL;
        END $$""")
    op.execute("""CREATE TRIGGER articles_search_words
        AFTER INSERT OR UPDATE OF title, text, language ON articles
        FOR EACH ROW EXECUTE FUNCTION newsmon_search_words()""")
    op.execute(FILL)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS articles_search_words ON articles")
    op.execute("DROP FUNCTION IF EXISTS newsmon_search_words()")
    op.execute("DROP TABLE IF EXISTS search_words")
