"""The process pool that runs the CPU-bound work of a page (extraction, story signals, topics).

The extract pipeline owns one per crawl (``pipelines.extract``), two workers by default
(``NEWSMON_EXTRACT_WORKERS``; 0 runs the work inline); ``newsmon extract`` uses the same class.
It starts in a thread (the reactor goes on downloading while the fork server loads), when the
crawl knows it has pages for it (``warm``) or at the latest with the first page, so a crawl that
finds nothing new starts no process. forkserver,
not fork: the reactor's threads and sockets must not be copied into the
children; the fork server preloads trafilatura and the topic scorer once, so each worker starts
warm. A worker that dies (a native crash on a hostile page, a signal) breaks the pool; ``run``
raises ``WorkerDied`` for the calls it held and the next call starts a fresh pool, so the rest
of the crawl goes on.

A worker leaves when the crawl process is gone, however it went (SIGKILL included): the pool's
queues and the fork server's liveness pipe are held open by the workers themselves, so without a
watch they would wait forever, orphaned (measured: two workers, the fork server and the resource
tracker still alive 15 s after a SIGKILL of the crawl). Each worker waits on a pidfd of the
crawl process in one thread that does nothing else.

Each worker gets one BLAS thread (``OPENBLAS_NUM_THREADS=1`` and kin, unless the environment
says otherwise): the pool already keeps both cores busy, and OpenBLAS's own threads, two per
worker, spun waiting for work after every small matrix product of the embedding stage —
measured on ``bench/crawl.py``'s 320 pages, the workers burnt 25 s of CPU with them and 15 s
without.
"""
from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import os
import select
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

log = logging.getLogger(__name__)

BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
#: The fork server's first import: it ignores Ctrl-C while it loads the others.
IGNORE_INTERRUPT = "pipelines.poolserver"


class WorkerDied(RuntimeError):
    """The worker running a call died (a native crash on a hostile page, or a signal from
    outside: ``systemctl stop`` sends SIGTERM to every process of the unit): which, the pool
    cannot tell."""


