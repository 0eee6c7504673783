"""The headline of an article without the site's name. Pure functions.

Order: the JSON-LD article's ``headline``, ``og:title``/``twitter:title``, trafilatura's title
search last; each cleaned of " | Outlet", " - Outlet", "Outlet: " and section trails, with the
page's ``<h1>`` (without a kicker it sets apart, ``heading_text``) deciding between the parts
when it equals one of them, and replacing the JSON-LD headline when og/twitter second it.
A whole ``og:site_name`` goes even when it holds separators itself; the site's name matches
the host with accents and umlauts spelled out (Ökologisch/oekologisch); a part naming the site
ends the headline ("Headline | Outlet | slogan"); a byline part ("- By Ana Ruiz") goes. A title
the page shows whole as its ``<h1>`` stays whole, and a leading part that says more than the
site's name is the headline ("How we designed Dropbox's ATF - ..."). Found wrong on Mozilla
Readability's test pages (github.com/mozilla/readability, ``test/test-pages``), measured on
trafilatura's 990: title token F1 0.9001 → 0.9010, four pages better, none worse. Whether a
part names the site is ``pipelines.sitenames``' question.
"""
from __future__ import annotations

import html as htmllib
import logging
import re
from typing import Callable

from lxml import etree

from pipelines.metadata import Structured, as_list
from pipelines.sitenames import (MAX_SITE_WORDS, folded_words, host_words, is_site_part, names_site,
                                 without_site_name)
from storage.stems import is_cjk

logger = logging.getLogger(__name__)

__all__ = ["clean_title", "error_title", "heading_text", "headline", "site_name"]


#: Separators between a headline and the site's name or section in ``<title>``/``og:title``.
_SEPARATORS = (r"\s+(?:\||-|--|–|—|::|»|«|›|‹|>|·|•|~|/{1,2}|\\)\s+"   # spaced ("A > B": a breadcrumb)
               r"|\s*：\s*|\s*[|｜│┃❘∣]\s*"                     # full-width colon, bars (box-drawing too)
               r"|(?<=\S)[-–](?=[^\x00-\x7f\s-]+$)")             # "标题-新华网": a non-Latin tail
_TITLE_SEPARATORS = re.compile(_SEPARATORS)
#: The same without the guillemets, for a title that quotes with them: French spaces them ("faute
#: de salles « vivables » – Libération", a probe page), and "vivables" was cut as a section.
_UNQUOTED_SEPARATORS = re.compile(_SEPARATORS.replace("»|«|", ""))
_QUOTE_PAIR = re.compile(r"«[^«»]+»")


def _separators(title: str) -> re.Pattern:
    """The separators to split `title` at: without the guillemets when it quotes with them."""
    return _UNQUOTED_SEPARATORS if _QUOTE_PAIR.search(title) else _TITLE_SEPARATORS


def _split_title(title: str) -> list[str]:
    """The parts of `title` between separators, blanks left out."""
    return [p for p in _separators(title).split(title) if p and p.strip()]
