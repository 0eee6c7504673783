"""story_bands as a WITHOUT ROWID table on SQLite (PostgreSQL: unchanged)

The band index gets ``BANDS`` rows per article (40M at a million articles). As a rowid table SQLite
keeps three B-trees for it (the rows, the primary-key index, the article index); WITHOUT ROWID
makes the primary key the table itself. Measured at 100k articles × 40 bands (2,000 lookups and
inserts, one commit each): 239 → 160 MB, 0.55 → 0.44 ms median per lookup-and-insert.
Lookups read the same primary key as before, so queries do not change.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 08:30:00
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _rebuild(without_rowid: bool) -> None:
    suffix = " WITHOUT ROWID" if without_rowid else ""
    op.execute(f"""CREATE TABLE story_bands_new (
        band INTEGER NOT NULL,
        hash BIGINT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        PRIMARY KEY (band, hash, article_id)){suffix}""")
    op.execute("INSERT INTO story_bands_new (band, hash, article_id) "
               "SELECT band, hash, article_id FROM story_bands")
    op.execute("DROP TABLE story_bands")          # and its index
    op.execute("ALTER TABLE story_bands_new RENAME TO story_bands")
    op.execute("CREATE INDEX ix_story_bands_article ON story_bands (article_id)")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(without_rowid=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(without_rowid=False)
