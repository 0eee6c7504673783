"""Article extraction: bytes of a page in, a plain dict of the article out. Pure functions, no Scrapy.

Libraries: **trafilatura** (2.3) for the main text: F1 0.963 on the Scrapinghub
article-extraction-benchmark with the settings below (DESIGN.md names it for the extract step);
newsmon's text rules on top of it, with **resiliparse**'s main-content text as the second opinion
that joins an article split by an advertisement (``pipelines.bodytext``: F1 0.9711), and the
standfirst that trafilatura leaves out of the article's header put first (``pipelines.leads``); the
metadata from the page's own structured data, **htmldate** and a few rules
(``pipelines.metadata``, ``pipelines.pubdate``), not from trafilatura's metadata pass, which cost
a fifth of the time and gave year-only dates, "Por ..." authors and site names in titles. Bytes
become text in ``pipelines.decoding``.

Cost (``python bench/extraction.py``, CPU time per page in one process, same run, loaded
machine): see the README's benchmark table (1.12-1.26x trafilatura.extract() with its defaults
before htmldate was skipped on pages that state their date).

``favor_recall`` is no longer set: with newsmon's rules it gave 0.9718 on the benchmark against
0.9711 without, but 0.926 against 0.946 on newspaper4k's 23 multilingual test pages (their
expected texts), and the project's hidden multilingual set had shown the same: the tuning fitted
the public pages.

Settings were chosen by measuring, not guessing (``python bench/extraction.py --all``; metric:
shingle F1 of ``acceptance/lib/score_extraction.py``; 181 pages, 2 cores, one process,
Python 3.11, trafilatura 2.3.1; ± is a 300-sample bootstrap). F1/P/R are deterministic; pages/s
were taken on a quiet machine and move ±15 % between runs (other jobs on the 2 cores):

    settings (bare_extraction, with_metadata)        F1      P       R      pages/s
    trafilatura.extract() defaults, no metadata      0.9526  0.9281  0.9784  52
    defaults                                         0.9582  0.9389  0.9784  40
    include_comments=False                           0.9599  0.9421  0.9784  42
    + favor_precision                                0.9641  0.9577  0.9706  40
    + favor_recall                                   0.9593  0.9409  0.9786  54
    + include_tables=False                           0.9571  0.9425  0.9721  41
    + deduplicate                                    0.9435  0.9261  0.9615  42
    + fast (no fallback extractors)  <- chosen       0.9624  0.9462  0.9792  55
    + fast + favor_precision                         0.9439  0.9421  0.9456  59
    + fast + favor_recall            (chosen before) 0.9632  0.9478  0.9792  60
    + fast + favor_recall + include_tables=False     0.9590  0.9463  0.9721  55

Metadata (above all htmldate's date search) costs about a fifth of the time: the baseline row
does none. (The grid was measured with trafilatura's metadata on; newsmon now turns it off and
reads the metadata itself: same text.)

``fast`` is within noise of the best F1 (favor_precision, 0.9641±0.006) at 1.5x its speed.
``deduplicate`` is harmful here:
its cache is process-wide, so it strips text that other pages already showed (boilerplate *and*
syndicated paragraphs) and makes the result depend on the order pages arrive in.
``bare_extraction`` is used instead of ``extract(output_format="json")``: same text, no
serialise/parse round trip (32 vs 40 pages/s with metadata).
"""
from __future__ import annotations

import logging
import re
from itertools import islice
from urllib.parse import urljoin, urlsplit

from htmldate import find_date
from lxml import etree
from trafilatura.metadata import extract_title

from pipelines.authors import authors_from, byline_search
from pipelines.bodytext import continue_body, drop_closing_dates, drop_link_lines, strip_edges
from pipelines.dateforms import date_only, published_part, text_day
from pipelines.decoding import decode_html, read_page
from pipelines.fastclean import class_id_values
from pipelines.fastclean import install as _install_fast_cleaning
from pipelines.fastpagetext import install as _install_fast_page_text
from pipelines.fastprune import install as _install_fast_prune
from pipelines.fastprune import text_in_place
from pipelines.fullpass import fuller_text, leaner_text, second_opinion
from pipelines.appeals import cut_closing_appeal
from pipelines.furniture import (cut_author_bios, cut_author_box, cut_closing_prompts,
                                 cut_paywall_tail, cut_related_tail, drop_closing_heading, drop_inline_prompts,
                                 drop_related_labels)