#: "标题-新华网", "标题_网易新闻", "見出し : スポーツ": a short tail of a title in a script written
#: without spaces (Chinese, Japanese) is the site's name or its section; the separators inside
#: such headlines ("：", an unspaced ":") are not.
_CJK_SITE_TAIL = re.compile(r"(?<=[^\x00-\x7f])(?:\s*[-–_|｜]\s*|\s+:\s+)[^\x00-\x7f\s\-–_|｜:]{2,8}$")
#: A date (and time) before or after the headline: "So viel Regen gab es lange nicht :
#: 31.10.2023, 10.19 Uhr", "23.01.2022 - Dorothea Wierer ...", "... - 28.09.2020"; after a comma
#: only in the site's part ("... - РИА Новости, 05.03.2026"; "…, Aalen-Unterkochen, 19.5.2007"
#: is a headline).
_DATE = r"(?:\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})(?:,?\s+\d{1,2}[.:]\d{2}(?:\s*Uhr|\s*h)?)?"
_DATE_TAIL = re.compile(rf"\s*(?:[:|–—-]|::)\s*{_DATE}\s*$")
_SITE_DATE_TAIL = re.compile(rf"(\s+(?:[|–—-]|::)\s+[^|–—-]{{1,40}}),\s*{_DATE}\s*$")
_DATE_HEAD = re.compile(rf"^\s*{_DATE}\s*(?:[:|–—-]|::)\s*")
#: A page number after the headline of a story split over pages: "…（1/2 ページ）", "… (Page 2
#: of 3)", "… - Seite 2".
_PAGE_TAIL = re.compile(r"\s*[（(]\s*(?:(?:page|seite|página|pagina)\s+)?\d+\s*(?:/|of|von|de|di)\s*\d+\s*"
                        r"(?:ページ|页|頁)?\s*[)）]$|\s+[-|–—]\s+(?:page|seite|página|pagina)\s+\d+$",
                        re.IGNORECASE)
#: The New York Times' mark on an old story's title: "Headline (Published 2016)".
_PUBLISHED_TAIL = re.compile(r"\s+\((?:Published|Publicado|Publié|Veröffentlicht)\s+(?:19|20)\d\d\)$")
#: An unspaced separator and a short tail after a Chinese or Japanese headline: "…「Treeviz」
#: :phpspot開発日誌", which is the site's name when it spells a label of the host (``clean_title``).
_UNSPACED_TAIL = re.compile(r"(?<=[^\x00-\x7f])\s*[:：|｜_–-]\s*([^\s:：|｜]{2,20})$")
#: "Headline (Outlet)": the site's name in brackets at the end.
_BRACKETED_TAIL = re.compile(r"\s*[(\[]([^()\[\]]{2,40})[)\]]\s*$")
#: A live blog's label before its headline ("DIRECT. Guerre en Ukraine : …", franceinfo's in a
#: probe; "LIVE: …", "EN VIVO | …", "Liveticker: …"): the page's kind, not the headline's words.
_LIVE_HEAD = re.compile(r"^(?:(?:en\s+)?direct[oa]?|live(?:[\s-]?(?:ticker|blog|updates?))?|en\s+vivo|ao\s+vivo"
                        r"|in\s+diretta|liveticker|liveblog|minuto\s+a\s+minuto)\s*[.:|]\s+(?=\S)", re.IGNORECASE)
#: A kicker before the headline ("Klimaschutz: ...") has at most this many words.
MAX_KICKER_WORDS = 4


#: Class words of a kicker (Dachzeile, antetítulo, surtitre) set in its own element inside the
#: ``<h1>``: "<h1><span class='dachzeile'>Nach Corona-Lockerungen</span><span
#: class='headline'>Autohäuser rechnen ...</span></h1>".
_KICKER_CLASS = re.compile(r"kicker|dachzeile|overline|topline|eyebrow|roofline|supertitle|pretitle|"
                           r"subtitle|titleheader|topic|label|antetitulo|volanta|sobretitulo|surtitre", re.IGNORECASE)
#: Elements that only screen readers see (the separator after a kicker).
_HIDDEN_CLASS = re.compile(r"visually-?hidden|sr-only|screen-reader|hiddendash", re.IGNORECASE)


def heading_text(h1) -> str:
    """The text of an ``<h1>`` element without a kicker that opens it in an element of its own
    (``_KICKER_CLASS``, at most MAX_SITE_WORDS words, with headline text after it): what readers
    see as the headline. Spaces squashed."""
    first = next((child for child in h1 if isinstance(child.tag, str)), None)
    if (first is not None and not (h1.text or "").strip() and _KICKER_CLASS.search(first.get("class") or "")
            and 0 < len(" ".join(first.itertext()).split()) <= MAX_SITE_WORDS):
        rest = [first.tail or ""]
        for child in first.itersiblings():
            if isinstance(child.tag, str) and not (_HIDDEN_CLASS.search(child.get("class") or "")
                                                   or child.get("aria-hidden") == "true"):
                rest.append(" ".join(child.itertext()))
            rest.append(child.tail or "")
        text = " ".join(" ".join(rest).split())
        if text:
            return text
    return " ".join(h1.text_content().split())


