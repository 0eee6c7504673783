"""`newsmon outlets list|check`: the outlets config and its health."""
from __future__ import annotations

import json

import click

from crawler.outlets import OutletConfigError, load_outlets
from newsmon.cli.base import fail
from newsmon.cli.options import db_option, format_option, outlets_option
from newsmon.cli.output import open_db, table

def _load(outlets_file):
    try:
        return load_outlets(outlets_file)
    except OutletConfigError as exc:
        fail(str(exc))


@click.group()
def outlets():
    """The outlets newsmon watches (config/outlets.yaml).

    Example: newsmon outlets check --probe
    """


@outlets.command("list")
@outlets_option
@format_option("table", "json")
@db_option
def list_outlets(outlets_file, fmt, db_url):
    """Each outlet with its sources and the health of its last crawl.

    Example: newsmon outlets list --db sqlite:///newsmon.db
    """
    from storage.queries import outlet_health

    configured = _load(outlets_file)
    with open_db(db_url)() as session:
        health = outlet_health(session)
    data = [{"id": o.id, "name": o.name, "language": o.language, "enabled": o.enabled,
             "feeds": len(o.feeds), "sitemaps": len(o.sitemaps), "sections": len(o.sections),
             **{k: v for k, v in health.get(o.id, {}).items()}} for o in configured]
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, default=str, ensure_ascii=False))
        return
    click.echo(table([(d["id"], d["language"], f"{d['feeds']}/{d['sitemaps']}/{d['sections']}",
                       d.get("articles", 0),
                       str(d["last_run_at"])[:16] if d.get("last_run_at") else "never",
                       d.get("new", "-"), d.get("errors", "-")) for d in data],
                     ("outlet", "lang", "feeds/sitemaps/sections", "articles", "last run",
                      "new", "errors")))


@outlets.command("check")
@outlets_option
@click.option("--probe", is_flag=True, help="Also fetch each feed and sitemap once.")
@click.option("--timeout", type=click.FloatRange(1, 120), default=15, show_default=True,
              help="Seconds per probe request.")
def check_outlets(outlets_file, probe, timeout):
    """Validate the outlets file; with --probe, fetch each feed, sitemap and section page once and
    report its status, item count (a section page: its article links) and newest item date.
    Exits 1 when the probe reached no feed or sitemap at all.

    Example: newsmon outlets check --outlets config/outlets.yaml --probe
    """
    configured = _load(outlets_file)
    if not configured:   # what `newsmon crawl` refuses
        fail(f"no outlet in {outlets_file or 'the outlets file'}: add one (see the README's "
             "'Adding an outlet')")
    enabled = sum(o.enabled for o in configured)
    click.echo(f"{len(configured)} outlet{'s' if len(configured) != 1 else ''}: config is valid"
               + ("" if enabled == len(configured) else
                  f" ({enabled} enabled; a crawl reads the others only when --only names them)"))
    for o in configured:
        if o.home and not (o.feeds or o.sitemaps or o.sections):
            click.echo(f"{o.id}: no feeds, sitemaps or sections: its home page is read as a "
                       "section page")
    if not probe:
        return
    from crawler.probe import probe_outlet

    results = [r for o in configured if o.enabled for r in probe_outlet(o, timeout)]
    click.echo(table([(r.outlet, r.kind, r.status + (" (malformed)" if r.malformed else "")
                       + (" (a web page: list it under sections)" if r.web_page else ""),
                       r.items, r.newest.isoformat(timespec="minutes") if r.newest else "-",
                       r.url[:70]) for r in results],
                     ("outlet", "kind", "status", "items", "newest item", "url")))
    if results and not any(r.status.startswith("HTTP 2") for r in results):
        fail("no feed or sitemap answered; check the network and the URLs in the outlets file")
