"""Bylines in the page's elements, for ``pipelines.authors``: byline elements by the class names
of es/pt/fr templates, trafilatura's author search (``trafilatura.metadata.extract_author``) in
one pass over the page, lead-in lines ("Por …", "Von …") and the line that names an author.
What the markup itself names (microdata persons, links to author pages) is in
``pipelines.authormarkup``. Pure functions."""
from __future__ import annotations

import re
from itertools import islice

from lxml import etree
from trafilatura.json_metadata import normalize_authors
from trafilatura.utils import trim

from pipelines.authormarkup import in_chrome, in_comments
from pipelines.bylinecore import byline_core

__all__ = ["LEAD_IN_LINE", "byline_elements", "byline_search", "byline_text", "in_card", "in_teaser",
           "lead_in_lines", "line_naming"]


_L0_TAGS = frozenset("a address div link p span strong".split())
_L1_TAGS = frozenset("a div h3 h4 p span".split())
_DISCARD_TAGS = frozenset("a div section span".split())
_L0_CLASS = re.compile(r"author-?name|AuthorName|authorName")
_L1_ID = re.compile(r"author|zuozhe|bianji|xiaobian")
_L1_CLASS = re.compile(r"author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
_L2_ID = re.compile(r"[Aa]uthor")
_L2_CLASS = re.compile(r"[Aa]uthor|screenname|writer|[Bb]yline")
_DISCARD_ID = re.compile(r"^comments|comment-?list|ProductReviews")
#: A picture's credit or caption: "<span class=photo-data><span class=byline>Lane County
#: Jail</span>" (Advance Local's template, newspaper's test pages) credits the picture.
_PICTURE_CREDIT = re.compile(r"(?:photo|image|img|media)-(?:data|credit|caption)|wp-caption")
_DISCARD_CLASS = re.compile(r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
                            r"article-(?:share|support)|print|category|meta-date|meta-reviewer|"
                            + _PICTURE_CREDIT.pattern)


def _discarded(el, tag: str) -> bool:
    # a button's label is the page's interface, never a name ("Share", "Gift article" beside the
    # Irish Times's byline in one box; a probe page)
    if tag in ("time", "figure", "button"):
        return True
    if tag not in _DISCARD_TAGS:
        return False
    ident, cls = el.get("id") or "", el.get("class") or ""
    return (ident == "comments" or cls in ("comments", "title", "date") or bool(_DISCARD_ID.search(ident))
            or bool(_DISCARD_CLASS.search(cls)) or "Figure" in (el.get("data-component") or ""))


def _author_level(el, tag: str) -> int | None:
    """0, 1, 2: which of trafilatura's AUTHOR_XPATHS (trafilatura/xpaths.py) the element matches,
    with the BBC's ``data-testid="byline-new…"`` at level 2."""
    ident, cls = el.get("id") or "", el.get("class") or ""
    itemprop, rel = el.get("itemprop") or "", el.get("rel") or ""
    if tag == "author" or (tag in _L0_TAGS and (
            rel == "author" or ident == "author" or cls == "author" or itemprop == "author name"
            or el.get("data-testid") in ("AuthorCard", "AuthorURL") or _L0_CLASS.search(cls))):
        return 0
    if tag in _L1_TAGS and (cls in ("byline", "username", "byl", "BBL") or "author" in itemprop
                            or _L1_ID.search(ident) or _L1_CLASS.search(cls)):
        return 1
    if ("Byline" in (el.get("data-component") or "") or "author" in itemprop or _L2_ID.search(ident)
            or _L2_CLASS.search(cls) or "byline" in (el.get("data-testid") or "")):
        # (data-testid: the BBC's "byline-new-contributors", its template since 2024)
        return 2
    return None


def _kept_text(el) -> list[str]:
    """The element's text pieces without those of discarded descendants (their tails stay, as
    trafilatura's pruning keeps them)."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and not _discarded(child, child.tag):
            parts += _kept_text(child)
        parts.append(child.tail or "")
    return parts


#: The values of the attributes ``_author_level`` reads, in document order (collected by lxml
#: in C: 0.76 ms a benchmark page against 0.66 ms for the elements that have one, but most
#: values are then dropped by one substring test each instead of a Python call per element).
_BYLINE_VALUES = etree.XPath(" | ".join(f"descendant-or-self::*/@{name}" for name in (
    "class", "id", "itemprop", "rel", "data-testid", "data-component")))
#: Every test in ``_author_level`` but the tag ``<author>`` needs one of these in one of those
#: values (case-sensitive as its tests are: "byl" covers "byline", "Author" "AuthorName",
#: "AuthorCard", "AuthorURL"); an element whose values hold none of them matches no level.
_BYLINE_WORDS = ("author", "Author", "byl", "Byline", "BBL", "username", "screenname", "writer",
                 "zuozhe", "bianji", "xiaobian", "channel-name", "submitted-by", "posted-by",
                 "journalist-name")
_HOLDS_BYLINE_WORD = re.compile("|".join(map(re.escape, _BYLINE_WORDS))).search
#: The union of two element lists, in document order (libxml2 sorts a node-set union).
_UNION = etree.XPath("$a | $b")


def _byline_candidates(tree) -> list:
    """The elements ``_author_level`` may match (a superset of those it does), in document
    order: those with a value holding one of ``_BYLINE_WORDS``, and ``<author>`` elements.
    Before, every element with one of the attributes went through ``_author_level``: ~140 a
    page, 1.6 ms of the byline search."""
    values = _BYLINE_VALUES(tree)
    joined = "\n".join(values)
    found = (list(dict.fromkeys(v.getparent() for v in values if _HOLDS_BYLINE_WORD(v)))
             if _HOLDS_BYLINE_WORD(joined) else [])
    tags = [el for el in tree.iter("author") if el.tag == "author"]   # rare: lxml walks in C
    if tags:
        found = _UNION(tree, a=found, b=tags) if found else tags
    return found


def _in_discarded(el, top) -> bool:
    """Whether `el` lies in a discarded region: itself or an ancestor up to `top`."""
    while el is not None:
        if isinstance(el.tag, str) and _discarded(el, el.tag):
            return True
        if el is top:
            return False
        el = el.getparent()
    return False


#: A heading inside a link: the link is a teaser of another article.
_HEADING = etree.XPath(".//*[self::h1 or self::h2 or self::h3 or self::h4]")


#: A linked headline: with a sibling that holds one too, an item of a list of other stories.
_LINKED_HEADING = etree.XPath(".//*[self::h1 or self::h2 or self::h3 or self::h4][.//a[@href]]")
#: A link holding a headline ("<a href><h4>…</h4></a>"): one in a card (``<article>``, ``<li>``),
#: with a sibling card that holds one too, makes it an item of a list of other stories.
_HEADED_LINK = etree.XPath(".//a[@href][.//*[self::h1 or self::h2 or self::h3 or self::h4]]")
_STORY_LIST_DEPTH = 4   # ancestors looked at: a list item holds its byline a few levels down


def in_teaser(element) -> bool:
    """Whether the element lies in a teaser of another article, whose byline is not the page's:
    a link that also holds a heading ("<a><h3>Headline</h3><div class=author-name>Von ...
    </div></a>"), or one item of a list of stories: an element (a few levels up) holding a
    linked headline, beside a sibling of the same tag and class that holds one too (D
    Magazine's "most read": ``li.ws-list__item`` > h2 > a, then ``span.byline``; a list of the
    page's own authors has no headlines). (A list item or an ``<article>`` whose first heading
    is a link was tried alone before: npr.org's and rawstory.com's stories are such articles
    themselves, with no sibling story.)"""
    if any(a.tag == "a" and _HEADING(a) for a in element.iterancestors()):
        return True
    for item in islice(element.iterancestors(), _STORY_LIST_DEPTH):
        if item.tag in ("body", "html"):
            return False
        if _story_item(item) or (item.tag == "li" and _headline_item(item, element)):
            return True
    return False


#: A link's text of this many words or more, beside a byline in a list item, is a headline.
MIN_HEADLINE_WORDS = 5


def _in_headline_item(element) -> bool:
    """Whether `element` lies in another story's list item (``_headline_item``) a few levels up."""
    return any(item.tag == "li" and _headline_item(item, element)
               for item in islice(element.iterancestors(), _STORY_LIST_DEPTH))


def _headline_item(item, element) -> bool:
    """Whether the list item `item` is another story's: it holds a link with a headline's text
    (``MIN_HEADLINE_WORDS``) that is not around `element`, beside a sibling item ("<li><a>
    Gobierno anuncia plan …</a><span class=autor>Por …</span></li>", La Tercera's related list
    in a probe page)."""
    if item.getnext() is None and item.getprevious() is None:
        return False
    return any(a.get("href") and element not in a.iterdescendants()
               and len(a.text_content().split()) >= MIN_HEADLINE_WORDS for a in item.iter("a"))


def _story_item(item) -> bool:
    """Whether `item` holds a linked headline and so does a sibling of its tag and first class
    ("w-stories__item scroller__item" beside "... scroller__item--last"), or is a teaser card
    (``_card``). The cheap tests first: the XPath runs only on items with such a sibling (0.5
    ms a page before)."""
    twins = _twins(item)
    if not twins:
        return False
    if _LINKED_HEADING(item):
        return any(_LINKED_HEADING(s) for s in twins[:3])
    return _card(item, twins)


def _twins(item) -> list:
    first = (item.get("class") or "").split()[:1]
    if not first:
        return []
    return [s for s in islice(_siblings(item), 40)
            if s.tag == item.tag and (s.get("class") or "").split()[:1] == first]


def _card(item, twins) -> bool:
    """Whether `item` is a teaser card: an ``<article>`` or ``<li>`` whose one link holds its
    headline ("<a href><h4>…</h4></a>"), short, beside a card like it (a page's section holding
    its story and a box of such cards, tagesschau.de's, is none; nor is a story beside the next
    ones, thoughtcatalog.com's ``<article>``s)."""
    return (item.tag in ("article", "li") and len(_HEADED_LINK(item)) == 1
            and any(_HEADED_LINK(s) for s in twins[:3])
            and len(item.text_content()) < MAX_CARD_TEXT)


def card_list(item) -> list:
    """`item` and the cards beside it when `item` is a teaser card (``_card``), else []."""
    twins = _twins(item)
    return [item, *twins] if twins and _card(item, twins) else []


def in_card(element) -> bool:
    """Whether the element lies in a teaser card (``_card``) a few levels up."""
    for item in islice(element.iterancestors(), _STORY_LIST_DEPTH):
        if item.tag in ("body", "html"):
            return False
        if item.tag in ("article", "li"):
            twins = _twins(item)
            if twins and _card(item, twins):
                return True
    return False


#: A teaser card's text (headline, standfirst, byline, date) is shorter than this (characters).
MAX_CARD_TEXT = 500


def _siblings(item):
    yield from item.itersiblings(preceding=True)
    yield from item.itersiblings()


def _byline_of_links(el):
    """The element that holds a byline's names when `el` is one of several author links side by
    side ("By <a rel=author>Kevin Marrero</a> and <a rel=author>Laura Figueroa</a>"): their
    parent, so that every name is read; else `el`."""
    parent = el.getparent()
    if el.tag != "a" or parent is None:
        return el
    same = [a for a in parent.iterchildren("a") if a.get("rel") == el.get("rel")
            and a.get("class") == el.get("class")]
    return parent if len(same) > 1 else el


def byline_search(tree) -> str | None:
    """trafilatura's author search (``metadata.extract_author``: its three XPaths in order of
    trust, its discarded regions: comments, sidebars, ``<time>``, ``<figure>``) in one pass
    over the page: its XPaths test regular expressions on every element, three times over,
    and cost 4 ms a page here. The first element of each level in document order, outside the
    discarded regions, with a text of 3 to 119 characters; level 0 ends the search. Returns
    its normalised author string or None."""
    found: list[str | None] = [None, None, None]
    for el in _byline_candidates(tree):
        level = _author_level(el, el.tag) if isinstance(el.tag, str) else None
        if level is None or found[level] is not None or _in_discarded(el, tree) or in_teaser(el):
            continue
        content = trim(" ".join(_kept_text(_byline_of_links(el) if level == 0 else el)))
        if content and 2 < len(content) < 120:
            found[level] = content
            if level == 0:
                break
    author = next((f for f in found if f), None)
    # trafilatura's normalisation drops the punctuation that tells a pictures' credit or a note
    # in brackets from the names ("Texto: Ana Ruiz. Fotos: José Pérez"): cut them first.
    return normalize_authors(None, byline_core(author)) if author else None




#: Byline elements by the class names of Spanish, Portuguese and French templates ("autor",
#: "firma", "auteur"), which trafilatura's author XPaths (English and Chinese names) miss;
#: never inside a comments section. The page's class values (collected by lxml in C) are
#: pre-selected by a case-sensitive substring test, a regex on the class decides, then the tag.
#: (An XPath selecting the elements by tag and ``contains(@class, ...)`` cost 1.15 ms a
#: benchmark page, ``//@class`` 0.37 ms.)
_CLASSES = etree.XPath("//@class")
_BYLINE_CLASS_PART = re.compile("utor|firma|auteur|signature|yline").search
_BYLINE_TAGS = frozenset("div p span a address strong".split())
_BYLINE_CLASS = re.compile(r"(?:^|\s)(?:autor|autora|autores|firma|firmas|auteur|signature|byline)(?:\s|$|[-_])",
                           re.IGNORECASE)


def byline_elements(tree):
    if tree is None:
        return
    classes = _CLASSES(tree)
    if not _BYLINE_CLASS_PART("\n".join(classes)):   # one C search over all, then per value
        return
    for value in classes:
        if not (_BYLINE_CLASS_PART(value) and _BYLINE_CLASS.search(value)):
            continue
        element = value.getparent()
        if element.tag not in _BYLINE_TAGS:
            continue
        if in_comments(element) or in_teaser(element) or _in_picture_credit(element):
            continue
        yield element


#: Elements after which a byline goes on on a new line (its name on one, the role or place on
#: the next: "Jane Doe<br>Havana correspondent").
_LINE_ENDS = frozenset("br p div li small address h4 h5 h6".split())


def byline_text(element) -> str:
    """The byline element's text, spaces squashed, its lines (split by ``<br>`` and block
    children) joined by ", ": "Jane Doe<br>Havana correspondent" reads as "Jane Doe, Havana
    correspondent", where the name rules cut the role and the place after a comma; read whole,
    the place was taken for the name's end ("Jane Doe Havana", on pages written in a probe)."""
    parts: list[str] = []

    def walk(node) -> None:
        if isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        for child in node:
            ends = isinstance(child.tag, str) and child.tag in _LINE_ENDS
            if ends:
                parts.append("\n")
            walk(child)
            if ends:
                parts.append("\n")
            if child.tail:
                parts.append(child.tail)

    walk(element)
    # text nodes joined by spaces, as itertext() read them ("Andrew Husband" + "Twitter")
    lines = (" ".join(line.split()) for line in " ".join(parts).split("\n"))
    return ", ".join(line for line in lines if line)


def _in_picture_credit(element) -> bool:
    """Whether `element` credits a picture: it or one of its near ancestors is a picture's
    caption (``_PICTURE_CREDIT``, a ``<figcaption>``: Europa Press's "autor-foto" span, "- Europa
    Press/Contacto/Ramon Espinosa - Archivo", in a probe page), or its own class says photo."""
    if _PHOTO_CLASS.search(element.get("class") or ""):
        return True
    return any(up.tag == "figcaption" or _PICTURE_CREDIT.search(up.get("class") or "")
               for up in islice(element.iterancestors(), 4))


#: A class that names a photo's author ("autor-foto", "photo-byline", "foto-autor").
_PHOTO_CLASS = re.compile(r"(?i)\b(?:autor-foto|foto-autor|photo-byline|byline-photo|photographer)\b")


#: A short line that opens with a byline lead-in: "Von Claudia Lindner", "Por María Fernández y
#: José Pérez", "Texto: Ana Ruiz", "Autorin: Uta Staschewski", "Ein Artikel von ...", "Written by:
#: ..." (es, en, pt, fr, de); a dash or bar before it is the end of a date ("05.02.2020 - Redaktion:").
#: "Story by …" closes Meduza's stories, their only byline (a probe page).
_LEAD_IN = (r"(?:(?:ein\s+artikel\s+|written\s+|story\s+|words\s+|escrito\s+|escrita\s+|écrit\s+|publicado\s+|publié\s+)?"
            r"(?:von|by|por|par)|texto?|autor(?:a|in)?|author|auteur|redaktion|redacción)")
LEAD_IN_LINE = re.compile(rf"^[\s\-–—|·•]*{_LEAD_IN}\s*:?\s+\S", re.IGNORECASE)
#: A label element that holds only the lead-in, the name in its tail: "<h5>Autor: </h5>Peter Maahn".
#: The BBC World Service's label ends in a comma ("<span>Autor, </span><span>Carolina …</span>",
#: BBC News Mundo's "Información del artículo" list; a probe page).
_LEAD_IN_LABEL = re.compile(rf"^{_LEAD_IN}\s*[:,]?$", re.IGNORECASE)
#: The start of a lead-in in an element's own text ("Von " before a child with the name).
_LEAD_IN_PART = re.compile(rf"^[\s\-–—|·•]*{_LEAD_IN}\b", re.IGNORECASE)
_LINE_TAGS = ("p", "span", "em", "strong", "b", "small", "address", "div", "h4", "h5", "h6")
_ARTICLE = etree.XPath("(//article | //main)[1]")
#: A byline line is shorter than this.
MAX_LINE = 80


def lead_in_lines(tree) -> list[str]:
    """The texts of the short lines that open with a byline lead-in ("Von ...", "Por ...",
    "Texto: ...", or a label "Autor:" with the name after it), in the article (``<article>``/
    ``<main>``), else in the body; outside links (a teaser of another article), comments and the
    site's chrome; in page order, at most three: a byline no class names, as at the end of many
    German and Spanish articles."""
    if tree is None:
        return []
    found: list[str] = []
    for scope in (*_ARTICLE(tree), next(tree.iter("body"), tree)):
        for element in scope.iter(_LINE_TAGS):
            # its own text, or its first child's ("<div><span>By</span><a>Name</a></div>"), opens
            # with a lead-in: a cheap look before its whole text is read
            own = element.text or ""
            if not _LEAD_IN_PART.match(own) and (own.strip() or not len(element)
                                                 or not _LEAD_IN_PART.match(element[0].text or "")):
                continue
            text = " ".join(" ".join(element.itertext()).split())
            if len(text) >= MAX_LINE:
                continue
            if _LEAD_IN_LABEL.match(text):
                # the name after the label: in its tail, or in the next element (the BBC's
                # "<span>Autor, </span><span>Carolina Mena Urdaneta</span>")
                after = element.tail if element.tail and element.tail.strip() else (
                    " ".join(element.getnext().itertext()) if element.getnext() is not None else "")
                if after.strip():
                    text = f"{text.rstrip(' ,:')}: {' '.join(after.split())}"
            text = text.lstrip(" -–—|·•")
            if LEAD_IN_LINE.match(text) and text not in found and not (  # in a link: a teaser's
                    any(a.tag == "a" for a in element.iterancestors()) or in_comments(element)
                    or in_chrome(element) or in_card(element) or _in_headline_item(element)):
                found.append(text)
                if len(found) == 3:
                    return found
        if found:
            return found
    return found


#: Text nodes of the body that hold a given string (``$name``), outside scripts and styles.
_TEXT_WITH = etree.XPath("//body//text()[contains(., $name)][not(ancestor::script or ancestor::style)]")


def line_naming(tree, name: str) -> str | None:
    """The first short line (under MAX_LINE characters) of the page's body, among the first three
    that hold ``name``, that opens with it, after a lead-in or not, and goes on to another name
    ("von Rudolf Fischer, Simon Kohler", "Por Ana Ruiz y José Pérez"): the visible byline of
    which JSON-LD often gives the first author only; a teaser card's line naming the author with
    others is another story's (``in_teaser``, ``in_card``). None when there is none."""
    if tree is None or not name:
        return None
    opens = re.compile(rf"^(?:{_LEAD_IN}\s*:?\s+)?{re.escape(name)}\s*(?:,|&|\s(?:and|und|y|e|et)\s)", re.IGNORECASE)
    for node in _TEXT_WITH(tree, name=name)[:3]:
        element = node.getparent()
        if element is not None and node.is_tail:
            element = element.getparent()
        if element is None or in_teaser(element) or in_card(element):
            continue   # another story's byline, naming this author among others
        for _ in range(3):  # the name's own element, or the line around its link
            if element is None:
                break
            text = " ".join(" ".join(element.itertext()).split())
            if len(text) >= MAX_LINE:
                break
            if opens.match(text.lstrip(" -–—|·•")):
                return text.lstrip(" -–—|·•")
            element = element.getparent()
    return None
