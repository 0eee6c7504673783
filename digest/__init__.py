"""The daily digest: choose and rank what to show (``build``, pure), render HTML and text
(``render``), build and archive an edition and queue it per recipient (``run``), send through
the outbox (``deliver``, ``mail``). ``make_digest`` archives one edition without mailing it."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from digest.build import Digest, build_digest
from digest.recipients import monitor_name
from digest.render import render_digest
from digest.run import RunResult, run_digest

__all__ = ["Digest", "build_digest", "render_digest", "run_digest", "make_digest"]


def make_digest(sessions, topics, out_dir: str | Path, day: date | None = None,
                tz: str = "UTC") -> tuple[Digest, RunResult]:
    """Build and archive the edition of `day` (default: the last 24 hours) with no recipient;
    returns (Digest, RunResult with ``html_path`` and ``text_path``)."""
    result = run_digest(sessions, topics, [], name=monitor_name(), out_dir=out_dir, tz=tz,
                        mail_from="newsmon@localhost", day=day)
    return result.edition, result
