"""Each folder imports only downwards (DESIGN.md, README "Layout"), and every package the code
imports is a declared dependency.

The order, lowest first: ``storage`` (SQL), ``topics`` (pure), ``crawler`` (spiders, middlewares,
URL identity), ``pipelines`` (item pipelines, extraction, the worker pool), ``digest``,
``scheduler.py`` (the service), ``newsmon`` (the CLI and the demo outlet, the top: it starts the
service). A module may import its own folder and any folder below it, never one above. Every
import counts, including those inside functions. Scrapy's settings name pipelines as strings
(``"pipelines.extract.ExtractPipeline"``): that is configuration, not an import.
"""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["storage", "topics", "crawler", "pipelines", "digest", "scheduler", "newsmon"]
RANK = {name: i for i, name in enumerate(LAYERS)}
NOT_CODE = {"tests", "bench", "docs", "config", "build", "dist"}


def top_level_parts() -> set[str]:
    """The folders with an ``__init__.py`` and the modules at the project root."""
    parts = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    parts |= {p.stem for p in ROOT.glob("*.py")}
    return {p for p in parts if p not in NOT_CODE and not p.startswith(".")}


def modules(part: str) -> list[Path]:
    folder = ROOT / part
    if folder.is_dir():
        return sorted(p for p in folder.rglob("*.py") if ".venv" not in p.parts)
    return [ROOT / f"{part}.py"]


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, top-level name) of every absolute import in the module."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.lineno, node.module.split(".")[0]))
    return out


def upward_imports(part: str) -> list[str]:
    bad = []
    for path in modules(part):
        for line, name in imported(path):
            if name in RANK and RANK[name] > RANK[part]:
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {name} (above {part})")
    return bad


def test_every_top_level_part_has_a_place_in_the_order():
    unknown = top_level_parts() - set(LAYERS)
    assert not unknown, (f"new top-level part(s) {sorted(unknown)}: add them to LAYERS in "
                         "tests/test_layout.py and to the README's layout section")


@pytest.mark.parametrize("part", LAYERS)
def test_no_import_runs_upward(part):
    bad = upward_imports(part)
    assert not bad, ("imports against the layout (lowest first: " + " < ".join(LAYERS) + "):\n"
                     + "\n".join(bad))


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from pipelines.extract import ExtractPipeline\n")
    assert imported(module) == [(2, "pipelines")]
    assert RANK["pipelines"] > RANK["crawler"] > RANK["storage"]


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement)[0]).lower()


def test_every_imported_package_is_a_declared_dependency():
    """What the code imports (tests and bench aside) is named in pyproject.toml, not only
    reached through another package's dependencies; extras count (``newsmon serve``)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"]}
    declared |= {_name(r) for extra in project["optional-dependencies"].values() for r in extra}
    providers = packages_distributions()
    missing = []
    for part in LAYERS:
        for path in modules(part):
            for line, name in imported(path):
                if name in RANK or name in sys.stdlib_module_names or name == "__future__":
                    continue
                dists = {_name(d) for d in providers.get(name, [name])}
                if not dists & declared:
                    missing.append(f"{path.relative_to(ROOT)}:{line} imports {name} "
                                   f"({', '.join(sorted(dists))})")
    assert not missing, "add to pyproject.toml's dependencies:\n" + "\n".join(missing)


def test_storage_reads_only_fields_the_article_item_declares():
    """``storage.articles.StorableArticle`` describes the crawl's item below the crawler (which
    storage must not import): every field it names is one of ``ArticleItem``'s."""
    from dataclasses import fields

    from crawler.items import ArticleItem
    from storage.articles import StorableArticle

    declared = {f.name for f in fields(ArticleItem)}
    assert set(StorableArticle.__annotations__) <= declared
