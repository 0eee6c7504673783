"""Per-outlet crawl counters, kept in Scrapy's stats under ``newsmon/<outlet>/<key>``.

Keys: ``discovered`` (article links found), ``seen`` (skipped: already stored), ``skipped_failed``
(skipped: failed for good recently), ``new`` (stored), ``duplicate`` (fetched, already stored under
another URL or, same outlet, the same text), ``joined_story`` (stored, and joined an existing story: as a
copy or as another report of the event), ``too_old``, ``not_modified`` (listing answered 304), and ``error/<kind>`` for every
kind of failure (``error/http_404``, ``error/timeout``, ``error/too_large`` …). The runner copies
them into ``crawl_run_outlets`` at the end of a run.
"""
from __future__ import annotations

PREFIX = "newsmon/"
#: Not per outlet: 1 when the shared frontier (Redis) lost its queue during the crawl.
FRONTIER_LOST = "frontier/lost"
#: Not per outlet: the message of the last database error counted as ``error/database``.
DATABASE_ERROR = "database/last_error"


def inc(stats, outlet: str | None, key: str, count: int = 1) -> None:
    stats.inc_value(f"{PREFIX}{outlet or '?'}/{key}", count)


def per_outlet(all_stats: dict) -> dict[str, dict[str, int]]:
    """{'outlet': {'key': n}} from a Scrapy stats dict."""
    out: dict[str, dict[str, int]] = {}
    for name, value in all_stats.items():
        if name.startswith(PREFIX) and isinstance(value, int):
            outlet, _, key = name[len(PREFIX):].partition("/")
            out.setdefault(outlet, {})[key] = value
    return out


#: The counters of the summary a crawl prints, per outlet: what it found, stored and revalidated.
SUMMARY_KEYS = ("discovered", "new", "seen", "duplicate", "not_modified")
#: A crawl in which every outlet failed and nothing was fetched: a dead network or a dead outlet
#: list, which a script must notice (`newsmon crawl` exits 3, the run is recorded as failed).
NOTHING_FETCHED = ("every outlet failed and nothing was fetched; check the network, and each "
                   "outlet with `newsmon outlets check --probe`")


def nothing_fetched(per_outlet: dict[str, dict]) -> bool:
    """True when each outlet of a run (`per_outlet`: its counters by outlet id, as
    ``per_outlet`` gives them) had errors and none discovered, stored or revalidated anything."""
    if not per_outlet:
        return False
    for counts in per_outlet.values():
        if not any(k.startswith("error/") for k in counts):
            return False
        if any(counts.get(k, 0) for k in SUMMARY_KEYS):
            return False
    return True
