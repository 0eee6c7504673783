"""The publication date a page shows to its readers: the visible date line. Pure functions.

``text_date`` reads the long form (day, month name, year in es/pt/fr/de/en/it, and nl, sv, da,
no, ca, ro, id, tr, fi, pl, cs, ru, uk: "5 de marzo de 2026", "March 5, 2026", "5. März 2026",
"5 марта 2026"; "2026年3月5日" in Chinese and Japanese, "2026년 3월 5일" in Korean);
``numeric_dates`` the numeric form ("05.03.2026", "03/05/2026", "03-05-2026", "2026-03-05",
"2026/3/5"), which may be ambiguous (day or month first): it confirms a day found otherwise, or
gives one as the article's first date line when it is unambiguous (``first_line_days``;
``pipelines.pubdate.publication_date``). Both look at short elements of the element that holds
the story only (``_story_scope``; in the body, not the site's ``<header>``) and ignore what
follows an "updated"/"actualizado"/"更新" lead-in. The forms themselves, read in a string, are
``pipelines.dateforms``'; this module finds the page's lines that hold them.
"""
from __future__ import annotations

import re
from datetime import date
from itertools import islice

from lxml import etree

from pipelines.dateforms import (MAX_DATE_LINE, NUMERIC_DATE, PRINT_NOTE, UPDATED, YEAR, long_date,
                                 numeric_days, published_part)
from pipelines.localday import ZONE_ABBREVIATIONS, zone_named

__all__ = ["DAY_FIRST_LANGUAGES", "date_lines", "first_line_days", "numeric_dates", "shown_zone",
           "text_date"]


def text_date(tree, new_year: bool = False) -> date | None:
    """The first long-form date (day, month name, year in es/pt/fr/de/en/it) in a short visible
    element of the article (``<article>`` or ``<main>`` when the page has one, else the body;
    then the page's first ``<time>`` elements),
    ignoring what follows an "updated"/"actualizado" lead-in, and 1 January (a start date in a
    text, not a publication). None when there is none. On htmldate's evaluation pages where no
    other source gave a date this rule was right 12 times, wrong 5; the first date line of
    either form (``first_line_days``) is right 26 times, wrong 3. ``new_year``: 1 January
    counts too (to see whether the page shows a stated update made on that day)."""
    found = _first_date_line(_story_elements(tree), new_year)
    return found or _first_date_line(islice(tree.iter("time"), 5), new_year)


_ARTICLE_OR_MAIN = etree.XPath("//article | //main")   # compiled once: tree.xpath compiles each call
_BODY = etree.XPath("//body")
_ARTICLE_OR_MAIN_WITH_H1 = etree.XPath("//article[.//h1] | //main[.//h1]")
_TEXT = etree.XPath("normalize-space()")   # an element's text, spaces squashed, in C


#: A time with its zone's abbreviation, as a date line shows it ("10:40 PM EST, February 16,
#: 2026", "09 feb 2026 - 20:30 EST"); the abbreviation in capitals (``localday.ZONE_ABBREVIATIONS``).
_ZONED_TIME = re.compile(r"(?i:\b\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?\s?m\b\.?)?)\s*\(?("
                         + "|".join(sorted(ZONE_ABBREVIATIONS, key=len, reverse=True)) + r")\b")


def shown_zone(tree):
    """The time zone of the first time the story's short elements show with its zone's
    abbreviation (``_ZONED_TIME``: "10:40 PM EST" gives America/New_York), a ``ZoneInfo``; None
    when none does. What the outlet's readers are shown, the update's time included: it names
    the outlet's clock when the page states its times in UTC only (``pubdate``)."""
    for element in _story_elements(tree):
        text = _TEXT(element)
        if len(text) <= MAX_DATE_LINE and (found := _ZONED_TIME.search(text)):
            return zone_named(found.group(1))
    return None


def _story_elements(tree) -> list:
    """``_scope_elements`` of the story's scope (``_story_scope``), what follows the story left out."""
    scope, after = _story_scope(tree)
    elements = _scope_elements(scope)
    return [e for e in elements if e not in after] if after else elements


