"""Authors of an article as a list of person names, from JSON-LD, meta tags and bylines. Pure functions.

Order (measured with ``bench/metadata.py``): the JSON-LD article's ``author`` persons (unless
JSON-LD alone names others than the author meta tags and the visible byline), the ``author``
meta tags, schema.org microdata ``author`` persons, a byline element by the class names of
Spanish, Portuguese and French templates, trafilatura's byline search, a short line that opens
with a lead-in ("Von ...", "Por ...", "Texto: ..."; full names only), and last the first group
of links to author pages (``/autor/<name>/``); the readers of page elements are in
``pipelines.bylinesearch`` (bylines in teaser links are another article's). Cleaning is newsmon's own: trafilatura strips only
English and German lead-ins ("By", "von") and splits only on "and"/"und"
(trafilatura/json_metadata.py); here (``pipelines.authornames``) lead-ins, agencies, desks, roles, places and notes in
brackets of es, en, pt, fr and de bylines go, and "y"/"e"/"et"/"und"/"and", commas and slashes
split names. Repeated author meta tags (``article:author``, ``parsely-author``) are a list.

JSON-LD ``author`` references (``{"@id": ...}``, as Yoast's ``@graph`` gives them) are read from
the graph; persons of microdata ``Comment`` objects are no authors; the outlet (its
``og:site_name``, the publisher's name, or a name spelling the host) is no author unless the
publisher is itself a Person (a personal site). On trafilatura's evaluation pages
(``bench/metadata.py --trafilatura``) these took author name F1 from 0.545 to 0.577, and from
0.750 to 0.776 on its NewsArticle pages; the pages the later cleaning rules "lose" there are
labels that keep desks ("Redaktion …"), initials, agencies or places, which newsmon drops. i14-meta3's rules (domains,
teasers, JSON-LD against meta and byline, lead-in lines) took all pages to 0.614 and NewsArticle
pages to 0.787 on the raw labels (0.983 when their desk and agency labels are read as names only).
"""
from __future__ import annotations

import logging
import re
from typing import Callable

from pipelines.authormarkup import MAX_AUTHORS, author_page_links, microdata_authors, profile_link_names
from pipelines.bylinesearch import (byline_elements, byline_search, byline_text, lead_in_lines,
                                    line_naming)
from pipelines.authornames import clean_authors
from pipelines.metadata import AUTHOR_METAS, Structured, as_list

logger = logging.getLogger(__name__)

__all__ = ["authors_from", "byline_search", "clean_authors"]  # byline_search: pipelines.bylinesearch


def authors_from(structured: Structured, byline: Callable[[], str | None],
                 sitename: str | None = None, host: str | tuple | None = None,
                 html: str | None = None) -> list[str]:
    """Authors: the JSON-LD article's ``author`` persons, else the author meta tags
    (``AUTHOR_METAS``), else the visible byline (microdata, byline elements, ``byline()``:
    trafilatura's byline search, called only then, lead-in lines), else Yoast's Twitter card
    (``twitter_card_authors``), else links to author pages; each cleaned by ``clean_authors``
    (``sitename`` and ``host``: the page's outlet, never an author; ``html``: the page's source,
    for a cheap look before the byline line is searched)."""
    if _personal_site(structured):  # the site is its author's: its name is no outlet's
        sitename = host = None

    def clean(raw) -> list[str]:
        # most pages lack most of the author meta tags: nothing to clean is no call
        return clean_authors(raw, sitename, host) if raw else []

    if structured.article:
        people = []
        # schema.org's ``creator`` (CreativeWork) stands for the author where a page gives no author
        for person in as_list(structured.article.get("author") or structured.article.get("creator")):
            person = structured.resolve(person)
            if isinstance(person, str):
                people.append(person)
            elif isinstance(person, dict):
                kinds = {str(t).lower() for t in as_list(person.get("@type"))}
                if kinds & {"organization", "newsmediaorganization", "corporation"} and "person" not in kinds:
                    continue
                given = " ".join(n for n in (person.get("givenName"), person.get("familyName"))
                                 if isinstance(n, str) and n.strip())
                people += [_full_from_bio(n, person.get("description"))
                           for n in as_list(person.get("name") or given) if isinstance(n, str)]
        names = clean(people)
        if names:
            # "April Roach" in JSON-LD, "April Roach, Daniel O'Mahony" in the author meta tag:
            # the longer list that holds every JSON-LD name.
            metas = [clean(_meta_authors(structured, key)) for key in AUTHOR_METAS]
            for more in metas:
                if len(more) > len(names) and _keys(names) <= _keys(more):
                    return more
            # JSON-LD alone against the meta tags (WordPress gives the account that posted):
            # the meta's names when the visible byline names them too, and not JSON-LD's.
            other = next((more for more in metas if more), None)
            if other and not any(_keys(more) & _keys(names) for more in metas):
                shown = _keys(clean(microdata_authors(structured.tree)) or clean(byline() or ""))
                if shown & _keys(other) and not shown & _keys(names):
                    return other
            # "von Rudolf Fischer, Simon Kohler" shown where JSON-LD names the first one only
            line = line_naming(structured.tree, names[0]) if len(names) == 1 and _named_with_more(
                names[0], html) else None
            more = _names_of_line(line, clean) if line else []
            if len(more) > 1 and _keys(names) <= _keys(more):
                return more
            return names
    for key in AUTHOR_METAS:
        values = _meta_authors(structured, key)
        # profile addresses instead of names (the Guardian, Engadget): the names their links show
        names = clean(values) or clean(profile_link_names(structured.tree, values))
        if names:
            return names
    names = clean(microdata_authors(structured.tree))
    if names:
        return names
    for element in byline_elements(structured.tree):
        text = byline_text(element)
        if 2 < len(text) <= 120:
            names = clean(text)
            if names:
                return names
    found = [part for part in (byline() or "").split(";") if part.strip()]
    # More parts than MAX_AUTHORS are a row of category or tag links (solarserver.de), not a byline.
    # One value, not one per part: "Reuters, Washington" comes back as "Reuters; Washington",
    # an agency's dateline (deccanherald.com, the article-extraction benchmark), not a person.
    names = clean("; ".join(found) if len(found) <= MAX_AUTHORS else [])
    if names:
        return names
    for line in lead_in_lines(structured.tree):
        names = _names_of_line(line, clean)
        if names:
            return names
    # Yoast's Twitter card names the account that posted, not always the byline's author: only
    # when the page shows no byline
    return clean(twitter_card_authors(structured)) or clean(author_page_links(structured.tree))


