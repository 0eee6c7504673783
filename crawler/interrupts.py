"""Ctrl-C and SIGTERM that come while a crawl starts up (imports, the database's migrations, the
crawler's set-up), before Scrapy's own shutdown handlers are in place.

Without this, such a signal landed wherever Python happened to be: a KeyboardInterrupt in an
import printed "Aborted!" (exit 1: ``newsmon schedule`` recorded its crawl as failed), one caught
by a library on the way was lost and the whole crawl ran on (a new-user trial: Ctrl-C 0.2-0.5 s
after the start, then the full summary and exit 0), and SIGTERM killed the process outright.
Here the first such signal is noted, and the crawl stops as Scrapy stops on Ctrl-C, at its first
moment: the same report, "Interrupted", exit 130, the run recorded as interrupted
(``crawler.runner``). A second signal while the first waits is the user insisting: it acts at
once (KeyboardInterrupt for SIGINT, the default action for SIGTERM).
"""
from __future__ import annotations

import signal

__all__ = ["SIGNALS", "hold", "pending"]

#: The signals Scrapy's graceful shutdown answers (``scrapy.utils.ossignal``).
SIGNALS = (signal.SIGINT, signal.SIGTERM)
_pending: list[int] = []


def _note(signum, frame) -> None:
    if _pending:   # the second: now
        for each in SIGNALS:
            signal.signal(each, signal.SIG_DFL if each != signal.SIGINT else signal.default_int_handler)
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        signal.raise_signal(signum)
        return
    _pending.append(signum)


def hold() -> None:
    """From now until Scrapy installs its own handlers (when its reactor starts), note SIGINT
    and SIGTERM instead of acting on them. Call from the main thread, first thing."""
    _pending.clear()
    for signum in SIGNALS:
        signal.signal(signum, _note)


def pending() -> list[int]:
    """The signals noted since ``hold`` (at most one), oldest first."""
    return list(_pending)
