"""trafilatura's ``basic_cleaning`` selection (``BASIC_CLEAN_XPATH``) without a Python call per
element: the same elements, in the same order, for a fifth of the CPU. ``install`` puts it in
place of trafilatura's XPath in ``trafilatura.baseline``, where ``basic_cleaning`` reads it.

Why: with ``fast`` and its default "balanced" focus, trafilatura measures the whole page's text
(``baseline.html2txt``, which runs ``basic_cleaning`` on a copy of the tree) whenever the text it
extracted is under 3,000 characters, to decide on a retry in recall mode: 83 of the 181
benchmark pages. Its XPath tests a regular expression (cookie banners) on the class and id of
every element through EXSLT ``re:test``, which lxml runs as a Python callback per element:
1.9 ms of CPU per page on average in ``analyse`` (``python bench/worker_steps.py --profile``),
4.9 ms on a whole raw page. Here lxml first keeps, in C, the elements whose class or id holds
one of the words the expression needs (lower-cased, with the four non-ASCII letters Python's
``re.IGNORECASE`` folds to ASCII ones), and the expression itself then decides on those few.

The result is trafilatura's own list (tests/test_fastclean.py compares the two on the
benchmark pages and on crafted cases); ``install`` does nothing when trafilatura's expression
is not the one re-implemented here (another trafilatura version), so the worst an upgrade does
is cost the CPU again.
"""
from __future__ import annotations

import logging
import re
import sys

from lxml import etree

logger = logging.getLogger(__name__)

__all__ = ["basic_clean_elements", "install"]

#: trafilatura 2.3.1's ``settings._COOKIE_CONSENT_RE`` and ``BASIC_CLEAN_XPATH``, as written there.
COOKIE_CONSENT_RE = (
    "cookie[-_]?(?:banner|bar|consent|law|notice|policy|description)|notice[-_]{0,2}cookie"
    "|consent[-_]?(?:banner|manager|sdk)|borlabs|cookiebot|cmplz|onetrust|moove[-_]?gdpr"
)
_PLAIN_PART = (".//aside|.//div[contains(@class|@id, 'footer')]|.//fencedframe|.//footer"
               "|.//script|.//style|.//svg|.//template")
TRAFILATURA_PATH = (_PLAIN_PART + f"|.//*[re:test(@class, '{COOKIE_CONSENT_RE}', 'i') or "
                    f"re:test(@id, '{COOKIE_CONSENT_RE}', 'i')]")

_PLAIN = etree.XPath(_PLAIN_PART)
#: lxml's ``re:test`` compiles with re.UNICODE | re.IGNORECASE and searches the attribute's
#: value ("" when absent, which this expression never matches).
_CONSENT = re.compile(COOKIE_CONSENT_RE, re.UNICODE | re.IGNORECASE)
#: The class and id values of the elements below, in document order (selected in C).
_CLASS_ID = etree.XPath(".//*/@class | .//*/@id")
#: Every match of ``_CONSENT`` holds one of these words, in any case ("notice[-_]{0,2}cookie"
#: and "cookiebot" hold "cookie").
_WORDS = ("cookie", "consent", "borlabs", "cmplz", "onetrust", "moove")


def _may_match(joined: str) -> bool:
    """Whether some value in `joined` (the values, one a line) may match ``_CONSENT``: most
    pages have none, and substring tests on the lower-cased ASCII text cost a tenth of the
    case-insensitive search. Outside ASCII, IGNORECASE folds "İ", "ı", "ſ" and "K" (Kelvin)
    to ASCII letters that ``str.lower`` does not give: the search itself answers. (A match
    cannot span two lines: nothing in the expression matches a newline.)"""
    if not joined.isascii():
        return _CONSENT.search(joined) is not None
    joined = joined.lower()
    return any(word in joined for word in _WORDS)


#: The union, in document order (libxml2 sorts and deduplicates a node-set union).
_UNION = etree.XPath("$plain | $consent")


def basic_clean_elements(tree) -> list:
    """What trafilatura's ``BASIC_CLEAN_XPATH(tree)`` returns, the same elements in the same
    (document) order."""
    values = _CLASS_ID(tree)
    consent = []
    if _may_match("\n".join(values)):
        consent = list(dict.fromkeys(v.getparent() for v in values if _CONSENT.search(v)))
    plain = _PLAIN(tree)
    if not consent:
        return plain
    return _UNION(tree, plain=plain, consent=consent)


def install() -> bool:
    """Use ``basic_clean_elements`` in trafilatura's ``basic_cleaning``; True when done, False
    (and trafilatura left as it is) when its expression is not the one this module re-implements."""
    baseline = sys.modules.get("trafilatura.baseline")
    current = getattr(baseline, "BASIC_CLEAN_XPATH", None)
    if current is basic_clean_elements:
        return True
    if getattr(current, "path", None) != TRAFILATURA_PATH:
        logger.info("trafilatura's BASIC_CLEAN_XPATH is not the expected one; left in place")
        return False
    baseline.BASIC_CLEAN_XPATH = basic_clean_elements
    return True