class WorkerPool:
    """`workers` processes (0: run inline); `preload`: modules the fork server imports before it
    forks them, so what they load is loaded once and shared instead of loaded by each worker;
    `env`: variables set for the fork server and the workers (those preloaded modules read)."""

    def __init__(self, workers: int, preload: list[str] | tuple[str, ...] = (),
                 env: dict[str, str] | None = None):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._starting: Future | None = None   # the thread starting the pool
        self.preload = list(preload)
        self.env = dict(env or {})

    def _environment(self):
        """The forkserver context, with the environment the fork server is to inherit."""
        # Read by numpy's OpenBLAS when a worker first imports it; the fork server inherits the
        # environment of this moment (the crawl process itself does no matrix products).
        for var in BLAS_THREAD_VARIABLES:
            os.environ.setdefault(var, "1")
        os.environ.update(self.env)
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([IGNORE_INTERRUPT, *self.preload])
        return context

    def _start(self, context) -> ProcessPoolExecutor:
        log.info("starting %d worker processes", self.workers)
        pool = ProcessPoolExecutor(self.workers, mp_context=context,
                                   initializer=_worker_start, initargs=(os.getpid(),))
        # The first submit starts the fork server and waits while it imports the preloaded
        # modules (1.6 s with the embedding model: measured, the reactor stood still that long
        # at the first page); each later one forks a worker if none is idle. Done here, in a
        # thread (``_ready_pool``), so the reactor goes on downloading meanwhile.
        try:
            for future in [pool.submit(os.getpid) for _ in range(self.workers)]:
                future.result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        return pool

    async def _ready_pool(self) -> ProcessPoolExecutor:
        """The running pool; the first caller starts it in a thread, the others wait for it."""
        if self._pool is not None:
            return self._pool
        if self._starting is None:
            context = self._environment()
            spawn_ignoring_interrupts()   # the fork server's first second, Ctrl-C-proof
            self._starting = _STARTER.submit(self._start, context)
        starting = self._starting
        try:
            pool = await asyncio.wrap_future(starting)
        finally:
            if self._starting is starting:
                self._starting = None
        if self._pool is None:
            self._pool = pool
        return pool

    def warm(self) -> None:
        """Start the pool now, in the background (from the reactor thread, with its loop
        running): the extract pipeline calls this as soon as a listing holds new articles, so
        the fork server loads while the pages download. A failure is logged; ``run`` tries
        again."""
        if self.workers <= 0 or self._pool is not None or self._starting is not None:
            return
        task = asyncio.ensure_future(self._ready_pool())
        task.add_done_callback(_log_start_failure)

    async def run(self, fn, *args):
        """``fn(*args)`` in a worker (or inline without workers). Raises :class:`WorkerDied`
        when the worker died meanwhile (the next call starts a fresh pool), and what starting
        the pool raised when it could not start."""
        if self.workers <= 0:
            return fn(*args)
        pool = None
        try:
            pool = await self._ready_pool()
            return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)
        except BrokenProcessPool:
            # Every call in flight on the broken pool lands here: the first replaces it.
            if pool is not None and self._pool is pool:
                log.error("a worker process died running %s; starting a fresh pool",
                          fn.__name__)
                self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
            raise WorkerDied(f"a worker process died running {fn.__name__}") from None

    def shutdown(self) -> None:
        if self._starting is not None:  # started by warm(), no page came: wait for it here
            try:
                self._pool = self._pool or self._starting.result()
            except Exception:  # noqa: BLE001 - logged by warm's callback
                pass
            self._starting = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def spawn_ignoring_interrupts() -> None:
    """Start multiprocessing's fork server (and its resource tracker) now, with SIGINT ignored,
    so that they ignore it from their first instruction. Ctrl-C in a terminal goes to the whole
    process group; one that came while the fork server imported its first modules, before its
    own code (``IGNORE_INTERRUPT``, multiprocessing's ``main``) ignored it, printed a
    traceback from it and the pool did not start (a new-user trial, ~0.9 s into a crawl). An
    ignored signal stays ignored across exec, and Python leaves a SIGINT it inherits ignored as
    it is. In this process the signal is blocked meanwhile (a few milliseconds: the processes
    are spawned, not waited for), so one that comes then is delivered afterwards, not lost.
    Only the main thread may change a handler: elsewhere this does nothing, and the pool's own
    start spawns them as before."""
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or previous is None:
        return   # (None: a handler set outside Python, which could not be put back)
    from multiprocessing import forkserver

    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            forkserver.ensure_running()
        except OSError as exc:   # the pool's start tries again and reports it
            log.debug("fork server not started ahead: %r", exc)
        finally:
            signal.signal(signal.SIGINT, previous)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


#: One thread that starts pools (``WorkerPool._start``), off the reactor thread.
_STARTER = ThreadPoolExecutor(1, thread_name_prefix="newsmon-pool-start")


def _log_start_failure(task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("the worker pool did not start: %r", task.exception())


def _worker_start(crawl_pid: int) -> None:
    """A worker's first act: ignore Ctrl-C, leave with the crawl process, and freeze what the
    fork server loaded (modules, the model, the topics: alive for good) so the cyclic garbage
    collector stops walking it on every full collection (0.2 -> 0.08 ms of collections per page,
    measured on 300 benchmark pages in one process).

    Ctrl-C in a terminal sends SIGINT to the whole process group, the workers included. The crawl
    process answers it with Scrapy's graceful stop, which needs its workers for the pages in
    flight; a worker that took it would raise KeyboardInterrupt inside ``analyse``, and the pool
    sends that exception back to the reactor thread, where asyncio lets a KeyboardInterrupt end
    the event loop: the crawl printed "Aborted!" and then hung at exit on the reactor's thread
    pool until it was killed (90 s under ``newsmon schedule``). The crawl process decides when
    workers stop (``WorkerPool.shutdown``), and SIGTERM still ends them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with(crawl_pid)
    gc.freeze()


def exit_with(pid: int, then=lambda: os._exit(0)) -> None:
    """End this process as soon as process ``pid`` has ended (a worker: the crawl; a service's
    crawl: the service): a watching thread calls ``then`` (default: exit at once)."""
    try:
        fd = os.pidfd_open(pid)  # readable once the process has exited (Linux 5.3+)
    except (AttributeError, OSError):
        fd = None

    def watch() -> None:
        if fd is not None:
            select.select([fd], [], [])
        else:
            while _exists(pid):
                time.sleep(1)
        then()

    threading.Thread(target=watch, name="newsmon-crawl-watch", daemon=True).start()


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
