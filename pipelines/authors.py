"""Authors of an article as a list of person names, from JSON-LD, meta tags and bylines. Pure functions.

Order (measured with ``bench/metadata.py``): the JSON-LD article's ``author`` persons, the
``author`` meta tags, a byline element by the class names of Spanish, Portuguese and French
templates, trafilatura's byline search last. Cleaning is newsmon's own: trafilatura strips only
English and German lead-ins ("By", "von") and splits only on "and"/"und"
(trafilatura/json_metadata.py); here lead-ins, agencies, desks and roles of es, en, pt, fr and de
bylines go, and "y"/"e"/"et"/"und"/"and", commas and slashes split names.
"""
from __future__ import annotations

import html as htmllib
import logging
import re
from typing import Callable

from lxml import etree

from pipelines.metadata import Structured, as_list

logger = logging.getLogger(__name__)

__all__ = ["authors_from", "clean_authors"]


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
    for value in as_list(raw):
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
        for person in as_list(structured.article.get("author")):
            if isinstance(person, str):
                people.append(person)
            elif isinstance(person, dict):
                kinds = {str(t).lower() for t in as_list(person.get("@type"))}
                if kinds & {"organization", "newsmediaorganization", "corporation"}:
                    continue
                people += [n for n in as_list(person.get("name")) if isinstance(n, str)]
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


