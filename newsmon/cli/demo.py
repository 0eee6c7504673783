"""`newsmon demo`: the main job, end to end, on the bundled sample outlets."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from newsmon.cli.base import fail


@click.command()
@click.option("--dir", "folder", type=click.Path(file_okay=False), default="newsmon-demo",
              show_default=True,
              help="Folder for the demo's database, config and digest: new or empty, or one an "
                   "earlier demo made (its files are replaced; nothing else is removed).")
@click.option("--serve", is_flag=True,
              help="Keep serving the sample outlets afterwards, until Ctrl-C, so that `newsmon "
                   "crawl --outlets DIR/outlets.yaml` and `newsmon schedule` can be tried on them.")
def demo(folder, serve):
    """Serve the bundled sample outlets on 127.0.0.1, crawl them into a fresh SQLite file, tag,
    write the day's digest, run one search, and say where everything is.

    Example: newsmon demo --dir /tmp/newsmon-demo
    """
    from crawler.outlets import load_outlets
    from crawler.runner import run_crawl
    from digest import make_digest
    from newsmon.cli.crawl import INTERRUPTED, INTERRUPTED_EXIT, format_report
    from newsmon.demo.localsite import LocalSiteServer
    from newsmon.demo.samples import demo_outlets
    from topics.topicfile import load_topics
    from storage.engine import open_database
    from storage.search import search_articles

    out = Path(folder).resolve()
    try:
        _clear_demo_folder(out)   # a fresh database each time: the demo shows a first crawl
    except OSError as exc:   # /proc/x, a file's "subfolder", a read-only place
        fail(f"cannot make the demo folder {out} ({exc.strerror}); give --dir a folder you can "
             "write to")
    db_url = f"sqlite:///{out / 'newsmon-demo.db'}"
    site = LocalSiteServer(demo_outlets()).start()
    if serve:
        (out / SERVING).write_text(f"{os.getpid()}\n", encoding="utf-8")
    try:
        outlets_file = site.outlets_yaml(out / "outlets.yaml")
        click.echo(f"1. Serving {len(site.outlets)} sample outlets at {site.base_url} "
                   "(articles written for this demo, not real news)")
        # One page at a time, extracted in this process: the articles are stored in the same
        # order on every run, so their ids are those of the README's examples.
        report = run_crawl(load_outlets(outlets_file), db_url=db_url,
                           overrides={"CONCURRENT_REQUESTS": 1, "NEWSMON_EXTRACT_WORKERS": 0})
    finally:
        if not serve:
            site.stop()
    click.echo("2. Crawled them (feeds, news sitemaps, section pages):")
    click.echo("   " + format_report(report).replace("\n", "\n   "))
    if report.finish_reason == "shutdown":   # Ctrl-C or SIGTERM: the demo stops here
        click.echo(INTERRUPTED, err=True)
        sys.exit(INTERRUPTED_EXIT)
    sessions = open_database(db_url)[1]
    digest, row = make_digest(sessions, load_topics(), out / "digests")
    click.echo(f"3. Tagged and wrote the digest: {digest.subject}")
    for section in digest.sections:
        if section.entries:
            click.echo(f"   {section.label}: " + "; ".join(e.title for e in section.entries[:3]))
    query = "apagones OR blackouts"
    with sessions() as session:
        hits = search_articles(session, query, limit=5)
    click.echo(f"4. Searched for {query!r}: {len(hits)} hit(s)")
    for hit in hits:
        click.echo(f"   [{hit.outlet}] {hit.title}  — {hit.snippet[:90]}")
    click.echo("\nFiles:")
    click.echo(f"   database  {out / 'newsmon-demo.db'}")
    click.echo(f"   outlets   {outlets_file}")
    click.echo(f"   digest    {row.html_path}\n             {row.text_path}")
    # The quick start runs .venv/bin/newsmon without activating the venv: name the program as
    # it can be run from this shell.
    program = "newsmon" if shutil.which("newsmon") else _program_path()
    click.echo(f"\nTry: {program} search 'Cuba' --db {db_url}\n     {program} stats --db {db_url}")
    if serve:
        _serve_until_interrupted(site, program, outlets_file, db_url)


def _serve_until_interrupted(site, program: str, outlets_file: Path, db_url: str) -> None:
    """Keep the sample outlets up (the outlets file names their port) until Ctrl-C or SIGTERM."""
    import signal
    import threading

    click.echo(f"\nServing the sample outlets at {site.base_url} until Ctrl-C. In another "
               f"terminal:\n     {program} crawl --outlets {outlets_file} --db {db_url}\n     "
               f"{program} schedule --outlets {outlets_file} --db {db_url}")
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):   # (the crawl left Scrapy's handlers installed)
        signal.signal(signum, lambda *_: stop.set())
    try:
        while not stop.wait(1):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()
        (outlets_file.parent / SERVING).unlink(missing_ok=True)
    click.echo("stopped serving the sample outlets")


#: Marks a folder the demo made, so that a later run may clear it.
MARKER = ".newsmon-demo"
#: Holds the process id of a `newsmon demo --serve` using the folder, while it serves.
SERVING = ".newsmon-demo-serving"
#: What the demo writes in its folder: a later run removes these, and nothing else.
DEMO_FILES = ("newsmon-demo.db", "newsmon-demo.db-wal", "newsmon-demo.db-shm", "outlets.yaml",
              "digests", MARKER, SERVING)


def _clear_demo_folder(out: Path) -> None:
    """Make `out` ready for a fresh demo: a new or empty folder is used as it is; a folder of an
    earlier demo loses the demo's own files only (a user's other files there stay); any other
    folder is refused with one line, never emptied (``--dir .`` once removed the checkout)."""
    if out.exists() and not out.is_dir():
        fail(f"{out} is a file; give --dir a new or empty folder")
    serving = _serving_pid(out)
    if serving:   # its outlets file would be rewritten with a port that closes when this ends
        fail(f"`newsmon demo --serve` (process {serving}) is serving from {out}; stop it (Ctrl-C) "
             "or give --dir another folder")
    if out.is_dir() and any(out.iterdir()):
        made_by_demo = (out / MARKER).exists() or all(p.name in DEMO_FILES for p in out.iterdir())
        if not made_by_demo:   # (a demo folder of an earlier version has no marker)
            fail(f"{out} is not empty and was not made by `newsmon demo` (left as it is); give "
                 "--dir a new or empty folder")
        for name in DEMO_FILES:
            path = out / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("made by `newsmon demo`; a later run clears the demo's files here\n",
                              encoding="utf-8")


def _serving_pid(out: Path) -> int | None:
    """The process id in `out`'s SERVING file when that process is alive, else None."""
    try:
        pid = int((out / SERVING).read_text(encoding="utf-8").strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def _program_path() -> str:
    """This program's path relative to the working folder when it is below it (.venv/bin/newsmon)."""
    path = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else Path("newsmon")
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