def clean_title(title: str | None, sitename: str | None = None, h1: list[str] | None = None,
                host: str | None = None) -> str | None:
    """The headline without the site's name: " | Outlet", " - Outlet", "Outlet: " and section
    trails ("Title » Local » Noticias » Outlet") go; a part that equals the page's ``<h1>``
    wins. None for an empty title."""
    title = htmllib.unescape(title or "")
    for _ in range(2):  # escaped twice or three times: "&amp;amp;#039;" (OK! Magazine's og:title)
        if not _ENTITY.search(title):
            break
        title = htmllib.unescape(title)
    title = " ".join(title.split())
    title = _LIVE_HEAD.sub("", title)   # never empties it: a headline follows the label
    title = _DATE_HEAD.sub("", _DATE_TAIL.sub("", _SITE_DATE_TAIL.sub(r"\1", _PUBLISHED_TAIL.sub("", _PAGE_TAIL.sub("", title))))) or title
    tail = _UNSPACED_TAIL.search(title)
    if tail and tail.start() and any(len(w) >= 4 and w in tail[1].lower() for w in host_words(host)):
        title = title[:tail.start()]
    title = without_site_name(_DANGLING.sub("", title) or title, sitename, set(host_words(host)))
    bracket = _BRACKETED_TAIL.search(title)
    if bracket and bracket.start() and is_site_part(bracket[1], set(folded_words(sitename or "")) | set(host_words(host)),
                                                     title[:bracket.start()], leading=True):
        title = title[:bracket.start()]
    if not title:
        return None
    cut = title
    for _ in range(2):  # "标题 | 兩岸焦點 | 兩岸": a section, then the site
        tail = _CJK_SITE_TAIL.search(cut)
        if tail and is_cjk(tail.group()) and len(cut) - len(tail.group()) >= 2 * len(tail.group().strip(" -–_|｜:")):
            cut = cut[:tail.start()].strip()
    if cut != title:
        return cut or None
    parts = _split_title(title)
    heads = {" ".join(h.split()).lower() for h in (h1 or []) if h and h.strip()}
    site = set(folded_words(sitename or "")) | set(host_words(host))
    if title.lower() in heads and not any(names_site(folded_words(p), site) for p in parts[1:]):
        # The page shows the whole of it as its heading: "Content Depth — Write
        # Comprehensively About Your Core Topics", "Dress -- STOLEN!!!" are one headline
        # (but not "Salsa-Figuren - Rueda in Berlin", a blog's name in its header's <h1>).
        return title
    if len(parts) > 1:
        for part in parts:
            # not an <h1> that is the site's logo ("痞客邦 PIXNET" on pixnet.net)
            if part.strip().lower() in heads and not names_site(folded_words(part), site):
                return part.strip()
    # "Klimaschutz: Bohren, bis es heiß wird" with <h1>Bohren, bis es heiß wird</h1>: the
    # kicker (Dachzeile) before a colon goes when the <h1> is the rest.
    head, colon, rest = title.partition(":")
    rest = _separators(rest).split(rest)[0] if rest.strip().lower() not in heads else rest  # "... | Outlet"
    if colon and rest.strip().lower() in heads and len(folded_words(head)) <= MAX_KICKER_WORDS:
        return rest.strip()
    if site:
        # "Outlet: headline", "Outlet | Tagline: headline"
        for sep in (": ", " : "):
            head, _, rest = title.partition(sep)
            if rest and set(folded_words(head)) and set(folded_words(head)) <= site | {"news", "noticias"}:
                title = rest.strip()
                parts = _split_title(title)
    if len(parts) > 1:
        kept = list(parts)
        # A part after the headline that names the site ends it: "Gift Guide | Outlet | Jetzt
        # entdecken!" (a slogan or section after the name).
        named = next((i for i in range(1, len(kept)) if names_site(folded_words(kept[i]), site)), None)
        if named is not None and len(kept) - named <= 2:
            kept = kept[:named]
        # Drop trailing then leading parts that are the site's name or short section names.
        while len(kept) > 1 and is_site_part(kept[-1], site, kept[0]):
            kept.pop()
        # A leading part goes only when it names the site: "Sazerac - alles über den Cocktail"
        # and "Olympia 2022 - Zwei weitere Corona-Fälle" lead with the story's own subject.
        while len(kept) > 1 and is_site_part(kept[0], site, kept[-1], leading=True):
            kept.pop(0)
        if len(kept) < len(parts):
            # the last part is looked for after the first: a section may be a word of the
            # headline ("Cuba anuncia nuevas medidas » Cuba » Noticias" gave "Cuba")
            start = title.index(kept[0])
            end = title.index(kept[-1], start + len(kept[0])) if len(kept) > 1 else start
            title = title[start:end + len(kept[-1])]
            title = title.strip().rstrip("-–_|｜").strip()  # "标题--上报": the rest of a doubled separator
    return title or None



