"""initial schema: every table, plus full-text search (FTS5 on SQLite, tsvector/GIN on PostgreSQL)

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 07:54:29.200573
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('crawl_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('finish_reason', sa.String(length=50), nullable=True),
    sa.Column('outlets', sa.Integer(), nullable=False),
    sa.Column('stats', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('digests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('article_count', sa.Integer(), nullable=False),
    sa.Column('story_count', sa.Integer(), nullable=False),
    sa.Column('html_path', sa.Text(), nullable=True),
    sa.Column('text_path', sa.Text(), nullable=True),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('digests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digests_day'), ['day'], unique=False)

    op.create_table('feeds',
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('outlet_id', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('etag', sa.Text(), nullable=True),
    sa.Column('last_modified', sa.Text(), nullable=True),
    sa.Column('last_status', sa.Integer(), nullable=True),
    sa.Column('last_fetched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('item_count', sa.Integer(), nullable=True),
    sa.Column('newest_item_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('url')
    )
    with op.batch_alter_table('feeds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feeds_outlet_id'), ['outlet_id'], unique=False)

    op.create_table('outlets',
    sa.Column('id', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=True),
    sa.Column('home', sa.Text(), nullable=True),
    sa.Column('first_crawled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_crawled_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('stories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_updated', sa.DateTime(timezone=True), nullable=False),
    sa.Column('article_count', sa.Integer(), nullable=False),
    sa.Column('outlet_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stories_first_seen'), ['first_seen'], unique=False)
        batch_op.create_index(batch_op.f('ix_stories_last_updated'), ['last_updated'], unique=False)

    op.create_table('topics',
    sa.Column('id', sa.String(length=100), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('url_outcomes',
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('outlet_id', sa.String(length=100), nullable=False),
    sa.Column('outcome', sa.String(length=30), nullable=False),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('transient', sa.Boolean(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_attempt', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retry_after', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('url')
    )
    with op.batch_alter_table('url_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_url_outcomes_outlet_id'), ['outlet_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_url_outcomes_retry_after'), ['retry_after'], unique=False)

    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('outlet_id', sa.String(length=100), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('word_count', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('minhash', sa.LargeBinary(), nullable=True),
    sa.Column('discovered_via', sa.String(length=20), nullable=True),
    sa.Column('topics_version', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlets.id'], ),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('url')
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_fetched_at'), ['fetched_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_language'), ['language'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_outlet_id'), ['outlet_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_story_id'), ['story_id'], unique=False)

    op.create_table('crawl_run_outlets',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.String(length=100), nullable=False),
    sa.Column('discovered', sa.Integer(), nullable=False),
    sa.Column('new', sa.Integer(), nullable=False),
    sa.Column('seen', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('run_id', 'outlet_id')
    )
    op.create_table('article_topics',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.String(length=100), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('topics_version', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'topic_id')
    )
    with op.batch_alter_table('article_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_topics_topic_id'), ['topic_id'], unique=False)

    op.create_table('article_urls',
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('url')
    )
    with op.batch_alter_table('article_urls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_urls_article_id'), ['article_id'], unique=False)

    op.create_table('story_bands',
    sa.Column('band', sa.Integer(), nullable=False),
    sa.Column('hash', sa.BigInteger(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('band', 'hash', 'article_id')
    )
    with op.batch_alter_table('story_bands', schema=None) as batch_op:
        batch_op.create_index('ix_story_bands_article', ['article_id'], unique=False)

    # Full-text search is not managed by create_all or autogenerate: it lives here as SQL.
    if op.get_bind().dialect.name == "sqlite":
        # remove_diacritics 2 lets "economia" match "economía" (Spanish outlets).
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
    elif op.get_bind().dialect.name == "postgresql":
        # 'simple' keeps every language's words as they are; one config for EN and ES outlets.
        op.execute("""ALTER TABLE articles ADD COLUMN search_vector tsvector
            GENERATED ALWAYS AS (
              setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
              setweight(to_tsvector('simple', coalesce(text, '')), 'B')) STORED""")
        op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS articles_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")

    with op.batch_alter_table('story_bands', schema=None) as batch_op:
        batch_op.drop_index('ix_story_bands_article')

    op.drop_table('story_bands')
    with op.batch_alter_table('article_urls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_urls_article_id'))

    op.drop_table('article_urls')
    with op.batch_alter_table('article_topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_topics_topic_id'))

    op.drop_table('article_topics')
    op.drop_table('crawl_run_outlets')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_story_id'))
        batch_op.drop_index(batch_op.f('ix_articles_published_at'))
        batch_op.drop_index(batch_op.f('ix_articles_outlet_id'))
        batch_op.drop_index(batch_op.f('ix_articles_language'))
        batch_op.drop_index(batch_op.f('ix_articles_fetched_at'))
        batch_op.drop_index(batch_op.f('ix_articles_content_hash'))

    op.drop_table('articles')
    with op.batch_alter_table('url_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_url_outcomes_retry_after'))
        batch_op.drop_index(batch_op.f('ix_url_outcomes_outlet_id'))

    op.drop_table('url_outcomes')
    op.drop_table('topics')
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stories_last_updated'))
        batch_op.drop_index(batch_op.f('ix_stories_first_seen'))

    op.drop_table('stories')
    op.drop_table('outlets')
    with op.batch_alter_table('feeds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feeds_outlet_id'))

    op.drop_table('feeds')
    with op.batch_alter_table('digests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digests_day'))

    op.drop_table('digests')
    op.drop_table('crawl_runs')

