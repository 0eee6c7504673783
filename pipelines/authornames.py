"""Person names from byline strings: lead-ins, agencies, desks, roles, dates, places and the
outlet's own name removed (es, en, pt, fr, de), several names split. Pure functions; used by
``pipelines.authors``, which chooses the strings (JSON-LD, meta tags, bylines). The words that
name no person are listed in ``pipelines.bylinewords``."""
from __future__ import annotations

import html as htmllib
import re
from functools import lru_cache

from pipelines.bylinecore import BRACKETS, HAS_DIGIT, URLISH, byline_core
from pipelines.bylinewords import (ACCOUNT, BYLINE_PREFIX, COMPANY, DATE_WORDS, DESK_WORDS, INTERFACE,
                                   MONTH_SURNAMES, NAME_PARTICLES, NEWS_ORGANISATION, NOT_NAMES,
                                   ORGANISATION_WORDS, OUTLET_WORDS, PAPER_WORDS, PARTICLE_PREFIX, PARTICLES,
                                   ROLE_NOUN, TITLE_WORDS, WIRE_WORDS, is_organisation, is_role, job_title)
from pipelines.cjkbylines import cjk_byline, cjk_outlet
from pipelines.metadata import as_list
from storage.stems import is_cjk

__all__ = ["byline_core", "clean_authors", "MAX_NAME_WORDS"]

# "och" (sv), "og" (da, nb), "ve" (tr) join names too; Dutch "en", Polish "i" and Czech "a"
# do not: they are words of the other languages' bylines ("Ana Ruiz en Madrid"), except "en"
# after the Dutch lead-in "Door" (``_SPLIT_DUTCH``). A Korean
# reporter's title after each name ends it ("김서연 기자 이준호 기자").
_SPLIT = re.compile(r"\s*(?:;|\||/|,|•|·|\s&\s|\s(?:and|und|et|och|og|ve|(?-i:y|e))\s|\s(?:기자|특파원)\s|(?<=[^\W\d_]{2})\.\s+(?=[^\W\d_]))\s*",
                    re.IGNORECASE)
#: An all-capitals byline joins its names with a capital "Y" or "E" ("POR ANA RUIZ Y JOSÉ
#: PÉREZ"); elsewhere a capital letter alone is an initial ("Laura E. Adkins").
_SPLIT_CAPITALS = re.compile(_SPLIT.pattern.replace("(?-i:y|e)", "y|e"), re.IGNORECASE)
#: "Door Anne de Vries en Pieter Jansen" (nl, the NOS's and de Volkskrant's bylines).
_DUTCH = re.compile(r"^\s*door\s", re.IGNORECASE)
_SPLIT_DUTCH = re.compile(_SPLIT.pattern.replace("|och|", "|och|en|"), re.IGNORECASE)
#: A social-media handle beside a name ("Jane Doe @janedoe").
_HANDLE = re.compile(r"(?:^|\s)@\w{1,30}\b")
#: A profile's address, with or without a scheme: "https://x.com/ana", "facebook.com/ana.ruiz".
_PROFILE_URL = re.compile(r"^(?:https?:)?//|^www\.|^[\w-]+(?:\.[\w-]+)+/", re.IGNORECASE)
#: HTML elements: a script's or style's content with them, other tags alone.
_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|</?[a-zA-Z][^<>]*>", re.IGNORECASE | re.DOTALL)
#: The credit of a site's makers: "Developed by ...", "Theme by ...", "Powered by ...".
_CREDIT = re.compile(r"^(?:developed|designed|powered|hosted|theme|website|web\s*design)\b", re.IGNORECASE)
#: The top-level domain of a site's name written as its host ("MDR.DE").
_DOMAIN_SUFFIX = re.compile(r"(?<=\w)\.(?:[a-z]{2}|com|net|org|info)$", re.IGNORECASE)
#: At most this many words in one name ("María del Carmen de la Fuente Ortega" has 7).
MAX_NAME_WORDS = 7


#: A name in initials: an agency's or an outlet's ("DDC", "EFE", "ANSA").
_INITIALS = re.compile(r"[A-ZÁÉÍÓÚÑ]{2,6}")