def _story_scope(tree) -> tuple:
    """``(scope, after)``: the story's scope (``_scopes``) and, when that is the ``<main>``
    around the story's own ``<article>``, the elements that follow the story in it: the boxes
    of other stories after a story that shows no date line of its own date those stories, not
    it (a page written in a probe: "Hace 3 horas" in the story, a related box's "5 de marzo de
    2026" after it). Every date line reader leaves them out."""
    scope, story = _scopes(tree)
    after = set()
    node = story
    while node is not None and node is not scope:
        for sibling in node.itersiblings():
            after.update(sibling.iter())
        node = node.getparent()
    return scope, after


def _scopes(tree):
    """``(scope, story)``: the element that holds the story: the innermost ``<article>`` or
    ``<main>`` that holds an ``<h1>`` (the first of them when it shows no date line itself: then
    ``story`` is the innermost, else None); else the one with more text
    than all the others together (the story beside its
    teaser cards); else the body (the first ``<article>`` is often a teaser card beside a story
    that is in none, as on the Miami Herald's pages, whose date line is then outside it); else
    the page."""
    scopes = _ARTICLE_OR_MAIN(tree)
    if len(scopes) == 1:
        return scopes[0], None
    body = (_BODY(tree) or [tree])[0]
    if not scopes:
        return body, None
    holding = _ARTICLE_OR_MAIN_WITH_H1(tree)
    if holding:
        # the innermost: an <article> with the headline inside a <main> that also holds a box of
        # other stories' dates ("Lo más leído" before the story: pages written in a probe)
        # when it shows a date line itself (GitHub's README <article> inside <main>, the date
        # beside it: the Mercury parser's test pages)
        inner = [h for h in holding if not any(h in o.iterancestors() for o in holding if o is not h)]
        if inner[0] is not holding[0] and not _has_date_line(inner[0]):
            return holding[0], inner[0]
        return inner[0], None
    sizes = [len(_TEXT(scope)) for scope in scopes]
    largest = max(sizes)
    return (scopes[sizes.index(largest)] if 2 * largest > sum(sizes) else body), None


def _has_date_line(scope) -> bool:
    """Whether a short visible element of `scope` holds a date, long or numeric (``_lines``)."""
    return any(long_date(text, new_year=True) or numeric_days(text)
               for _, text in _lines(_scope_elements(scope)))


#: The text nodes below an element that may hold a year (``YEAR``: its digits start "19" or
#: "20"), selected in C.
_YEAR_TEXTS = etree.XPath("descendant-or-self::*/text()[contains(., '20') or contains(., '19')]")
#: Those nodes' elements and all their ancestors, once each, in document order (libxml2 sorts
#: and deduplicates a node-set).
_ANCESTORS = etree.XPath("$owners/ancestor-or-self::*")
_HEADERS = etree.XPath("//header[not(ancestor::article) and not(ancestor::main)]")
#: An ``<h1>`` of at most this many words in a site's header is its logo ("News.az").
MAX_LOGO_WORDS = 3


def _scope_elements(scope) -> list:
    """The elements of ``scope.iter()`` (itself first, in document order) whose text may hold a
    year, the others left out: ``_lines`` skips an element whose squashed text has none, and
    that text joins the element's text nodes with spaces, so a year lies within one text node
    of it. A page's date line is one of a few dozen such elements among hundreds."""
    owners = []
    for text in _YEAR_TEXTS(scope):
        owner = text.getparent()
        if text.is_tail:            # a tail is its element's parent's text, not the element's
            owner = owner.getparent()
        if owner is not None:
            owners.append(owner)
    if not owners:
        return []
    found = _ANCESTORS(scope, owners=owners)
    # the scope's own ancestors come first (they precede it in document order): not its elements
    found = found[found.index(scope):]
    if scope.tag == "body":
        # A page without <article> or <main>: the site's own header (a <header> without the
        # headline; its <h1>, if any, is the logo) shows today's date, not the article's.
        banner = {e for header in _HEADERS(scope) if all(len(h.text_content().split()) <= MAX_LOGO_WORDS
                                                        for h in header.iter("h1"))
                  for e in header.iter()}
        if banner:
            found = [e for e in found if e not in banner]
    return found


