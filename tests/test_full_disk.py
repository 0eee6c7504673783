"""A full disk (an operator's trial): a real, tiny tmpfs filled to the brim. The user gets one line
naming the fix and a non-zero exit; no truncated file is left; what was stored is kept.

Mounting needs root (as on the CI machine); elsewhere these tests are skipped.
"""
from __future__ import annotations

import os
import subprocess

import pytest

from run import newsmon, rows
from test_mail import seed


@pytest.fixture
def full_disk(tmp_path):
    """A folder on a 256 KB tmpfs whose free space is then filled but for `room` bytes."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
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
