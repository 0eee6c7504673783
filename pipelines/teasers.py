"""A listing told apart from an article, by its text and by its teaser cards. Pure functions
over strings and, for the cards, the parsed page.

- ``is_listing``: index, tag and section pages whose text is a run of linked headlines with
  short teasers (adbar/trafilatura#811): never fired on the 181 article pages; on htmldate's 940
  evaluation pages it fired on 4, each a page whose extracted text was itself a teaser list.
  Directories (staff pages, archives of months, the site's sections, a web server's file
  index: entries each led by its own link, ``_entry_head``, or a linked name with a short line
  below it) are listings too; that rule changed no verdict on the 181 pages, trafilatura's 990,
  the 1,000 of htmldate's two evaluation sets or newspaper4k's 30 (a first version that counted
  every bare link as an entry took 20 articles for directories there: menus and share buttons).
  ``holds_paragraphs`` tells whether a second extractor's text, read as a listing, is the
  article's page at all.
- Teaser cards (``teaser_summaries``, ``summarised``): on a section front, a search result page
  or a topic hub, trafilatura drops the linked headlines (link-dense) and keeps the summaries,
  which read as short paragraphs; ``is_listing`` looks for the linked lines between them and
  finds none. 23 of 41 listing pages written in a probe (es, en, pt, fr, de, it: 10-20 cards of
  ``<h2><a>headline</a></h2><p>summary</p>``) were stored as articles, titled with the section's
  name and dated by the first teaser. The cards themselves are in the page before trafilatura
  prunes it: they are read then (``teaser_summaries``), and the text is a listing when most of
  its lines are their summaries (``summarised``). An article followed by a block of related
  cards keeps its own paragraphs, which no card holds.
- ``without_prose``: a page of data tables with no sentence in a line or a cell (a matchday's
  results and standings, in a probe of the twenty-sixth session) is no article either; a
  notice laid out in a table (jvndb.jvn.jp's, in Mercury's fixtures) has sentences in its cells
  and stays one. The public sets unchanged.
- ``first_card_texts``, ``drop_leading_card_lines``: an article page whose first ``<article>``
  is a card under the story (Al Jazeera's template, a probe page of the twenty-ninth session):
  trafilatura reads it first, and its summary opened the text. The 181 pages' texts unchanged.
- Thirty-third session, the Guardian's tag page (a probe page): a card named by an empty link
  laid over it (``<a href aria-label="headline"></a>``, the headline an ``<h3>`` outside any
  link) is a card, and a page that calls itself a collection may open with its banner and
  introduction before the cards' summaries (``summarised``). No verdict or text changed on the
  2,269 pages of the public metadata sets or the 181 benchmark pages.

Split out of ``pipelines.bodytext`` (twenty-seventh session) to keep each module small; the
text rules' link helpers (``long_links``, ``link_share``, ``table_cells``) stay there.
"""
from __future__ import annotations

import re

from lxml import etree

from pipelines.bodytext import LINK_SHARE, link_share, long_links, table_cells, word_count
from pipelines.bylinesearch import card_list
from pipelines.pagelinks import norm_text

__all__ = ["DIRECTORY_LINES", "MAX_SUMMARY_WORDS", "MIN_TEASERS", "SUMMARY_MAX_WORDS", "TEASER_LINES",
           "drop_leading_card_lines", "first_card_texts", "holds_paragraphs", "is_listing",
           "summarised", "teaser_summaries", "without_prose"]

_TOKEN = re.compile(r"\w+")

#: A teaser: a linked headline and at most this many lines after it (summary, date, byline).
TEASER_LINES = 3
#: A teaser's summary is shorter than this many words: a longer line after a linked one is a
#: paragraph of the page's own, as in a listicle ("“Thumper” ($20)" linked, then 108 words on
#: it; Mozilla Readability's test page yahoo-1), not a summary of the linked page.
SUMMARY_MAX_WORDS = 60
#: A directory (staff, archive months, sections, a server's file index): at least this many
#: entries led by different links, covering two thirds of its lines or more.
DIRECTORY_LINES = 8

#: A page with fewer linked headings than this has no listing of cards.
MIN_TEASERS = 5
#: A card's text besides its headline is at most this many words (a summary, a date, a byline);
#: a section that holds a story's paragraphs is no card.
MAX_SUMMARY_WORDS = 80
#: The share of the text's lines (of ``MIN_LINE_WORDS`` words or more) that must be summaries.
SUMMARY_SHARE = 0.6
MIN_LINE_WORDS = 8

_CARDS = frozenset({"article", "li"})
#: Empty links that name what they cover (``<a href aria-label="headline"></a>``), found in C.
_OVERLAY_LINKS = etree.XPath("//a[@href and @aria-label and not(*) and not(normalize-space())]")


