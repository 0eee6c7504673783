"""The days an article page states in machine-readable form, each read in its own UTC offset:
the JSON-LD article's ``datePublished``, the meta tags of DATE_METAS, ``itemprop``, ``<time
pubdate>`` and the URL's path (``stated_dates``), the stated modification (``modified_stamps``)
and the stated moment (``publication_moment``). Pure functions.

What the page says, not which day to believe: ``pipelines.pubdate.publication_date`` weighs
these stamps against each other and the visible date line. Split out of ``pipelines.pubdate``
to keep each module small; the reading of a value (ISO 8601, RFC 2822, ctime, a long-form date
alone) and of a URL's date folders is one concern, the decision another.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from lxml import etree

from pipelines.dateforms import date_only, text_day
from pipelines.metadata import Structured

__all__ = ["DATE_METAS", "Stamp", "iso_day", "modified_stamps", "plausible", "publication_moment",
           "stated_dates", "url_day", "url_month"]

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
#: A compact date as a whole folder, as Xinhua's and People's Daily's sites write it:
#: ``/health/20260308/3a9f…/c.html``.
_URL_COMPACT_DAY = re.compile(r"/((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/")
#: A year and month folder without a day, WordPress's permalinks: ``/2014/05/slug``.
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(?!\d{1,2}/)")


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


def url_day(url: str | None) -> date | None:
    """A full date in the URL's path (``/2026/03/05/``, ``/2026-03-05-slug``, the Guardian's
    and PolitiFact's ``/2019/nov/18/``, Vox Media's ``/2015/4/6/``, Xinhua's ``/20260308/``), or
    None."""
    path = urlsplit(url or "").path
    return _day_of(_URL_DAY.search(path) or _URL_MONTH_DAY.search(path) or _URL_SHORT_DAY.search(path)
                   or _URL_COMPACT_DAY.search(path))


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
    return [s for s in found if s and plausible(s.day, today)]


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


def plausible(day: date | None, today: date) -> date | None:
    return day if day is not None and MIN_DATE <= day <= today + timedelta(days=1) else None


MODIFIED_METAS = ("article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
                  "last-modified")


def modified_stamps(structured: Structured) -> list[Stamp]:
    return [s for s in (_stamp((structured.article or {}).get("dateModified"), "json-ld"),
                        *(_stamp(structured.meta.get(k), "meta") for k in MODIFIED_METAS)) if s]


_ISO_DAY = re.compile(r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:$|[T\s])")


def iso_day(value) -> date | None:
    return _day_of(_ISO_DAY.match(str(value or "")))
