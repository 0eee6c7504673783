"""pipelines.fastprune leaves the tree trafilatura's own functions leave, and trafilatura's text of a
page is the same with and without it."""
from __future__ import annotations

import gzip
import sys
from copy import deepcopy
from pathlib import Path

import pytest
import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.htmlprocessing import prune_unwanted_nodes as trafilatura_prune
from trafilatura.xpaths import OVERALL_DISCARD_XPATH

import pipelines.extraction  # noqa: F401 - installs the replacements, as a worker does
from pipelines import fastprune
from pipelines.extraction import EXTRACTION_SETTINGS, decode_html, load_html

CORPUS = Path(__file__).parent / "fixtures" / "corpus"

PAGES = [
    # matches nested in matches, side by side with tails, and under kept elements
    """<html><body><div class="share">a<div class="share">b<span class="share">c</span>t1</div>
    t2</div>tail<p>Text of the article, long enough to be kept as it is written here.</p>
    <div class="related">r</div>t3<div class="related">s</div>t4<section><div id="footer">
    <p>f</p><div class="social">g</div></div></section><p>More of the article text here.</p>
    </body></html>""",
    # the page uses the marking attribute itself
    f"""<html><body><div class="share" {fastprune.MARK}="x"><div class="share">b</div></div>
    <p>Text of the article that stays.</p><div class="related">r</div></body></html>""",
    # matches holding most of the text: nothing is pruned
    """<html><body><div class="related"><p>Nearly all of the page's text is in here, in a box
    that the expressions match.</p></div><p>x</p></body></html>""",
    """<html><body><p>No match at all.</p></body></html>""",
]


def _fixture_trees():
    pages = sorted(CORPUS.rglob("*.html.gz"))
    assert pages
    return [load_html(decode_html(gzip.decompress(p.read_bytes()))) for p in pages]


def _pruned(prune, tree):
    return etree.tostring(prune(tree, OVERALL_DISCARD_XPATH, with_backup=True), encoding="unicode")


def _same_pruning(tree) -> None:
    for node in [tree, *tree.iter("div", "section", "main", "article")]:
        ours, theirs = deepcopy(node), deepcopy(node)
        assert _pruned(fastprune.prune_unwanted_nodes, ours) == _pruned(trafilatura_prune, theirs)


@pytest.mark.parametrize("page", PAGES)
def test_prunes_what_trafilatura_prunes(page):
    tree = lxml_html.fromstring(page)
    _same_pruning(tree)
    assert fastprune.MARK not in _pruned(fastprune.prune_unwanted_nodes, deepcopy(tree)).replace(
        f'{fastprune.MARK}="x"', "")   # no mark of ours is left behind


def test_outermost_matches_in_trafilaturas_order():
    tree = lxml_html.fromstring(PAGES[0])
    body = tree.find("body")
    matches = dict.fromkeys(e for x in reversed(OVERALL_DISCARD_XPATH) for e in x(body))
    expected = [e for e in matches if not any(a in matches for a in e.iterancestors())]
    assert len(matches) > len(expected) > 1
    assert fastprune.outermost(matches, body) == expected


def test_prunes_the_fixture_pages_as_trafilatura_does():
    for tree in _fixture_trees():
        _same_pruning(tree)


def test_backup_copy_only_when_the_options_read_it():
    tree = lxml_html.fromstring(PAGES[0])
    fast = trafilatura.settings.Extractor(fast=True, comments=False)
    full = trafilatura.settings.Extractor(fast=False, comments=False)
    cleaned, backup = fastprune.prepare_tree(tree, fast, None)
    assert backup is None and cleaned is not tree
    cleaned, backup = fastprune.prepare_tree(tree, full, None)
    assert backup is not None and backup is not cleaned


def test_trafilatura_gives_the_same_text(monkeypatch):
    texts = []
    for installed in (True, False):
        if not installed:
            assert len(fastprune.ORIGINALS) == len(fastprune.REPLACED)
            for (caller, called), original in fastprune.ORIGINALS.items():
                monkeypatch.setattr(sys.modules[caller], called, original)
        texts.append([
            (doc.text if doc is not None else None)
            for tree in _fixture_trees()
            for settings in (EXTRACTION_SETTINGS, {**EXTRACTION_SETTINGS, "fast": False})
            for doc in [trafilatura.bare_extraction(tree, **settings)]])
    assert texts[0] == texts[1] and any(texts[0])


def test_installed_only_over_the_expected_functions(monkeypatch):
    extractor = sys.modules["trafilatura.main_extractor"]
    assert sys.modules["trafilatura.core"]._prepare_tree is fastprune.prepare_tree
    assert extractor.prune_unwanted_nodes is fastprune.prune_unwanted_nodes
    assert fastprune.install() is True

    def other(tree, nodelist, with_backup=False):   # another trafilatura's function
        return tree

    monkeypatch.setattr(sys.modules["trafilatura.htmlprocessing"], "prune_unwanted_nodes", other)
    monkeypatch.setattr(extractor, "prune_unwanted_nodes", other)
    assert fastprune.install() is False
    assert extractor.prune_unwanted_nodes is other


def test_text_in_place_is_bare_extractions_text_without_the_copy():
    """The text trafilatura gives a page handed over whole is the text it gives a copy of it;
    what changes is the tree: a comment section is gone from it afterwards."""
    for settings in (EXTRACTION_SETTINGS, {**EXTRACTION_SETTINGS, "fast": False}):
        for tree in _fixture_trees():
            doc = trafilatura.bare_extraction(deepcopy(tree), **settings)
            assert fastprune.text_in_place(tree, None, settings) == (
                (doc.text or "").strip() if doc is not None else "")
    page = lxml_html.fromstring(
        "<html><body><article><h1>Title</h1>" + "<p>A paragraph of the story itself, long enough "
        "to be kept by the extractor.</p>" * 6 + "</article><div id='comments'><p>Jane said on "
        "5 March 2019: first!</p></div></body></html>")
    text = fastprune.text_in_place(page, "https://example.com/a", EXTRACTION_SETTINGS)
    assert "A paragraph of the story" in text and "first!" not in text
    assert "first!" not in page.text_content()   # another commenter's date is no longer read


def test_text_in_place_refuses_options_it_does_not_map():
    with pytest.raises(KeyError):
        fastprune.text_in_place(lxml_html.fromstring(PAGES[0]), None, {"favor_recall": True})
