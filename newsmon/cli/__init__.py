"""The `newsmon` command line: a thin layer over the library (see ``newsmon/cli/base.py``)."""
from __future__ import annotations

import importlib
import pkgutil

from newsmon.cli.base import cli

# Every module in this package registers its commands on `cli` when imported.
for _mod in pkgutil.iter_modules(__path__):
    if _mod.name != "base":
        importlib.import_module(f"{__name__}.{_mod.name}")


def main() -> None:
    cli(prog_name="newsmon")


__all__ = ["cli", "main"]
