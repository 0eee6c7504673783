"""The sample articles ``newsmon demo`` serves: ``site/index.yaml`` names each file, its outlet,
title, language and age; the pages are written for the demo (not real news)."""
from __future__ import annotations

import importlib.resources
from datetime import datetime, timedelta, timezone

import yaml

from newsmon.demo.localsite import LocalOutlet, SamplePage


def demo_outlets(now: datetime | None = None) -> list[LocalOutlet]:
    """The demo's sample outlets, from ``newsmon/demo/site/index.yaml``. Each article is dated
    ``hours_ago`` before ``now``, so the day's digest always has something to show."""
    root = importlib.resources.files("newsmon.demo") / "site"
    index = yaml.safe_load((root / "index.yaml").read_text(encoding="utf-8"))
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    by_outlet: dict[str, list[SamplePage]] = {o["id"]: [] for o in index["outlets"]}
    for art in index["articles"]:
        published = now - timedelta(hours=float(art["hours_ago"]))
        # The sample files carry placeholders so the date inside the page matches the feeds'.
        body = ((root / art["file"]).read_bytes()
                .replace(b"{{published_iso}}", published.isoformat().encode())
                .replace(b"{{published_date}}", f"{published:%Y-%m-%d}".encode()))
        by_outlet[art["outlet"]].append(SamplePage(
            slug=art["file"].split(".")[0], html=body, title=art["title"], published=published,
            language=art["language"], author=art.get("author"), summary=art.get("summary", "")))
    return [LocalOutlet(o["id"], o["name"], by_outlet[o["id"]], language=o.get("language"))
            for o in index["outlets"]]