def _lines(elements):
    """(element, text) for each short visible element: its squashed text after a "published"
    lead-in if it has one, up to an "updated" lead-in; script, style and link texts are not
    date lines. A long element's loose text (its own text before its first child, or the text
    between two children) is a line of its own where it is short, in its place in the document:
    "<dl><dt>Headline</dt></dl> 기사입력 :[ 2018-08-25 15:24 ] <div>story…</div>" (entermedia.co.kr,
    the article-extraction benchmark), the date line of table-layout and older Asian CMS pages."""
    pending: list[tuple] = []   # (child, text): the text after `child`, due once past its subtree
    for element in elements:
        if not isinstance(element.tag, str):
            continue
        if pending:
            due = [entry for entry in pending if _past(entry[0], element)]
            if due:
                pending = [entry for entry in pending if entry not in due]
                yield from _dated(due)
        if element.tag in ("script", "style", "a"):
            continue
        text = _short_text(element)
        if text is None and len(element):
            # Loose text between blocks only: after a <br>, an <i> or a link it is part of a
            # paragraph ("Hamburg, den 02. Dezember 2022" closing a press release, a citation's
            # "15. Januar 2021": trafilatura's evaluation pages).
            if element[0].tag in _BLOCKS:
                yield from _dated([(element, element.text)])
            pending.extend((child, child.tail) for child in element
                           if child.tag in _BLOCKS and child.tail and YEAR.search(child.tail))
            continue
        if text and YEAR.search(text) and _labelled_update(element):
            continue
        yield from _dated([(element, text)])
    yield from _dated(pending)


def _labelled_update(element) -> bool:
    """Whether the text just before `element` labels it an update: "Updated <time>Nov 13,
    2019</time>" (Vox, the article-extraction benchmark: the <time> alone read as the page's date
    line, which then named the stated update day, and the page's date was dropped as unsure)."""
    previous = element.getprevious()
    if previous is not None:
        before = previous.tail or ""
        if not before.strip() and isinstance(previous.tag, str) and not len(previous):
            before = previous.text or ""    # "<span>Updated</span><time>…</time>"
    else:
        parent = element.getparent()
        before = (parent.text or "") if parent is not None else ""
    before = before.strip()
    return len(before) <= 40 and _UPDATE_LABEL.search(before) is not None


#: An "updated" lead-in that ends the text before an element: its label, maybe with the word
#: that joins it to the date ("Actualizado a", "Aktualisiert am", "Updated on", "Atualizado em").
_UPDATE_LABEL = re.compile(f"(?:{UPDATED.pattern})(?:\\s+(?:a|el|em|am|le|on|at|il|den|às|à|the))?"
                           "[\\s:·•|,/–—-]*$", re.IGNORECASE)   # "Updated / <time>…" (RTÉ's)


#: Elements that make a block of their own: the text after one, before the next, is a line.
_BLOCKS = frozenset("address article aside blockquote dd div dl dt figure footer form h1 h2 h3 h4 "
                    "h5 h6 header hr li main nav ol p section table tbody td th tr ul".split())


def _dated(lines):
    """The (element, text) of `lines` whose squashed text is short and holds a year, cut to what
    follows a "published" lead-in and precedes an "updated" one; a print edition's note
    (``PRINT_NOTE``) is no date line."""
    for element, text in lines:
        text = " ".join((text or "").split())
        if not text or len(text) > MAX_DATE_LINE or not YEAR.search(text) or PRINT_NOTE.search(text):
            continue
        yield element, published_part(text)


def _past(child, element) -> bool:
    """Whether `element` comes after `child`'s subtree in document order (`element` comes after
    `child`'s parent, which ``_lines`` visited first)."""
    parent, node = child.getparent(), element
    while node is not None:
        if node is child:
            return False
        up = node.getparent()
        if up is parent:
            return parent.index(node) > parent.index(child)
        node = up
    return True


def _first_date_line(elements, new_year: bool = False) -> date | None:
    for _element, text in _lines(elements):
        found = long_date(text, new_year)
        if found:
            return found
    return None


