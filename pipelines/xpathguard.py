"""trafilatura's XPath expressions with a test in C before each EXSLT regular expression: the same
elements, without a Python call for every element that lacks the attribute tested.

Why: trafilatura's selections (``trafilatura.xpaths``: the body candidates, the discarded
sections) test class and id values with EXSLT ``re:test(@class, '…')``, which lxml runs as a
Python callback for every element the step visits, the attribute present or not (lxml's
``_ExsltRegExp.test``, lxml 6: the empty node-set becomes ``''``). ``guarded_path`` puts a test
that libxml2 answers itself in front of each such call: ``(@class and re:test(@class, '…'))``,
and for a regular expression that is a plain word, ``contains(@class, 'word')``. On the 181
benchmark pages inside ``pipelines.page.analyse``, ``OVERALL_DISCARD_XPATH``'s two expressions
took 0.53 and 0.59 ms a page, 0.40 and 0.35 ms guarded (a throwaway timer around each call, both
forms evaluated on the same subtrees, every result the same list).

Why the result cannot change: for an absent attribute the callback receives ``''``, and a
regular expression that does not match ``''`` answers false, as the guard does without the call;
an expression that matches ``''`` (or an argument this module does not recognise) is left as it
is. A word guard holds only where the word itself is the whole expression, without flags: then
``re:test`` is true exactly where ``contains`` is (for ``@id|@class``, ``re:test`` reads the
first of the two in document order; the guard only lets it be asked when either holds the word).
Element by element on the benchmark pages, the fixtures and crafted cases: tests/test_xpathguard.py.
"""
from __future__ import annotations

import logging
import re
import sys

from lxml import etree

logger = logging.getLogger(__name__)

__all__ = ["ORIGINALS", "guarded_path", "install"]

_EXSLT_RE = "http://exslt.org/regular-expressions"
#: ``re:test(@a, 'regex')``, ``re:test(@a|@b, 'regex', 'flags')``: attributes and literals only.
_CALL = re.compile(r"re:test\(\s*(@[\w-]+(?:\s*\|\s*@[\w-]+)*)\s*,\s*'([^']*)'\s*"
                   r"(?:,\s*'([^']*)'\s*)?\)")
_WORD = re.compile(r"[\w -]+")
#: trafilatura's expressions replaced, by (list name, index): the originals, to compare with.
ORIGINALS: dict[tuple[str, int], etree.XPath] = {}


def _guard(match: re.Match) -> str:
    call, attributes, pattern, flags = match.group(0), match.group(1), match.group(2), match.group(3)
    names = [a.strip() for a in attributes.split("|")]
    try:   # as lxml compiles it (extensions.pxi, _ExsltRegExp._compile)
        compiled = re.compile(pattern, re.UNICODE | (re.IGNORECASE if "i" in (flags or "") else 0))
    except re.error:
        return call
    if compiled.search("") is not None:
        return call
    if not flags and _WORD.fullmatch(pattern):
        test = " or ".join(f"contains({name}, '{pattern}')" for name in names)
    else:
        test = " or ".join(names)
    return f"(({test}) and {call})"


def guarded_path(path: str) -> str:
    """`path` with a test in C before each ``re:test`` whose arguments are attributes and
    literals (see the module docstring); the others as they are."""
    return _CALL.sub(_guard, path)


def install() -> int:
    """Put guarded copies in place of the ``etree.XPath`` objects with ``re:test`` in
    ``trafilatura.xpaths``' lists (the lists themselves: trafilatura's modules hold the same list
    objects); the number replaced. Objects of another kind (``pipelines.fastclean``'s
    ``Prefiltered``, installed first) and expressions that do not compile guarded (logged at
    INFO) stay as they are."""
    xpaths = sys.modules.get("trafilatura.xpaths")
    done = 0
    for name, value in list(vars(xpaths).items()) if xpaths else ():
        if not isinstance(value, list):
            continue
        for index, expression in enumerate(value):
            if type(expression) is not etree.XPath or (name, index) in ORIGINALS:
                continue
            path = guarded_path(expression.path)
            if path == expression.path:
                continue
            try:
                value[index] = etree.XPath(path, namespaces={"re": _EXSLT_RE})
            except etree.XPathError:
                logger.info("trafilatura's %s[%d] does not compile guarded; left in place", name, index)
                continue
            ORIGINALS[(name, index)] = expression
            done += 1
    return done
