"""The outlet farm (../shared/tools/farm.py) for the benchmarks: start it on a free port over the
extraction benchmark's pages, wait for its ready line, read its manifest (the truth), and write
an outlets config of the contract's shape."""
from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def start_farm(shared: Path, work: Path, options: list[str]
               ) -> tuple[subprocess.Popen, str, dict]:
    """(process, base URL, manifest) of a farm serving `options` (farm.py's own, without
    --pages or --port); the caller terminates the process. Raises RuntimeError when it gives
    no ready line within 20 s."""
    corpus = shared / "corpus" / "article-extraction-benchmark"
    out = work / "farm.out"
    farm = subprocess.Popen([sys.executable, str(shared / "tools" / "farm.py"), "--pages",
                             str(corpus), "--port", "0", *options],
                            stdout=open(out, "w"), stderr=subprocess.DEVNULL)
    for _ in range(200):
        time.sleep(0.1)
        if out.read_text().strip():
            break
    else:
        farm.terminate()
        raise RuntimeError("the farm gave no ready line in 20 s")
    base = json.loads(out.read_text().splitlines()[0])["base_url"]
    return farm, base, read_manifest(base)


def read_manifest(base: str) -> dict:
    """The farm's manifest now (it changes when a round is published)."""
    return json.load(urllib.request.urlopen(f"{base}/_farm/manifest.json"))


def farm_config(manifest: dict) -> str:
    """outlets.yaml text for every outlet of `manifest`: feeds, news sitemap, section."""
    lines = ["outlets:"]
    for o in manifest["outlets"]:
        lines += [f"  - id: farm{o['id']}", f"    name: {json.dumps(o['name'])}",
                  "    language: en", f"    home: {o['home']}",
                  f"    feeds: [{o['rss']}, {o['atom']}]",
                  f"    sitemaps: [{o['news_sitemap']}]", f"    sections: [{o['section']}]",
                  f"    article_pattern: '^{o['prefix'].rstrip('/')}/\\d{{4}}/\\d{{2}}/\\d{{2}}/'"]
    return "\n".join(lines) + "\n"
