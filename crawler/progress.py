"""How far a crawl has got: outlets done, articles new, errors, requests made.

An outlet is done when none of its requests is still queued, in flight or waiting for its
callback. Each request the spider makes starts a *chain* that ends exactly once: in its callback
or errback, or dropped by the scheduler (a duplicate). A redirect or retry continues its chain
(Scrapy marks the copy with ``redirect_times`` / ``retry_times``), so it is not a new one.
:class:`PendingRequests` counts open chains per outlet from Scrapy's ``request_scheduled`` and
``request_dropped`` signals and the spider's callbacks; :func:`snapshot` adds the per-outlet
counters of ``crawler/stats.py``. The CLI draws it (``newsmon/cli/crawl.py``).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from crawler import stats as counters


class PendingRequests:
    """Open request chains per outlet id."""

    def __init__(self, outlets):
        self.total = len(outlets)
        self.open: Counter[str] = Counter()
        self.started: set[str] = set()

    def scheduled(self, request, spider=None) -> None:
        outlet = request.meta.get("outlet")
        if outlet and not ({"redirect_times", "retry_times"} & request.meta.keys()):
            self.open[outlet] += 1
            self.started.add(outlet)

    def dropped(self, request, spider=None) -> None:
        self.finished(request.meta)

    def finished(self, meta) -> None:
        outlet = meta.get("outlet")
        if outlet and self.open[outlet] > 0:
            self.open[outlet] -= 1

    def done(self) -> int:
        return sum(1 for o in self.started if self.open[o] == 0)


@dataclass(frozen=True)
class Progress:
    outlets_done: int
    outlets_total: int
    new: int
    errors: int
    requests: int


def snapshot(crawler) -> Progress:
    """The crawl's progress now (all zero before its spider starts)."""
    stats = crawler.stats.get_stats() if crawler.stats else {}
    per = counters.per_outlet(stats)
    new = sum(c.get("new", 0) for c in per.values())
    errors = sum(v for c in per.values() for k, v in c.items() if k.startswith("error/"))
    pending = getattr(crawler.spider, "pending", None)
    return Progress(pending.done() if pending else 0, pending.total if pending else 0, new,
                    errors, stats.get("downloader/request_count", 0))
