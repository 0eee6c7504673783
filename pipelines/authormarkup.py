"""Authors a page names in its markup rather than in a byline's words: schema.org microdata
persons (``itemprop="author"``), links to author pages (``/autor/yaima-puig-meneses/``) and the
names the page's links give the profile addresses an author meta tag holds; and the two regions
of a page where no name is the article's author (comments, the site's chrome). Pure functions
over an lxml tree, for ``pipelines.authors`` and ``pipelines.bylinesearch`` (split from the
latter to keep each module small).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from storage.stems import fold

__all__ = ["MAX_AUTHORS", "author_page_links", "in_chrome", "in_comments", "microdata_authors",
           "profile_link_names"]

#: schema.org microdata persons: ``<span itemprop="author" itemscope ...><span itemprop="name">``.
_MICRODATA_AUTHORS = etree.XPath("//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' author ')]")
#: A microdata property's text value longer than this is a block of the page, not a name.
MAX_MICRODATA_TEXT = 80
#: Links to an author's page (``/autor/yaima-puig-meneses/``, ``/author/jdoe``).
_AUTHOR_PAGE = re.compile(r"/(?:autor|autora|autores|author|authors|auteur|periodista|journalist)/[^/?#]+/?$",
                          re.IGNORECASE)
MAX_AUTHORS = 6


_ITEM_NAMES = etree.XPath(".//*[@itemprop='name']")


def _owner(element):
    """The microdata item a property belongs to: its nearest ancestor with ``itemscope``."""
    return next((up for up in element.iterancestors() if up.get("itemscope") is not None), None)


def microdata_authors(tree) -> list[str]:
    """Names of the microdata ``author`` persons of the page (outside comments), in page order:
    an item's ``name`` property, or the text (``content``) of an ``author`` property that is no
    item, up to MAX_MICRODATA_TEXT characters."""
    names, item = [], False
    for element in _MICRODATA_AUTHORS(tree) if tree is not None else []:
        if in_comments(element):
            continue
        # the authors of one item: later ones belong to other articles' teasers (LinkedIn's list)
        owner = _owner(element)
        if item is not False and owner is not item:
            break
        if element.get("itemscope") is not None:
            # each of its own names: one Person item may hold two ("<span itemprop=name>Paul
            # Wiseman</span><span itemprop=name>Fatima Hussein</span>", Investment Executive)
            values = [n.get("content") or " ".join(n.itertext())
                      for n in _ITEM_NAMES(element) if _owner(n) is element]
        else:   # a property without an item: its value is its text (Avada's "by <span itemprop=author>")
            value = element.get("content") or " ".join(" ".join(element.itertext()).split())
            values = [value] if len(value) <= MAX_MICRODATA_TEXT else []
        for value in values:
            if value and value.strip() and value.strip() not in names:
                names.append(value.strip())
                item = owner
        if len(names) >= MAX_AUTHORS:
            break
    return names


def author_page_links(tree) -> list[str]:
    """The texts of the first group of links to author pages (the first such link and those
    beside it in the same element), outside comments: a byline like ``Por: <a href="/autor/x/">``
    that no class names. Used last."""
    if tree is None:
        return []
    for link in tree.iter("a"):
        if not _AUTHOR_PAGE.search(link.get("href") or "") or in_comments(link) or in_chrome(link):
            continue
        group = [a for a in link.getparent().iter("a") if _AUTHOR_PAGE.search(a.get("href") or "")]
        return [" ".join(" ".join(a.itertext()).split()) for a in group[:MAX_AUTHORS]]
    return []


def profile_link_names(tree, values: list[str]) -> list[str]:
    """The names that the page's links give the profile pages an author meta tag holds as
    addresses (``article:author`` "https://www.theguardian.com/profile/julia-carrie-wong,
    https://www.theguardian.com/profile/sam-levin"; Engadget's ".../editors/jon-fingas"): the
    text of the first link whose address ends in the same last path segment (a slug, without a
    "-2" counter) when the text's words spell that slug, accents folded ("José Pérez" for
    "jose-perez": the page keeps what the slug lost). In the order of the addresses; ``[]``
    when no link spells one."""
    slugs = []
    for value in values:
        for address in value.split(","):
            address = address.strip()
            if address.startswith(("http://", "https://", "/")):
                slug = _slug(address)
                if slug and "-" in slug and slug not in slugs:   # a name has two words at least
                    slugs.append(slug)
    if not slugs or tree is None:
        return []
    found: dict[str, str] = {}
    for link in tree.iter("a"):
        slug = _slug(link.get("href") or "")
        if slug in slugs and slug not in found:
            text = " ".join(" ".join(link.itertext()).split())
            if text and "-".join(re.findall(r"\w+", fold(text))) == slug:
                found[slug] = text
    return [found[slug] for slug in slugs if slug in found]


def _slug(address: str) -> str:
    """The last segment of an address's path, lower-cased, without a numeric counter."""
    last = urlsplit(address).path.rstrip("/").rsplit("/", 1)[-1].lower()
    return re.sub(r"-\d+$", "", last)


_CHROME_TAGS = frozenset("nav header footer aside".split())
_CHROME = re.compile(r"menu|sidebar|footer|relate|widget", re.IGNORECASE)


def in_chrome(element) -> bool:
    """Inside the site's navigation, footer, a sidebar/related box or widget, or a ``<header>``
    outside the article (an article's own ``<header>`` holds its byline); not the ``<body>``,
    whose classes may be a template's switches ("f_alerts_sidebar_on" on Kinja)."""
    for e in element.iterancestors():
        if e.tag in _PAGE_TAGS:
            return False
        if e.tag == "header":
            if not any(a.tag in ("article", "main") for a in e.iterancestors()):
                return True
        elif e.tag in _CHROME_TAGS or _CHROME.search(f"{e.get('class', '')} {e.get('id', '')}"):
            return True
    return False


_PAGE_TAGS = frozenset(("body", "html"))


def in_comments(element) -> bool:
    """Inside a comments section: a class or id that says so, or a schema.org microdata
    ``Comment`` (``itemprop="comment"``, ``itemtype=".../Comment"``)."""
    return any(_COMMENTS.search(f"{e.get('class', '')} {e.get('id', '')}")
               or "comment" in (e.get("itemprop") or "").lower().split()
               or (e.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1] in ("Comment", "UserComments")
               for e in (element, *element.iterancestors()))

#: such as "tag-...-comentarios" on the article itself).
_COMMENTS = re.compile(r"(?:^|\s)(?:comment|coment|kommentar)", re.IGNORECASE)
