"""Keeping a digest: its HTML and text files in the archive folder, and a row in ``digests``."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from digest.build import Digest
from storage.models import Digest as DigestRow


def archive_digest(session: Session, digest: Digest, html: str, text: str,
                   out_dir: str | Path) -> DigestRow:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"digest-{digest.day.isoformat()}"
    html_path, text_path = out / f"{stem}.html", out / f"{stem}.txt"
    html_path.write_text(html, encoding="utf-8")
    text_path.write_text(text, encoding="utf-8")
    row = DigestRow(day=digest.day, subject=digest.subject, article_count=digest.article_count,
                    story_count=digest.story_count, html_path=str(html_path.resolve()),
                    text_path=str(text_path.resolve()), html=html, text=text)
    session.add(row)
    session.commit()
    return row