def clean_authors(raw, sitename: str | None = None, host: str | tuple | None = None) -> list[str]:
    """Person names from byline strings (one string or several): lead-ins ("By", "Por", "Par",
    "Von", "Texto:"), agencies, desks, roles, dates, e-mail addresses and the site's own name
    removed; split on ``;``, ``,``, ``|``, ``/``, ``&`` and "and"/"y"/"e"/"et"/"und"/"och"/"og"/"ve".

    Returns the names in order, without repeats (case-insensitive); ``[]`` when nothing that looks
    like a name is left. A name that spells the site's host name and is one word or has an
    article or newspaper word ("El Colombiano" on www.elcolombiano.com, "L'Opinion" on
    www.lopinion.fr) is the outlet, not an author. Rules and
    their cases: tests/test_metadata.py.
    """
    site_words = set(_words(sitename or ""))
    # a site named by its domain ("MDR.DE", "n-tv.de"): its name without the top-level domain
    site_core = set(_words(_DOMAIN_SUFFIX.sub("", (sitename or "").strip())))
    outlets = _host_keys(host)
    names: list[str] = []
    seen: set[str] = set()
    for value in as_list(raw):
        if not isinstance(value, str):
            continue
        # markup written into a meta tag's value ("&lt;i&gt;Ana&lt;/i&gt; Ruiz") is no name's
        text = " ".join(_MARKUP.sub(" ", htmllib.unescape(value)).split())
        if _PROFILE_URL.match(text) or _CREDIT.match(text):  # a profile's URL; the site's makers
            continue
        # Chinese and Japanese labels, buttons and titles (pipelines.cjkbylines)
        cjk = cjk_byline(text)
        if cjk == "":
            continue
        text = byline_core(cjk or text)
        if any(URLISH.search(b) for b in BRACKETS.findall(text)):  # "Deutsche Welle (www.dw.com)"
            continue
        # all capitals after its lead-in: "Por ANA RUIZ Y JOSÉ PÉREZ" is two names too
        parts = (_SPLIT_CAPITALS if BYLINE_PREFIX.sub("", text, count=1).isupper()
                 else _SPLIT_DUTCH if _DUTCH.match(text) else _SPLIT).split(text)
        # "Bayerische Landesanstalt für Wald und Forstwirtschaft": an organisation, "und" and all
        if is_organisation(parts[0]):
            continue
        # "WASHINGTON, Nov 3": a dateline taken for a byline.
        if any(_MONTH.fullmatch(p.strip(" .")) for p in parts):
            continue
        # "Brian Stevens, Vice President, Google Cloud": what follows a job title is the employer
        titled = next((i for i, p in enumerate(parts) if i and job_title(p) and _employer_after(parts, i)), None)
        parts = parts[:titled] if titled else parts
        found, agency = [], False
        for part in parts:
            name = _clean_name(part, site_words, site_core)
            if name and cjk_outlet(name):   # "网易", "新京报": the outlet, a source
                continue
            # an agency's or outlet's name, or its initials ("DDC, Madrid", Diario de Cuba's byline
            # in a probe: the outlet's initials, then the place)
            agency = agency or (name is None and bool(part.split()) and (
                all(w.lower().strip(".,") in NOT_NAMES for w in part.split())
                or _INITIALS.fullmatch(part.strip()) is not None))
            # "Hildesheimer Presse" on hildesheimer-presse.de, before "Presse" went as a desk word
            spelled = name and outlets and "".join(_words(BYLINE_PREFIX.sub("", part.strip())))
            if name and outlets and (("".join(_words(name)) in outlets and _outlet_like(name))
                                     or (spelled in outlets and _outlet_like(part))):
                continue
            # "Joe Davidson, Washington Post": a newspaper after the names, not one more person
            if name and found and len(name.split()) <= 3 and name.split()[-1].lower() in PAPER_WORDS:
                continue
            if name and name.lower() not in seen | {f.lower() for f in found}:
                found.append(name)
        # "hessenschau.de, Frankfurt, Germany", "Kirche und Leben, Münster, Germany": an
        # outlet's address, not three or four people known by one name; "Reuters, Washington",
        # "AFP, Paris": an agency's dateline
        if (len(parts) >= 3 or agency) and found and all(len(n.split()) == 1 for n in found):
            continue
        # "Doe, Jane": a library's order (Dublin Core's creator), surname first
        if len(parts) == 2 and text.count(",") == 1 and len(found) == 2 and all(
                len(n.split()) == 1 and not n.isupper() for n in found):
            found = [f"{found[1]} {found[0]}"]
        seen.update(n.lower() for n in found)
        names += found
    # "Von Hans Müller, Berlin": one word beside full names is the place
    if any(len(n.split()) > 1 for n in names):
        names = [n for n in names if len(n.split()) > 1 or is_cjk(n)]
    return names


