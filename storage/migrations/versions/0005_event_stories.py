"""Stories are events: copies marked, signals for the event lookup, a title per language

- ``articles.copy_of``: the article whose text this one nearly duplicates (copies fold under it);
- ``story_signals``: per article, when it happened, a sentence embedding, names and numbers;
- ``story_titles``: a story's title in each language it was reported in;
- ``stories.language_count``.

Existing stories keep their members (near-duplicate groups); their titles per language are filled
from their articles. ``newsmon restory`` computes signals and event stories for stored articles.

Revision ID: 0005_event_stories
Revises: 0002
Create Date: 2026-12-01 01:00:00
"""
import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0005_event_stories"
down_revision = "0004_search_stemming"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE, not a batch rebuild: rebuilding ``articles`` on SQLite would drop the
    # full-text triggers. SQLite gets no foreign key on copy_of (it could not drop the column
    # again); PostgreSQL does.
    op.add_column("articles", sa.Column("copy_of", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.create_foreign_key("fk_articles_copy_of", "articles", "articles", ["copy_of"], ["id"],
                              ondelete="SET NULL")
    op.create_index("ix_articles_copy_of", "articles", ["copy_of"])
    op.add_column("stories", sa.Column("language_count", sa.Integer(), nullable=False,
                                       server_default="0"))
    op.create_table(
        "story_titles",
        sa.Column("story_id", sa.Integer(), sa.ForeignKey("stories.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("story_id", "language"))
    op.create_table(
        "story_signals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False, unique=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.Column("names", sa.Text(), nullable=False, server_default=""),
        sa.Column("numbers", sa.Text(), nullable=False, server_default=""))
    op.create_index("ix_story_signals_at", "story_signals", ["at"])
    # A title per language for the stories already stored: their earliest article's.
    op.execute("""INSERT INTO story_titles (story_id, language, title)
        SELECT a.story_id, COALESCE(a.language, 'und'), a.title FROM articles a
        WHERE a.story_id IS NOT NULL AND a.id = (
            SELECT min(b.id) FROM articles b WHERE b.story_id = a.story_id
            AND COALESCE(b.language, 'und') = COALESCE(a.language, 'und'))""")
    op.execute("""UPDATE stories SET language_count = (
        SELECT count(*) FROM story_titles t WHERE t.story_id = stories.id)""")


def downgrade() -> None:
    op.drop_index("ix_story_signals_at", table_name="story_signals")
    op.drop_table("story_signals")
    op.drop_table("story_titles")
    op.drop_column("stories", "language_count")
    op.drop_index("ix_articles_copy_of", table_name="articles")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("fk_articles_copy_of", "articles", type_="foreignkey")
    op.drop_column("articles", "copy_of")
