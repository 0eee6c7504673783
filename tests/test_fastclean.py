"""pipelines.fastclean selects what trafilatura's BASIC_CLEAN_XPATH selects, in the same order."""
from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html
from trafilatura.settings import BASIC_CLEAN_XPATH

import pipelines.extraction  # noqa: F401 - installs the replacement, as a worker does
from pipelines import fastclean

CORPUS = Path(__file__).parent / "fixtures" / "corpus"

PAGES = [
    # cookie banners by class or id, in any case, nested in removed and kept elements
    """<html><body><div class="Cookie-Banner"><p>We use cookies</p><div id="x">
    <span class="cookiebot">b</span></div></div><p>Text</p>tail<div id="CMPLZ-box">c</div>
    <aside>side</aside><div class="site-footer">f</div><div id="footer" class="x">g</div>
    <div class="x" id="footer">h</div><section class="notice__cookie">n</section>
    <script>s</script><footer>ff</footer><p class="consent">kept: no banner word after it</p>
    </body></html>""",
    # the letters IGNORECASE folds to ASCII ones: Kelvin sign, long s, dotless and dotted i
    """<html><body><div class="coo\u212aie-bar">k</div><div id="con\u017fent-banner">s</div>
    <div class="cook\u0131e-law">i</div><div class="cook\u0130e-notice">I</div>
    <div class="onetrust-x">o</div><div class="MOOVE_GDPR">m</div><p>text</p></body></html>""",
    # a value with a newline in it, and no match at all
    """<html><body><div class="a\nborlabs b">x</div><p class="cookie">y</p></body></html>""",
    """<html><body><p class="article">Only text.</p></body></html>""",
]


def _same(tree) -> None:
    expected = BASIC_CLEAN_XPATH(tree)
    got = fastclean.basic_clean_elements(tree)
    assert len(got) == len(expected) and all(a is b for a, b in zip(got, expected))


@pytest.mark.parametrize("page", PAGES)
def test_selects_trafilaturas_elements_in_order(page):
    tree = lxml_html.fromstring(page)
    _same(tree)
    _same(tree.find(".//body"))


def test_same_on_the_fixture_pages():
    pages = sorted(CORPUS.rglob("*.html.gz"))
    assert pages
    for path in pages:
        tree = pipelines.extraction.load_html(
            pipelines.extraction.decode_html(gzip.decompress(path.read_bytes())))
        _same(tree)


def test_installed_only_over_the_expected_expression(monkeypatch):
    baseline = sys.modules["trafilatura.baseline"]
    assert baseline.BASIC_CLEAN_XPATH is fastclean.basic_clean_elements
    monkeypatch.setattr(baseline, "BASIC_CLEAN_XPATH", lxml_html.etree.XPath("//aside"))
    assert fastclean.install() is False
    assert baseline.BASIC_CLEAN_XPATH.path == "//aside"
    monkeypatch.setattr(baseline, "BASIC_CLEAN_XPATH", BASIC_CLEAN_XPATH)
    assert fastclean.install() is True


PRUNE_PAGES = [
    """<html><body><div id="comments"><p>c</p></div><ul class="commentlist"><li>x</li></ul>
    <ol id="Comment-3"><li>y</li></ol><section class="post-comments">z</section>
    <div class="commentary">kept</div><div id="no-comments-here">kept</div>
    <div class="x"><div id="disqus_thread">d</div></div><details class="comment-box">e</details>
    <p id="comments">a paragraph is kept</p></body></html>""",
    """<html><body><div class="mvp-post-add-box"><h1>Next</h1></div>
    <section id="infinite-scroll"><h1>Title</h1><p>kept: holds the h1</p></section>
    <aside class="infinitescroll"><p>gone</p></aside><div class="infinite"><p>kept</p></div>
    </body></html>""",
    """<html><body><div class="elementor-share-buttons x"><p>gone</p></div>
    <p class="elementor-share-buttons">kept: a paragraph</p></body></html>""",
    """<html><body><p class="a">no match at all</p></body></html>""",
]


@pytest.mark.parametrize("page", PRUNE_PAGES)
def test_prefiltered_select_trafilaturas_elements(page):
    tree = lxml_html.fromstring(page)
    for (name, index, _digest), _words in fastclean.PREFILTERS.items():
        fast = getattr(sys.modules["trafilatura.xpaths"], name)[index]
        assert isinstance(fast, fastclean.Prefiltered)
        original = lxml_html.etree.XPath(fast.path,
                                         namespaces={"re": "http://exslt.org/regular-expressions"})
        got, expected = fast(tree), original(tree)   # both held: proxies stay the same objects
        assert len(got) == len(expected) and all(a is b for a, b in zip(got, expected))
    assert any(fast(tree) for fast in (
        getattr(sys.modules["trafilatura.xpaths"], name)[index]
        for name, index, _ in fastclean.PREFILTERS)) == ("no match" not in page)


@pytest.mark.parametrize("page", PRUNE_PAGES)
def test_known_values_answer_for_the_tree_they_were_read_from(page):
    """Within ``known_values`` the prefiltered expressions select what they select without it,
    on the tree whose values were read; before an element is removed and after."""
    tree = lxml_html.fromstring(page)
    expressions = [getattr(sys.modules["trafilatura.xpaths"], name)[index]
                   for name, index, _ in fastclean.PREFILTERS]
    expected = [expression(tree) for expression in expressions]
    values = fastclean.class_id_values(tree)
    with fastclean.known_values(tree, values):
        got = [expression(tree) for expression in expressions]
        assert got == expected
        for matches in expected:
            for element in matches:
                if element.getparent() is not None:
                    element.getparent().remove(element)
        assert [expression(tree) for expression in expressions] == [[] for _ in expressions]
    # values that lack a word answer [] for that tree only, and only within the block
    other = lxml_html.fromstring(page)
    with fastclean.known_values(tree, ""):
        assert [expression(other) for expression in expressions] == [
            expression(other) for expression in expressions]
        assert all(expression(tree) == [] for expression in expressions)
    assert fastclean._KNOWN is None


def test_class_id_values_read_references_as_letters():
    tree = lxml_html.fromstring('<html class="top"><body><div id="rel&#97;tes" class="a b">'
                                '<span class="hover&#x2d;card">x</span></div></body></html>')
    assert fastclean.class_id_values(tree).split("\n") == ["top", "relates", "a b", "hover-card"]
