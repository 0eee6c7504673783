"""Article metadata: what a page states about itself, and the publication date. Pure functions.

Authors are cleaned in ``pipelines.authors``, headlines in ``pipelines.titles``.

Dates, in this order (measured with ``bench/metadata.py`` on htmldate's 940 evaluation pages;
figures in the README): **htmldate**'s original-date mode without its "extensive" text search
(it reads meta tags, JSON-LD, ``<time>`` and the URL, and keeps the outlet's local day), then the
JSON-LD article's ``datePublished`` and the ``article:published_time``-like meta tags (UTC
timestamps put evening stories on the next day: 9.0 % wrong days first, 8.2 % after htmldate),
then a visible date line in es/pt/fr/de/en/it ("Publicado: 5 de marzo de 2026"). htmldate's
extensive search is not used: its month-only and year-only guesses (``YYYY-01-01``) were the
largest source of wrong dates, and where nothing else found a date it was wrong 7 times in 24.
A page whose day cannot be read gets no date: null beats wrong.

Libraries: htmldate (installed with trafilatura) for dates; the JSON-LD is read with ``json`` on
the tree trafilatura already parsed, so no second parse and no extra dependency (extruct would
parse the page again). Author cleaning is newsmon's own: trafilatura strips only English and
German lead-ins ("By", "von") and splits only on "and"/"und" (trafilatura/json_metadata.py).
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone


logger = logging.getLogger(__name__)

__all__ = ["Structured", "as_list", "htmldate_options", "publication_date", "read_structured", "text_date"]

#: schema.org types whose object describes the article itself (lower-cased; trafilatura's list
#: plus the NewsArticle subtypes of schema.org).
ARTICLE_TYPES = frozenset("""article newsarticle reportagenewsarticle analysisnewsarticle
    opinionnewsarticle backgroundnewsarticle reviewnewsarticle askpublicnewsarticle
    satiricalarticle blogposting liveblogposting socialmediaposting techarticle report
    scholarlyarticle medicalscholarlyarticle advertisercontentarticle""".split())
#: schema.org types that mark a page listing other pages.
LISTING_TYPES = frozenset("collectionpage itemlist searchresultspage profilepage".split())
#: Earliest publication date taken as real: older dates on news pages are copyright lines, birth
#: dates and the like.
MIN_DATE = date(1995, 1, 1)


@dataclass
class Structured:
    """What a page states about itself: its JSON-LD article object and its ``<meta>`` tags."""
    article: dict | None = None
    listing: bool = False
    meta: dict[str, str] = field(default_factory=dict)
    tree: object = None


# ---------------------------------------------------------------- reading structured data

def read_structured(tree) -> Structured:
    """JSON-LD article object (the first of an article type, ``@graph`` and lists walked), whether
    a JSON-LD object says the page is a listing, and the ``<meta>`` tags by lower-cased name or
    property (first value wins). Broken JSON is skipped."""
    out = Structured(tree=tree)
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            try:  # control characters and trailing semicolons are common
                data = json.loads(re.sub(r"[\x00-\x1f]", " ", raw).rstrip(";"))
            except ValueError:
                continue
        for obj in _walk(data):
            types = {t.lower().rsplit("/", 1)[-1] for t in as_list(obj.get("@type")) if isinstance(t, str)}
            if types & ARTICLE_TYPES and out.article is None:
                out.article = obj
            elif types & LISTING_TYPES:
                out.listing = True
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in out.meta:
            out.meta[key] = content
    return out


def _walk(data, depth: int = 0):
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(data.get(key), (list, dict)):
                yield from _walk(data[key], depth + 1)


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# ---------------------------------------------------------------- dates

#: Meta tags that state the first publication, in the order trusted.
DATE_METAS = ("article:published_time", "og:article:published_time", "datepublished",
              "publishdate", "pubdate", "dc.date.issued", "parsely-pub-date", "sailthru.date")
_ISO_DAY = re.compile(r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:$|[T\s])")


def _iso_day(value) -> date | None:
    match = _ISO_DAY.match(str(value or ""))
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _plausible(day: date | None, today: date) -> date | None:
    return day if day is not None and MIN_DATE <= day <= today + timedelta(days=1) else None


#: htmldate's options (passed to trafilatura, which calls htmldate once per page): original-date
#: mode, without the extensive search whose month-only and year-only guesses were the main
#: source of wrong dates (see the module docstring).
HTMLDATE_OPTIONS = {"original_date": True, "extensive_search": False}


def htmldate_options(today: date | None = None) -> dict:
    """Keyword arguments for ``htmldate.find_date`` (trafilatura's ``date_extraction_params``)."""
    today = today or datetime.now(timezone.utc).date()
    return {**HTMLDATE_OPTIONS, "max_date": (today + timedelta(days=1)).isoformat()}


def publication_date(tree, structured: Structured, htmldate_result: str | None,
                     today: date | None = None) -> tuple[str | None, str | None]:
    """``(YYYY-MM-DD, source)`` of the first publication, or ``(None, None)``.

    ``htmldate_result`` is what ``find_date(tree, **htmldate_options())`` gave (trafilatura runs
    it). Sources, first that gives a full, plausible day (1995 to tomorrow): ``htmldate``
    (meta tags, JSON-LD, ``<time>``, the URL; a bare 1 January only when another source
    agrees, since htmldate turns a copyright year into one), ``json-ld`` (``datePublished`` of
    the article object), ``meta`` (the tags in DATE_METAS), ``text`` (a visible date line, see
    ``text_date``). Month-only and year-only dates are never returned.

    htmldate comes before the JSON-LD because it keeps the outlet's local day: JSON-LD often
    states the time in UTC, a day after the date the page shows for evening stories (on
    htmldate's evaluation pages, JSON-LD first gave 9.0 % wrong days against 8.2 %).
    """
    today = today or datetime.now(timezone.utc).date()
    found = {}
    if structured.article:
        found["json-ld"] = _plausible(_iso_day(structured.article.get("datePublished")), today)
    found["meta"] = next((day for key in DATE_METAS
                          for day in [_plausible(_iso_day(structured.meta.get(key)), today)] if day), None)
    hd = _plausible(_iso_day(htmldate_result), today)
    if hd and (hd.month, hd.day) == (1, 1) and hd not in found.values():
        found["text"] = _plausible(text_date(tree), today)
        if hd != found["text"]:
            hd = None
    if hd:
        return hd.isoformat(), "htmldate"
    for source in ("json-ld", "meta"):
        if found.get(source):
            return found[source].isoformat(), source
    day = found["text"] if "text" in found else _plausible(text_date(tree), today)
    if day:
        return day.isoformat(), "text"
    return None, None


_MONTHS = {
    # es, pt, fr, de, en, it: full names and the usual abbreviations (accents optional)
    1: "enero ene janeiro jan janvier janv januar jänner january gennaio genn",
    2: "febrero feb fevereiro fev février fevrier févr fevr februar february febbraio",
    3: "marzo mar março marco mars märz maerz march",
    4: "abril abr avril april aprile apr",
    5: "mayo maio mai may maggio mag",
    6: "junio jun junho juin juni june giugno giu",
    7: "julio jul julho juillet juil juli july luglio lug",
    8: "agosto ago août aout august aug",
    9: "septiembre setiembre sep sept setembro set septembre september settembre",
    10: "octubre oct outubro out octobre oktober okt october ottobre ott",
    11: "noviembre nov novembro novembre november",
    12: "diciembre dic dezembro dez décembre decembre déc dezember december dicembre",
}
_MONTH_OF = {name: num for num, names in _MONTHS.items() for name in names.split()}
_MONTH_RE = "|".join(sorted(map(re.escape, _MONTH_OF), key=len, reverse=True))
# "5 de marzo de 2026", "5 de março de 2026", "5 mars 2026", "5. März 2026", "5th March, 2026"
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(?P<d>[0-3]?\d)(?:\.|º|°|er|st|nd|rd|th)?\s+(?:de\s+)?(?P<m>{_MONTH_RE})\.?,?\s+(?:de\s+|del\s+)?(?P<y>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE)
# "March 5, 2026", "Mar. 5 2026"
_MONTH_DAY_YEAR = re.compile(
    rf"(?<![\w])(?P<m>{_MONTH_RE})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE)
#: Words that introduce a later date on the same line (the first publication comes before them).
_UPDATED = re.compile(r"\b(actualizad[oa]|atualizad[oa]|updated|mis à jour|modifié|aktualisiert|"
                      r"modificad[oa]|aggiornat[oa])\b", re.IGNORECASE)
#: Short elements only: a date line, not a paragraph that mentions a date.
MAX_DATE_LINE = 120


def text_date(tree) -> date | None:
    """The first long-form date (day, month name, year in es/pt/fr/de/en/it) in a short visible
    element of the article (``<article>`` or ``<main>`` when the page has one, else the body),
    ignoring what follows an "updated"/"actualizado" lead-in, and 1 January (a start date in a
    text, not a publication). None when there is none. On htmldate's evaluation pages where no
    other source gave a date this rule was right 12 times, wrong 5."""
    scopes = tree.xpath("//article | //main") or tree.xpath("//body") or [tree]
    for element in scopes[0].iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "a"):
            continue
        text = " ".join(element.itertext()) if len(element) else (element.text or "")
        text = " ".join(text.split())
        if not text or len(text) > MAX_DATE_LINE:
            continue
        cut = _UPDATED.search(text)
        if cut:
            text = text[:cut.start()]
        for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
            match = pattern.search(text)
            if match:
                month = _MONTH_OF.get(_fold(match["m"]).lower()) or _MONTH_OF.get(match["m"].lower())
                try:
                    found = date(int(match["y"]), month, int(match["d"]))
                except (TypeError, ValueError):
                    continue
                # "ab 1. Januar 2022", "a partir del 1 de enero": a rule's start, rarely the
                # day a story went out.
                if (found.month, found.day) != (1, 1):
                    return found
    return None


def _fold(text: str) -> str:
    return text if text.lower() in _MONTH_OF else "".join(
        ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
