"""The forms of a written date, read in a string: the long form (day, month name, year in
es/pt/fr/de/en/it and more languages, "5 de marzo de 2026", "March 5, 2026", "2026年3月5日";
``text_day``), the numeric form ("05.03.2026", "03/05/2026", "2026-03-05"; ``numeric_days``),
where a date starts in a byline (``date_start``), and whether a line says nothing but a date
(``date_only``). Pure functions over strings.

Which elements of a page are its date lines is ``pipelines.datelines``' part (the tree); the
forms are read here, without a tree, by it and by the byline, body and stated-date rules (split
out of it to keep each module small).
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

__all__ = ["MAX_DATE_LINE", "NUMERIC_DATE", "PRINT_NOTE", "PUBLISHED", "UPDATED", "YEAR", "date_only",
           "date_start", "long_date", "numeric_days", "published_part", "text_day"]

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
# "5 de marzo de 2026", "5 de março de 2026", "5 mars 2026", "5. März 2026", "5th March, 2026",
# "5.mar.2026" (Folha de S.Paulo's date lines)
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(?P<d>[0-3]?\d)(?:(?:\.|º|°|er|st|nd|rd|th)?\s+(?:de\s+)?|\.)(?P<m>{_MONTH_RE})"
    rf"(?:\.?,?\s+(?:de\s+|del\s+)?|\.)(?P<y>(?:19|20)\d\d)(?!\d)",
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
UPDATED = re.compile(r"\b(actualizad[oa]|atualizad[oa]|updated|modified|mis à jour|modifié|aktualisiert|"
                      r"geändert|letzte änderung|modificad[oa]|aggiornat[oa])\b|更新|수정", re.IGNORECASE)
#: Words that name the publication date on a line, whatever comes before them.
PUBLISHED = re.compile(r"\b(publicad[oa](?:\s+(?:el|em))?|(?:first\s+)?published(?:\s+on)?|publié(?:e)?(?:\s+le)?|"
                        r"veröffentlicht(?:\s+am)?|erschienen(?:\s+am)?|pubblicat[oa](?:\s+il)?)\b", re.IGNORECASE)
#: A print edition's note names the day the paper was printed, not the story's publication:
#: "Appeared in the March 11, 2026, print edition as …" (the Wall Street Journal), "A version of
#: this article appears in print on March 12, 2026, Section A …" (the New York Times): read as
#: the visible date line, it made a stated day look unsure (probe pages).
PRINT_NOTE = re.compile(r"\bappear(?:s|ed)\s+in\s+(?:the\s+)?(?:print\b|.{0,40}\bprint\s+edition)"
                        r"|\bprint\s+edition\b|edici[oó]n\s+impresa|edi[çc][ãa]o\s+impressa|printausgabe"
                        r"|[ée]dition\s+papier", re.IGNORECASE)
#: Every date form read here (long and numeric) has a four-digit year: a line without one is no
#: date line for any reader of ``datelines._lines``, and skipping it spares their five searches.
YEAR = re.compile(r"(?:19|20)\d\d")
#: Short elements only: a date line, not a paragraph that mentions a date.
MAX_DATE_LINE = 120


def text_day(text: str) -> date | None:
    """The long-form date in a string ("March 5, 2026", "5 de marzo de 2026"), or None; 1 January
    counts (a stated value, not a line among others)."""
    return long_date(text, new_year=True)


def published_part(text: str) -> str:
    """The part of a date line that names the first publication: what follows a "published"
    lead-in when it has one, up to an "updated" lead-in ("Actualizado: 9 … · Publicado: 5 …"
    and "Aktualisiert am 6. März 2026 / Erschienen am 5. März 2026" give the 5th; "Updated
    March 6" alone gives nothing)."""
    published = PUBLISHED.search(text)
    if published:
        text = text[published.end():]
    cut = UPDATED.search(text)
    return text[:cut.start()] if cut else text


def long_date(text: str, new_year: bool = False) -> date | None:
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


def _fold(text: str) -> str:
    return text if text.lower() in _MONTH_OF else "".join(
        ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


#: Numeric dates: "05.03.2026" (day first, as everywhere "." separates them), "05/03/2026" and
#: "3/5/2026" (day or month first), "2026-03-05" (ISO) and the year first with "/" or "."
#: ("2026/3/5", "2026.03.05": Japanese, Chinese and Korean pages).
NUMERIC_DATE = re.compile(
    r"(?<![\d.])(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.\s?(?P<y>(?:19|20)\d\d)(?!\d)"
    r"|(?<![\d/-])(?P<a>[0-3]?\d)(?P<sep>[/-])(?P<b>[0-3]?\d)(?P=sep)(?P<y2>(?:19|20)\d\d)(?!\d)"
    r"|(?<!\d)(?P<y3>(?:19|20)\d\d)(?P<sep3>[-/.])(?P<m3>[01]?\d)(?P=sep3)(?P<d3>[0-3]?\d)(?!\.?\d)")


def numeric_days(text: str, day_first: bool = False) -> set[date]:
    """The days the first numeric date of a text may be (see ``numeric_dates``); `day_first`:
    "05/03/2026" is 5 March only."""
    match = NUMERIC_DATE.search(text)
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
    if not YEAR.search(text):
        return None
    found = (p.search(text) for p in (*_LONG_FORMS, NUMERIC_DATE))
    starts = [m.start() for m in found if m]
    return min(starts) if starts else None


def date_only(line: str) -> bool:
    """Whether a line says nothing but a date: a long or numeric date (a four-digit year), maybe
    with its weekday, a time, and a "published"/"updated" lead-in ("Jueves, 5 de marzo de 2026",
    "Publicado: 05/03/2026 - 10:20", "March 5, 2026 10:14 AM UTC"). A line with any other word
    (a byline, a place, a sentence) is not."""
    if not YEAR.search(line) or len(line) > MAX_DATE_LINE:
        return False
    rest = line
    for pattern in (*_LONG_FORMS, NUMERIC_DATE):
        rest, found = pattern.subn(" ", rest)
        if found:
            break
    else:
        return False
    rest = UPDATED.sub(" ", PUBLISHED.sub(" ", _TIME.sub(" ", rest)))
    return all(word.lower() in _DATE_LINE_WORDS for word in re.findall(r"[^\W\d_]+", rest))