#: A month's name or abbreviation alone (en, es, pt, fr, de), maybe with its day.
_MONTH = re.compile(r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|ene|abr|ago|dic|fev|out|"
                    r"dez|janv|f[ée]vr|avr|juil|ao[uû]t|d[ée]c|j[äa]n|m[äa]r|okt)\.?(?:\s+\d{1,2})?",
                    re.IGNORECASE)


#: What follows a name in a byline and is no name: a spaced dash and the outlet, agency or
#: place after it ("Ana Ruiz - Agencia EFE", "Ana Souza – Estadão"); "with" an agency ("avec
#: AFP", "mit dpa", "con EFE", "com agências"); where the writer is ("in Washington", "desde
#: Bruselas", "à Kiev", "en Bruselas", "em Brasília", "aus Berlin", "im Gespräch mit"). The
#: lower-case words only:
#: "Con O'Neill" is a name.
_AFTER_NAME = re.compile(r"\s+(?:[-–—]\s.*|(?:avec|mit|con|com|with|in|im|desde|à|en|em|aus)\s+\S.*)$")
#: A profile's share buttons read with the name: "Rebecca Hersher Twitter", "Steven Shepard
#: Link Copied", "Jane Doe Email".
_SOCIAL_AFTER = re.compile(r"\s+(?:twitter|facebook|instagram|linkedin|bluesky|threads|mastodon|e-?mail|"
                           r"link\s+copied|copy\s+link)(?:\s.*)?$", re.IGNORECASE)
#: Desks named after a section ("Redacción Mundo", "Redaktion Politik"): no person.
_DESK = re.compile(r"^(?:redacción|redaccion|redação|redacao|rédaction|redaktion|newsroom)\s+[^:\s]",
                   re.IGNORECASE)
#: A place line: "Em Brasília", "Desde Bruselas".
_PLACE = re.compile(r"^(?:em|en|in|desde|aus|à)\s+\S", re.IGNORECASE)
#: Outlets named with an article ("The Guardian", "El Universal", "Die Zeit"); "La" and "Le"
#: begin persons' names too ("La Toya Jackson", "Le Anh Tu").
_OUTLET_ARTICLE = re.compile(r"^(?:the|el|los|las|les|der|die|das)\s+\S", re.IGNORECASE)
#: Places written after a name ("Luz Escobar, La Habana", "Ana Gómez, Nueva York", "14ymedio,
#: Santo Domingo"): a word that begins place names and no person's (es, en, pt, fr, de), or
#: "La"/"Le" and one more word ("La Paz", "Le Havre"; "La Toya Jackson" has three).
_PLACE_NAME = re.compile(r"^(?:(?:la|le)\s+\S+$|(?:nueva|nuevo|new|san|santa|santo|são|sao|saint|"
                         r"sainte|st\.|ciudad|puerto|porto|port|fort|buenos|río|isla|ilha|île)\s+\S)",
                         re.IGNORECASE)


@lru_cache(maxsize=256)
def _host_keys(host: str | tuple | None) -> frozenset[str]:
    """The labels of a host name (or of several: the page's and its canonical URL's) that may
    spell an outlet's name (5 letters or more, not www), and the host without its dots
    ("newsam" for news.am)."""
    keys = set()
    for name in (host if isinstance(host, tuple) else (host,)):
        labels = [label for label in (name or "").lower().split(".") if label != "www"]
        keys |= {label.replace("-", "") for label in labels[:-1] if len(label) >= 5}
        if len(labels) == 2 and len(labels[0]) >= 3:
            keys.add("".join(labels).replace("-", ""))
    return frozenset(keys)


def _outlet_like(name: str) -> bool:
    words = _words(name)
    return len(words) == 1 or bool(OUTLET_WORDS & set(words))


