"""The topics a crawl tags with: a frozen snapshot of the topics file.

The scoring is the pure :func:`topics.score.score_topics`, run in the worker pool with the
rest of a page's work (``pipelines.page.tag``) so that the reactor thread only downloads and
stores. The topics file
(setting ``NEWSMON_TOPICS_FILE``; default: ``load_topics()``'s search path) is read once per
crawl and frozen in a content-addressed snapshot that the workers load: someone editing
topics.yaml during a crawl changes nothing until the next one, and every stored tag carries the
version it was scored with, so ``newsmon retag`` can find stale ones. A failure to score never
loses the article: it is stored untagged and ``newsmon retag`` catches it up.
The optional embedding model (``topics.embed``) is loaded once, by the pool's fork server
before it forks the workers (``pipelines.preload``, which also embeds the topic descriptions); the
lexicon alone tags 350+ articles/s per core, so without the model tagging never limits a crawl.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from topics import default_topics_path
from topics.topicfile import TopicSet, load_topics

log = logging.getLogger(__name__)


def snapshot_topics(path: str | Path | None) -> Path:
    """A read-only copy of the topics file named by its content hash (same bytes, same file)."""
    source = Path(path) if path else default_topics_path()
    try:
        raw = source.read_bytes()
    except OSError:
        load_topics(source)  # raises the one-line error that names the fix
        raise
    snapshot = Path(tempfile.gettempdir()) / f"newsmon-topics-{hashlib.sha256(raw).hexdigest()[:12]}.yaml"
    if not snapshot.exists():
        fd, tmp = tempfile.mkstemp(dir=snapshot.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        os.replace(tmp, snapshot)
    return snapshot


@lru_cache(maxsize=4)
def topics_of_snapshot(snapshot: str) -> TopicSet:
    """The topics of a snapshot file, loaded once per process (a worker scores many articles)."""
    return load_topics(snapshot)
