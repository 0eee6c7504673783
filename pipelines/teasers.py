"""A listing recognised by its teaser cards: a page of headlines, each a link, each with a short
summary below it, whose extracted text is those summaries.

Why: on a section front, a search result page or a topic hub, trafilatura drops the linked
headlines (link-dense) and keeps the summaries, which read as short paragraphs; the text rules
(``pipelines.bodytext.is_listing``) look for the linked lines between them and find none. 23 of
41 listing pages written in a probe (es, en, pt, fr, de, it: 10-20 cards of ``<h2><a>headline
</a></h2><p>summary</p>``) were stored as articles, titled with the section's name and dated by
the first teaser. The cards themselves are in the page before trafilatura prunes it: they are
read then (``teaser_summaries``), and the text is a listing when most of its lines are their
summaries (``summarised``). An article followed by a block of related cards keeps its own
paragraphs, which no card holds.

A page of data tables with no sentence in a line or a cell (a matchday's results and standings,
in a probe of the twenty-sixth session) is no article either (``without_prose``); a notice laid
out in a table (jvndb.jvn.jp's, in Mercury's fixtures) has sentences in its cells and stays one.
The public sets unchanged.
"""
from __future__ import annotations

from pipelines.bodytext import word_count
from pipelines.pagelinks import norm_text

__all__ = ["MAX_SUMMARY_WORDS", "MIN_TEASERS", "summarised", "teaser_summaries", "without_prose"]

#: A page with fewer linked headings than this has no listing of cards.
MIN_TEASERS = 5
#: A card's text besides its headline is at most this many words (a summary, a date, a byline);
#: a section that holds a story's paragraphs is no card.
MAX_SUMMARY_WORDS = 80
#: The share of the text's lines (of ``MIN_LINE_WORDS`` words or more) that must be summaries.
SUMMARY_SHARE = 0.6
MIN_LINE_WORDS = 8

_CARDS = frozenset({"article", "li"})


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
    headings = [(h, in_link) for h in tree.iter("h1", "h2", "h3", "h4")
                for in_link in [_in_link(h)] if in_link or h.find(".//a[@href]") is not None]
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


def _in_link(element) -> bool:
    """Whether `element` is inside a link (an ``<a href>`` among its ancestors)."""
    return any(up.get("href") for up in element.iterancestors("a"))


def summarised(text: str, summaries: list[str]) -> bool:
    """Whether `text` (an extraction of the page) is mostly the cards' texts (`summaries`): at
    least 3 lines of ``MIN_LINE_WORDS`` words, the first of them and ``SUMMARY_SHARE`` of them
    found in a card (their first 60 characters, a list's bullet aside: trafilatura keeps a card
    that is a list item as "- headline summary"); or two lines or more, all of them found in
    cards; or a short introduction, then ``MIN_TEASERS`` lines or more, all of them in cards."""
    if not summaries:
        return False
    lines = [norm_text(line.lstrip(" -•*")) for line in text.split("\n")
             if len(line.split()) >= MIN_LINE_WORDS]
    joined = "\n".join(summaries)
    inside = [line[:60] in joined for line in lines]
    if len(lines) >= 2 and all(inside):   # every line a card's (summaries cut short: "…")
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
    # three paragraphs, then six summaries of other stories)
    return inside[0] and sum(inside) >= SUMMARY_SHARE * len(lines)


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
