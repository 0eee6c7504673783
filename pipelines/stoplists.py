"""justext's all-language stoplist, built once per process and kept as a ``frozenset``.

When trafilatura's own extraction looks poor it asks justext (``trafilatura.external.try_justext``)
and, with no target language, hands it the union of justext's 100 stoplists. trafilatura builds
that union on its first call in each process (``jt_stoplist_init``: 0.10 s of CPU, then 0.07 s
for justext to lower-case it) and keeps it as a *tuple*; justext's ``classify_paragraphs`` looks
it up in an ``lru_cache`` keyed on it, and a tuple's hash is not cached, so every call hashed its
154,484 words again: 4.7 ms a call. A frozenset caches its hash; justext makes the same
lower-cased set of it (order never mattered).

``install`` runs where ``pipelines.extraction`` is imported: in a crawl that is the worker pool's
fork server, so the forked workers inherit the built set instead of building it each (0.84 G
instructions a worker, valgrind's callgrind). Seconds: ``time.process_time()`` around each step,
the per-call hash over 100 calls, on this machine.
"""
from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

__all__ = ["install"]


def install() -> bool:
    """Put the all-language stoplist in ``trafilatura.external.JT_STOPLIST`` as a frozenset and
    prime justext's cache with it; True when done. Nothing changes (False) when trafilatura or
    justext no longer have these names."""
    try:
        from justext.core import define_stoplist
        from trafilatura import external
    except ImportError:  # pragma: no cover - installed with trafilatura
        return False
    if not hasattr(external, "JT_STOPLIST") or not hasattr(external, "jt_stoplist_init"):
        logger.info("trafilatura has no JT_STOPLIST; justext's stoplist left as it builds it")
        return False
    if not isinstance(external.JT_STOPLIST, frozenset):
        external.JT_STOPLIST = frozenset(external.JT_STOPLIST or external.jt_stoplist_init())
    define_stoplist(external.JT_STOPLIST)
    return True