#: A template's stand-in for a name: "Xxx", "N.N." (German: nomen nescio), "Lorem Ipsum".
_PLACEHOLDER = re.compile(r"(?i)(?:x+\s*)+|n\.\s?n\.?|lorem\s+ipsum")
#: A login name: "christian.stadtfeld", "ana_ruiz".
_LOGIN = re.compile(r"[^\W\d_]{2,}(?:[._][^\W\d_]{2,})+")
_NICKNAME = re.compile(r"\s*[\"“„«][^\"”“»]{1,40}[\"”»]\s*")
#: "Brendan Carlin For The Mail On Sunday", "Ana Ruiz para El Diario": the outlet after "for".
_FOR_OUTLET = re.compile(r"\s(?:for|para|pour|für)\s.*$", re.IGNORECASE)
#: Legal forms of organisations at the end of a name: "Deutscher Caritasverband e. V.",
#: "Ejemplo S.A.", "Foo GmbH".
_LEGAL_FORM = re.compile(r"\b(?:e\.\s?V\.?|GmbH|gGmbH|AG|Inc\.?|Ltd\.?|LLC|S\.\s?A\.?|S\.\s?L\.?|SAS|"
                         r"Ltda\.?|S\.p\.A\.?|mbH)\s*$")  # last: "James S.A. Corey" is a person
#: In lower case only: "Carolyn Said" and "Edward Said" are names (trafilatura's byline search
#: title-cases a comment's "stephangoeldi said", which then passes: a login, not a name lost).
_COMMENT_SIGNATURE = re.compile(r"\s(?:says|said|sagt|schreibt|dice|diz|dit)\s*:?$")
_LEADING_CONJUNCTION = re.compile(r"^(?:and|y|e|et|und|&)\s+", re.IGNORECASE)


