"""trafilatura's ``basic_cleaning`` selection (``BASIC_CLEAN_XPATH``) and its two dearest
pruning XPaths (``PREFILTERS``) without a Python call per element: the same elements, in the
same order, for a third to a half of the CPU. ``install`` puts them in place of trafilatura's
in ``trafilatura.baseline`` and ``trafilatura.xpaths``, where trafilatura reads them.

Why: with ``fast`` and its default "balanced" focus, trafilatura measures the whole page's text
(``baseline.html2txt``, which runs ``basic_cleaning`` on a copy of the tree) whenever the text it
extracted is under 3,000 characters, to decide on a retry in recall mode: 83 of the 181
benchmark pages (that measure is now ``pipelines.fastpagetext``, which takes the cookie banners
from ``consent_elements``; ``basic_cleaning`` still runs in trafilatura's ``baseline``, stage 3,
on short extractions). Its XPath tests a regular expression (cookie banners) on the class and id of
every element through EXSLT ``re:test``, which lxml runs as a Python callback per element:
1.9 ms of CPU per page on average in ``analyse`` (``python bench/worker_steps.py --profile``),
4.9 ms on a whole raw page. Here lxml collects all class and id values in C; one substring
test over them all shows whether any holds a word the expression needs (most pages: none),
and only then is the expression's regex run, value by value; the elements are merged with the
plain part's in document order by libxml2.

The result is trafilatura's own list: compared element by element on 2,406 trees (the 181
benchmark pages, trafilatura's 990 evaluation pages and the test fixtures, whole and from
``<body>``) and in tests/test_fastclean.py (fixtures, crafted cases); ``install`` does nothing
when trafilatura's expression
is not the one re-implemented here (another trafilatura version), so the worst an upgrade does
is cost the CPU again.
"""
from __future__ import annotations

import hashlib
import logging
import re
import sys
from contextlib import contextmanager

from lxml import etree

logger = logging.getLogger(__name__)

__all__ = ["CONSENT", "PLAIN_PART", "Prefiltered", "basic_clean_elements", "class_id_values",
           "consent_elements", "install", "known_values", "may_match"]

#: trafilatura 2.3.1's ``settings._COOKIE_CONSENT_RE`` and ``BASIC_CLEAN_XPATH``, as written there.
COOKIE_CONSENT_RE = (
    "cookie[-_]?(?:banner|bar|consent|law|notice|policy|description)|notice[-_]{0,2}cookie"
    "|consent[-_]?(?:banner|manager|sdk)|borlabs|cookiebot|cmplz|onetrust|moove[-_]?gdpr"
)
#: The expression's part without a regular expression (``pipelines.fastpagetext`` reads it too).
PLAIN_PART = (".//aside|.//div[contains(@class|@id, 'footer')]|.//fencedframe|.//footer"
              "|.//script|.//style|.//svg|.//template")
TRAFILATURA_PATH = (PLAIN_PART + f"|.//*[re:test(@class, '{COOKIE_CONSENT_RE}', 'i') or "
                    f"re:test(@id, '{COOKIE_CONSENT_RE}', 'i')]")

_PLAIN = etree.XPath(PLAIN_PART)
#: lxml's ``re:test`` compiles with re.UNICODE | re.IGNORECASE and searches the attribute's
#: value ("" when absent, which this expression never matches).
CONSENT = re.compile(COOKIE_CONSENT_RE, re.UNICODE | re.IGNORECASE)
#: The class and id values of the elements below, in document order (selected in C), as "smart"
#: strings that know their element, and as plain strings: lxml makes a Python object of each
#: element for the smart ones (~450 values on a benchmark page: 0.55 against 0.35 ms).
_CLASS_ID = etree.XPath(".//*/@class | .//*/@id")
_CLASS_ID_TEXT = etree.XPath(_CLASS_ID.path, smart_strings=False)
#: Every match of ``CONSENT`` holds one of these words, in any case ("notice[-_]{0,2}cookie"
#: and "cookiebot" hold "cookie").
_WORDS = ("cookie", "consent", "borlabs", "cmplz", "onetrust", "moove")


def may_match(joined: str) -> bool:
    """Whether some value in `joined` (the values, one a line) may match ``CONSENT``: most
    pages have none, and substring tests on the lower-cased ASCII text cost a tenth of the
    case-insensitive search. Outside ASCII, IGNORECASE folds "İ", "ı", "ſ" and "K" (Kelvin)
    to ASCII letters that ``str.lower`` does not give: the search itself answers. (A match
    cannot span two lines: nothing in the expression matches a newline.)"""
    if not joined.isascii():
        return CONSENT.search(joined) is not None
    joined = joined.lower()
    return any(word in joined for word in _WORDS)


#: The union, in document order (libxml2 sorts and deduplicates a node-set union).
_UNION = etree.XPath("$plain | $consent")


def consent_elements(tree) -> list:
    """The elements below `tree` that the cookie-banner part of ``BASIC_CLEAN_XPATH`` selects
    (class or id matching ``COOKIE_CONSENT_RE``), in document order; most pages: none."""
    if not may_match("\n".join(_CLASS_ID_TEXT(tree))):
        return []
    return list(dict.fromkeys(v.getparent() for v in _CLASS_ID(tree) if CONSENT.search(v)))


def basic_clean_elements(tree) -> list:
    """What trafilatura's ``BASIC_CLEAN_XPATH(tree)`` returns, the same elements in the same
    (document) order."""
    consent = consent_elements(tree)
    plain = _PLAIN(tree)
    if not consent:
        return plain
    return _UNION(tree, plain=plain, consent=consent)


