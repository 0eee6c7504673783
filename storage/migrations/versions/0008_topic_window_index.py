"""search: an index of each topic's articles in id order, for PostgreSQL's id windows

A search with a topic filter asks PostgreSQL for the matches in a window of the newest ids
(``storage/searchpg.py``, ``pg_candidates``) that are among the window's articles with the topic.
``ix_article_topics_topic_article`` on (topic_id, article_id) gives those as one range: 10,775
rows of 'remittances' past id 838,505 at a million articles in 3.2 ms, where the index on
topic_id alone gave all 66,359 of the topic's rows (17 ms) for the planner to hash.

SQLite: nothing (its search looks each FTS5 match up in the primary key of article_topics).

Revision ID: 0008_topic_window_index
Revises: 0007_search_words
"""
from alembic import op

revision = "0008_topic_window_index"
down_revision = "0007_search_words"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX IF NOT EXISTS ix_article_topics_topic_article "
               "ON article_topics (topic_id, article_id)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_article_topics_topic_article")