def _clean_name(part: str, site_words: set[str], site_core: set[str]) -> str | None:
    if _COMMENT_SIGNATURE.search(part):  # "Art Edwards says": a comment's author
        return None
    if _LEGAL_FORM.search(part):  # an organisation, not a person
        return None
    if _DESK.match(part.strip()) or _OUTLET_ARTICLE.match(part.strip()) or _PLACE.match(part.strip()):
        return None
    # a handle ("@janedoe"), a nickname (Amanda "Tania Mae" Tan), the outlet after "for", an agency
    part = _AFTER_NAME.sub("", _FOR_OUTLET.sub("", _NICKNAME.sub(" ", _HANDLE.sub(" ", part))))
    part = _SOCIAL_AFTER.sub("", part)
    if NEWS_ORGANISATION.search(part):   # what is left after "Ana Ruiz - Agencia EFE" lost its tail
        return None
    if _PLACE_NAME.match(part.strip()):   # "La Habana", and "Le Monde" of "Le Monde avec AFP"
        return None
    if URLISH.search(part):  # "finanztreff.de" is the outlet, before it passes for a login name
        return None
    if _LOGIN.fullmatch(part.strip()) and part.strip().islower():  # "christian.stadtfeld"
        part = " ".join(w.capitalize() for w in re.split(r"[._]", part.strip()))
    part = _LEADING_CONJUNCTION.sub("", part.strip(" .:-–—·•*()[]\"'"))
    for _ in range(2):  # "Escrito por:", "Por: Redacción"
        if _DESK.match(part):
            return None
        part = BYLINE_PREFIX.sub("", part).strip(" .:-–—·•*()[]\"'")
    if not part or HAS_DIGIT.search(part) or URLISH.search(part):
        return None
    if _OUTLET_ARTICLE.match(part) or _PLACE_NAME.match(part):   # "Par Le Figaro avec AFP"
        return None
    words = part.split()
    if len(words) > MAX_NAME_WORDS:
        return None
    # A company ("Northeast Ohio Media Group", "Teen Vogue Magazine", "Ediciones El País"), a
    # possessive ("World's Editorial Writers") or a page's interface ("You're logged in as
    # Account", "See All Articles") names nobody.
    if COMPANY.search(part) or any(w.endswith(("'s", "’s")) for w in words) or (
            INTERFACE & {w.lower().strip(".,:!") for w in words}):
        return None
    lowered = [w.lower().strip(".,") for w in words]
    if job_title(part):
        return None   # "Vice President", "Managing Editor": a job title after the name
    # "Chris Stokel-Walker Chris Stokel-Walker": a template's mobile and desktop copies of the byline
    half = len(words) // 2
    if len(words) % 2 == 0 and half >= 2 and lowered[:half] == lowered[half:]:
        words, lowered = words[:half], lowered[:half]
    # An agency or desk by its first word ("Agência Brasil", "Redaktion Polizeiticker Schweiz")
    if lowered[0] in ORGANISATION_WORDS:
        return None
    # A leading role ("Senior Reporter Jane Doe", "FOCUS-Online-Experte Robin Tschöpe",
    # "Corresponsal María Pérez") goes; articles and particles stay ("La Toya Jackson").
    # A month is no role: "April P. Bernard" keeps her first name (a date before a name is
    # not written so).
    # A second role word after the first is the role going on ("Staff Correspondent Dhaka",
    # Prothom Alo's credit: a role and a place, no name), though two words that open with a role
    # may be a name ("Major Garrett").
    # An editorial board is nobody ("Sun Sentinel Editorial Board", "The Times Editorial Board":
    # an editorial's credit; a probe page)
    if len(lowered) >= 2 and lowered[-2:] in (["editorial", "board"], ["consejo", "editorial"]):
        return None
    led = trailed = False
    while ((len(words) > 2 or is_cjk(words[0]) or led) and len(words) > 1 and is_role(lowered[0])
           and lowered[0] not in DATE_WORDS):
        words, lowered, led = words[1:], lowered[1:], True   # "记者 张三": a reporter named
    if led and len(words) == 1 and not is_cjk(words[0]):
        return None   # a role and a place ("Staff Correspondent Dhaka"), not a name
    # A trailing role or agency ("María Pérez Corresponsal", "John Smith Reuters") goes.
    while (len(words) > 1 and lowered[-1] in NOT_NAMES
           and lowered[-1] not in ("e", "y", "de", "la", "el", *MONTH_SURNAMES)):
        words, lowered, trailed = words[:-1], lowered[:-1], True
    # ... with what qualifies it: "Andrea Stone Senior Washington Correspondent" ends before
    # "Senior" (AOL News; a role word after two words of a name begins the role).
    # So too a role that a preposition qualifies after two words of a name ("María Fernández
    # Redactora de Política", "Jane Doe Correspondent in Havana": a role in a span of its own).
    inner = next((i for i in range(2, len(words)) if is_role(lowered[i])
                  and (trailed or lowered[i + 1:i + 2] and lowered[i + 1] in _ROLE_OF)
                  and lowered[i] not in DATE_WORDS and lowered[i] not in PARTICLES), None)
    if inner is not None:
        words, lowered = words[:inner], lowered[:inner]
    # A newspaper of two words after a two-word name ("Joe Davidson Washington Post": a
    # syndicated column's credit)
    if len(words) >= 4 and lowered[-1] in PAPER_WORDS and words[-2][:1].isupper():
        words, lowered, trailed = words[:-2], lowered[:-2], True
    # Both: a job title, no name ("Robert Burns, AP National Security Writer").
    if led and trailed:
        return None
    # "Do Estadão Conteúdo" (pt, "from"): an agency's credit, its desk word gone; a person's
    # name does not open with the particle
    if trailed and len(words) == 2 and lowered[0] in ("do", "da", "dos", "das", "del", "de"):
        return None
    # A team or desk is nobody ("Smart Shopping Team", "BWW News Desk"); "Staff" follows names
    # as a badge ("Adam Aaronson PhillyVoice Staff")
    if trailed and part.split()[-1].lower().strip(".,") in ("team", "desk", "newsroom"):
        return None
    # One word before a desk or wire's words: the outlet's ("Detroit News wire services",
    # "Nation Bureau", "Telegraph Sport"), not a person known by one name
    if trailed and len(words) == 1 and WIRE_WORDS & set(part.lower().split()[1:]):
        return None
    # One word before a desk: the outlet's desk ("HLNF Staff Report", "Greentech.LIVE Redaktion",
    # "N-Land N-Land Redaktion")
    if trailed and len(set(lowered)) == 1 and DESK_WORDS & set(part.lower().split()[1:]):
        return None
    if is_organisation(" ".join(words)):  # "Projektleiterin der HSS", "Universidad de Chile"
        return None
    # The outlet's own desk after the name ("Jill Disis, CNN Business", "BBC Mundo") on a site
    # whose name is that one word.
    if len(site_core) == 1 and len(words) > 1 and lowered[0] in site_core:
        return None
    if site_words and set(lowered) <= site_words:
        return None
    # the site's short name: an abbreviation before one of its words ("OÖ Volksblatt" on
    # "Oberösterreichisches Volksblatt")
    if (len(words) == 2 and len(lowered[1]) >= 6 and lowered[1] in site_words
            and len(words[0]) <= 3 and words[0].isupper()):
        return None
    # "Adam Aaronson PhillyVoice": the site's name after the person's
    while len(words) > 2 and re.sub(r"\W", "", lowered[-1]) in site_words:
        words, lowered = words[:-1], lowered[:-1]
    # ... and before it, the whole name in one or two words ("Ouest-France Lucie MARCHAND", a
    # probe page's byline: the outlet's name over the reporters')
    lead = next((k for k in (1, 2) if site_words and len(words) > k + 1
                 and set(_words(" ".join(lowered[:k]))) == site_words), 0)
    words, lowered = words[lead:], lowered[lead:]
    # One word of at most three Latin letters in one case is initials or a desk's code ("PP",
    # "dsw", "red"); "Kay" and Chinese names ("孔德明", "张三") are names.
    if len(words) == 1 and _CODE.fullmatch(words[0].strip(".")) and not is_cjk(words[0]):
        return None
    if len(words) == 1 and lowered[0].rsplit("-", 1)[-1] in DESK_WORDS:  # "PETA-Team"
        return None
    # A CMS account, not a person: "Jdadmin" (jeongdong.or.kr, the article-extraction
    # benchmark), "siteadmin", "webmaster", "admin2".
    if len(words) == 1 and ACCOUNT.search(lowered[0]):
        return None
    # One Latin word of three or more letters without a vowel is a login's initials ("Pmjs",
    # "Rmb" on the article-extraction benchmark's pages), not a name.
    if len(words) == 1 and len(words[0]) >= 3 and words[0].isascii() and words[0].isalpha() \
            and not _VOWEL.search(words[0]):
        return None
    name = " ".join(words)
    letters = [ch for ch in name if ch.isalpha()]
    if not letters or _PLACEHOLDER.fullmatch(name):
        return None
    if name.isupper() and len(letters) > 3:
        name = name.title()
    # Names in cased scripts start with a capital: "submitted", "admin" and the role in
    # "corresponsal en La Habana" are no names.
    if name[0].isalpha() and name[0].lower() != name[0].upper() and not name[0].isupper():
        return None
    # ... and so does each of their words but particles ("de la", "von", "d'Alembert"): "Eine
    # realistische Interpretation des ..." (a title) is no name.
    # A name ends before such a word ("Jane Doe via Reuters"); one word left is none. A second
    # and last word may be a surname written in lower case ("Mobasir hassan").
    cut = next((i for i, w in enumerate(words[1:], 1)
                if w[0].islower() and w not in NAME_PARTICLES and not PARTICLE_PREFIX.match(w)), None)
    if cut is not None and not (cut == 1 and len(words) == 2):
        return " ".join(name.split()[:cut]) if cut >= 2 else None
    return name


_VOWEL = re.compile(r"[aeiouy]", re.IGNORECASE)
#: The prepositions that tie a role to its field or place (es, pt, en, fr, de, it).
_ROLE_OF = frozenset("de del da do dos das en em para of in for at à au du für bei di a".split())
_CODE = re.compile(r"[^\W\d_]{1,2}|[A-Z]{3}|[a-z]{3}")


def _employer_after(parts: list[str], i: int) -> bool:
    """Whether the job title ``parts[i]`` names an office (``TITLE_WORDS``, a role noun) and the
    part after it is no further name ("and John Roe")."""
    office = any(w.lower().strip(".,") in TITLE_WORDS or ROLE_NOUN.fullmatch(w.lower().strip(".,"))
                 for w in parts[i].split())
    return office and not (i + 1 < len(parts) and _LEADING_CONJUNCTION.match(parts[i + 1]))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())
