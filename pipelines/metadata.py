"""Article metadata rules: publication date, authors and headline, from a parsed page. Pure functions.

Order, measured with ``bench/metadata.py`` (figures in the README): the page's own structured data
first (JSON-LD ``NewsArticle``/``Article`` ``datePublished``, ``author``, ``headline``; Open Graph
``article:published_time``, ``og:title``), then **htmldate**'s original-date mode without its
"extensive" text search (meta tags, ``<time>``, the URL), then a visible published line in five
languages ("Publicado: 5 de marzo de 2026"), and trafilatura's heuristics last (its byline search
for authors, its title). htmldate's extensive search is not used: it falls back to month-only and
year-only guesses (``YYYY-01-01``) and gave the most wrong dates; a page whose day cannot be read
gets no date — null beats wrong.

Libraries: htmldate (installed with trafilatura) for dates; the JSON-LD is read with ``json`` on
the tree trafilatura already parsed, so no second parse and no extra dependency (extruct would
parse the page again). Author cleaning is newsmon's own: trafilatura strips only English and
German lead-ins ("By", "von") and splits only on "and"/"und" (trafilatura/json_metadata.py).
"""
from __future__ import annotations

import html as htmllib
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from lxml import etree
from datetime import date, datetime, timedelta, timezone


logger = logging.getLogger(__name__)

__all__ = [
    "Structured", "clean_authors", "clean_title", "htmldate_options", "publication_date",
    "read_structured", "text_date",
]

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
            types = {t.lower().rsplit("/", 1)[-1] for t in _as_list(obj.get("@type")) if isinstance(t, str)}
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


