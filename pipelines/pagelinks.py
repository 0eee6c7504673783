"""A page's links: their texts, read once a page, and which lead to the outlet's own site. Pure
functions over an lxml tree and strings; ``pipelines.bodytext`` reads lines against them.

The registered domain of a host comes from courlan's ``extract_domain`` (the Public Suffix
List, through ``tld``; courlan is already the crawl's URL library, loaded with trafilatura).
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

__all__ = ["author_box_texts", "link_anchors", "link_texts", "norm_text", "own_link_texts", "site_key"]


def norm_text(text: str) -> str:
    """`text` with its whitespace squashed to single spaces, lower-cased: how link texts and
    lines are compared."""
    # str.split() and the regex \s+ split on the same characters; split is 4x faster, and this
    # runs on every link and line of every page.
    return " ".join(text.split()).lower()


def link_anchors(tree, author_links: list | None = None) -> list[tuple[str, str]]:
    """``(href, text)`` of each ``<a>`` element of the page that has text: the address stripped
    ("" without one), the text normalised (``norm_text``). Read once a page; ``link_texts`` and
    ``own_link_texts`` take this list. The links to an author's page (``_AUTHOR_FOLDER``) are
    added to `author_links` when it is given (for ``author_box_texts``, in the same walk: a
    second walk over every link cost 0.2 ms a page)."""
    anchors = []
    for a in tree.iter("a"):
        text = norm_text(a.text_content())
        if text:
            href = (a.get("href") or "").strip()
            anchors.append((href, text))
            if author_links is not None and ("/aut" in href or "/Aut" in href or "/journalist" in href
                                             or "/periodist" in href) and _AUTHOR_FOLDER.search(href):
                author_links.append(a)
    return anchors


def link_texts(anchors: list[tuple[str, str]]) -> set[str]:
    """The texts of the page's links (`anchors`: ``link_anchors``)."""
    return {text for _, text in anchors}


#: An author's page, by a folder of its path: "/autoren/lena-fischbach-159564.html",
#: "/autoren/id_78349855/lara-meissner.html", "/author/jdoe/".
_AUTHOR_FOLDER = re.compile(r"/(?:autor|autoren|autorin|autora|autores|author|authors|auteur|auteurs|"
                            r"autore|autori|periodista|periodistas|journalist|journalists|journalisten)/",
                            re.IGNORECASE)


#: An author box holds the author's link and at most this many words (a role, a biography).
MAX_AUTHOR_BOX_WORDS = 80


def author_box_texts(author_links: list) -> set[str]:
    """The paragraphs (``<p>``, normalised: ``norm_text``) of the page's author boxes: the
    nearest element, up to three levels above a link to an author's page (`author_links`, from
    ``link_anchors``), that holds a paragraph, when it holds at most ``MAX_AUTHOR_BOX_WORDS``
    words. Read before the tree is pruned."""
    texts = set()
    for a in author_links:
        box = a.getparent()
        for _ in range(3):
            if box is None or box.find(".//p") is not None:
                break
            box = box.getparent()
        if box is None or len(box.text_content().split()) > MAX_AUTHOR_BOX_WORDS:
            continue
        texts.update(norm_text(p.text_content()) for p in box.iter("p"))
    texts.discard("")
    return texts


def own_link_texts(anchors: list[tuple[str, str]], *hosts: str | None) -> set[str]:
    """The texts of the page's links (`anchors`: ``link_anchors``) to its own site: relative
    addresses, fragments and scripts, and absolute ones on the registered domain (``site_key``)
    of one of ``hosts`` (the page's, and its canonical URL's when that is another). A listing
    lists the outlet's own pages; a shopping post's or a roundup's links lead to other sites."""
    sites = {site_key(host) for host in hosts if host}
    return {text for href, text in anchors
            if not href.startswith(("http://", "https://", "//")) or _href_site(href) in sites}


def _href_site(href: str) -> str | None:
    """The registered domain of an absolute address's host (None for a broken one)."""
    start = href.index("//") + 2
    end = len(href)
    for stop in "/?#":   # the authority ends at the path, the query or the fragment
        at = href.find(stop, start)
        if at != -1 and at < end:
            end = at
    return _authority_site(href[start:end])


@lru_cache(maxsize=4096)
def _authority_site(authority: str) -> str | None:
    # a page links to few hosts many times: urlsplit and the suffix list run once a host
    try:
        return site_key(urlsplit(f"//{authority}").hostname)
    except ValueError:   # "http://[broken": no site
        return None


@lru_cache(maxsize=4096)
def site_key(host: str | None) -> str | None:
    """The registered domain of a host ("news.example.co.uk" -> "example.co.uk"), by courlan's
    ``extract_domain`` (the Public Suffix List, through ``tld``; courlan is already the crawl's
    URL library and loaded with trafilatura), else the host itself (a suffix the list lacks)."""
    if not host:
        return None
    from courlan.urlutils import extract_domain
    host = host.lower().rstrip(".")
    return extract_domain(f"http://{host}/") or host
