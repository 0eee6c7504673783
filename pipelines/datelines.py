"""The publication date a page shows to its readers: the visible date line. Pure functions.

``text_date`` reads the long form (day, month name, year in es/pt/fr/de/en/it, and nl, sv, da,
no, ca, ro, id, tr, fi, pl, cs, ru, uk: "5 de marzo de 2026", "March 5, 2026", "5. März 2026",
"5 марта 2026"; "2026年3月5日" in Chinese and Japanese, "2026년 3월 5일" in Korean);
``numeric_dates`` the numeric form ("05.03.2026", "03/05/2026", "03-05-2026", "2026-03-05",
"2026/3/5"), which may be ambiguous (day or month first): it confirms a day found otherwise, or
gives one as the article's first date line when it is unambiguous (``first_line_days``;
``pipelines.pubdate.publication_date``). Both look at short elements of the element that holds
the story only (``_article_scope``; in the body, not the site's ``<header>``) and ignore what
follows an "updated"/"actualizado"/"更新" lead-in.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from itertools import islice

from lxml import etree

__all__ = ["date_lines", "date_only", "first_line_days", "numeric_dates", "text_date", "text_day"]


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
    12: "diciembre dic dezembro dez décembre decembre déc dezember december dec dicembre",
}
#: nl, sv, da/no, ca, ro, id, tr, fi, and the genitive that follows a day in pl, cs, ru, uk ("5
#: marca 2026", "5 марта 2026"); the names the languages above already have are not repeated.
_MORE_MONTHS = {
    1: "januari janvier gener ianuarie ocak tammikuuta stycznia ledna января січня",
    2: "februari febrer februarie şubat subat helmikuuta lutego února unora февраля лютого",
    3: "maart mrt marts mart març martie maret maaliskuuta marca března brezna марта березня",
    4: "aprilie nisan huhtikuuta kwietnia dubna апреля квітня",
    5: "mei maj maig mayıs mayis toukokuuta maja května kvetna мая травня",
    6: "juny iunie haziran kesäkuuta kesakuuta czerwca června cervna июня червня",
    7: "juliol iulie temmuz heinäkuuta heinakuuta lipca července cervence июля липня",
    8: "augustus augusti agost agustus ağustos agustos elokuuta sierpnia srpna августа серпня",
    9: "setembre septembrie eylül eylul syyskuuta września wrzesnia září zari сентября вересня",
    10: "oktober octombrie ekim lokakuuta października pazdziernika října rijna октября жовтня",
    11: "noiembrie kasım kasim marraskuuta listopada listopadu ноября листопада",
    12: "desember desembre decembrie aralık aralik joulukuuta grudnia prosince декабря грудня",
}
_MONTH_OF = {name: num for months in (_MONTHS, _MORE_MONTHS) for num, names in months.items()
             for name in names.split()}
_MONTH_RE = "|".join(sorted(map(re.escape, _MONTH_OF), key=len, reverse=True))
# "5 de marzo de 2026", "5 de março de 2026", "5 mars 2026", "5. März 2026", "5th March, 2026"
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(?P<d>[0-3]?\d)(?:\.|º|°|er|st|nd|rd|th)?\s+(?:de\s+)?(?P<m>{_MONTH_RE})\.?,?\s+(?:de\s+|del\s+)?(?P<y>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE)
# "2026年3月5日" (Japanese, Chinese), "2026년 3월 5일" (Korean): the month as a number
_CJK_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)\s*[日일]")
# "March 5, 2026", "Mar. 5 2026"
_MONTH_DAY_YEAR = re.compile(
    rf"(?<![\w])(?P<m>{_MONTH_RE})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE)
#: The forms of a date with the month's name (or, in CJK, a unit after each number).
_LONG_FORMS = (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _CJK_DATE)
#: Words that introduce a later date on the same line (the first publication comes before them).
_UPDATED = re.compile(r"\b(actualizad[oa]|atualizad[oa]|updated|modified|mis à jour|modifié|aktualisiert|"
                      r"geändert|letzte änderung|modificad[oa]|aggiornat[oa])\b|更新|수정", re.IGNORECASE)
#: Words that name the publication date on a line, whatever comes before them.
_PUBLISHED = re.compile(r"\b(publicad[oa](?:\s+(?:el|em))?|published(?:\s+on)?|publié(?:e)?(?:\s+le)?|"
                        r"veröffentlicht(?:\s+am)?|erschienen(?:\s+am)?|pubblicat[oa](?:\s+il)?)\b", re.IGNORECASE)
#: Every date form read here (long and numeric) has a four-digit year: a line without one is no
#: date line for any reader of ``_lines``, and skipping it spares their five searches.
_YEAR = re.compile(r"(?:19|20)\d\d")
#: Short elements only: a date line, not a paragraph that mentions a date.
MAX_DATE_LINE = 120


def text_date(tree, new_year: bool = False) -> date | None:
    """The first long-form date (day, month name, year in es/pt/fr/de/en/it) in a short visible
    element of the article (``<article>`` or ``<main>`` when the page has one, else the body;
    then the page's first ``<time>`` elements),
    ignoring what follows an "updated"/"actualizado" lead-in, and 1 January (a start date in a
    text, not a publication). None when there is none. On htmldate's evaluation pages where no
    other source gave a date this rule was right 12 times, wrong 5; the first date line of
    either form (``first_line_days``) is right 26 times, wrong 3. ``new_year``: 1 January
    counts too (to see whether the page shows a stated update made on that day)."""
    found = _first_date_line(_scope_elements(_article_scope(tree)), new_year)
    return found or _first_date_line(islice(tree.iter("time"), 5), new_year)


_ARTICLE_OR_MAIN = etree.XPath("//article | //main")   # compiled once: tree.xpath compiles each call
_BODY = etree.XPath("//body")
_ARTICLE_OR_MAIN_WITH_H1 = etree.XPath("//article[.//h1] | //main[.//h1]")
_TEXT = etree.XPath("normalize-space()")   # an element's text, spaces squashed, in C


def _article_scope(tree):
    """The element that holds the story: the first ``<article>`` or ``<main>`` that holds an
    ``<h1>``; else the one with more text than all the others together (the story beside its
    teaser cards); else the body (the first ``<article>`` is often a teaser card beside a story
    that is in none, as on the Miami Herald's pages, whose date line is then outside it); else
    the page."""
    scopes = _ARTICLE_OR_MAIN(tree)
    if len(scopes) == 1:
        return scopes[0]
    body = (_BODY(tree) or [tree])[0]
    if not scopes:
        return body
    holding = _ARTICLE_OR_MAIN_WITH_H1(tree)
    if holding:
        return holding[0]
    sizes = [len(_TEXT(scope)) for scope in scopes]
    largest = max(sizes)
    return scopes[sizes.index(largest)] if 2 * largest > sum(sizes) else body


#: The text nodes below an element that may hold a year (``_YEAR``: its digits start "19" or
#: "20"), selected in C.
_YEAR_TEXTS = etree.XPath("descendant-or-self::*/text()[contains(., '20') or contains(., '19')]")
#: Those nodes' elements and all their ancestors, once each, in document order (libxml2 sorts
#: and deduplicates a node-set).
_ANCESTORS = etree.XPath("$owners/ancestor-or-self::*")
_HEADERS = etree.XPath("//header[not(ancestor::article) and not(ancestor::main)]")
#: An ``<h1>`` of at most this many words in a site's header is its logo ("News.az").
MAX_LOGO_WORDS = 3


def _scope_elements(scope) -> list:
    """The elements of ``scope.iter()`` (itself first, in document order) whose text may hold a
    year, the others left out: ``_lines`` skips an element whose squashed text has none, and
    that text joins the element's text nodes with spaces, so a year lies within one text node
    of it. A page's date line is one of a few dozen such elements among hundreds."""
    owners = []
    for text in _YEAR_TEXTS(scope):
        owner = text.getparent()
        if text.is_tail:            # a tail is its element's parent's text, not the element's
            owner = owner.getparent()
        if owner is not None:
            owners.append(owner)
    if not owners:
        return []
    found = _ANCESTORS(scope, owners=owners)
    # the scope's own ancestors come first (they precede it in document order): not its elements
    found = found[found.index(scope):]
    if scope.tag == "body":
        # A page without <article> or <main>: the site's own header (a <header> without the
        # headline; its <h1>, if any, is the logo) shows today's date, not the article's.
        banner = {e for header in _HEADERS(scope) if all(len(h.text_content().split()) <= MAX_LOGO_WORDS
                                                        for h in header.iter("h1"))
                  for e in header.iter()}
        if banner:
            found = [e for e in found if e not in banner]
    return found


def _lines(elements):
    """(element, text) for each short visible element: its squashed text after a "published"
    lead-in if it has one, up to an "updated" lead-in; script, style and link texts are not
    date lines. A long element's loose text (its own text before its first child, or the text
    between two children) is a line of its own where it is short, in its place in the document:
    "<dl><dt>Headline</dt></dl> 기사입력 :[ 2018-08-25 15:24 ] <div>story…</div>" (entermedia.co.kr,
    the article-extraction benchmark), the date line of table-layout and older Asian CMS pages."""
    pending: list[tuple] = []   # (child, text): the text after `child`, due once past its subtree
    for element in elements:
        if not isinstance(element.tag, str):
            continue
        if pending:
            due = [entry for entry in pending if _past(entry[0], element)]
            if due:
                pending = [entry for entry in pending if entry not in due]
                yield from _dated(due)
        if element.tag in ("script", "style", "a"):
            continue
        text = _short_text(element)
        if text is None and len(element):
            # Loose text between blocks only: after a <br>, an <i> or a link it is part of a
            # paragraph ("Hamburg, den 02. Dezember 2022" closing a press release, a citation's
            # "15. Januar 2021": trafilatura's evaluation pages).
            if element[0].tag in _BLOCKS:
                yield from _dated([(element, element.text)])
            pending.extend((child, child.tail) for child in element
                           if child.tag in _BLOCKS and child.tail and _YEAR.search(child.tail))
            continue
        if text and _YEAR.search(text) and _labelled_update(element):
            continue
        yield from _dated([(element, text)])
    yield from _dated(pending)


def _labelled_update(element) -> bool:
    """Whether the text just before `element` labels it an update: "Updated <time>Nov 13,
    2019</time>" (Vox, the article-extraction benchmark: the <time> alone read as the page's date
    line, which then named the stated update day, and the page's date was dropped as unsure)."""
    previous = element.getprevious()
    if previous is not None:
        before = previous.tail or ""
        if not before.strip() and isinstance(previous.tag, str) and not len(previous):
            before = previous.text or ""    # "<span>Updated</span><time>…</time>"
    else:
        parent = element.getparent()
        before = (parent.text or "") if parent is not None else ""
    before = before.strip()
    return len(before) <= 40 and _UPDATE_LABEL.search(before) is not None


#: An "updated" lead-in that ends the text before an element: its label.
_UPDATE_LABEL = re.compile(f"(?:{_UPDATED.pattern})[\\s:·•|,–—-]*$", re.IGNORECASE)


#: Elements that make a block of their own: the text after one, before the next, is a line.
_BLOCKS = frozenset("address article aside blockquote dd div dl dt figure footer form h1 h2 h3 h4 "
                    "h5 h6 header hr li main nav ol p section table tbody td th tr ul".split())


def _dated(lines):
    """The (element, text) of `lines` whose squashed text is short and holds a year, cut to what
    follows a "published" lead-in and precedes an "updated" one."""
    for element, text in lines:
        text = " ".join((text or "").split())
        if not text or len(text) > MAX_DATE_LINE or not _YEAR.search(text):
            continue
        published = _PUBLISHED.search(text)
        if published:   # "Actualizado: 9 … · Publicado: 5 …": the publication is the one named
            text = text[published.end():]
        cut = _UPDATED.search(text)
        yield element, text[:cut.start()] if cut else text


def _past(child, element) -> bool:
    """Whether `element` comes after `child`'s subtree in document order (`element` comes after
    `child`'s parent, which ``_lines`` visited first)."""
    parent, node = child.getparent(), element
    while node is not None:
        if node is child:
            return False
        up = node.getparent()
        if up is parent:
            return parent.index(node) > parent.index(child)
        node = up
    return True


def text_day(text: str) -> date | None:
    """The long-form date in a string ("March 5, 2026", "5 de marzo de 2026"), or None; 1 January
    counts (a stated value, not a line among others)."""
    return _long_date(text, new_year=True)


def _first_date_line(elements, new_year: bool = False) -> date | None:
    for _element, text in _lines(elements):
        found = _long_date(text, new_year)
        if found:
            return found
    return None


def _long_date(text: str, new_year: bool = False) -> date | None:
    for pattern in _LONG_FORMS:
        match = pattern.search(text)
        if match:
            month = (int(match["m"]) if match["m"].isdigit() else
                     _MONTH_OF.get(_fold(match["m"]).lower()) or _MONTH_OF.get(match["m"].lower()))
            try:
                found = date(int(match["y"]), month, int(match["d"]))
            except (TypeError, ValueError):
                continue
            # "ab 1. Januar 2022", "a partir del 1 de enero": a rule's start, rarely the
            # day a story went out.
            if new_year or (found.month, found.day) != (1, 1):
                return found
    return None


def first_line_days(tree) -> set[date]:
    """The days the article's first date line names, in long form (one day) or numeric form
    (one, or two for "05/03/2026"), as ``text_date`` and ``numeric_dates`` read them; then the
    page's first ``<time>`` elements. "Pressemitteilung vom 20.01.2022" before "Antwort ... vom
    12. Januar 2022" in the text is 20 January. An empty set when there is none."""
    return date_lines(tree)[1]


#: Languages whose writers put the day first in a numeric date ("05/03/2026" is 5 March): the
#: ambiguity of such a line is settled by the page's declared language (``date_lines``).
DAY_FIRST_LANGUAGES = frozenset("es pt fr de it nl ca gl".split())


def date_lines(tree, day_first: bool = False) -> tuple[date | None, set[date]]:
    """``(text_date(tree), first_line_days(tree))`` in one pass over the page's lines;
    `day_first`: a "05/03/2026" first line is read day first only (a language of
    ``DAY_FIRST_LANGUAGES``), not as either day."""
    long_form, first = None, None
    for elements in (_scope_elements(_article_scope(tree)), islice(tree.iter("time"), 5)):
        for element, text in _lines(elements):
            found = _long_date(text)
            if first is None:
                numeric = _numeric_days(text, day_first)
                if numeric and _in_comments(element):
                    numeric = set()
                if found and numeric:  # both on one line: the one written first
                    ahead = _NUMERIC_DATE.search(text).start() < text.find(str(found.year))
                    first = numeric if ahead else {found}
                elif found or numeric:
                    first = {found} if found else numeric
            if found:
                long_form = found
                break
        if long_form:
            break
    return long_form, first or set()


def _short_text(element) -> str | None:
    """The element's text with spaces squashed, or None when it is empty or longer than
    MAX_DATE_LINE (read piece by piece, so a long container costs little)."""
    if not len(element):
        text = " ".join((element.text or "").split())
        return text if 0 < len(text) <= MAX_DATE_LINE else None
    pieces, size = [], 0
    for piece in element.itertext():
        size += len(piece.strip()) + 1
        if size > MAX_DATE_LINE + 1:
            return None
        pieces.append(piece)
    text = " ".join(" ".join(pieces).split())
    return text if 0 < len(text) <= MAX_DATE_LINE else None


def _fold(text: str) -> str:
    return text if text.lower() in _MONTH_OF else "".join(
        ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


#: Numeric dates: "05.03.2026" (day first, as everywhere "." separates them), "05/03/2026" and
#: "3/5/2026" (day or month first), "2026-03-05" (ISO) and the year first with "/" or "."
#: ("2026/3/5", "2026.03.05": Japanese, Chinese and Korean pages).
_NUMERIC_DATE = re.compile(
    r"(?<![\d.])(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.\s?(?P<y>(?:19|20)\d\d)(?!\d)"
    r"|(?<![\d/-])(?P<a>[0-3]?\d)(?P<sep>[/-])(?P<b>[0-3]?\d)(?P=sep)(?P<y2>(?:19|20)\d\d)(?!\d)"
    r"|(?<!\d)(?P<y3>(?:19|20)\d\d)(?P<sep3>[-/.])(?P<m3>[01]?\d)(?P=sep3)(?P<d3>[0-3]?\d)(?!\.?\d)")


#: Class or id words of a comments section: the dates there are the comments'.
_COMMENTS = re.compile(r"comment|coment|kommentar|replies|reply", re.IGNORECASE)


def _in_comments(element) -> bool:
    return any(_COMMENTS.search(f"{e.get('class', '')} {e.get('id', '')}")
               for e in (element, *element.iterancestors()))


def numeric_dates(tree, day_first: bool = False) -> set[date]:
    """The days the first numeric date in a short visible element of the article may be: one
    for "05.03.2026" and "2026-03-05", one or two for "05/03/2026" (5 March or 3 May). An empty
    set when there is none. Used only to confirm htmldate's day: on htmldate's evaluation pages
    that state no date in their metadata, htmldate's day was right 65 times and wrong once
    when this confirmed it, right 36 and wrong 25 when it did not. `day_first`: "05/03/2026" is
    5 March only."""
    for element, text in _lines(_article_scope(tree).iter()):
        days = _numeric_days(text, day_first)
        if days and not _in_comments(element):
            return days
    return set()


def _numeric_days(text: str, day_first: bool = False) -> set[date]:
    """The days the first numeric date of a text may be (see ``numeric_dates``); `day_first`:
    "05/03/2026" is 5 March only."""
    match = _NUMERIC_DATE.search(text)
    if match:
        if match["d"]:
            orders = [(match["y"], match["m"], match["d"])]
        elif match["a"]:
            orders = [(match["y2"], match["b"], match["a"])]
            if not day_first:
                orders.append((match["y2"], match["a"], match["b"]))
        else:
            orders = [(match["y3"], match["m3"], match["d3"])]
        days = set()
        for year, month, day in orders:
            try:
                days.add(date(int(year), int(month), int(day)))
            except ValueError:
                continue
        return days
    return set()


#: A time of day beside a date: "10:20", "10.20 GMT", "14h32", "10:20 a.m. ET", "14:32 Uhr".
_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?|hs?|uhr|gmt|utc|cet|cest|"
                   r"[ecmp][sd]?t)?(?!\w)", re.IGNORECASE)
#: Weekdays (es, pt, fr, de, en, it) and their abbreviations, the small words that join a date
#: line's parts ("a las", "às", "à", "um", "at", "on", "el", "le", "de"), German "Stand" ("as
#: of") and time zones.
_DATE_LINE_WORDS = frozenset("""
    lunes martes miércoles miercoles jueves viernes sábado sabado domingo segunda terça terca
    quarta quinta sexta feira lundi mardi mercredi jeudi vendredi samedi dimanche montag dienstag
    mittwoch donnerstag freitag samstag sonntag monday tuesday wednesday thursday friday saturday
    sunday lunedì martedì mercoledì giovedì venerdì sabato domenica
    mon tue tues wed thu thur thurs fri sat sun lun mié mie jue vie sáb sab dom seg ter qua qui
    sex lu ma me je ve sa di mo mi do fr so
    a las la às as à um at on el le de del em am il alle ore stand
    utc gmt et est edt ct cst cdt pt pst pdt ast cet cest uhr hs h
    時 分 秒 午前 午後 公開 更新 月 火 水 木 金 土 日 月曜日 火曜日 水曜日 木曜日 金曜日 土曜日 日曜日
    时 发布 發佈 시 분 오전 오후 입력 수정
    """.split())


def date_start(text: str) -> int | None:
    """Where the first long or numeric date (with a four-digit year) of a string starts, or None:
    "By Nathan Willis March 25, 2015" -> 17."""
    if not _YEAR.search(text):
        return None
    found = (p.search(text) for p in (*_LONG_FORMS, _NUMERIC_DATE))
    starts = [m.start() for m in found if m]
    return min(starts) if starts else None


def date_only(line: str) -> bool:
    """Whether a line says nothing but a date: a long or numeric date (a four-digit year), maybe
    with its weekday, a time, and a "published"/"updated" lead-in ("Jueves, 5 de marzo de 2026",
    "Publicado: 05/03/2026 - 10:20", "March 5, 2026 10:14 AM UTC"). A line with any other word
    (a byline, a place, a sentence) is not."""
    if not _YEAR.search(line) or len(line) > MAX_DATE_LINE:
        return False
    rest = line
    for pattern in (*_LONG_FORMS, _NUMERIC_DATE):
        rest, found = pattern.subn(" ", rest)
        if found:
            break
    else:
        return False
    rest = _UPDATED.sub(" ", _PUBLISHED.sub(" ", _TIME.sub(" ", rest)))
    return all(word.lower() in _DATE_LINE_WORDS for word in re.findall(r"[^\W\d_]+", rest))
