"""trafilatura's evaluation pages (the ``tests`` folder of github.com/adbar/trafilatura, not
copied here): ``evaldata.json`` (``{url: {"file", ...labels}}``) and the pages in ``cache/`` or
``eval/``. Shared by the bench scripts that read them."""
from __future__ import annotations

import json
from pathlib import Path


def eval_pages(tests: Path):
    """``(url, labels, path)`` of each annotated page whose file is present, by URL; the labels
    are evaldata.json's dict for that page."""
    data = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    for url, item in sorted(data.items()):
        path = next((p for p in (tests / "cache" / item["file"], tests / "eval" / item["file"])
                     if p.is_file()), None)
        if path is not None:
            yield url, item, path
