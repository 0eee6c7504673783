"""search: the outlet and the language in PostgreSQL's full-text GIN index

``ix_articles_search_vector`` held (search_vector, id) (migration ``0004_search_stemming``,
btree_gin); it now holds (search_vector, id, outlet_id, language), so a search with an outlet or
language filter (``storage/search.py``, ``_pg_candidates``) is answered by one bitmap of the index
that already ANDs the words, the id window and the filter, instead of reading from the heap every
row of the window that holds the words to test its outlet (a word common in English articles
asked of Spanish ones read them all to keep none).

SQLite: nothing (the search looks the outlet and language up by the FTS5 rowid in their own
indexes, ``filter_clauses``).

Revision ID: 0007_search_filters_in_gin
Revises: 0006_phrase_pairs
"""
from alembic import op

revision = "0007_search_filters_in_gin"
down_revision = "0006_phrase_pairs"
branch_labels = None
depends_on = None


def _index(columns: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
    op.execute(f"CREATE INDEX ix_articles_search_vector ON articles USING gin ({columns})")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _index("search_vector, id, outlet_id, language")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _index("search_vector, id")
