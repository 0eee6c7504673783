"""The schema check every command makes at start-up, on real SQLite files."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from storage.engine import MIGRATIONS, head_revisions, is_current, make_engine, open_database

ROOT = Path(__file__).resolve().parents[1]


def test_head_revisions_are_alembics_heads():
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert head_revisions() == frozenset(ScriptDirectory.from_config(cfg).get_heads())


def test_a_current_database_opens_without_alembic(tmp_path):
    url = f"sqlite:///{tmp_path / 'n.db'}"
    engine = make_engine(url)
    assert not is_current(engine)            # a new file: Alembic makes the schema
    engine.dispose()
    open_database(url)[0].dispose()
    code = ("import sys; from storage.engine import open_database; "
            f"open_database({url!r}); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr[-2000:]