#: A character reference left in a value that was escaped more than once.
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
#: A separator left at either end: "National Rail Enquiries -".
_DANGLING = re.compile(r"^\s*(?:[|｜│»·•~–—-]|::)\s+|\s+(?:[|｜│«·•~–—-]|::)\s*$")


def headline(structured: Structured, fallback: Callable[[], str | None], h1: list[str],
             sitename: str | None, host: str | None, page_title: str | None = None,
             story_h1: frozenset[str] = frozenset()) -> str | None:
    """The headline: JSON-LD ``headline``, else ``og:title``/``twitter:title``, else
    ``fallback()`` (trafilatura's title search, called only then), cleaned by ``clean_title``.
    When the fallback (often the first ``<h1>``) does not occur in the page's ``<title>``, it is
    the site's logo heading rather than the headline, and the ``<title>`` wins; so too when it
    is only the ``<title>``'s tail (``_site_tail``), which then names the site, unless it is an
    ``<h1>`` inside the page's ``<article>`` or ``<main>`` (``story_h1``, lower-cased texts)."""
    candidates = []
    if structured.article:
        candidates += [h for h in as_list(structured.article.get("headline")) if isinstance(h, str)]
    candidates += [structured.meta.get("og:title"), structured.meta.get("twitter:title")]
    for candidate in candidates:
        title = clean_title(candidate, sitename, h1, host)
        if title:
            title = _untruncated(title, [*candidates, *h1, page_title], sitename, h1, host)
            return _seconded_heading(title, h1, candidates[-2:], sitename, host)
    found = fallback()
    page_title = " ".join((page_title or "").split())
    if page_title and _DANGLING.match(page_title) and h1 and h1[0].strip():
        # "<title>| What's Cooking</title>": the template's headline was empty; the <h1> has it
        return clean_title(h1[0], sitename, h1, host)
    said = " ".join((found or "").split()).lower()
    if page_title and said and said not in page_title.lower():
        return clean_title(page_title, sitename, h1, host)
    if page_title and said and _other_part_shown(said, page_title, h1):
        # "Linux Engineer's random thoughts - awk driven IoT" with <h1>awk driven IoT</h1>:
        # trafilatura took the blog's name, the page shows the other part as its heading
        return clean_title(page_title, sitename, h1, host)
    if page_title and said and said not in story_h1 and _site_tail(said, page_title.lower(), host):
        # the logo's <h1> names the site (when the page does not) and must not pick the site's
        # part of the title as the headline
        return clean_title(page_title, sitename or " ".join(found.split()),
                           [h for h in h1 if " ".join(h.split()).lower() != said], host)
    return clean_title(found or page_title, sitename, h1, host)