def _named_with_more(name: str, html: str | None) -> bool:
    """Whether the page's source (when given) has the name followed by a comma or a conjunction,
    tags between them allowed: a cheap look before ``line_naming`` reads the tree."""
    if html is None:
        return True
    follows = r"(?:\s*<[^<>]{0,300}>)*\s*(?:,|&amp;|&|\s(?:and|und|y|e|et)\s)"
    return re.search(re.escape(name) + follows, html) is not None


def _names_of_line(line: str, clean: Callable[[str], list[str]]) -> list[str]:
    """The names of a byline line ("Von Claudia Lindner", "Por Ana Ruiz y José Pérez"): only
    full names, so that "Von Berlin aus" is none; they end where the outlet or agency comes
    ("By Nada Tawfik, BBC News, New York": the place). ``[]`` when a name is not a full one."""
    names: list[str] = []
    for part in line.split(","):
        more = clean(part) if part.strip() else []
        if not more:
            break
        names += [n for n in more if n not in names]
    return names if names and all(_full_name(n) for n in names) else []


def _full_from_bio(name: str, bio) -> str:
    """A one-word display name made whole by the person's description when it opens with the
    name and a surname (Yoast's author node: "Stefanus" with "Stefanus Stahl - Maschinenbauer
    ...", "Nils" with "Nils Pickert ist freier Autor")."""
    if len(name.split()) != 1 or not isinstance(bio, str):
        return name
    match = re.match(rf"\s*{re.escape(name.strip())}((?:\s+[A-ZÀ-Þ][\w'’-]+){{1,2}})(?=[\s,.;:–—-]|$)", bio)
    full = f"{name.strip()}{match[1]}" if match else name
    return full if match and _full_name(full) else name


def _full_name(name: str) -> bool:
    """Two to four words of letters (and . - '), each capitalised (particles "de", "von", "da"
    aside): "Keine Kommentare Teilen: Mehr" is none."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(
        _NAME_WORD.fullmatch(w) and (w[0].isupper() or w.lower() in _NAME_PARTICLES) for w in words)


_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_.'’-]*(?:[.'’-][^\W\d_]*)*\.?")


_NAME_PARTICLES = frozenset("de del da do dos das di von van der den la le y e".split())


#: The labels of a Twitter card's field that names the author: Yoast SEO's (WordPress) "Written
#: by", in the site's language; about 190 of trafilatura's and htmldate's evaluation pages carry one.
_WRITTEN_BY = frozenset(("written by", "verfasst von", "geschrieben von", "escrito por", "écrit par",
                         "scritto da", "geschreven door", "skrevet af", "skrevet av", "skriven av",
                         "napisane przez", "autor", "author", "auteur", "autore"))


def twitter_card_authors(structured: Structured) -> list[str]:
    """The value of the Twitter card's data field whose label names the author ("twitter:label1"
    "Written by", "twitter:data1" "Ellyn Shook"), or []."""
    for i in range(1, 5):
        label = structured.meta.get(f"twitter:label{i}")
        if label and " ".join(label.lower().split()) in _WRITTEN_BY:
            value = structured.meta.get(f"twitter:data{i}")
            return [value] if value else []
    return []


def _keys(names: list[str]) -> set[str]:
    return {n.lower() for n in names}


def _meta_authors(structured: Structured, key: str) -> list[str]:
    """The values of an author meta tag: all of them when there are at most MAX_AUTHORS (more
    are a paper's references, as Springer's ``citation_author``-like lists), else the first."""
    values = structured.authors.get(key) or []
    return values if len(values) <= MAX_AUTHORS else values[:1]


def _personal_site(structured: Structured) -> bool:
    """Whether the JSON-LD article's publisher is a Person (a personal site or blog)."""
    for publisher in as_list((structured.article or {}).get("publisher")):
        publisher = structured.resolve(publisher)
        if isinstance(publisher, dict) and "person" in {str(t).lower() for t in as_list(publisher.get("@type"))}:
            return True
    return False