from pipelines.furniturelines import drop_closing_tag, drop_credit_lines
from pipelines.htmlparse import load_html, unwrap_layout_tables
from pipelines.indexurls import index_url
from pipelines.leads import shown_lead, with_lead
from pipelines.language import choose_language, declared_language, detect_language
from pipelines.metadata import read_structured
from pipelines.pagelinks import author_box_texts, link_anchors, link_texts, norm_text, own_link_texts
from pipelines.pubdate import htmldate_options, publication_date
from pipelines.stateddates import publication_moment, url_day
from pipelines.stoplists import install as _install_stoplists
from pipelines.teasers import (drop_leading_card_lines, first_card_texts, holds_paragraphs, is_listing, summarised,
                               teaser_summaries, without_prose)
from pipelines.titles import (clean_title, error_title, heading_text, headline, site_name,
                              without_logo_name)
from pipelines.xpathguard import install as _install_xpath_guards

logger = logging.getLogger(__name__)

# trafilatura's page-text measure and its two dearest pruning XPaths, the same elements
# selected for less CPU: see pipelines.fastclean (once per process, where extraction is
# imported: every worker); then that measure's text itself, the same string computed by
# libxslt: see pipelines.fastpagetext (it checks that fastclean's selection is in place).
_install_fast_cleaning()
_install_fast_page_text()
_install_fast_prune()   # two steps of trafilatura's cascade without unread work: see pipelines.fastprune
_install_stoplists()   # justext's stoplist, built once: see pipelines.stoplists
_install_xpath_guards()   # after fastclean's: a test in C before each re:test (pipelines.xpathguard)

__all__ = [
    "EXTRACTION_SETTINGS",
    "decode_html",
    "detect_language",
    "extract_article",
    "extract_worker",
    "find_canonical_url",
    "load_html",
    "read_page",
]

#: Keyword arguments for ``trafilatura.bare_extraction``; see the table in the module docstring.
EXTRACTION_SETTINGS: dict = {
    "with_metadata": False,
    "include_comments": False,
    "include_tables": True,
    "fast": True,
}
#: Boxes removed before trafilatura reads the page. trafilatura drops those whose id holds
#: "related" or whose class holds "elated"; "relates" (Cubadebate's related-articles and
#: author-biography box) slips through both. So do the cards a name's link opens on hover,
#: a ``<span>`` inside the paragraph ("rollover", "hovercard": The Hill's "Kristi NoemKristi
#: Lynn NoemSouth Dakota governor doubles down…" in the benchmark's text); spans only, since
#: themes name the page's ``<body>`` and image overlays so too (Avada's
#: "avada-image-rollover"). Done here with a compiled XPath: trafilatura's ``prune_xpath``
#: compiles its expression on every call and cost 15 % more CPU per page.
#: Element count in C (0.15 ms a page against 0.77 ms for a Python walk with islice).
_COUNT_ELEMENTS = etree.XPath("count(//*)")
#: Asked of the id and class attributes themselves, not of every element: the same elements,
#: 0.38 instead of 0.60 ms a page (the benchmark's pages and the test fixtures).
_PRUNE = etree.XPath("(//@id | //@class)[contains(., 'relates')]/.. | //span[@class["
                     "contains(., 'rollover') or contains(., 'hovercard') or contains(., 'hover-card')]]")


def _may_prune(values: str) -> bool:
    """Whether ``_PRUNE`` may select anything in a page whose class and id values are `values`
    (``fastclean.class_id_values``: character references read as letters, non-characters
    dropped); most pages hold none of its words, and the XPath costs ~0.45 ms."""
    return ("relates" in values or "rollover" in values or "hovercard" in values
            or "hover-card" in values)


#: Pages above this many characters are cut before parsing: the benchmark's largest page is
#: 1.5 M characters, and a parse of tens of MB would hold a worker for seconds.
MAX_HTML_CHARS = 5_000_000
#: Pages with more elements than this are refused: trafilatura's time grows with the element
#: count (about 0.3 ms per element here; 160 k elements took 44 s), while the benchmark's
#: largest article page has 1.6 k. This bounds one page to a few seconds of a worker.
MAX_ELEMENTS = 20_000
#: A script or style element's content: what makes most very large pages large (a framework's
#: state as inline JSON, __NEXT_DATA__ and kin), none of it the article's text.
_CODE = re.compile(r"(<(script|style)\b[^>]*>)(.*?)(</\2\s*>)", re.IGNORECASE | re.DOTALL)
_BULKY = 10_000
_JSON_LD = re.compile(r"application/ld\+json", re.IGNORECASE)