def teaser_summaries(tree) -> list[str]:
    """The texts of the page's teaser cards (each lower-cased, spaces squashed): for each
    ``<h1>``-``<h4>`` (an archive may head each card with an ``<h1>``: The Hill's) whose text
    is mostly a link's (or inside a link), the text of its card (its nearest ``<article>`` or
    ``<li>``, else its parent), when what it holds besides the heading is at most
    ``MAX_SUMMARY_WORDS`` words; with fewer such cards than ``MIN_TEASERS``, the texts of links
    that hold a paragraph, of at most ``MAX_SUMMARY_WORDS`` words. [] when there are fewer than
    ``MIN_TEASERS`` cards. Call before the tree is pruned."""
    if tree is None:
        return []
    # lxml's own walk over the headings: 0.14 ms a benchmark page, the XPath
    # "//h2[.//a[@href]] | //h3[…] | //h4[…]" 0.22 ms (the same elements, in document order)
    # a card's link holds its heading, or the whole card holds the heading (``<a href><h2>…</h2>
    # <p>…</p></a>``: a card that is one link, as SVT's, NRK's and many Next.js templates write it)
    # ... or a link laid over the card names it: an empty <a href aria-label="headline"> beside
    # the heading (the Guardian's cards, in a probe)
    overlays = {norm_text(a.get("aria-label")) for a in _OVERLAY_LINKS(tree)}
    headings = [(h, in_link) for h in tree.iter("h1", "h2", "h3", "h4")
                for in_link in [_in_link(h) or (bool(overlays) and norm_text(h.text_content()) in overlays)]
                if in_link or h.find(".//a[@href]") is not None]
    summaries = []
    for heading, in_link in headings if len(headings) >= MIN_TEASERS else ():
        head = norm_text(" ".join(heading.itertext()))   # text nodes apart, as extractors write them
        linked = sum(len(norm_text(a.text_content())) for a in heading.iter("a") if a.get("href"))
        if not head or (2 * linked < len(head) and not in_link):
            continue
        card = next((up for up in heading.iterancestors() if up.tag in _CARDS), None)
        card = card if card is not None else heading.getparent()
        if card is None:
            continue
        whole = norm_text(" ".join(card.itertext()))
        if len(whole.replace(head, " ", 1).split()) <= MAX_SUMMARY_WORDS:
            summaries.append(whole)
    if len(summaries) < MIN_TEASERS:
        # cards that are one link whose headline is no heading (``<a href><span class=headline>
        # …</span><p>summary</p></a>``: the ARD's tagesschau.de section fronts, in a probe)
        summaries = [whole for a in tree.iter("a") if a.get("href") and a.find(".//p") is not None
                     for whole in [norm_text(" ".join(a.itertext()))]
                     if len(whole.split()) <= MAX_SUMMARY_WORDS]
    return summaries if len(summaries) >= MIN_TEASERS else []


#: The parts of a card read as lines of text.
_CARD_PARTS = ("p", "h2", "h3", "h4", "h5", "span", "div")


def first_card_texts(tree) -> frozenset[str]:
    """The texts (``norm_text``) of the parts of the page's first ``<article>`` and the cards
    beside it, when it is a teaser card (``bylinesearch.card_list``); else none. trafilatura
    reads the first ``<article>`` before the rest of the page (its ``BODY_XPATH``): where that
    is a card of a "More from News" list under a story held in ``<main>`` (Al Jazeera's
    template, a probe page), the card's summary opened the text."""
    first = next(tree.iter("article"), None)
    return frozenset(text for card in (card_list(first) if first is not None else ())
                     for part in card.iter(_CARD_PARTS) for text in [norm_text(part.text_content())] if text)


def drop_leading_card_lines(text: str, cards: frozenset[str]) -> str:
    """`text` without the lines that open it and are a card's texts (``first_card_texts``)."""
    if not cards:
        return text
    lines = text.split("\n")
    start = 0
    while start < len(lines) - 1 and norm_text(lines[start]) in cards:
        start += 1
    return "\n".join(lines[start:])


def _in_link(element) -> bool:
    """Whether `element` is inside a link (an ``<a href>`` among its ancestors)."""
    return any(up.get("href") for up in element.iterancestors("a"))


