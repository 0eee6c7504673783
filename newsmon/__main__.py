"""The `newsmon` program: the console script and ``python -m newsmon``.

Start-up is most of a crawl that finds nothing new, and the cyclic garbage collector costs it
twice (measured on `newsmon crawl`, ``bench/startup.py``): while the modules load, it walks the
~100k objects they make (modules, classes, functions: all alive until the process ends) again
and again, ~0.1 s; at exit, Python's last collections walk every object still alive, 0.15-0.3 s,
though all of them die with the process anyway. So the collector is off while the commands are
imported and what they made is then frozen (``gc.freeze``: skipped by every later collection),
and at exit everything is frozen before those last collections. Objects are still released by
reference counting all along; only cycles left at exit go uncollected, and Python never
promises to run their finalizers at exit.
"""
from __future__ import annotations

import atexit
import errno
import gc
import os
import signal
import sys


def main() -> None:
    try:
        gc.disable()
        from newsmon.cli import cli
        gc.freeze()
        gc.enable()
        atexit.register(gc.freeze)   # registered first, so it runs last
        # Ctrl-C while the process tears itself down is ignored: Python resets a signal handled by
        # a Python function (Scrapy's shutdown handler, still installed after a crawl) to the
        # default action during finalization, so a Ctrl-C that arrived just as a crawl ended
        # killed the process by SIGINT ("crawl failed: exit -2" under `newsmon schedule`, though
        # the crawl had finished and recorded its run). Its work is done by then.
        atexit.register(signal.signal, signal.SIGINT, signal.SIG_IGN)
        cli(prog_name="newsmon")
    except KeyboardInterrupt:
        # Ctrl-C while the commands load: click's line, not a traceback, and the shell's code for
        # a Ctrl-C (130), which `newsmon schedule` reads as an interrupted crawl, not a failed one
        print("Aborted!", file=sys.stderr)
        sys.exit(130)
    except OSError as exc:
        # What no command handles itself: above all its output that cannot be written
        # (`newsmon export > file` on a full disk, a closed pipe). One line, not a traceback.
        _quiet_stdout()
        if not isinstance(exc, BrokenPipeError):   # `| head`: the reader has what it wanted
            print(f"Error: {_os_error_line(exc)}", file=sys.stderr)
        sys.exit(1)


def _os_error_line(exc: OSError) -> str:
    """The one line for an OSError: the file it names, else the output that could not be written."""
    reason = exc.strerror or str(exc)
    if exc.filename:
        return f"{exc.filename}: {reason}"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"cannot write the output ({reason}): free space on the disk it goes to, or "
                "write it to another disk")
    return f"cannot write the output ({reason})"


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so Python's last flush of what could not be written does not
    print a second error at exit."""
    try:
        sys.stdout.flush()
    except OSError:
        pass
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
