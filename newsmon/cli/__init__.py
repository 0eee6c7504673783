"""The `newsmon` command line: a thin layer over the library (see ``newsmon/cli/base.py``).

Every command is named here, in one list: a module under ``newsmon/cli/`` declares commands and
this file adds them to the group (nothing is discovered at run time).
"""
from __future__ import annotations

from newsmon.cli import (crawl, deliver, demo, digest, export, extract, outlets, query, retag,
                         schedule, serve, stories, topics, worker)
from newsmon.cli.base import cli

COMMANDS = [
    demo.demo,                  # the main job end to end on the bundled sample outlets
    crawl.crawl, worker.worker,
    outlets.outlets,            # outlets list | check
    topics.topics, topics.tag,  # topics build | eval; tag JSON lines
    retag.retag, stories.restory, stories.optimize,
    digest.digest, deliver.deliver, deliver.deliveries,
    schedule.schedule,          # the service; schedule status
    query.search, query.stats, stories.stories, stories.story, stories.show,
    export.export, serve.serve,
    extract.extract_command,    # `newsmon extract`
]
for command in COMMANDS:
    cli.add_command(command)


def main() -> None:
    """The program; kept for console scripts installed before it moved to ``newsmon.__main__``
    (which imports this package with the garbage collector paused)."""
    from newsmon.__main__ import main as program
    program()


__all__ = ["cli", "main"]
