"""trafilatura's page-text measure (``baseline.html2txt`` on a tree) computed by libxslt, without
copying the tree or a Python call per element: the same string, for about a fifth of the CPU.
``install`` puts ``html2txt`` in place of trafilatura's in ``trafilatura.core``, its one caller
there.

Why: with ``fast`` and its default "balanced" focus, trafilatura measures the whole page's text
(``len(html2txt(tree))``) whenever the text it extracted is under 3,000 characters, to decide on
a retry in recall mode (``core.trafilatura_sequence``, stage 4): 83 of the 181 benchmark pages.
trafilatura copies the tree, deletes the elements of ``BASIC_CLEAN_XPATH`` (keeping their tails)
and walks the block elements in Python to space them: 3.2 ms of CPU per call.

How: the text of ``html2txt`` is, in document order, the text nodes below the first ``<body>``
outside the removed elements (a removed element's tail is the text node after it, so it stays in
place), with a space before and after each block element (``_BLOCK_ELEMS``), whitespace runs
then collapsed by ``" ".join(text.split())``. An XSLT stylesheet with output method "text" writes
exactly that sequence (``_stylesheet``). Two details of trafilatura's are kept on the few pages
that need them:

- the cookie-banner part of ``BASIC_CLEAN_XPATH`` (a regular expression on class and id): the
  first pass also writes every class and id value; when one may match
  (``fastclean._may_match``), the matching elements are renamed ``template`` (a removed element)
  for a second pass and given their names back at once;
- ``remove_control_characters`` (drops non-printable characters other than whitespace, e.g.
  soft hyphens and zero-width spaces), which trafilatura applies only to the text and tail of
  block elements, after a deleted element's tail was joined to the text before it: when the
  text holds such characters, a second pass drops them from the text nodes whose "owner" is a
  block element (the nearest preceding sibling element, comment or instruction not removed, or
  else the parent).

Anything else (not an lxml HTML tree, ``clean=False``, no ``<body>``, an XSLT error such as too
deep a tree) goes to trafilatura's own function.

The result is trafilatura's string: compared on 2,400 trees (the 181 benchmark pages, trafilatura's
990 evaluation pages and the test fixtures, the whole parsed page and each tree stage 4 measures)
and in tests/test_fastpagetext.py (fixtures, crafted cases). ``install`` does nothing when the
source of any trafilatura function reproduced here differs from the one read (another trafilatura
version), so the worst an upgrade does is cost the CPU again.
"""
from __future__ import annotations

import hashlib
import inspect
import logging
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
#: ``BASIC_CLEAN_XPATH``'s plain part (``fastclean._PLAIN_PART``) as an XSLT pattern.
_REMOVED = fastclean._PLAIN_PART.replace(".//", "")
_REMOVED_TEST = " or ".join("self::" + step for step in (
    "aside", "div[contains(@class|@id, 'footer')]", "fencedframe", "footer", "script", "style",
    "svg", "template"))
_BLOCK_TEST = " or ".join(f"self::{name}" for name in sorted(BLOCK_ELEMS))
#: Between the class and id values and the text in the first pass's output (a private-use
#: character: a page that holds one is left to trafilatura's function).
_SEP = "\ue000"


def _stylesheet(first: bool, controls: bool) -> etree.XSLT:
    """The text below a ``<body>``, removed elements left out, a space on each side of a block
    element. `first`: applied to the page's tree, of its first ``<body>`` (``.//body``), after
    every class and id value below that ``<body>`` (one a line) and ``_SEP``; nothing at all
    without a ``<body>``. Else applied to the ``<body>``. With `controls`, the characters of the
    ``$controls`` parameter are dropped from the text nodes trafilatura cleans (see the module
    docstring)."""
    start = '<xsl:apply-templates select="*/node()"/>'
    if first:
        start = ('<xsl:for-each select="*/descendant::body[1]">'
                 '<xsl:for-each select="descendant::*/@class | descendant::*/@id">'
                 '<xsl:value-of select="."/><xsl:text>&#10;</xsl:text></xsl:for-each>'
                 f'<xsl:text>{_SEP}</xsl:text><xsl:apply-templates/></xsl:for-each>')
    text = ""
    if controls:
        owner = f"preceding-sibling::node()[not(self::text())][not({_REMOVED_TEST})][1]"
        text = f"""
<xsl:param name="controls" select="''"/>
<xsl:template match="text()">
  <xsl:choose>
    <xsl:when test="translate(., $controls, '') = ."><xsl:value-of select="."/></xsl:when>
    <xsl:otherwise><xsl:variable name="owner" select="{owner}"/><xsl:choose>
      <xsl:when test="($owner and $owner[{_BLOCK_TEST}]) or (not($owner) and parent::*[{_BLOCK_TEST}])">
        <xsl:value-of select="translate(., $controls, '')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
    </xsl:choose></xsl:otherwise>
  </xsl:choose>
</xsl:template>"""
    return etree.XSLT(etree.XML(f"""\
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/">{start}</xsl:template>
<xsl:template match="{_REMOVED}" priority="2"/>
<xsl:template match="{'|'.join(sorted(BLOCK_ELEMS))}" priority="1">
  <xsl:text> </xsl:text><xsl:apply-templates/><xsl:text> </xsl:text></xsl:template>{text}
</xsl:stylesheet>"""))


_FIRST = _stylesheet(first=True, controls=False)
_PLAIN = _stylesheet(first=False, controls=False)
_CONTROLS = _stylesheet(first=False, controls=True)

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
        body = consent = None
        if fastclean._may_match(values) and fastclean._CONSENT.search(values):
            body = content.find(".//body")
            consent = fastclean.consent_elements(body)
        if not consent and not controls:
            return text
        if body is None:
            body = content.find(".//body")
        consent = consent or []
        tags = [el.tag for el in consent]
        try:
            for el in consent:
                el.tag = "template"
            if controls:
                text = str(_CONTROLS(body, controls=etree.XSLT.strparam(controls)))
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
