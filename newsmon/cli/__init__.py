"""The `newsmon` command line: a thin layer over the library (see ``newsmon/cli/base.py``).

Every command is named here, in one list: a module under ``newsmon/cli/`` declares commands and
this file names each with its module (nothing is discovered at run time). A command's module is
imported when the command runs (or its help is shown), click's "lazily loading subcommands"
pattern: `newsmon search` no longer imports Scrapy, and `newsmon crawl` not the mail, export
and extraction commands (``bench/startup.py``).
"""
from __future__ import annotations

from newsmon.cli.base import cli

#: name -> "module:attribute" under ``newsmon.cli``.
COMMANDS = {
    "demo": "demo:demo",                # the main job end to end on the bundled sample outlets
    "crawl": "crawl:crawl", "worker": "worker:worker",
    "outlets": "outlets:outlets",       # outlets list | check
    "topics": "topics:topics", "tag": "topics:tag",   # topics build | eval; tag JSON lines
    "retag": "retag:retag", "restory": "stories:restory", "optimize": "stories:optimize",
    "digest": "digest:digest", "deliver": "deliver:deliver", "deliveries": "deliver:deliveries",
    "schedule": "schedule:schedule",    # the service; schedule status
    "search": "query:search", "stats": "query:stats",
    "stories": "stories:stories", "story": "stories:story", "show": "stories:show",
    "export": "export:export", "serve": "serve:serve",
    "extract": "extract:extract_command",
}
cli.lazy_commands.update(COMMANDS)


def main() -> None:
    """The program; kept for console scripts installed before it moved to ``newsmon.__main__``
    (which imports this package with the garbage collector paused)."""
    from newsmon.__main__ import main as program
    program()


__all__ = ["COMMANDS", "cli", "main"]