def _lighter(html: str, url: str | None) -> str:
    """A page over ``MAX_HTML_CHARS`` without the content of its scripts and styles of 10,000
    characters or more (JSON-LD kept: it holds the date and the authors), then cut to the
    limit if still over it. Cutting first lost the article of a page padded with 15 MB of
    inline JSON state (the farm's ``huge`` fault: its body came after the cut)."""
    before = len(html)
    html = _CODE.sub(lambda m: m.group(0) if len(m.group(3)) < _BULKY or _JSON_LD.search(m.group(1))
                     else m.group(1) + m.group(4), html)
    if len(html) > MAX_HTML_CHARS:
        logger.warning("page of %d characters cut to %d: %s", len(html), MAX_HTML_CHARS, url)
        return html[:MAX_HTML_CHARS]
    logger.info("page of %d characters read without its %d characters of scripts and styles: "
                "%s", before, before - len(html), url)
    return html


def extract_article(html: str | bytes, url: str | None = None) -> dict | None:
    """The article in a page, or None when there is no article body (or the input is not HTML).

    Returns ``title`` (the headline without the site's name), ``date`` (``YYYY-MM-DD`` or None),
    ``published_at`` (the moment, ISO 8601 UTC, when the page states it with a time on that
    day; else None) and ``date_source`` (the rule that gave the day: json-ld, meta, url, text,
    htmldate), ``authors`` (a
    list of names) and ``author`` (them joined by "; ", or None), ``language`` (ISO 639-1 or
    None), ``text``, ``canonical_url`` (rel=canonical or og:url made absolute, not otherwise
    cleaned), ``sitename, description``. A listing page (section, tag, index) gives
    ``{"not_article": "listing", "title", "text": "", "canonical_url"}``, an error page served
    with 200 OK ("Page Not Found", ``titles.error_title``) the same with ``"error"``. Never raises on bad
    input.
    """
    try:
        return _extract(html, url)
    except Exception:  # noqa: BLE001 - one bad page must not stop a crawl
        logger.exception("extraction failed for %s", url)
        return None


