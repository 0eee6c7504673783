"""search: an index of adjacent word pairs for quoted phrases on PostgreSQL

PostgreSQL's GIN index on ``search_vector`` holds no positions: a phrase (``"been work"``) is
answered by every article holding both words, each re-read from its TOASTed tsvector to check
that they are adjacent (~10 µs an article; 47,899 of them for a phrase found nowhere at a million
articles, 0.5 s). This index holds, per article, each pair of adjacent words as one lexeme
(``'been work'``), taken from the positions of the words-as-written part of ``search_vector``
(title then body, ``newsmon_simple``), so a two-word phrase is one posting-list lookup and a
longer one the AND of its pairs; the phrase itself is still checked on ``search_vector``, so
results do not change (``storage/searchpg.py``, ``pg_candidates``).

An expression index (``newsmon_phrase_pairs(search_vector)``, with the article id as
``ix_articles_search_vector`` has it), not a stored column: the pairs take ~4 kB an article that
no query reads back. Pairs whose two lexemes pass 2,000 bytes together are left out (a lexeme
holds at most 2,047); the search does not ask this index for those.

SQLite: nothing (FTS5 stores positions and answers phrases from its index).

Revision ID: 0006_phrase_pairs
Revises: 0005_event_stories
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_phrase_pairs"
down_revision = "0005_event_stories"
branch_labels = None
depends_on = None

#: Longest pair (bytes of both lexemes) the index holds; storage/search.py reads it.
MAX_PAIR_BYTES = 2000


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # The index calls newsmon_pairs by its schema, so a restore (pg_dump empties search_path)
    # can rebuild it.
    schema = op.get_bind().execute(sa.text("SELECT quote_ident(current_schema())")).scalar()
    # array_to_tsvector drops repeated pairs itself (DISTINCT in array_agg made it ~30% slower).
    op.execute(f"""CREATE FUNCTION newsmon_pairs(v tsvector) RETURNS tsvector
        IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
        WITH p AS (SELECT u.lexeme, x.pos FROM unnest(v) AS u, unnest(u.positions) AS x(pos))
        SELECT coalesce(array_to_tsvector(array_agg(a.lexeme || ' ' || b.lexeme)), ''::tsvector)
        FROM p AS a JOIN p AS b ON b.pos = a.pos + 1
        WHERE octet_length(a.lexeme) + octet_length(b.lexeme) < {MAX_PAIR_BYTES} $$""")
    # The words as written are search_vector's weights A (title) and B (body), at the same
    # positions as in to_tsvector(title) || to_tsvector(text): read back instead of parsing the
    # text again (~0.5 ms an article here).
    op.execute(f"""CREATE FUNCTION newsmon_phrase_pairs(v tsvector) RETURNS tsvector
        IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
        SELECT {schema}.newsmon_pairs(pg_catalog.ts_filter(v, '{{a,b}}')) $$""")
    op.execute("CREATE INDEX ix_articles_phrase_pairs ON articles "
               "USING gin (newsmon_phrase_pairs(search_vector), id)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_articles_phrase_pairs")
    op.execute("DROP FUNCTION IF EXISTS newsmon_phrase_pairs(tsvector)")
    op.execute("DROP FUNCTION IF EXISTS newsmon_pairs(tsvector)")
