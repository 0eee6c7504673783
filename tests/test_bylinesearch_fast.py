"""pipelines.bylinesearch's pre-selections give the answers of the element-by-element searches
they replaced: those are kept here as the reference and compared on crafted pages, the fixture
pages and (when ../shared is there) the 181 benchmark pages."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from pipelines import bylinesearch as bs
from pipelines.authormarkup import in_comments
from pipelines.extraction import decode_html, load_html

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
BENCHMARK = ROOT.parent / "shared" / "corpus" / "article-extraction-benchmark" / "html"

# The selections before the change, as they were written.
_OLD_ANY = etree.XPath("descendant-or-self::*[@class or @id or @itemprop or @rel or @data-testid"
                       " or @data-component or self::author]")
_OLD_CANDIDATES = etree.XPath(
    "//*[self::div or self::p or self::span or self::a or self::address or self::strong][@class]"
    "[contains(@class, 'utor') or contains(@class, 'firma') or contains(@class, 'auteur')"
    " or contains(@class, 'signature') or contains(@class, 'yline')]")


def _old_levels(tree) -> list:
    """(element, level) of every element ``_author_level`` matches, in document order."""
    return [(el, level) for el in _OLD_ANY(tree) if isinstance(el.tag, str)
            for level in [bs._author_level(el, el.tag)] if level is not None]


def _old_byline_elements(tree) -> list:
    return [el for el in _OLD_CANDIDATES(tree) if bs._BYLINE_CLASS.search(el.get("class", ""))
            and not (in_comments(el) or bs.in_teaser(el))]


def _same(tree) -> None:
    candidates = bs._byline_candidates(tree)
    assert len(set(candidates)) == len(candidates)
    new_levels = [(el, level) for el in candidates
                  for level in [bs._author_level(el, el.tag)] if level is not None]
    old_levels = _old_levels(tree)
    assert len(new_levels) == len(old_levels)
    assert all(a is b and x == y for (a, x), (b, y) in zip(new_levels, old_levels))
    new, old = list(bs.byline_elements(tree)), _old_byline_elements(tree)
    assert len(new) == len(old) and all(a is b for a, b in zip(new, old))


PAGES = [
    # every level, an <author> tag among them and before them, nested matches, a discarded region
    """<html><body><author>Ann Author</author><div class="meta"><span class="AuthorName">By Bo
    Byl</span></div><div id="comments"><a rel="author">Cy Commenter</a></div>
    <p class="byline">By Di Line</p><span itemprop="author name">Ed Prop</span>
    <div data-component="Byline"><author class="x">Fay Tag</author></div>
    <h3 class="journalist-name">Gus Journo</h3><div class="post-Author">Hal Two</div>
    <div data-testid="AuthorCard">Ida Card</div><span class="screenname">jo</span></body></html>""",
    # Spanish/French byline classes, case-sensitive pre-selection, a teaser link, wrong tags
    """<html><body><div class="autor-nombre">Por Ana Ruiz</div><p class="Firma">Luis</p>
    <a href="/x"><h3>Other</h3><span class="byline">Not this</span></a>
    <section class="byline">section: no</section><strong class="auteur">Jean</strong>
    <span class="signature_x">Sig</span><div class="comentarios"><p class="autor">c</p></div>
    <address class="BYLINE-top">Upper</address><div class="\nautor\n">newline</div></body></html>""",
    # none at all
    """<html><body><p class="lead" id="x" itemprop="text" rel="nofollow">Only text.</p></body></html>""",
    # the root element itself carries the values
    """<html class="author" id="byline-page"><body><p>x</p></body></html>""",
]


@pytest.mark.parametrize("page", PAGES)
def test_same_as_the_element_by_element_searches(page):
    tree = lxml_html.fromstring(page)
    _same(tree)
    assert bs.byline_search(tree) is not None or "Only text" in page or "byline-page" in page


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html.gz")) if folder.is_dir() else []


def test_same_on_the_fixture_and_benchmark_pages():
    pages = _pages(FIXTURES) + _pages(BENCHMARK)
    assert pages
    for path in pages:
        tree = load_html(decode_html(gzip.decompress(path.read_bytes())))
        if tree is not None:
            _same(tree)