def _as_list(value) -> list:
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
    ignoring what follows an "updated"/"actualizado" lead-in. None when there is none."""
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
                    return date(int(match["y"]), month, int(match["d"]))
                except (TypeError, ValueError):
                    continue
    return None


def _fold(text: str) -> str:
    return text if text.lower() in _MONTH_OF else "".join(
        ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


# ---------------------------------------------------------------- authors

#: Lead-ins before the names in a byline (es, en, pt, fr, de), as whole words at the start.
_BYLINE_PREFIX = re.compile(
    r"^(?:(?:escrito|escrita|redactado|texto|reportaje|entrevista|fotos?|written|words|story|text|"
    r"reporting|report|posted|published|publicado|publicada|enviado|texte|écrit|geschrieben|"
    r"verfasst)\s+)?"
    r"(?:by|por|de|par|von|from|autor(?:a|es)?|author|auteur|autore|texto|text|redacción|redaccion|"
    r"redação|redacao|fuente|source|quelle)\b\s*[:\-–—]?\s*", re.IGNORECASE)
#: Words that are never part of a person's name in a byline: desks, agencies, roles (es, en, pt,
#: fr, de). Matched on whole lower-cased words; a part made only of these is dropped.
_NOT_NAMES = frozenset("""
    redacción redaccion redação redacao rédaction redaktion newsroom desk staff team equipo equipe
    équipe editor editora editores editors editorial writer writers reporter reporters reportera
    correspondent corresponsal correspondente correspondant korrespondent contributor contributors
    colaborador colaboradora columnist columnista periodista jornalista journaliste journalist
    journalistin enviado enviada especial special senior chief jefe jefa director directora
    agencia agencias agência agências agence agency agentur wire wires press prensa presse
    associated reuters afp efe ap dpa ansa xinhua europa bloomberg sputnik upi ips kyodo
    prensa latina notimex telam télam lusa apa sda epd kna cnn bbc
    admin administrator administrador submitted anonymous anónimo anonimo guest invitado
    and y e et und the la el los las der die das le les
    """.split())
_SPLIT = re.compile(r"\s*(?:;|\||/|,|\s&\s|\s(?:and|y|und|et|e)\s)\s*", re.IGNORECASE)
_HAS_DIGIT = re.compile(r"\d")
_URLISH = re.compile(r"https?://|www\.|@|\.(?:com|org|net|es|cu)\b", re.IGNORECASE)
#: At most this many words in one name ("María del Carmen de la Fuente Ortega" has 7).
MAX_NAME_WORDS = 7


def clean_authors(raw, sitename: str | None = None) -> list[str]:
    """Person names from byline strings (one string or several): lead-ins ("By", "Por", "Par",
    "Von", "Texto:"), agencies, desks, roles, dates, e-mail addresses and the site's own name
    removed; split on ``;``, ``,``, ``|``, ``/``, ``&`` and "and"/"y"/"e"/"et"/"und".

    Returns the names in order, without repeats (case-insensitive); ``[]`` when nothing that looks
    like a name is left. Rules and their cases: tests/test_metadata.py.
    """
    site_words = set(_words(sitename or ""))
    names: list[str] = []
    seen: set[str] = set()
    for value in _as_list(raw):
        if not isinstance(value, str):
            continue
        text = " ".join(htmllib.unescape(value).split())
        # "Name | Place | 08/01/2014": a byline line whose later fields are not names.
        if "|" in text and _HAS_DIGIT.search(text):
            text = text.split("|", 1)[0]
        for part in _SPLIT.split(text):
            name = _clean_name(part, site_words)
            if name and name.lower() not in seen:
                seen.add(name.lower())
                names.append(name)
    return names


_NICKNAME = re.compile(r"\s*[\"“„«][^\"”“»]{1,40}[\"”»]\s*")
_LEADING_CONJUNCTION = re.compile(r"^(?:and|y|e|et|und|&)\s+", re.IGNORECASE)


def _clean_name(part: str, site_words: set[str]) -> str | None:
    part = _NICKNAME.sub(" ", part)  # Amanda "Tania Mae" Tan
    part = _LEADING_CONJUNCTION.sub("", part.strip(" .:-–—·•*()[]\"'"))
    for _ in range(2):  # "Escrito por:", "Por: Redacción"
        part = _BYLINE_PREFIX.sub("", part).strip(" .:-–—·•*()[]\"'")
    if not part or _HAS_DIGIT.search(part) or _URLISH.search(part):
        return None
    words = part.split()
    if len(words) > MAX_NAME_WORDS:
        return None
    lowered = [w.lower().strip(".,") for w in words]
    if all(w in _NOT_NAMES for w in lowered):
        return None
    # A trailing role or agency ("María Pérez Corresponsal", "John Smith Reuters") goes.
    while len(words) > 1 and lowered[-1] in _NOT_NAMES and lowered[-1] not in ("e", "y", "de", "la", "el"):
        words, lowered = words[:-1], lowered[:-1]
    if site_words and set(lowered) <= site_words:
        return None
    name = " ".join(words)
    letters = [ch for ch in name if ch.isalpha()]
    if not letters:
        return None
    if name.isupper() and len(letters) > 3:
        name = name.title()
    # Names in cased scripts start with a capital: "submitted", "admin" and the role in
    # "corresponsal en La Habana" are no names.
    if name[0].isalpha() and name[0].lower() != name[0].upper() and not name[0].isupper():
        return None
    return name


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def authors_from(structured: Structured, byline: Callable[[], str | None],
                 sitename: str | None = None) -> list[str]:
    """Authors: the JSON-LD article's ``author`` persons, else the ``author`` meta tags, else
    ``byline()`` (trafilatura's byline search, called only then), each cleaned by
    ``clean_authors``."""
    if structured.article:
        people = []
        for person in _as_list(structured.article.get("author")):
            if isinstance(person, str):
                people.append(person)
            elif isinstance(person, dict):
                kinds = {str(t).lower() for t in _as_list(person.get("@type"))}
                if kinds & {"organization", "newsmediaorganization", "corporation"}:
                    continue
                people += [n for n in _as_list(person.get("name")) if isinstance(n, str)]
        names = clean_authors(people, sitename)
        if names:
            return names
    for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl"):
        names = clean_authors(structured.meta.get(key), sitename)
        if names:
            return names
    for element in _BYLINE_XPATH(structured.tree) if structured.tree is not None else []:
        text = " ".join(" ".join(element.itertext()).split())
        if 2 < len(text) <= 120:
            names = clean_authors(text, sitename)
            if names:
                return names
    return clean_authors((byline() or "").split(";"), sitename)


#: Byline elements by the class names of Spanish, Portuguese and French templates ("autor",
#: "firma", "auteur"), which trafilatura's author XPaths (English and Chinese names) miss;
#: never inside a comments section.
_BYLINE_XPATH = etree.XPath(
    "//*[self::div or self::p or self::span or self::a or self::address or self::strong]"
    "[re:test(@class, '(^|\\s)(autor|autora|autores|firma|firmas|auteur|signature|byline)(\\s|$|[-_])', 'i')]"
    "[not(ancestor-or-self::*[re:test(concat(@class, ' ', @id), 'comment|coment|kommentar', 'i')])]",
    namespaces={"re": "http://exslt.org/regular-expressions"})


# ---------------------------------------------------------------- titles

#: Separators between a headline and the site's name or section in ``<title>``/``og:title``.
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|--|–|—|::|»|«|·|•|/{1,2}|\\)\s+|\s*：\s*|\s*[|｜]\s*|(?<=\S)[-–](?=[^\x00-\x7f\s-]+$)")
#: A trailing part at most this many words long may be a site name or section.
MAX_SITE_WORDS = 6


def clean_title(title: str | None, sitename: str | None = None, h1: list[str] | None = None,
                host: str | None = None) -> str | None:
    """The headline without the site's name: " | Outlet", " - Outlet", "Outlet: " and section
    trails ("Title » Local » Noticias » Outlet") go; a part that equals the page's ``<h1>``
    wins. None for an empty title."""
    title = " ".join(htmllib.unescape(title or "").split())
    if not title:
        return None
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p and p.strip()]
    heads = {" ".join(h.split()).lower() for h in (h1 or []) if h and h.strip()}
    if len(parts) > 1:
        for part in parts:
            if part.strip().lower() in heads:
                return part.strip()
    site = set(_words(sitename or "")) | set(_host_words(host))
    if site:
        # "Outlet: headline", "Outlet | Tagline: headline"
        for sep in (": ", " : "):
            head, _, rest = title.partition(sep)
            if rest and set(_words(head)) and set(_words(head)) <= site | {"news", "noticias"}:
                title = rest.strip()
                parts = [p for p in _TITLE_SEPARATORS.split(title) if p and p.strip()]
    if len(parts) > 1:
        kept = list(parts)
        # Drop trailing then leading parts that are the site's name or short section names.
        while len(kept) > 1 and _is_site_part(kept[-1], site, kept[0]):
            kept.pop()
        while len(kept) > 1 and _is_site_part(kept[0], site, kept[-1]):
            kept.pop(0)
        if len(kept) < len(parts):
            title = title[title.index(kept[0]):title.index(kept[-1]) + len(kept[-1])].strip()
    return title or None


#: Words too common to identify a site by ("El País" must not claim every "el").
_GENERIC = frozenset("the el la los las le les de del da do der die das news noticias online "
                     "digital www com".split())


def _is_site_part(part: str, site: set[str], other: str) -> bool:
    """Whether a part of a title is the site's name or a short section name, not the headline."""
    words = _words(part)
    if not words:
        return True
    joined = "".join(words)
    names = {w for w in site if len(w) >= 3 and w not in _GENERIC}
    if len(words) <= MAX_SITE_WORDS and names and (
            names & set(words) or any(len(w) >= 5 and (w in joined or joined in w) for w in names)):
        return True
    # A short tail after a much longer headline: a section ("Local", "Noticias") or an outlet.
    return len(words) <= 3 and len(_words(other)) >= 3 * len(words) + 3


def _host_words(host: str | None) -> list[str]:
    if not host:
        return []
    labels = host.lower().split(".")
    labels = [label for label in labels if label not in ("www", "m", "amp", "com", "org", "net", "co")]
    return labels[:-1] if len(labels) > 1 else labels


def headline(structured: Structured, fallback: Callable[[], str | None], h1: list[str],
             sitename: str | None, host: str | None) -> str | None:
    """The headline: JSON-LD ``headline``, else ``og:title``/``twitter:title``, else
    ``fallback()`` (trafilatura's title search, called only then), cleaned by ``clean_title``."""
    candidates = []
    if structured.article:
        candidates += [h for h in _as_list(structured.article.get("headline")) if isinstance(h, str)]
    candidates += [structured.meta.get("og:title"), structured.meta.get("twitter:title")]
    for candidate in candidates:
        title = clean_title(candidate, sitename, h1, host)
        if title:
            return title
    return clean_title(fallback(), sitename, h1, host)


def site_name(tree, structured: Structured) -> str | None:
    """The outlet's name: ``og:site_name``, else the JSON-LD publisher's name, else
    ``application-name``. None when the page does not say."""
    publisher = (structured.article or {}).get("publisher")
    names = [structured.meta.get("og:site_name")]
    names += [p.get("name") for p in _as_list(publisher) if isinstance(p, dict)]
    names.append(structured.meta.get("application-name"))
    for name in names:
        if isinstance(name, str) and name.strip():
            return " ".join(name.split())
    return None
