"""Migration 0003_outbox upgrades and downgrades on SQLite and PostgreSQL, keeping the data of
the tables it does not own."""
from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text

from storage.engine import MIGRATIONS, make_engine, migrate


def _alembic(engine, action, revision):
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, action)(cfg, revision)


@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
def test_outbox_migration_goes_down_and_up(db, request):
    url = request.getfixturevalue("sqlite_url" if db == "sqlite" else "pg_url")
    engine = make_engine(url)
    try:
        migrate(engine)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO outlets (id, name) VALUES ('o', 'Outlet')"))
        assert {"deliveries", "job_runs"} <= set(inspect(engine).get_table_names())
        _alembic(engine, "downgrade", "0002")
        names = set(inspect(engine).get_table_names())
        assert "deliveries" not in names and "job_runs" not in names and "outlets" in names
        _alembic(engine, "upgrade", "head")
        inspector = inspect(engine)
        assert {"deliveries", "job_runs"} <= set(inspector.get_table_names())
        uniques = [u["column_names"] for u in inspector.get_unique_constraints("deliveries")]
        assert ["day", "recipient"] in uniques
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM outlets")).scalar() == "Outlet"
    finally:
        engine.dispose()
