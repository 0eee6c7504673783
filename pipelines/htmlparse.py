"""A decoded page parsed for trafilatura and newsmon's rules: ``load_html``.

trafilatura's own ``load_html`` steps (repair, parse as text then as bytes, refuse a dubious
one-element tree) on a parser with trafilatura's settings but lxml's C-level element class
lookup, so trafilatura takes the tree as is (``pipelines.extraction``). Split from
``pipelines.extraction`` for size; no state.
"""
from __future__ import annotations

import logging
import re

from lxml import etree
from lxml.html import (
    HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, fromstring,
)
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, is_dubious_html

logger = logging.getLogger(__name__)

__all__ = ["load_html"]

#: trafilatura's own parser settings (``trafilatura.utils.HTML_PARSER``) with lxml's C-level class
#: lookup instead of lxml.html's: every element is an ``HtmlElement`` (no ``FormElement``,
#: ``InputElement`` ...: trafilatura and newsmon never use them). lxml.html's lookup is a Python
#: method called each time lxml hands Python an element, ~2,600 times per page; measured on the
#: 181 benchmark pages and the test fixtures (``extract_worker``, one process): 20.3 -> 19.3 ms of
#: CPU per page, the same output on all 198 pages.
_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                     remove_comments=True, remove_pis=True)
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: What libxml2 refuses: those controls and the non-characters U+FFFE, U+FFFF (trafilatura's
#: ``INVALID_XML_CHARS``), looked for one by one first: ``str.__contains__`` is a memchr-like
#: scan, 0.22 ms a page for all of them against 0.62 ms for one regex pass, and most pages have
#: none. (trafilatura's ``repair_faulty_html`` runs that regex pass on every page.)
_INVALID_CHARS = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20),
                                   0xFFFE, 0xFFFF)]


def load_html(html: str) -> HtmlElement | None:
    """The parsed page (``_PARSER``), or None when it is not HTML: ``trafilatura.utils.load_html``'s
    steps for a decoded page (repair, parse as text then as bytes, refuse a dubious one-element
    tree), so trafilatura receives a tree it takes as is. Control characters become spaces (NUL
    and other C0 controls make lxml refuse the string or cut it short)."""
    if any(c in html for c in _INVALID_CHARS):
        html = _CONTROL.sub(" ", html).replace("\ufffe", "").replace("\uffff", "")
    beginning = html[:50].lower()
    html = _repair(html, beginning)
    tree, as_bytes = None, False
    try:
        tree = fromstring(html, parser=_PARSER)
    except ValueError:   # "Unicode strings with encoding declaration are not supported."
        tree, as_bytes = _from_bytes(html), True
    except Exception:  # noqa: BLE001 - lxml refuses some inputs outright
        logger.debug("lxml could not parse the page", exc_info=True)
    if (tree is None or len(tree) < 1) and not as_bytes:
        tree = _from_bytes(html)
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def _repair(html: str, beginning: str) -> str:
    """``trafilatura.utils.repair_faulty_html`` after its pass for invalid characters (done above):
    a DOCTYPE that libxml2 misreads (lxml bug 1955915), a self-closing ``<html/>``."""
    if "doctype" in beginning:
        first, _, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", first, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            return FAULTY_HTML.sub(r"\1>", html, count=1)
    return html


def _from_bytes(html: str) -> HtmlElement | None:
    try:
        return fromstring(html.encode("utf8", "surrogatepass"), parser=_PARSER)
    except Exception:  # noqa: BLE001 - not HTML
        return None


#: A cell with this much text, or one holding a table or paragraphs split by ``<br>``s, is
#: layout, not data: a data table's cells hold a value or a short phrase.
LAYOUT_CELL_CHARS = 400
_LAYOUT_TAGS = {"table": "div", "tbody": "div", "thead": "div", "tfoot": "div", "tr": "div",
                "td": "div", "th": "div"}


def unwrap_layout_tables(tree: HtmlElement) -> int:
    """Turn layout tables (an old page's menu row and body cell) into ``div``s, in place, so
    that the extractor reads the body as text and the menu as link-dense boilerplate instead of
    keeping them as Markdown table rows with the body's paragraphs run together (case 15,
    adbar/trafilatura#890). A table is layout when one of its cells holds a table, at least
    ``LAYOUT_CELL_CHARS`` characters of text, or two ``<br>`` in a row. Data tables are left as
    they are. Returns how many tables were unwrapped."""
    unwrapped = 0
    for table in list(tree.iter("table")):
        own = [e for e in table.iter(*_LAYOUT_TAGS) if e is table or _owner(e) is table]
        if any(_layout_cell(cell) for cell in own if cell.tag in ("td", "th")):
            for element in own:
                element.tag = _LAYOUT_TAGS[element.tag]
            unwrapped += 1
    return unwrapped


def _owner(element: HtmlElement) -> HtmlElement | None:
    """The nearest table around `element` (its own rows' and cells' table)."""
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _layout_cell(cell: HtmlElement) -> bool:
    if cell.find(".//table") is not None:
        return True
    if len(cell.text_content()) >= LAYOUT_CELL_CHARS:
        return True
    return any(br.getnext() is not None and br.getnext().tag == "br"
               and not (br.tail or "").strip() for br in cell.iter("br"))
