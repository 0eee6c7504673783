"""A full disk and a read-only one (an operator's trial): a real, small tmpfs, filled to the brim or
remounted read-only. The user gets one line naming the fix and a non-zero exit; no truncated
file is left; what was stored is kept.

Mounting needs root (as on the CI machine); elsewhere these tests are skipped.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from run import newsmon, rows
from sites import slow_articles
from test_mail import seed


@pytest.fixture
def full_disk(tmp_path):
    """A folder on an 8 MB tmpfs, to be filled (``Disk.fill``)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield Disk(mount)
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


class Disk:
    def __init__(self, path):
        self.path, self.filler = path, path / "filler"

    def read_only(self, flag: bool = True) -> None:
        mode = "ro" if flag else "rw"
        subprocess.run(["mount", "-o", f"remount,{mode}", str(self.path)], check=True)

    def fill(self, room: int = 0) -> None:
        """Fill the disk, then give back about `room` bytes (whole 4 KB pages on tmpfs)."""
        with open(self.filler, "ab", buffering=0) as f:
            try:
                while True:
                    f.write(b"\0" * 4096)
            except OSError:
                pass
        size = self.filler.stat().st_size
        os.truncate(self.filler, max(0, size - room))

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)


def test_a_full_disk_under_the_digest_folder_is_one_line_and_leaves_no_half_file(
        full_disk, sqlite_url, tmp_path):
    seed(sqlite_url, extra_energy=40)
    out = full_disk.path / "digests"
    out.mkdir()
    full_disk.fill(room=8192)
    result = newsmon("digest", "--out", str(out), "--db", sqlite_url)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write the digest" in lines[0], result.stderr
    assert "free space" in lines[0] and str(out) in lines[0]
    assert sorted(p.name for p in out.iterdir()) == []   # no half-written edition, no temp file
    assert rows(sqlite_url, "SELECT count(*) FROM digests") == [(0,)]

    full_disk.free()
    again = newsmon("digest", "--out", str(out), "--db", sqlite_url)
    assert again.returncode == 0, again.stderr[-2000:]
    html = next(out.glob("digest-*.html")).read_text()
    assert html.rstrip().endswith("</html>")


def test_a_disk_that_fills_during_a_crawl_into_sqlite_is_reported_and_loses_nothing(
        full_disk, news_site, tmp_path):
    """Before: no per-outlet summary, the run left `running`, and "cannot open the database …
    check --db" for a database that was open and fine but for the space."""
    db = full_disk.path / "newsmon.db"
    db_url = f"sqlite:///{db}"
    config = str(news_site.outlets_yaml(tmp_path))
    slow_articles(news_site, 0.5, stagger=0.3)
    cmd = [sys.executable, "-m", "newsmon", "crawl", "--outlets", config, "--db", db_url]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while not _stored(db_url):   # the first article is in: fill the disk under the rest
        assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    full_disk.fill()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err[-3000:]
    assert "Traceback" not in out + err, err[-3000:]
    errors = [line for line in err.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "is full" in errors[0] and "free space" in errors[0], err[-3000:]
    assert "check --db" not in errors[0]
    assert "site-a" in out and "errors" in out   # the per-outlet summary is still printed

    full_disk.free()
    again = newsmon("crawl", "--outlets", config, "--db", db_url)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr[-3000:]
    urls = [u for (u,) in rows(db_url, "SELECT url FROM articles")]
    published = {o.article_url(news_site.base_url, p)
                 for o in news_site.outlets.values() for p in o.published_pages()}
    assert set(urls) == published and len(urls) == len(set(urls))
    statuses = [s for (s,) in rows(db_url, "SELECT status FROM crawl_runs ORDER BY id")]
    assert statuses[-1] == "finished" and "running" not in statuses, statuses


def _stored(db_url: str) -> int:
    try:
        return rows(db_url, "SELECT count(*) FROM articles")[0][0]
    except Exception:   # not created or migrated yet
        return 0


def test_a_database_in_a_read_only_folder_is_named_as_such(full_disk, news_site, tmp_path):
    """Before: "cannot read …/newsmon.db" for a file anyone could read."""
    db_url = f"sqlite:///{full_disk.path / 'newsmon.db'}"
    config = str(news_site.outlets_yaml(tmp_path))
    assert newsmon("crawl", "--outlets", config, "--db", db_url).returncode == 0
    full_disk.read_only()
    try:
        for args in (["crawl", "--outlets", config], ["search", "Cuba"], ["stats"]):
            result = newsmon(*args, "--db", db_url)
            assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and "read-only file system" in lines[0], (args, lines)
            assert "cannot read" not in lines[0]
    finally:
        full_disk.read_only(False)
