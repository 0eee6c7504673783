"""What kind of failure a download ended in, from the exception Scrapy or Twisted raised.

Pure functions (no reactor, no crawler), shared by the outlet spider (which counts each failure
per outlet) and the unreachable-host middleware (which stops asking a dead host). Scrapy 2.19
wraps Twisted's errors (``scrapy.utils._download_handlers.wrap_twisted_exceptions``) and keeps
the original as ``__cause__``; a TLS failure arrives as a ``ResponseFailed`` whose ``reasons``
hold the OpenSSL error, so both chains are walked.
"""
from __future__ import annotations

from scrapy.exceptions import (CannotResolveHostError, DownloadCancelledError,
                               DownloadConnectionRefusedError, DownloadFailedError,
                               DownloadTimeoutError, ResponseDataLossError)
from twisted.internet import error as tx
from twisted.internet.defer import CancelledError

# Kinds of failure where the host itself did not take part in HTTP: no status line came back.
HOST_KINDS = ("dns", "refused", "timeout", "tls", "connection")


def _chain(exc: BaseException):
    """``exc``, its causes and the reasons of Twisted's wrapper exceptions, depth first."""
    seen, stack = set(), [exc]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        stack.append(e.__cause__ or e.__context__)
        for reason in getattr(e, "reasons", None) or ():
            stack.append(getattr(reason, "value", None))


def _is_tls(exc: BaseException) -> bool:
    module = type(exc).__module__ or ""
    return module.startswith(("OpenSSL", "ssl", "twisted.internet._sslverify")) or (
        "SSL" in type(exc).__name__ or "TLS" in type(exc).__name__)


def download_failure_kind(exc: BaseException) -> str | None:
    """``dns``, ``refused``, ``timeout``, ``tls``, ``connection`` or ``too_large`` for a failure
    below HTTP; None for anything else (an HTTP status, a request newsmon chose not to make)."""
    chain = list(_chain(exc))
    if any(_is_tls(e) for e in chain):
        return "tls"
    for e in chain:
        if isinstance(e, (CannotResolveHostError, tx.DNSLookupError)):
            return "dns"
        if isinstance(e, (DownloadConnectionRefusedError, tx.ConnectionRefusedError)):
            return "refused"
        if isinstance(e, (DownloadTimeoutError, tx.TimeoutError)):  # TCPTimedOut included
            return "timeout"
        if isinstance(e, (DownloadCancelledError, CancelledError)):  # DOWNLOAD_MAXSIZE cancels
            return "too_large"
    if any(isinstance(e, (DownloadFailedError, ResponseDataLossError, tx.ConnectError,
                          tx.ConnectionLost, tx.ConnectionDone)) for e in chain):
        return "connection"
    return None
