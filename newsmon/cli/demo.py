"""`newsmon demo`: the main job, end to end, on the bundled sample outlets."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click


@click.command()
@click.option("--dir", "folder", type=click.Path(file_okay=False), default="newsmon-demo",
              show_default=True, help="Folder for the demo's database, config and digest.")
def demo(folder):
    """Serve the bundled sample outlets on 127.0.0.1, crawl them into a fresh SQLite file, tag,
    write the day's digest, run one search, and say where everything is.

    Example: newsmon demo --dir /tmp/newsmon-demo
    """
    from crawler.outlets import load_outlets
    from crawler.runner import run_crawl
    from digest import make_digest
    from newsmon.cli.crawl import format_report
    from newsmon.demo.localsite import LocalSiteServer
    from newsmon.demo.samples import demo_outlets
    from topics.score import load_topics
    from storage.engine import open_database
    from storage.search import search_articles

    out = Path(folder).resolve()
    if out.exists():  # a fresh database each time: the demo shows a first crawl
        shutil.rmtree(out)
    out.mkdir(parents=True)
    db_url = f"sqlite:///{out / 'newsmon-demo.db'}"
    with LocalSiteServer(demo_outlets()) as site:
        outlets_file = site.outlets_yaml(out / "outlets.yaml")
        click.echo(f"1. Serving {len(site.outlets)} sample outlets at {site.base_url} "
                   "(articles written for this demo, not real news)")
        report = run_crawl(load_outlets(outlets_file), db_url=db_url)
    click.echo("2. Crawled them (feeds, news sitemaps, section pages):")
    click.echo("   " + format_report(report).replace("\n", "\n   "))
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


def _program_path() -> str:
    """This program's path relative to the working folder when it is below it (.venv/bin/newsmon)."""
    path = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else Path("newsmon")
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
