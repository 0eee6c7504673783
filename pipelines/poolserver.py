"""Imported first by the worker pool's fork server (``pipelines.workers``), for its one effect:
the fork server ignores Ctrl-C.

Ctrl-C in a terminal sends SIGINT to the whole process group. The fork server spends its first
second or two importing the preloaded modules (trafilatura, the embedding model), before
CPython's own fork-server loop starts ignoring SIGINT: a Ctrl-C then killed it with a
traceback, the pool could not start, and the crawl's graceful stop recorded every page in
flight as having no article, not to be fetched for a week. The crawl process decides when the
pool stops (``WorkerPool.shutdown``); SIGTERM still ends it.
"""
import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