def _extract(html: str | bytes, url: str | None) -> dict | None:
    if isinstance(html, (bytes, bytearray)):
        html = decode_html(bytes(html))
    if not isinstance(html, str) or not html.strip():
        return None
    if len(html) > MAX_HTML_CHARS:
        html = _lighter(html, url)
    tree = load_html(html)
    if tree is None:
        return None
    if _COUNT_ELEMENTS(tree) > MAX_ELEMENTS:
        logger.warning("page has more than %d elements, not extracted: %s", MAX_ELEMENTS, url)
        return None
    # Read these before trafilatura prunes the tree (fastprune.text_in_place).
    canonical = find_canonical_url(tree, url)
    declared_lang = declared_language(tree)
    structured = read_structured(tree)
    author_links = []
    anchors = link_anchors(tree, author_links)
    author_boxes = author_box_texts(author_links)
    links = link_texts(anchors)
    subheads = {norm_text(h.text_content()) for h in tree.iter("h2", "h3", "h4", "h5", "h6")}
    headings = list(islice(tree.iter("h1"), 3))
    # the standfirst, which trafilatura may leave out
    lead = shown_lead(headings[0] if headings else None, html, structured)
    h1 = [heading_text(h) for h in headings]
    story_h1 = frozenset(" ".join(text.split()).lower() for text, h in zip(h1, headings)
                         if any(up.tag in ("article", "main") for up in h.iterancestors()))
    says_article = structured.article is not None and not structured.listing
    # a page whose JSON-LD calls it a profile or search results, and no article, is an index too
    if (not says_article and _index_page(url, canonical, structured.listing)) or (
            structured.index and structured.article is None):
        logger.info("index page (home, tag, author, archive), not an article: %s", url)
        title = headline(structured, lambda: extract_title(tree), h1, site_name(tree, structured),
                         urlsplit(canonical or url or "").hostname, tree.findtext(".//title"), story_h1)
        return {"not_article": "listing", "title": title, "text": "", "canonical_url": canonical}
    # Metadata is newsmon's own (pipelines.metadata), so trafilatura extracts only the text: its
    # metadata pass (categories, tags, licence, a second JSON-LD read) cost a fifth of the time.
    # a listing's teaser cards, read before trafilatura prunes the tree (pipelines.teasers)
    summaries = teaser_summaries(tree) if not says_article else []
    cards = first_card_texts(tree)
    values = class_id_values(tree)   # read once: this prune and trafilatura's raw-tree ones
    for box in _PRUNE(tree) if _may_prune(values) else ():
        _drop(box)
    unwrap_layout_tables(tree)
    # trafilatura works on the tree itself: its copy of the page is not needed (fastprune)
    text = text_in_place(tree, url, EXTRACTION_SETTINGS, values)
    other = second_opinion(html)
    text = fuller_text(tree, url, text, other, EXTRACTION_SETTINGS)
    text = leaner_text(tree, url, text, other, EXTRACTION_SETTINGS)
    if not text:
        return None
    sitename = site_name(tree, structured)
    host = urlsplit(canonical or url or "").hostname
    title = headline(structured, lambda: extract_title(tree), h1, sitename, host,
                     tree.findtext(".//title"), story_h1)
    if sitename is None:   # the page names no site: its logo may, where the title repeats it
        title = without_logo_name(title, tree, host)
    if error_title(title) or error_title(clean_title(tree.findtext(".//title"), sitename)):
        logger.info("error page, not an article: %s", url)   # a "soft 404", served with 200 OK
        return {"not_article": "error", "title": title, "text": "", "canonical_url": canonical}
    # trafilatura often drops the linked headlines of a listing and keeps the teasers: the
    # second extractor's text still shows them, when it read the same part of the page.
    says_listing = structured.listing and structured.article is None
    h1_whole = [" ".join(h.text_content().split()) for h in headings]   # kicker included
    # (the part that names the first publication: "Aktualisiert am 6. … / Erschienen am 5. …")
    body_day = next((text_day(published_part(line)) for line in text.split("\n", 3)[:3]
                     if date_only(line)), None)
    # the text opened inside the first teaser card (first_card_texts), not at this page's own
    # headline, which a card of the page itself would repeat above its own summary
    opening = norm_text(text.split("\n", 1)[0])
    if opening not in cards or opening in {norm_text(t) for t in (title, *h1, *h1_whole) if t}:
        cards = frozenset()
    text = strip_edges(text, links, [title, *h1, *h1_whole])
    # the page's own host and its canonical URL's (a syndicated copy: another outlet's)
    hosts = tuple(dict.fromkeys(h for h in (urlsplit(canonical or "").hostname,
                                            urlsplit(url or "").hostname) if h))
    if not says_article:
        # a listing lists the outlet's own pages: only links to its site count (without an
        # address, all of them)
        own = own_link_texts(anchors, *hosts) if hosts else links
        if is_listing(text, own, says_listing) or summarised(text, summaries, says_listing) or without_prose(text) or (
                is_listing(other, own, says_listing) and holds_paragraphs(other, text)
                and not _dated_story_url(canonical or url)):
            logger.info("listing page, not an article: %s", url)
            return {"not_article": "listing", "title": title, "text": "", "canonical_url": canonical}
    # the block closing the text is cut before link lines go: its heading may be a link's text
    # too ("124 commentaires", also the link to the comments under the headline: Le Figaro's
    # template, a probe page)
    text = drop_link_lines(cut_related_tail(cut_author_box(drop_leading_card_lines(text, cards), author_boxes)), links)
    text = continue_body(text, other, furniture=author_boxes)
    text = drop_closing_heading(cut_closing_appeal(cut_author_bios(cut_closing_prompts(drop_credit_lines(
        cut_paywall_tail(cut_related_tail(text)))))), subheads)
    text = drop_closing_dates(drop_closing_tag(text))   # the furniture gone, a date line may close the text
    text = drop_inline_prompts(drop_related_labels(text))   # after the closing blocks: a heading ends the text
    text = with_lead(text, lead)
    if not text:
        return None
    # htmldate runs only when the page states no date of its own (it is the slow part).
    date, date_source = publication_date(tree, structured, lambda: _htmldate(tree, canonical or url),
                                         url=canonical or url, body_day=body_day, page_url=url)
    # the outlet is no author: the page's own host, and its canonical URL's (a syndicated copy)
    authors = authors_from(structured, lambda: byline_search(tree), sitename, hosts or None, html)
    return {
        "title": title,
        "date": date,
        "published_at": publication_moment(structured, date),
        "date_source": date_source,
        "author": "; ".join(authors) or None,
        "authors": authors,
        "language": choose_language(declared_lang, text),
        "text": text,
        "canonical_url": canonical,
        "sitename": sitename,
        "description": _clean(structured.meta.get("description") or structured.meta.get("og:description")),
    }




