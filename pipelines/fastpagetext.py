"""trafilatura's page-text measure (``baseline.html2txt`` on a tree) computed by libxslt, without
copying the tree or a Python call per element: the same string, for about a third of the CPU.
``install`` puts ``html2txt`` in place of trafilatura's in ``trafilatura.core``, its one caller
there.

Why: with ``fast`` and its default "balanced" focus, trafilatura measures the whole page's text
(``len(html2txt(tree))``) whenever the text it extracted is under 3,000 characters, to decide on
a retry in recall mode (``core.trafilatura_sequence``, stage 4): 83 of the 181 benchmark pages.
trafilatura copies the tree, deletes the elements of ``BASIC_CLEAN_XPATH`` (keeping their tails)
and walks the block elements in Python to space them: 2.6-3.2 ms of CPU per call, against
1.0 ms here (0.6 ms on the 71 of those 83 trees that need one pass; ``python bench/pagetext.py``,
medians of 7 rounds on the 83 trees, two runs on a loaded machine).

How: the text of ``html2txt`` is, in document order, the text nodes below the first ``<body>``
outside the removed elements (a removed element's tail is the text node after it, so it stays in
place), with a space before and after each block element (``_BLOCK_ELEMS``), whitespace runs
then collapsed by ``" ".join(text.split())``. An XSLT stylesheet with output method "text" writes
exactly that sequence (``_stylesheet``). Two details of trafilatura's are kept on the few pages
that need them:

- the cookie-banner part of ``BASIC_CLEAN_XPATH`` (a regular expression on class and id): the
  first pass also writes every class and id value; when one may match
  (``fastclean.may_match``), the matching elements are renamed ``template`` (a removed element)
  for a second pass and given their names back at once;
- ``remove_control_characters`` (drops non-printable characters other than whitespace, e.g.
  soft hyphens and zero-width spaces), which trafilatura applies only to the text and tail of
  block elements, after a deleted element's tail was joined to the text before it: when the
  text holds such characters, a second pass marks each run of text nodes with its "owner" (the
  nearest preceding sibling element, comment or instruction not removed, or else the parent),
  and the characters are dropped from the runs a block element owns (``_drop_controls``).

Anything else (not an lxml HTML tree, ``clean=False``, no ``<body>``, a page holding one of the
private-use characters used as marks here, an XSLT error) goes to trafilatura's own function.

The result is trafilatura's string: compared on 1,789 trees (the 181 benchmark pages, trafilatura's
990 evaluation pages and the 33 test fixture pages: each whole parsed page and each of the 585
trees stage 4 measured; ``python bench/pagetext.py --trafilatura TRAFILATURA_TESTS``) and in
tests/test_fastpagetext.py (fixtures, crafted cases). ``install`` does nothing when the
source of any trafilatura function reproduced here differs from the one read (another trafilatura
version), so the worst an upgrade does is cost the CPU again.
"""
from __future__ import annotations

import hashlib
import inspect
import logging
import re
import sys

from lxml import etree
from lxml.html import HtmlElement

from pipelines import fastclean

logger = logging.getLogger(__name__)

__all__ = ["html2txt", "install"]

#: trafilatura 2.3.1's ``baseline._BLOCK_ELEMS``.
BLOCK_ELEMS = frozenset((
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
))
#: ``BASIC_CLEAN_XPATH``'s plain part (``fastclean.PLAIN_PART``) as an XSLT pattern.
_REMOVED = fastclean.PLAIN_PART.replace(".//", "")
#: Between the class and id values and the text in the first pass's output (a private-use
#: character: a page that holds one is left to trafilatura's function).
_SEP = "\ue000"
#: In the output of the pass that drops control characters, before each run of text nodes whose
#: owner is a block element and before each other run (private-use characters too).
_BLOCK_OWNED, _OTHER_OWNED = "\ue001", "\ue002"
_NO_MARKS = dict.fromkeys((ord(_BLOCK_OWNED), ord(_OTHER_OWNED)))


def _stylesheet(first: bool, owners: bool) -> etree.XSLT:
    """The text below a ``<body>``, removed elements left out, a space on each side of a block
    element. `first`: applied to the page's tree, of its first ``<body>`` (``.//body``), after
    every class and id value below that ``<body>`` (one a line) and ``_SEP``; nothing at all
    without a ``<body>``. Else applied to the ``<body>``. With `owners`, each run of text nodes
    with the same owner (see the module docstring) is preceded by ``_BLOCK_OWNED`` when the owner
    is a block element, by ``_OTHER_OWNED`` when not: the start and end of an element that is not
    removed, a comment or a processing instruction begin a run; a removed element does not."""
    start = '<xsl:apply-templates select="*/node()"/>'
    if first:
        start = ('<xsl:for-each select="*/descendant::body[1]">'
                 '<xsl:for-each select="descendant::*/@class | descendant::*/@id">'
                 '<xsl:value-of select="."/><xsl:text>&#10;</xsl:text></xsl:for-each>'
                 f'<xsl:text>{_SEP}</xsl:text><xsl:apply-templates/></xsl:for-each>')
    block = other = owned = ""
    if owners:
        block, other = _BLOCK_OWNED, _OTHER_OWNED
        owned = f"""
<xsl:template match="*">
  <xsl:text>{other}</xsl:text><xsl:apply-templates/><xsl:text>{other}</xsl:text></xsl:template>
<xsl:template match="comment()|processing-instruction()">
  <xsl:text>{other}</xsl:text></xsl:template>"""
    return etree.XSLT(etree.XML(f"""\
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/"><xsl:text>{other}</xsl:text>{start}</xsl:template>
<xsl:template match="{_REMOVED}" priority="2"/>
<xsl:template match="{'|'.join(sorted(BLOCK_ELEMS))}" priority="1">
  <xsl:text>{block} </xsl:text><xsl:apply-templates/><xsl:text>{block} </xsl:text>
</xsl:template>{owned}
</xsl:stylesheet>"""))