def summarised(text: str, summaries: list[str], says_listing: bool = False) -> bool:
    """Whether `text` (an extraction of the page) is mostly the cards' texts (`summaries`): at
    least 3 lines of ``MIN_LINE_WORDS`` words, the first of them and ``SUMMARY_SHARE`` of them
    found in a card (their first 60 characters, a list's bullet aside: trafilatura keeps a card
    that is a list item as "- headline summary"); or two lines or more, all of them found in
    cards (one, with `says_listing`); or a short introduction, then ``MIN_TEASERS`` lines or more, all of them in cards.
    With `says_listing` (the page's JSON-LD calls it a CollectionPage/ItemList and no article),
    also the introduction alone: at most ``MAX_INTRO_LINES`` lines, none of them a card's (DW's
    topic pages, in a probe: both extractors kept the topic's paragraph and dropped the eleven
    cards under it; without the JSON-LD's word a short article above related cards reads the
    same)."""
    if not summaries:
        return False
    joined = "\n".join(summaries)
    if says_listing:
        every = [norm_text(line) for line in text.split("\n")]
        every = [line for line in every if line]
        if 0 < len(every) <= MAX_INTRO_LINES and not any(line[:60] in joined for line in every):
            return True
    lines = [norm_text(line.lstrip(" -•*")) for line in text.split("\n")
             if len(line.split()) >= MIN_LINE_WORDS]
    inside = [line[:60] in joined for line in lines]
    if len(lines) >= (1 if says_listing else 2) and all(inside):
        # every line a card's (summaries cut short: "…"); one is enough on a page that calls
        # itself a collection (El Confidencial's tag page, a probe: the first card's teaser)
        return True
    if len(lines) < 3:
        return False
    # a section's introduction before its cards ("Toda la información sobre Cuba: …", a topic
    # hub's two lines), then nothing but cards
    intro = next((i for i, found in enumerate(inside) if found), len(inside))
    if (0 < intro <= MAX_INTRO_LINES and len(inside) - intro >= MIN_TEASERS and all(inside[intro:])
            and all(len(line.split()) <= MAX_INTRO_WORDS for line in lines[:intro])):
        return True
    # and it opens with one: an article's own paragraphs come first, the related cards trafilatura
    # kept after them do not make it a listing (republicoftogo.com, htmldate's evaluation pages:
    # three paragraphs, then six summaries of other stories); a page that calls itself a
    # collection may open with its banner and introduction (the Guardian's tag page, a probe)
    return (inside[0] or says_listing) and sum(inside) >= SUMMARY_SHARE * len(lines)


#: A listing's introduction: at most this many lines of at most MAX_INTRO_WORDS words each, then
#: MIN_TEASERS lines or more, every one a card's (pages written in a probe: 3 of 20 listings
#: opened with one). An article's paragraphs are longer, or fewer cards follow them.
MAX_INTRO_LINES = 2
MAX_INTRO_WORDS = 40


#: A sentence of prose has at least this many words, or characters, or ends as a sentence does
#: and has MIN_SENTENCE_CHARS (Chinese and Japanese put no spaces between words). A page whose
#: text has none, in its lines or its tables' cells, is a table of data (a matchday's results
#: and standings: kicker's, a probe page); a notice laid out in a table (jvndb.jvn.jp's, in
#: Mercury's fixtures) has sentences in its cells.
MIN_PROSE_WORDS = 10
MIN_PROSE_CHARS = 60
MIN_SENTENCE_CHARS = 20
_SENTENCE_END = (".", "。", "!", "?", "！", "？", "»", "”", '"')


def _prose(part: str) -> bool:
    part = part.strip()
    return (word_count(part) >= MIN_PROSE_WORDS or len(part) >= MIN_PROSE_CHARS
            or (len(part) >= MIN_SENTENCE_CHARS and part.endswith(_SENTENCE_END)))


def without_prose(text: str) -> bool:
    """Whether `text` has table rows (trafilatura writes them as "| a | b |" lines) and no
    prose (``_prose``) in any line or cell."""
    lines = text.split("\n")
    if not any(line.lstrip().startswith("|") for line in lines):
        return False
    return not any(_prose(part) for line in lines
                   for part in (line.split("|") if line.lstrip().startswith("|") else (line,)))


def holds_paragraphs(other: str, text: str) -> bool:
    """Whether `other` (a second extractor's text of the page) holds a quarter or more of the
    paragraphs of `text` (lines of 25 words or more; their first 80 characters, spaces
    squashed): True when `text` has fewer than 3 (a teaser or two prove nothing). A second
    text without them read another part of the page (a stream of teasers around the article;
    seen on asiapacificstar.com), so its listing verdict is not the article's."""
    paragraphs = [" ".join(line.split())[:80] for line in text.split("\n") if word_count(line) >= 25]
    if len(paragraphs) < 3:
        return True
    squashed = " ".join(other.split())
    return 4 * sum(p in squashed for p in paragraphs) >= len(paragraphs)