class Prefiltered:
    """An lxml XPath of the form ``.//*[predicates]`` whose predicates test case-sensitive
    regular expressions on ``@id`` and ``@class`` (EXSLT ``re:test``: a Python call per
    element), evaluated in two steps: the elements whose id or class holds one of ``words``
    (every match holds one: a superset of the matches; none at all on most pages), selected
    by libxml2 on the attribute axis (``.//*/@class[contains(., word) or ...]/..``), then the
    original predicates on those few (``$c[predicates]``: the same filter, in the same
    document order). Called as the XPath is; ``path`` is the original's. (The same
    ``contains()`` tests on every element's attributes, ``.//*[contains(@class, word)]``, cost
    as much as the regular expressions. Reading every class and id value into Python as a
    "smart" string, one element object each, and testing them there: ``analyse`` took 16.7 ms
    a page against 16.0 with this, the two alternated in one process over the 181 benchmark
    pages, medians of 6 passes each; in instructions this is 0.8 % more, libxml2's
    ``contains()`` copying each value, ``python bench/instructions.py``.)"""

    def __init__(self, original: etree.XPath, words: tuple[str, ...]):
        self.path = original.path
        self.words = words
        if any("'" in word for word in words):
            raise ValueError(f"a word with a quote: {words}")
        holds = " or ".join(f"contains(., '{word}')" for word in words)
        self._candidates = etree.XPath(f".//*/@class[{holds}]/.. | .//*/@id[{holds}]/..")
        body = original.path.strip()
        if not body.startswith(".//*["):
            raise ValueError(f"not a .//*[...] expression: {body[:40]}")
        self._exact = etree.XPath("$c" + body[len(".//*"):], namespaces={"re": _EXSLT_RE})

    def __call__(self, tree) -> list:
        known = _KNOWN
        if known is not None and known[0] is tree and not any(w in known[1] for w in self.words):
            return []
        candidates = self._candidates(tree)
        return self._exact(tree, c=candidates) if candidates else []


#: Every class and id value of a page's document, the root's own included, as plain strings.
_ALL_CLASS_ID_TEXT = etree.XPath("//@class | //@id", smart_strings=False)


def class_id_values(tree) -> str:
    """The class and id values of `tree`'s document, one a line (read in C: ~0.3 ms a benchmark
    page). libxml2 has read character references as letters and ``load_html`` dropped the
    non-characters, so a word written ``rel&#97;tes`` is ``relates`` here."""
    return "\n".join(_ALL_CLASS_ID_TEXT(tree))


#: (tree, its class and id values) while ``known_values`` holds, else None.
_KNOWN: tuple | None = None


@contextmanager
def known_values(tree, values: str):
    """Within the block, a ``Prefiltered`` expression asked of `tree` (that very object) answers
    ``[]`` without a look at the tree when `values` hold none of its words. `values`:
    ``class_id_values`` of `tree` or of an earlier state of it (elements since removed only
    widen them). trafilatura asks its raw-tree expressions (``RAW_TREE_PRUNE_XPATH``,
    ``REMOVE_COMMENTS_AND_LISTS_XPATH``) of the whole page, each a walk over all of its
    attributes (~0.3–0.4 ms); their words are on few pages, so one read of the values serves
    them and ``pipelines.extraction``'s own prune."""
    global _KNOWN
    previous, _KNOWN = _KNOWN, (tree, values)
    try:
        yield
    finally:
        _KNOWN = previous


_EXSLT_RE = "http://exslt.org/regular-expressions"
#: trafilatura.xpaths lists and the index of the expression replaced in each (with the sha256
#: of its text in 2.3.1), and the words, each taken from the alternatives of its expressions.
#: Their cost per page in ``analyse`` (181 benchmark pages) was 1.31 and 0.95 ms, the two dearest.
PREFILTERS = {
    # id "^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)",
    # class "^[Cc]omment(?!ary)|(?:article|post)-comments"
    ("REMOVE_COMMENTS_AND_LISTS_XPATH", 0, "9cc18d34e6e2d258"): ("omment", "comol", "disqus_thread"),
    # id and class "mvp-post-add-(?:box|wrap)|infinite-?scroll"
    ("RAW_TREE_PRUNE_XPATH", 0, "01e7c660fd6406f2"): ("mvp-post-add-", "infinite"),
    # class "elementor-share-buttons" (no regular expression: prefiltered for ``known_values``)
    ("RAW_TREE_PRUNE_XPATH", 1, "3c7afe92279543d5"): ("elementor-share-buttons",),
}


def install() -> bool:
    """Use ``basic_clean_elements`` in trafilatura's ``basic_cleaning`` and the ``PREFILTERS``
    in its XPath lists; True when all are in place. Each is left as trafilatura has it (and
    False returned) when its expression is not the one re-implemented here."""
    done = True
    baseline = sys.modules.get("trafilatura.baseline")
    current = getattr(baseline, "BASIC_CLEAN_XPATH", None)
    if getattr(current, "path", None) == TRAFILATURA_PATH:
        baseline.BASIC_CLEAN_XPATH = basic_clean_elements
    elif current is not basic_clean_elements:
        logger.info("trafilatura's BASIC_CLEAN_XPATH is not the expected one; left in place")
        done = False
    xpaths = sys.modules.get("trafilatura.xpaths")
    for (name, index, digest), words in PREFILTERS.items():
        expressions = getattr(xpaths, name, [])
        current = expressions[index] if len(expressions) > index else None
        if isinstance(current, Prefiltered):
            continue
        if hashlib.sha256(getattr(current, "path", "").encode()).hexdigest()[:16] != digest:
            logger.info("trafilatura's %s[%d] is not the expected one; left in place", name, index)
            done = False
            continue
        # replaced in the list itself: trafilatura.core holds the same list object
        expressions[index] = Prefiltered(current, words)
    return done