_FIRST = _stylesheet(first=True, owners=False)
_PLAIN = _stylesheet(first=False, owners=False)
_OWNERS = _stylesheet(first=False, owners=True)

#: The functions whose behaviour ``html2txt`` reproduces, and the sha256 of their source in
#: trafilatura 2.3.1 (first 16 hex digits).
SOURCES = {
    ("trafilatura.baseline", "html2txt"): "a8c97eab2097c57d",
    ("trafilatura.baseline", "_spaced_text"): "d04314f988c6afae",
    ("trafilatura.baseline", "basic_cleaning"): "80877b2ccdefda2d",
    ("trafilatura.xml", "delete_element"): "76e448c154eb43ba",
    ("trafilatura.utils", "remove_control_characters"): "26cbe32b70e70e35",
    ("trafilatura.utils", "return_printables_and_spaces"): "288779372242f2ae",
    ("trafilatura.utils", "load_html"): "bc0039c89805dea3",
}

_original = None


def _controls_in(text: str) -> str:
    """The characters of `text` (whitespace already collapsed to single spaces) that
    ``remove_control_characters`` drops, each once, or "" (most pages)."""
    if text.isprintable():
        return ""
    found = set()
    for word in text.split(" "):
        if not word.isprintable():
            found.update(c for c in word if not c.isprintable())
    return "".join(sorted(found))


def _drop_controls(marked: str, controls: str) -> str:
    """`marked` (``_OWNERS``'s output) without its marks and without the characters of
    `controls` in the runs a block element owns."""
    table = dict.fromkeys(map(ord, controls))
    marks = _BLOCK_OWNED + _OTHER_OWNED
    runs = re.compile(f"{_BLOCK_OWNED}[^{marks}]*?[{re.escape(controls)}][^{marks}]*")
    return runs.sub(lambda run: run.group().translate(table), marked).translate(_NO_MARKS)


def html2txt(content, clean: bool = True) -> str:
    """``trafilatura.baseline.html2txt(content, clean)``: the text of the page's first
    ``<body>`` without the ``BASIC_CLEAN_XPATH`` elements, whitespace collapsed; ``content`` is
    left untouched (see the module docstring: two renames undone before returning)."""
    if not clean or not isinstance(content, HtmlElement) or _original is None:
        return (_original or sys.modules["trafilatura.baseline"].html2txt)(content, clean)
    try:
        first = str(_FIRST(content))
        if first.count(_SEP) != 1:   # no <body>, or the character in the page itself
            return _original(content, clean)
        values, _, text = first.partition(_SEP)
        text = " ".join(text.split())
        controls = _controls_in(text)
        if _BLOCK_OWNED in controls or _OTHER_OWNED in controls:
            return _original(content, clean)   # the page holds the marks
        body = content.find(".//body") if controls or fastclean.may_match(values) else None
        consent = fastclean.consent_elements(body) if body is not None and \
            fastclean.CONSENT.search(values) else []
        if not consent and not controls:
            return text
        tags = [el.tag for el in consent]
        try:
            for el in consent:
                el.tag = "template"
            if controls:
                text = _drop_controls(str(_OWNERS(body)), controls)
            else:
                text = str(_PLAIN(body))
        finally:
            for el, tag in zip(consent, tags):
                el.tag = tag
        return " ".join(text.split())
    except etree.XSLTApplyError:
        logger.debug("page text by XSLT failed; trafilatura's html2txt instead", exc_info=True)
        return _original(content, clean)


def _digest(module: str, name: str) -> str:
    try:
        source = inspect.getsource(getattr(sys.modules[module], name))
    except (KeyError, AttributeError, OSError, TypeError):
        return ""
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def install() -> bool:
    """Use ``html2txt`` where ``trafilatura.core`` calls ``html2txt``; True when in place. Left
    as trafilatura has it (and False returned) when a reproduced function's source, the block
    elements or ``BASIC_CLEAN_XPATH`` (``fastclean.install`` must have run) are not the ones
    read here."""
    global _original
    core = sys.modules.get("trafilatura.core")
    baseline = sys.modules.get("trafilatura.baseline")
    if core is None or baseline is None:
        return False
    if getattr(core, "html2txt", None) is html2txt:
        return True
    changed = [f"{m}.{n}" for (m, n), digest in SOURCES.items() if _digest(m, n) != digest]
    if getattr(baseline, "_BLOCK_ELEMS", None) != BLOCK_ELEMS:
        changed.append("trafilatura.baseline._BLOCK_ELEMS")
    if getattr(baseline, "BASIC_CLEAN_XPATH", None) is not fastclean.basic_clean_elements:
        changed.append("trafilatura.baseline.BASIC_CLEAN_XPATH")
    if getattr(core, "html2txt", None) is not baseline.html2txt:
        changed.append("trafilatura.core.html2txt")
    if changed:
        logger.info("trafilatura's %s not the expected ones; html2txt left in place",
                    ", ".join(changed))
        return False
    _original = baseline.html2txt
    core.html2txt = html2txt
    return True
