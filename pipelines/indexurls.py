"""Addresses that name an outlet's index pages, not one article: its home page, a language's home
page, and tag, category, author, topic and archive pages. Pure functions, no Scrapy.

A crawl meets such pages where a sitemap lists them (many list the home page and every tag page)
or a feed item points at them; stored, they become "articles" titled with the site's slogan or a
tag's name, their text a pile of teasers (``../shared/cases/04-listing-page-as-article``, and
newspaper4k's ``cnn_main_site.html`` and ``yahoo_main_site.html``, whose teasers pass the text
rules of ``pipelines.bodytext``).

courlan (the crawl's URL library) has ``is_navigation_page``, made to rank a crawl frontier: its
pattern matches anywhere in the address, so on trafilatura's 990 evaluation pages it marks
WordPress articles (``/?p=2895``), a "/page/…html" article and "nachricht-seite/" ones. Here a
listing word counts only as the folder just above the last segment, or as the last segment
itself: of those 990 addresses and htmldate's 1,000 it marks one, a party's page on one MP
(``/themen/aydan-oezoguz-vizepraesidentin``); the home-page rule marks 7 and 9 of them, home
pages of companies, towns and blogs (``tests/test_indexurls.py`` keeps examples of both kinds).
"""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

__all__ = ["index_url"]

#: Folder names of index pages, in the languages the outlets write (en, es, pt, fr, de, it):
#: "/tag/cuba/", "/autor/maria-perez/", "/themen/kuba/"; AP's topic hubs ("/hub/climate-and-
#: environment") and the Guardian's author pages ("/profile/helena-marsh"). "noticias", "news" and "section" are
#: left out: outlets put articles under them ("/noticias/cuba-y-eeuu-…").
LISTING_FOLDERS = frozenset("""
    tag tags category categories author authors topic topics archive archives
    etiqueta etiquetas categoria categorias autor autores tema temas archivo archivos
    assunto assuntos
    categorie auteur auteurs theme themes rubrique rubriques
    kategorie schlagwort schlagworte thema themen archiv
    argomento argomenti
    hub profile
""".split())
#: Pagination after an index page: "/tag/cuba/page/2/", "/seite/3".
_PAGINATION = frozenset(("page", "seite", "pagina", "página"))
#: The file name of a folder's own page: "/index.html", "/es/default.aspx", "/home".
_INDEX_FILE = re.compile(r"(?:index|default|home|inicio|portada|accueil|startseite)(?:\.[a-z]{2,5})?$",
                         re.IGNORECASE)
#: What a tag's, author's or topic's name looks like in an address: up to three words, no digit, no
#: file extension ("cuba", "donald-trump", "maria-perez-lopez"). An article's slug is longer or
#: carries an id: "/archives/2562" (a WordPress permalink), "/themen/eu-taxonomie-atomkraft-
#: erdgas-sind-nicht-nachhaltig", "/topics/alert20190402.html" (trafilatura's evaluation pages).
_TAG_NAME = re.compile(r"[^\W\d_]+(?:[-_+][^\W\d_]+){0,2}$")
#: A month's or a day's archive: a year, then a month and perhaps a day, nothing after. Not a
#: year alone, nor a year and a number that is no month: WordPress numbers posts
#: ("/1927", "/2020/08/23646/": trafilatura's evaluation pages).
_DATE_ARCHIVE = re.compile(r"(?:19|20)\d\d/(?:0?[1-9]|1[0-2])(?:/(?:0?[1-9]|[12]\d|3[01]))?$")
#: A language's home: "/en/", "/es-cu/", "/pt_BR/".
_LANGUAGE = re.compile(r"[a-z]{2}(?:[-_][a-z]{2})?$", re.IGNORECASE)


def index_url(url: str | None, collection: bool = False) -> str | None:
    """Why `url` names an index page: ``"home"`` (the site's or a language's home page) or
    ``"listing"`` (a tag, category, author, topic or archive page, "/page/N" after it or not;
    a month's or a day's archive, "/2026/03/"; with `collection`, the page calling itself a
    collection in its JSON-LD, also a kind of tag and the tag after such a folder
    ("/tags/lugares/cuba"), a topic's id after it: "/news/topics/c404v061z99t",
    the BBC's, and one or two names of a section or topic, each of one to three words: "/mundo",
    "/es/estados-unidos", "/world/cuba");
    None for any other address, and for one with a query string ("/index.php?id=12" is an
    article on many CMSs) or none at all."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.query or not parts.netloc:
        return None
    segments = [unquote(s).lower() for s in parts.path.split("/") if s]
    if len(segments) >= 2 and segments[-2] in _PAGINATION and segments[-1].isdigit():
        segments = segments[:-2]
    if segments and _INDEX_FILE.match(segments[-1]):
        segments = segments[:-1]
    if not segments or (len(segments) == 1 and _LANGUAGE.match(segments[0])):
        return "home"
    if _DATE_ARCHIVE.match("/".join(segments[1:] if segments[0] in LISTING_FOLDERS else segments)):
        return "listing"   # a date archive: "/2026/03/", "/archives/2026/03/05/"
    if segments[-1] in LISTING_FOLDERS or (
            len(segments) >= 2 and segments[-2] in LISTING_FOLDERS and (
                _TAG_NAME.match(segments[-1]) or (collection and segments[-1].isalnum()))):
        return "listing"
    if (collection and len(segments) >= 3 and segments[-3] in LISTING_FOLDERS
            and _TAG_NAME.match(segments[-2]) and _TAG_NAME.match(segments[-1])):
        # a kind of tag, then the tag: "/tags/lugares/cuba/", "/tags/personajes/donald-trump/"
        # (El Confidencial's tag pages, a probe page); only on a page that calls itself a
        # collection: "/themen/land-und-leute/homo-brandenburgensis" is an article (trafilatura's
        # evaluation pages)
        return "listing"
    named = segments[1:] if _LANGUAGE.match(segments[0]) else segments
    if collection and len(named) <= 2 and all(_TAG_NAME.match(s) for s in named):
        # a section's or a topic's name, alone or under a section, under the root or a
        # language's ("/mundo", "/es/cuba", "/world/cuba"): Granma's section pages hold each card
        # in an <article>, the first of them read as the text; the Guardian's tag pages link
        # each card by an empty link over it (probe pages)
        return "listing"
    return None
