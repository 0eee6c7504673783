"""The daily digest: choose the window, group by topic, fold stories, rank (``build``), render
HTML and text (``render``), keep it (``archive``). ``make_digest`` does all three."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from digest.archive import archive_digest
from digest.build import Digest, build_digest
from digest.render import render_digest

__all__ = ["Digest", "build_digest", "render_digest", "archive_digest", "make_digest"]


def make_digest(sessions, topics, out_dir: str | Path, day: date | None = None,
                tz: str = "UTC"):
    """Build, render and archive one digest; returns (Digest, stored row)."""
    with sessions() as session:
        digest = build_digest(session, topics, day=day, tz=tz)
        html, text = render_digest(digest)
        row = archive_digest(session, digest, html, text, out_dir)
    return digest, row
