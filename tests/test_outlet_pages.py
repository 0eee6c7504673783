"""Per-outlet golden pages: one real article page per outlet whose template could be rebuilt from
public material (tests/fixtures/outlets/README.md lists them, their sources and the outlets not
covered). Each gives the expected headline, day, authors and first and last sentence."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import yaml

from pipelines.extraction import extract_article

ROOT = Path(__file__).resolve().parent.parent
OUTLETS = ROOT / "tests" / "fixtures" / "outlets"
PAGES = sorted(p.name for p in OUTLETS.iterdir() if (p / "expected.json").exists())


def _squash(text: str) -> str:
    return " ".join((text or "").split())


def test_every_fixture_names_a_configured_outlet():
    config = yaml.safe_load((ROOT / "config" / "outlets.yaml").read_text(encoding="utf-8"))
    ids = {outlet["id"] for outlet in config["outlets"]}
    assert PAGES and set(PAGES) <= ids


@pytest.mark.parametrize("outlet", PAGES)
def test_outlet_page(outlet):
    want = json.loads((OUTLETS / outlet / "expected.json").read_text(encoding="utf-8"))
    article = extract_article(gzip.decompress((OUTLETS / outlet / "page.html.gz").read_bytes()), want["url"])
    assert article is not None and "not_article" not in article
    misses = want.get("known_misses", {})
    for field in ("title", "date", "authors", "canonical_url"):
        if field not in want:
            continue
        expected = misses[field]["got"] if field in misses else want[field]
        assert article[field] == expected, (field, article[field])
    text = _squash(article["text"])
    assert _squash(want["first_sentence"]) in text[:len(want["first_sentence"]) + 400]
    assert text.endswith(_squash(want["last_sentence"])), text[-300:]
