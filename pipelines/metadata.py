"""What an article page states about itself: its JSON-LD article object and its ``<meta>`` tags.
A pure function over the parsed tree.

Read by the publication date (``pipelines.pubdate``), the authors (``pipelines.authors``) and the
headline (``pipelines.titles``). The JSON-LD is read with ``json`` on the tree trafilatura already
parsed, so no second parse and no extra dependency (extruct would parse the page again).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

__all__ = ["AUTHOR_METAS", "Structured", "as_list", "read_structured"]

#: schema.org types whose object describes the article itself (lower-cased; trafilatura's list
#: plus the NewsArticle subtypes of schema.org).
ARTICLE_TYPES = frozenset("""article newsarticle reportagenewsarticle analysisnewsarticle
    opinionnewsarticle backgroundnewsarticle reviewnewsarticle askpublicnewsarticle
    satiricalarticle blogposting liveblogposting socialmediaposting techarticle report
    scholarlyarticle medicalscholarlyarticle advertisercontentarticle""".split())
#: Meta tags (name or property) that name an article's authors, in order of trust: Open Graph's
#: ``article:author`` is the article's own (Condé Nast's sites put the company in ``author``).
AUTHOR_METAS = ("article:author", "og:article:author", "author", "dc.creator", "parsely-author", "sailthru.author", "byl")
#: schema.org types that mark a page listing other pages.
LISTING_TYPES = frozenset("collectionpage itemlist searchresultspage profilepage".split())
#: Of those, the types that say the page itself is an index: a person's profile (an author page,
#: Yoast's author archives, the Times of India's in a probe) or search results; an ItemList or a
#: CollectionPage may be a box inside an article.
INDEX_TYPES = frozenset("searchresultspage profilepage".split())


@dataclass
class Structured:
    """What a page states about itself: its JSON-LD article object and its ``<meta>`` tags."""
    article: dict | None = None
    listing: bool = False
    #: a JSON-LD object calls the page a profile or search results (``INDEX_TYPES``)
    index: bool = False
    meta: dict[str, str] = field(default_factory=dict)
    #: Every value of the author meta tags (AUTHOR_METAS): Open Graph's ``article:author`` and
    #: Parse.ly's ``parsely-author`` are repeated, one tag a person.
    authors: dict[str, list[str]] = field(default_factory=dict)
    tree: object = None
    #: JSON-LD objects by ``@id``, so that a reference (``"author": {"@id": ".../#/schema/person/1"}``,
    #: as Yoast and other ``@graph`` writers give it) can be read: see ``resolve``.
    nodes: dict[str, dict] = field(default_factory=dict)

    def resolve(self, value):
        """A JSON-LD value with a bare ``{"@id": ...}`` reference replaced by the object of that
        ``@id`` elsewhere on the page (JSON-LD 1.1 node references); other values as they are."""
        if isinstance(value, dict) and "@id" in value and set(value) <= {"@id", "@type"}:
            return self.nodes.get(str(value["@id"]), value)
        return value


# ---------------------------------------------------------------- reading structured data

def read_structured(tree) -> Structured:
    """JSON-LD article object (the first of an article type, ``@graph`` and lists walked), whether
    a JSON-LD object says the page is a listing, and the ``<meta>`` tags by lower-cased name or
    property (first value wins). Control characters, a trailing semicolon and a CDATA wrapper
    are read past; other broken JSON is skipped."""
    out = Structured(tree=tree)
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            # control characters, trailing semicolons and a CDATA wrapper (NBC News) are common
            raw = _CDATA.sub("", re.sub(r"[\x00-\x1f]", " ", raw)).strip().rstrip(";")
            try:
                data = json.loads(raw)
            except ValueError:
                continue
        for obj, listed in _walk(data):
            if (isinstance(obj.get("@id"), str) and not set(obj) <= {"@id", "@type"}
                    and obj["@id"] not in out.nodes):
                out.nodes[obj["@id"]] = obj
            types = {t.lower().rsplit("/", 1)[-1] for t in as_list(obj.get("@type")) if isinstance(t, str)}
            # an article in a list's items is another page's (a section front's ItemList of
            # NewsArticle teasers: ANSA's template in a probe), not this page's
            if types & ARTICLE_TYPES and out.article is None and not listed:
                out.article = obj
            elif types & LISTING_TYPES:
                out.listing = True
                out.index = out.index or bool(types & INDEX_TYPES)
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in out.meta:
            out.meta[key] = content
        if key in AUTHOR_METAS and content:
            out.authors.setdefault(key, []).append(content)
    return out


#: ``<![CDATA[ {...} ]]>`` around a script's JSON, written for XHTML (also behind ``//``).
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


def _walk(data, depth: int = 0, listed: bool = False):
    """Each JSON-LD object in `data` with whether it was reached through a list's
    ``itemListElement`` (an item of the list, not the page)."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1, listed)
    elif isinstance(data, dict):
        yield data, listed
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(data.get(key), (list, dict)):
                yield from _walk(data[key], depth + 1, listed or key == "itemListElement")


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
