"""pipelines.fastpagetext.html2txt returns trafilatura's html2txt string and leaves the tree as
it was."""
from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

import pipelines.extraction
from pipelines import fastpagetext

FIXTURES = Path(__file__).parent / "fixtures"
ZW, SHY = "\u200b", "\u00ad"   # zero-width space, soft hyphen: dropped by remove_control_characters

PAGES = [
    # removed elements nested in removed and kept ones, their tails, footer divs by class or id
    """<html><body><div>a<aside>s<footer>f</footer>t1<p>q</p></aside>t2<div class="footer">x
    <p>y</p></div>t3<div id="x" class="site-footer">z</div>t4<div class="k" id="footer">w</div>t5
    </div><script>js</script>after<style>css</style><svg><text>t</text></svg>s<template>tp
    </template>e<fencedframe>ff</fencedframe>end</body></html>""",
    # block elements without whitespace around them (minified), br, hr, inline elements
    "<html><body><div>a<p>b</p>c<br>d<br/>e<hr>f<span>g</span>h<b>i<li>j</li>k</b>"
    "<h1>l</h1><td>m</td><em>n</em>o</div></body></html>",
    # nbsp and other Unicode whitespace (split by str.split)
    "<html><body><p>a&nbsp;&nbsp;b\u2009c\u3000d\u2028e\x85f</p> g &#160; h</body></html>",
    # control characters in text and tails of block and inline elements
    f"<html><body>x{ZW}y<p>a{ZW}b<b>c{ZW}d</b>e{SHY}f<i>g</i></p>h{ZW}i<span>j{SHY}k</span>"
    f"l{ZW}m<div>n<script>s</script>o{ZW}p</div><div><p>q</p><script>s</script>r{ZW}s</div>"
    f"<div><span>t</span><style>s</style>u{ZW}v</div><div><!-- c --><script>s</script>w{ZW}x"
    f"</div><span>y{ZW}z<script>s</script>0{ZW}1</span><div><b>2</b><aside>a</aside>3{SHY}4"
    f"<p>5</p><aside>a</aside><aside>b</aside>6{SHY}7</div>\ufeff8{ZW}</body></html>",
    # cookie banners (class or id, any case), nested, with tails, beside other removed elements
    f"""<html><body><div class="Cookie-Banner">c<p>p</p><span id="cookiebot">b</span></div>tail
    <p>t<span id="CookieConsent-x">z</span>w</p><div class="onetrust x">o<aside>a</aside>
    </div>u<p class="consent">kept</p><div id="cmplz-y">c{ZW}</div>v{ZW}w</body></html>""",
    # cookie banners alone (no control character)
    """<html><body><p>a<span class="x cookie_notice">b</span>c</p><div id="BORLABS-cookie">d
    <p>e</p></div>f<div class="Cookie-Law-Info-Bar">g</div></body></html>""",
    # a comment, a processing instruction, text straight under body
    "<html><body>a<!-- comment -->b<?pi x?>c<div>d<!-- e -->f</div>g</body></html>",
    # the separator of the first pass (a private-use character) in the page itself
    '<html><body><p class="a\ue000b">x\ue000y</p></body></html>',
    # two bodies (the first counts), an empty one, a head with text
    "<html><head><title>T</title></head><body><p>a</p></body><body><p>b</p></body></html>",
    "<html><body></body></html>",
    "<html><body><aside>only removed</aside></body></html>",
]


def _original():
    return sys.modules["trafilatura.baseline"].html2txt


def _same(tree) -> None:
    before = etree.tostring(tree)
    expected = _original()(tree)
    assert fastpagetext.html2txt(tree) == expected
    assert etree.tostring(tree) == before


@pytest.mark.parametrize("page", PAGES)
def test_same_text_as_trafilatura(page):
    _same(lxml_html.fromstring(page))
    _same(pipelines.extraction.load_html(page))
    body = lxml_html.fromstring(page).find(".//body")
    if body is not None:
        _same(body)   # no <body> below it: trafilatura's own function answers


def test_without_body_and_other_inputs():
    _same(lxml_html.fromstring("<div><p>a</p>b<aside>c</aside>d</div>"))
    tree = lxml_html.fromstring(PAGES[0])
    assert fastpagetext.html2txt(tree, clean=False) == _original()(tree, clean=False)
    assert fastpagetext.html2txt(PAGES[1]) == _original()(PAGES[1])


def test_deep_tree():
    tree = lxml_html.fromstring("<html><body><p>a</p></body></html>")
    element = tree.find(".//body")
    for _ in range(5000):
        element = etree.SubElement(element, "div")
        element.text = "x"
    _same(tree)


def test_same_on_the_fixture_pages_and_the_trees_trafilatura_measures(monkeypatch):
    core = sys.modules["trafilatura.core"]
    assert core.html2txt is fastpagetext.html2txt
    measured = []

    def both(content, clean=True):
        measured.append(content)
        _same(content)
        return fastpagetext.html2txt(content, clean)

    monkeypatch.setattr(core, "html2txt", both)
    pages = sorted((FIXTURES / "corpus").rglob("*.html.gz"))
    assert pages
    for path in pages:
        body = gzip.decompress(path.read_bytes())
        _same(pipelines.extraction.load_html(pipelines.extraction.decode_html(body)))
        pipelines.extraction.extract_article(body, "https://example.com/a.html")
    assert measured


def test_installed_only_over_the_expected_functions(monkeypatch):
    core = sys.modules["trafilatura.core"]
    baseline = sys.modules["trafilatura.baseline"]
    monkeypatch.setattr(core, "html2txt", baseline.html2txt)
    monkeypatch.setattr(baseline, "_BLOCK_ELEMS", baseline._BLOCK_ELEMS | {"span"})
    assert fastpagetext.install() is False
    assert core.html2txt is baseline.html2txt
    monkeypatch.undo()
    monkeypatch.setattr(core, "html2txt", baseline.html2txt)
    monkeypatch.setitem(fastpagetext.SOURCES, ("trafilatura.baseline", "html2txt"), "0" * 16)
    assert fastpagetext.install() is False
    monkeypatch.undo()
    monkeypatch.setattr(core, "html2txt", baseline.html2txt)
    assert fastpagetext.install() is True
    assert core.html2txt is fastpagetext.html2txt
