"""pipelines.xpathguard's expressions select what trafilatura's own select, in the same order."""
from __future__ import annotations

import gzip
from copy import deepcopy
from itertools import islice
from pathlib import Path

import pytest
import trafilatura.xpaths
from lxml import html as lxml_html
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.settings import Extractor

import pipelines.extraction  # noqa: F401 - installs the guards, as a worker does
from pipelines import xpathguard
from pipelines.extraction import decode_html, load_html

CORPUS = Path(__file__).parent / "fixtures" / "corpus"

PAGES = [
    # id before class and class before id (re:test(@id|@class) reads the first of the two),
    # empty values, the word in one attribute and not the other, nested matches
    """<html><body><div id="main" class="cookie-box"><p>a</p></div>
    <div class="cookie-box" id="main"><p>b</p></div><div id="" class=""><p>c</p></div>
    <div id="Cookie"><span class="share-links">d</span></div><section class="sidebar nav">
    <div class="post-content"><p id="hidden-x" style="color: red">e</p></div></section>
    <p style="visibility: hidden">f</p><div class="article-body"><p>Text.</p></div>
    <div role="Navigation">g</div><div data-component="MostPopularStories">h</div>
    <div class="comments-title">i</div><div class=" hide">j</div><p aria-hidden="true">k</p>
    <article class="Fulltext"><div id="primary">l</div><div class="FULLTEXT x">m</div></article>
    </body></html>""",
    """<html><body><p>No attributes at all.</p><div><span>x</span></div></body></html>""",
]


def _trees(html: str, divisions: int | None = None):
    """The raw tree and trafilatura's cleaned, converted tree of the page (what its body and
    discard expressions run on), and their first `divisions` divisions (all: None)."""
    raw = lxml_html.fromstring(html) if isinstance(html, str) else html
    options = Extractor(output_format="python", fast=True)
    converted = convert_tags(tree_cleaning(deepcopy(raw), options), options)
    for tree in (raw, converted):
        yield tree
        yield from islice(tree.iter("div", "section", "article", "main"), divisions)


def _same(tree) -> None:
    assert xpathguard.ORIGINALS
    for (name, index), original in xpathguard.ORIGINALS.items():
        guarded = getattr(trafilatura.xpaths, name)[index]
        expected, got = original(tree), guarded(tree)
        assert len(got) == len(expected) and all(a is b for a, b in zip(got, expected)), (name, index)


@pytest.mark.parametrize("page", PAGES)
def test_selects_what_trafilatura_selects(page):
    for tree in _trees(page):
        _same(tree)


def test_same_on_the_fixture_pages():
    pages = sorted(CORPUS.rglob("*.html.gz"))
    assert pages
    for path in pages:
        html = load_html(decode_html(gzip.decompress(path.read_bytes())))
        for tree in _trees(html, divisions=10):
            _same(tree)


def test_the_guard_each_call_gets():
    assert xpathguard.guarded_path("re:test(@class, 'x|y')") == "((@class) and re:test(@class, 'x|y'))"
    assert xpathguard.guarded_path("re:test(@id|@style, 'hidden')") == (
        "((contains(@id, 'hidden') or contains(@style, 'hidden')) and re:test(@id|@style, 'hidden'))")
    # a flag: the attribute's presence only (contains() knows no case)
    assert xpathguard.guarded_path("re:test(@class, 'fulltext', 'i')") == (
        "((@class) and re:test(@class, 'fulltext', 'i'))")
    # an expression that matches "" answers true for an absent attribute: left as it is
    for path in ("re:test(@class, 'a|')", "re:test(@id, '^')", "re:test(@id, 'x*')",
                 "re:test(string(@id), 'x')", "re:test(@id, '(')"):
        assert xpathguard.guarded_path(path) == path


def test_installed_once_in_trafilaturas_lists():
    assert ("OVERALL_DISCARD_XPATH", 0) in xpathguard.ORIGINALS
    assert ("BODY_XPATH", 0) in xpathguard.ORIGINALS
    assert "(@class) and re:test(@class" in trafilatura.xpaths.BODY_XPATH[0].path
    before = list(trafilatura.xpaths.BODY_XPATH)
    assert xpathguard.install() == 0
    assert all(a is b for a, b in zip(trafilatura.xpaths.BODY_XPATH, before))
    # fastclean's prefiltered expressions are another kind of object: left to fastclean
    assert ("REMOVE_COMMENTS_AND_LISTS_XPATH", 0) not in xpathguard.ORIGINALS