#: The last segment of a story's path: a slug of three words or more ("bc-morning-show-hero").
_SLUG = re.compile(r"/[^/]*[^\W\d_]+[-_][^\W\d_]+[-_][^\W\d_]+[^/]*/?$")


def _dated_story_url(url: str | None) -> bool:
    """Whether the URL's path has a full date and ends in a slug, as an outlet names one story
    ("/2012/06/08/bc-morning-show-american-hero-kelly-malloy/"): then resiliparse's listing
    verdict gives way to trafilatura's, which read a short report among many teasers."""
    return url_day(url) is not None and _SLUG.search(urlsplit(url or "").path) is not None


def _index_page(url: str | None, canonical: str | None, collection: bool = False) -> bool:
    """Whether the page's address names an index page (``pipelines.indexurls``): the address it
    was fetched at, and its canonical URL when it states one (a CMS that gives every page the
    home page's canonical URL makes no article an index page). Without a fetch address (a saved
    page given to ``newsmon extract`` without ``--url``), its canonical URL stands for it, as
    the command's help says; without either, no. `collection`: the page's JSON-LD calls it a
    collection (``indexurls.index_url``)."""
    url = url or canonical
    return bool(url and index_url(url, collection) and (not canonical or index_url(canonical, collection)))


def _drop(element) -> None:
    """Remove an element, keeping its tail text."""
    parent = element.getparent()
    if parent is not None:
        element.drop_tree() if hasattr(element, "drop_tree") else parent.remove(element)


def _htmldate(tree, url: str | None) -> str | None:
    try:
        return find_date(tree, url=url, **htmldate_options())
    except Exception:  # noqa: BLE001 - a date is optional
        logger.debug("htmldate failed on %s", url, exc_info=True)
        return None


def extract_worker(body: bytes, url: str, declared_encoding: str | None) -> dict | None:
    """Decode and extract one page; the function a ProcessPoolExecutor worker runs.

    Module-level and taking plain values only, so it pickles by reference and the pool ships
    nothing but the page bytes. Never raises.
    """
    try:
        return extract_article(decode_html(body, declared_encoding), url)
    except Exception:  # noqa: BLE001 - an exception would surface in the parent as a lost item
        logger.exception("worker failed for %s", url)
        return None


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


# ---------------------------------------------------------------- canonical URL

#: ``find_canonical_url``'s questions, compiled once (``tree.xpath`` compiles at every call).
_BASE_HREF = etree.XPath("//base/@href", smart_strings=False)
_LINKS = etree.XPath("//link[@rel][@href]")
_OG_URL = etree.XPath("//meta[@property='og:url' or @name='og:url']/@content", smart_strings=False)


def find_canonical_url(tree, url: str | None = None) -> str | None:
    """The page's ``<link rel=canonical>`` else ``og:url``, absolute http(s), else None; one
    that points to the site's home page counts only when no other is given.

    Relative values are resolved against ``url`` (or ``<base href>``); a relative value with
    nothing to resolve against, or a non-http scheme (``javascript:``, ``data:``), gives None.
    """
    base = url
    base_href = _BASE_HREF(tree)
    if base_href:
        base = urljoin(url or "", base_href[0].strip())
    candidates = [
        href for link in _LINKS(tree)
        if "canonical" in link.get("rel", "").lower().split()
        for href in [link.get("href")]
    ]
    candidates += _OG_URL(tree)
    found = []
    for raw in candidates:
        raw = (raw or "").strip()
        if not raw:
            continue
        absolute = urljoin(base, raw) if base else raw
        parts = urlsplit(absolute)
        if parts.scheme in ("http", "https") and parts.netloc:
            found.append(absolute)
    # A canonical link to the site's home page on an article page is a template's mistake
    # (Granma's pages have one, beside an og:url of the article).
    return next((u for u in found if urlsplit(u).path.strip("/")), found[0] if found else None)