def _other_part_shown(said: str, page_title: str, h1: list[str]) -> bool:
    """Whether the page's ``<title>`` has a part, other than ``said`` (the title search's
    pick, lower-cased), that one of the page's ``<h1>`` shows, while no ``<h1>`` shows ``said``."""
    heads = {" ".join(h.split()).lower() for h in h1 if h and h.strip()}
    parts = {p.strip().lower() for p in _split_title(page_title)}
    return said not in heads and len(parts) > 1 and bool((parts - {said}) & heads)


_TAIL_SEPARATORS = frozenset("-–—|｜_:：»·•~/\\")


def _site_tail(heading: str, page_title: str, host: str | None) -> bool:
    """Whether the heading is only the tail of the page's ``<title>``, after a separator and a
    longer part that does not name the host: the site's logo heading ("好奇心日报" in
    "…对象_智能_好奇心日报"), not a headline after the site's name ("mediaarchitecture.de // »
    Jens Weber")."""
    head = page_title[:len(page_title) - len(heading)].rstrip()
    return (page_title.endswith(heading) and len(head) >= len(heading)
            and head[-1:] in _TAIL_SEPARATORS
            and not names_site(folded_words(head), set(host_words(host))))


def _seconded_heading(title: str, h1: list[str], social: list, sitename, host) -> str:
    """The page's first ``<h1>`` instead of the JSON-LD headline when more of ``og:title`` and
    ``twitter:title`` (cleaned) say the same as the ``<h1>`` than as the headline: the JSON-LD
    headline is then a search-engine variant ("Michael Bloomberg is having to answer questions
    about his past" beside a visible and og "As his first debate nears, ..."). ``<title>`` has
    no vote: it often repeats the visible heading where og and JSON-LD agree on another."""
    heading = " ".join(h1[0].split()) if h1 else ""
    if not heading or heading.lower() == title.lower():
        return title
    said = [(clean_title(s, sitename, h1, host) or "").lower() for s in social if isinstance(s, str)]
    return heading if said.count(heading.lower()) > said.count(title.lower()) else title


#: "... Hong Kong leader...": a headline cut short (JSON-LD ``headline`` is often cut at 110
#: characters, the length Google once asked for).
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)$")
#: A headline this long without an ellipsis may have been cut too.
CUT_LENGTH = 100


def _untruncated(title: str, others: list, sitename, h1, host) -> str:
    """The title, or the longer version of it another source gives when it ends in an ellipsis
    or is CUT_LENGTH characters or longer."""
    match = _ELLIPSIS.search(title)
    for heading in h1:
        # An og:title cut at a double quote its page did not escape (content="写"救命啊"…"):
        # the <h1> goes on with that quote.
        heading = " ".join((heading or "").split())
        if len(heading) > len(title) and heading.startswith(title) and heading[len(title):].lstrip()[:1] == '"':
            return heading
    if not match and len(title) < CUT_LENGTH:
        return title
    stem = (title[:match.start()] if match else title).lower()
    for other in others:
        if not isinstance(other, str):
            continue
        full = clean_title(other, sitename, h1, host)
        if full and len(full) > len(stem) and full.lower().startswith(stem) and not _ELLIPSIS.search(full):
            return full
    return title


def site_name(tree, structured: Structured) -> str | None:
    """The outlet's name: ``og:site_name``, else the JSON-LD publisher's name, else
    ``application-name``. None when the page does not say (``without_logo_name`` then looks
    at the site's logo)."""
    publisher = (structured.article or {}).get("publisher")
    names = [structured.meta.get("og:site_name")]
    names += [structured.resolve(p).get("name") for p in as_list(publisher) if isinstance(p, dict)]
    names.append(structured.meta.get("application-name"))
    for name in names:
        if isinstance(name, str) and name.strip():
            return " ".join(name.split())
    return None