def first_line_days(tree) -> set[date]:
    """The days the article's first date line names, in long form (one day) or numeric form
    (one, or two for "05/03/2026"), as ``text_date`` and ``numeric_dates`` read them; then the
    page's first ``<time>`` elements. "Pressemitteilung vom 20.01.2022" before "Antwort ... vom
    12. Januar 2022" in the text is 20 January. An empty set when there is none."""
    return date_lines(tree)[1]


#: Languages whose writers put the day first in a numeric date ("05/03/2026" is 5 March): the
#: ambiguity of such a line is settled by the page's declared language (``date_lines``).
DAY_FIRST_LANGUAGES = frozenset("es pt fr de it nl ca gl".split())


def date_lines(tree, day_first: bool = False) -> tuple[date | None, set[date]]:
    """``(text_date(tree), first_line_days(tree))`` in one pass over the page's lines;
    `day_first`: a "05/03/2026" first line is read day first only (a language of
    ``DAY_FIRST_LANGUAGES``), not as either day."""
    long_form, first = None, None
    for elements in (_story_elements(tree), islice(tree.iter("time"), 5)):
        for element, text in _lines(elements):
            found = long_date(text)
            if first is None:
                numeric = numeric_days(text, day_first)
                if numeric and _in_comments(element):
                    numeric = set()
                numeric = _machine_reading(element, numeric)
                if found and numeric:  # both on one line: the one written first
                    ahead = NUMERIC_DATE.search(text).start() < text.find(str(found.year))
                    first = numeric if ahead else {found}
                elif found or numeric:
                    first = {found} if found else numeric
            if found:
                long_form = found
                break
        if long_form:
            break
    return long_form, first or set()


def _short_text(element) -> str | None:
    """The element's text with spaces squashed, or None when it is empty or longer than
    MAX_DATE_LINE (read piece by piece, so a long container costs little)."""
    if not len(element):
        text = " ".join((element.text or "").split())
        return text if 0 < len(text) <= MAX_DATE_LINE else None
    pieces, size = [], 0
    for piece in element.itertext():
        size += len(piece.strip()) + 1
        if size > MAX_DATE_LINE + 1:
            return None
        pieces.append(piece)
    text = " ".join(" ".join(pieces).split())
    return text if 0 < len(text) <= MAX_DATE_LINE else None


#: Class or id words of a comments section: the dates there are the comments'.
_COMMENTS = re.compile(r"comment|coment|kommentar|replies|reply", re.IGNORECASE)


def _in_comments(element) -> bool:
    return any(_COMMENTS.search(f"{e.get('class', '')} {e.get('id', '')}")
               for e in (element, *element.iterancestors()))


def _machine_reading(element, days: set[date]) -> set[date]:
    """`days` (the readings of the numeric date in `element`'s text) narrowed to the one its
    ``<time datetime>`` states, when the date is written in a ``<time>`` element (itself, inside
    or around it) whose machine-readable value is one of the two readings: Politico's
    ``<time datetime="2016-10-04 05:07:09">10/04/2016 05:07 AM EDT</time>`` is 4 October, not
    10 April. Otherwise `days` as they are."""
    if len(days) != 2:
        return days
    times = [element] if element.tag == "time" else list(islice(element.iter("time"), 2))
    if not times:
        times = [up for up in islice(element.iterancestors(), 2) if up.tag == "time"]
    for time in times:
        value = (time.get("datetime") or "").strip()
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            continue
        if day in days:
            return {day}
    return days


def numeric_dates(tree, day_first: bool = False) -> set[date]:
    """The days the first numeric date in a short visible element of the article may be: one
    for "05.03.2026" and "2026-03-05", one or two for "05/03/2026" (5 March or 3 May). An empty
    set when there is none. Used only to confirm htmldate's day: on htmldate's evaluation pages
    that state no date in their metadata, htmldate's day was right 65 times and wrong once
    when this confirmed it, right 36 and wrong 25 when it did not. `day_first`: "05/03/2026" is
    5 March only."""
    scope, after = _story_scope(tree)
    for element, text in _lines(e for e in scope.iter() if e not in after):
        days = numeric_days(text, day_first)
        if days and not _in_comments(element):
            return _machine_reading(element, days)
    return set()
