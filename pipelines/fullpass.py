"""When trafilatura's fast pass is not the page's body: the second opinion of **resiliparse**
(its main-content text of the page, a separate parser and rules: it has little to share with
trafilatura's mistakes) decides whether trafilatura's full extraction (its fallback extractors,
``fast=False``) should replace the fast text. Split from ``pipelines.extraction``, which calls
these in this order: ``second_opinion``, ``fuller_text``, ``leaner_text``; the same text then
serves ``pipelines.bodytext`` (an article split by an advertisement, a listing page).
"""
from __future__ import annotations

import logging

import trafilatura
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

logger = logging.getLogger(__name__)

__all__ = ["AGREE_MIN_RATIO", "AGREE_RANGE", "FULL_CHECK_RATIO", "FULL_MIN_RATIO", "LEAN_MIN_OTHER",
           "fuller_text", "leaner_text", "second_opinion"]

#: trafilatura's fast text is checked against its full extraction (with its fallback extractors,
#: ``fast=False``) when resiliparse's text of the page is this many times longer ...
FULL_CHECK_RATIO = 3
#: ... and replaced by it when that is this many times longer: the fast pass then missed the
#: body (a page whose main container it misread). Measured on trafilatura's 990 evaluation
#: pages (``python bench/snippets.py``): F1 0.9210 → 0.9246, both halves up, 23 pages changed;
#: the 181 benchmark pages and newspaper4k's 23 unchanged (a ratio of 4 took 3,000 characters
#: of boilerplate on one benchmark page). The full pass runs on ~5 % of pages.
FULL_MIN_RATIO = 5


def fuller_text(tree, url: str | None, text: str, other: str, settings: dict) -> str:
    """`text` (trafilatura's fast pass over `tree`), or trafilatura's full extraction of the
    same tree when the fast pass looks like it missed the body (``FULL_CHECK_RATIO``,
    ``FULL_MIN_RATIO``, ``AGREE_MIN_RATIO``; `other` is resiliparse's text of the page). The
    full extraction works on a copy of `tree` (which the fast pass pruned:
    ``fastprune.text_in_place``); `settings` are the fast pass's ``bare_extraction`` options."""
    if len(other) < FULL_CHECK_RATIO * max(len(text), 1):
        return text
    full_text = _full_text(tree, url, settings)
    if len(full_text) >= FULL_MIN_RATIO * max(len(text), 1):
        return full_text
    # ... or when it is AGREE_MIN_RATIO times longer, of resiliparse's length, and does not
    # hold the fast text's longest line: two extractors that share no rules found a body
    # elsewhere than the fast pass, which read another part of the page (the story's header).
    agrees = AGREE_RANGE[0] * len(other) <= len(full_text) <= AGREE_RANGE[1] * len(other)
    return (full_text if agrees and len(full_text) >= AGREE_MIN_RATIO * max(len(text), 1)
            and max(text.split("\n"), key=len) not in full_text else text)


#: The fast text is the story's header, not its body, when trafilatura's full extraction is this
#: many times longer, resiliparse's text about as long as that (AGREE_RANGE: their ratio), and
#: the full text leaves out the fast text's longest line: a short story whose paragraphs sit in
#: a class the fast pass discards (Der Spiegel's "RichText--iconLinks": the kicker, headline,
#: standfirst and byline were the whole text). Without the last test, one benchmark page lost
#: its right 878 characters to 3,933 that held them and both extractors agreed on.
AGREE_MIN_RATIO = 2
AGREE_RANGE = (0.7, 1.3)


def _full_text(tree, url: str | None, settings: dict) -> str:
    """trafilatura's full extraction of `tree` (its fallback extractors on): the text, or ""."""
    full = trafilatura.bare_extraction(tree, url=url, **{**settings, "fast": False})
    return (full.text or "").strip() if full is not None else ""


#: The other way round: the fast text is checked when it is FULL_CHECK_RATIO times longer than
#: resiliparse's text of at least this many characters (the fast pass kept the whole page:
#: menus, lists of links), and replaced by the full extraction when that is at most half as
#: long as the fast text and at least half as long as resiliparse's.
LEAN_MIN_OTHER = 500


def leaner_text(tree, url: str | None, text: str, other: str, settings: dict) -> str:
    """`text` (trafilatura's fast pass over `tree`), or trafilatura's full extraction of the
    same tree when the fast pass kept the whole page instead of its body (``LEAN_MIN_OTHER``;
    `other` is resiliparse's text): a municipal news page whose 8,700 characters of menus
    opened the text (benchmark page f6ac15…: F1 0.19 → 0.90), a Korean page with its
    navigation and advertising markup. `settings`: as for ``fuller_text``."""
    if len(other) < LEAN_MIN_OTHER or len(text) < FULL_CHECK_RATIO * len(other):
        return text
    full_text = _full_text(tree, url, settings)
    return full_text if len(other) <= 2 * len(full_text) <= len(text) else text


def second_opinion(html: str) -> str:
    """resiliparse's main-content text of the page ("" when it fails)."""
    try:
        return extract_plain_text(HTMLTree.parse(html), main_content=True, alt_texts=False,
                                  links=False, list_bullets=False)
    except Exception:  # noqa: BLE001 - the second opinion is optional
        logger.debug("resiliparse failed", exc_info=True)
        return ""