def is_listing(text: str, links: set[str], says_listing: bool = False) -> bool:
    """True when the text reads as a list of other pages: at least 5 lines (3 when the page's
    JSON-LD calls itself a CollectionPage/ItemList) that are mostly link texts, a quarter of all
    lines or more, alternating with other lines (teaser after teaser: at least 8 changes between
    linked and unlinked lines, 4 with the JSON-LD), and fewer than 3 prose lines (25 words or
    120 characters) of the page's own. An article's text ends in one block of related links
    instead. Also True for a directory with fewer than 3 prose lines: at least
    ``DIRECTORY_LINES`` entries led by different links (``_entry_head``, or a link alone on its
    line with a short unlinked line below it: a section's name and its summary) that cover two
    thirds of the lines or more.

    A teaser's summary is often as long as a paragraph: a prose line that comes right after a
    linked line (or after up to ``TEASER_LINES`` short lines, a date, below it) is that link's
    summary, not the page's own prose, when the text opens with such a teaser (its first prose
    line is a summary) and holds at least 5 of them (3 with the JSON-LD). An article whose
    first paragraph follows a linked line (a photo credit, a name) does not: its paragraphs go
    on without links between them. Nor does a listicle's: a line of ``SUMMARY_MAX_WORDS`` words
    or more is no teaser's summary."""
    lines = [line for line in text.split("\n") if norm_text(line)]
    if not lines:
        return False
    long = long_links(links)

    def linked_line(line: str) -> bool:
        return link_share(norm_text(line.lstrip("-•* ")), long) >= LINK_SHARE

    need = 3 if says_listing else 5
    linked = []
    prose = own = summaries = 0
    opens_with_teaser = None
    after_link = None   # short lines since the last linked line (None: no teaser open)
    for line in lines:
        is_linked = linked_line(line)
        linked.append(is_linked)
        if is_linked:
            after_link = 0
            continue
        words = word_count(line)
        if words >= 25 or len(line) >= 120:
            prose += 1
            summary = after_link is not None and words < SUMMARY_MAX_WORDS
            summaries += summary
            own += not summary
            if opens_with_teaser is None:
                opens_with_teaser = summary
            if not opens_with_teaser and prose >= 3:
                return False   # an article's paragraphs: settled after a few long lines
            after_link = None   # one summary per link
        elif after_link is not None:
            after_link += 1
            if after_link > TEASER_LINES:
                after_link = None
    teasers = bool(opens_with_teaser) and summaries >= need
    if (own if teasers else prose) >= 3:
        return False
    entries, covered = [], 0
    for i, line in enumerate(lines):
        head = _entry_head(line, links)
        if head:
            entries.append(head)
            covered += 1
            continue
        # a bare link on its line, then a short unlinked line: a heading and its summary
        name = norm_text(line.lstrip("-•* "))
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if (len(name) >= 3 and name in links and nxt and norm_text(nxt) not in links
                and word_count(nxt) < 25 and len(nxt) < 120):
            entries.append(name)
            covered += 2
    if len(set(entries)) >= DIRECTORY_LINES and covered >= 2 / 3 * len(lines):
        return True   # a directory: entry after entry, each led by its own link, little else
    changes = sum(1 for a, b in zip(linked, linked[1:]) if a != b)
    return sum(linked) >= need and sum(linked) >= 0.25 * len(lines) and changes >= 2 * need - 2


#: What ends the link that leads a directory entry: a dash, a bracket, a colon, a table cell or
#: a tab, or the wide spacing of a server's file index (``<pre>``).
_ENTRY_SEPARATOR = re.compile(r"\s+[—–-]\s+|\s*\(|:\s|\s*\|\s*|\t|\s{2,}")


def _entry_head(line: str, links: set[str]) -> str | None:
    """The link that leads ``line`` when the line is a directory entry: a short line (not prose)
    whose first table cell, or whose start up to a separator (``_ENTRY_SEPARATOR``) with more
    after it, is the text of a link of the page of at least 3 characters ("María Fernández —
    Redactora de economía", "January 2026 (120 articles)", "| nota-1.html | 2026-03-05 | 14K |");
    else None. A link alone on its line is a menu's item, not an entry, and a paragraph that
    opens with a linked name ("NEW YORK CITY (WABC) -- Starting on Sunday ...") is prose."""
    raw = line.strip().lstrip("-•* ")
    if len(raw) >= 120 or word_count(raw) >= 25:
        return None
    if raw.startswith("|"):
        cells = table_cells(raw)
        head = cells[0] if len(cells) > 1 else ""
    else:
        parts = _ENTRY_SEPARATOR.split(raw, 1)
        head = norm_text(parts[0]) if len(parts) == 2 and _TOKEN.search(parts[1]) else ""
    return head if len(head) >= 3 and head in links else None
