"""`newsmon extract`: article text and metadata of saved pages, one JSON line per file.

A thin layer over ``pipelines.extraction`` (trafilatura; see that module for why and how it was
tuned). Pages are read in this process and extracted on the crawl's worker pool
(``pipelines.workers.WorkerPool``: trafilatura is CPU-bound and not thread-safe, so processes,
not threads), output in the order of the arguments.
"""
from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections import deque
from pathlib import Path
from typing import Iterable, Iterator

import click

from newsmon.cli.base import fail
from pipelines.workers import WorkerPool

# pipelines.extraction (trafilatura, htmldate, resiliparse: ~0.5 s) is imported by the functions
# that use it: every `newsmon` command imports this module to list its commands.

logger = logging.getLogger(__name__)

#: Keys of every output line (plus ``error`` when the file gave nothing, and ``not_article`` with
#: the reason when the page is a listing rather than an article). ``author`` is ``authors``
#: joined with "; "; ``date_source`` names the rule that gave ``date`` (pipelines.pubdate);
#: ``published_at`` is its moment (ISO 8601 UTC) when the page states the time.
OUTPUT_KEYS = ("path", "url", "title", "date", "published_at", "date_source", "author", "authors",
               "language", "text")
#: Below this many files the pool's start-up (importing trafilatura twice) costs more than it saves.
POOL_MIN_FILES = 8
_PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Arguments as files: a directory stands for the pages in it (``*.html``, ``*.html.gz``)."""
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(str(p) for p in path.rglob("*")
                          if p.is_file() and p.name.lower().endswith(_PAGE_SUFFIXES))
        else:
            out.append(raw)
    return out


def output_line(path: str, url: str | None, article: dict | None, error: str | None = None) -> dict:
    """The JSON object printed for one file."""
    line = {key: None for key in OUTPUT_KEYS}
    line.update(path=path, url=url, text="", authors=[])
    if article and article.get("not_article"):
        line.update(title=article.get("title"), url=url or article.get("canonical_url"),
                    not_article=article["not_article"])
        line["error"] = f"not an article ({article['not_article']} page)"
    elif article:
        line.update({k: article.get(k) for k in ("title", "date", "published_at", "date_source", "author",
                                                 "language")})
        line["authors"] = article.get("authors") or []
        line["text"] = article.get("text") or ""
        line["url"] = url or article.get("canonical_url")
    else:
        line["error"] = error or "no article text found"
    return line


def _read(path: str) -> tuple[bytes | None, str | None]:
    from pipelines.decoding import read_page

    try:
        return read_page(path), None
    except (OSError, ValueError, EOFError) as exc:
        return None, f"cannot read: {exc}"


def extract_files(paths: list[str], url: str | None = None, workers: int = 2) -> Iterator[dict]:
    """Yield ``output_line`` for each path, in order; unreadable files yield an error line."""
    from pipelines.extraction import extract_worker

    if workers < 2 or len(paths) < POOL_MIN_FILES:
        for path in paths:
            body, error = _read(path)
            article = extract_worker(body, url, None) if body is not None else None
            yield output_line(path, url, article, error)
        return
    # The crawl's pool (forkserver; the server imports trafilatura once and each worker forks
    # from it warm). "__main__" joins its preload so that workers do not re-import the `newsmon`
    # script (and every CLI module) each. Results stream in argument order, at most `window`
    # pages read ahead.
    pool = WorkerPool(workers, ["__main__", "pipelines.extraction"])
    loop = asyncio.new_event_loop()
    window = 4 * workers
    pending: deque[tuple[str, asyncio.Task | None, str | None]] = deque()
    try:
        for path in paths:
            body, error = _read(path)
            task = (loop.create_task(pool.run(extract_worker, body, url, None))
                    if body is not None else None)
            pending.append((path, task, error))
            while len(pending) > window:
                yield _finish(loop, *pending.popleft(), url)
        while pending:
            yield _finish(loop, *pending.popleft(), url)
    finally:
        left = [task for _, task, _ in pending if task is not None]
        for task in left:
            task.cancel()
        if left:
            loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
        pool.shutdown()
        loop.close()


def _finish(loop: asyncio.AbstractEventLoop, path: str, task: asyncio.Task | None,
            error: str | None, url: str | None) -> dict:
    article = None
    if task is not None:
        try:
            article = loop.run_until_complete(task)
        except Exception as exc:  # noqa: BLE001 - a failed page must not end the run
            logger.error("extraction of %s failed: %s", path, exc)
            error = f"extraction failed: {exc}"
    return output_line(path, url, article, error)


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--url", default=None, metavar="URL",
              help="URL the pages were fetched from (default: each page's canonical URL).")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Extraction processes (1: extract in this process).")
def extract_command(paths: tuple[str, ...], url: str | None, workers: int) -> None:
    """Extract the article of saved HTML pages (.html or .html.gz); print one JSON line per file
    with path, url, title, date, date_source, author, authors, language and text. A file that
    cannot be read or has no article still gets a line, with text "" and an "error" key; a
    listing page also gets "not_article". A directory stands for the pages in it.

    Example: newsmon extract page.html.gz --url https://example.com/news/1
    """
    files = expand_paths(paths)
    if not files:
        fail("no pages found in the given directories; pass .html or .html.gz files")
    unreadable = 0
    for line in extract_files(files, url=url, workers=workers):
        unreadable += str(line.get("error", "")).startswith("cannot read")
        # ASCII-only JSON: a file name that is not valid UTF-8 (surrogate-escaped in argv) or odd
        # text can never make the write to a non-UTF-8 stdout fail; `jq` shows the accents.
        click.echo(json.dumps(line))
    sys.stdout.flush()
    if unreadable == len(files):
        fail(f"none of the {len(files)} paths could be read; check the paths")