#: Images that are the site's logo: "logo" in their address, class or id, or in their link's.
_LOGOS = etree.XPath(
    "//img[@alt][contains(translate(concat(@src, ' ', @class, ' ', @id), 'LOGO', 'logo'), 'logo')"
    " or ancestor::a[1][contains(translate(concat(@class, ' ', @id), 'LOGO', 'logo'), 'logo')]]")
#: A logo's text that names no one: "Logo", "Home", "Startseite", "Ir a la portada".
_NO_NAME = re.compile(r"(?i)(?:logo(?:tipo|type)?|home(?:page)?|start(?:seite)?|inicio|portada|accueil|"
                      r"ir a la portada|zur startseite|back to home|go to homepage|site logo|"
                      r"\W*)")
#: "The Boston Globe logo", "Logo de El País", "Logo der Süddeutschen": the name without it.
_LOGO_WORD = re.compile(r"(?i)^(?:logo(?:tipo)?\s+(?:(?:de|del|der|des|du|of)\s+)?)|\s+logo(?:tipo)?$")


def logo_name(tree) -> str | None:
    """The alternative text of the first image that is the site's logo (``_LOGOS``) and names
    something (``_NO_NAME``), "logo" cut from it; None when there is none; two to 60
    characters. Often not the name ("Headerimage", "Bembel" for "EFC Bayrische Bembel" on
    trafilatura's evaluation pages): ``without_logo_name`` trusts it only where the title
    repeats it whole."""
    if tree is None:
        return None
    for image in _LOGOS(tree)[:5]:
        name = _LOGO_WORD.sub("", " ".join((image.get("alt") or "").split())).strip()
        if 2 <= len(name) <= 60 and not _NO_NAME.fullmatch(name):
            return name
    return None


def without_logo_name(title: str | None, tree, host: str | None) -> str | None:
    """`title` without a leading or trailing part, after a spaced separator, that is the whole
    ``logo_name`` of the page: Sanwa Supply's ``<img src=".../sanwa_logo.gif"
    alt="サンワサプライ株式会社">`` and ``<title>… | サンワサプライ株式会社</title>``, a page
    that states no site name (the Mercury parser's fixtures). For a page whose ``site_name``
    is None; `title` as it is when nothing matches."""
    if not title:
        return title
    logo = logo_name(tree)
    return without_site_name(title, logo, set(host_words(host))) if logo else title


#: The whole headline of an error page served with 200 OK (a "soft 404"): "Page Not Found",
#: "Forbidden", "404 - Seite nicht gefunden", "Error 404: página no encontrada" (en, es, pt, fr,
#: de). Only the whole headline: a story about a 404 page has more words.
_ERROR_TITLE = re.compile(
    r"(?:(?:error|fehler|erreur|erro)\s*)?(?:(?:404|403|410|500)\s*[-:–|.]?\s*)?"
    r"(?:(?:page|file|url|document|article)\s+not\s+found|not\s+found|forbidden|access\s+denied|"
    r"página\s+no\s+(?:encontrada|existe)|página\s+não\s+encontrada|page\s+introuvable|"
    r"(?:seite|artikel)\s+nicht\s+gefunden|nicht\s+gefunden|no\s+encontrad[ao]|"
    r"(?:this\s+)?page\s+(?:does\s+not|doesn['’]t)\s+exist|error|fehler|erreur|erro)?"
    r"(?:\s*[-:–|(]?\s*(?:error\s*)?(?:404|403|410|500)\)?)?[.!]*",
    re.IGNORECASE)


def error_title(title: str | None) -> bool:
    """Whether a headline is an error page's ("Page Not Found", "Forbidden", "404"): such a page
    answered 200 OK (newspaper's test pages details.com1 and fool.com2 were stored as articles)."""
    title = " ".join((title or "").split())
    return bool(title) and bool(_ERROR_TITLE.fullmatch(title)) and any(ch.isalnum() for ch in title)
