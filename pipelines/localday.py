"""The outlet's own day of a UTC timestamp, from the country the page belongs to. Pure functions.

A page that states its publication as ``2020-05-02T02:54:29Z`` was published on 1 May in New
York and on 2 May in Berlin. When no other stamp on the page gives its UTC offset, the country
does: the host's country-code domain (``.de``, ``.com.bo``, ``.co.uk``). The country's time zones come from the IANA
database (``pytz.country_timezones``, ``zoneinfo``); when every zone of the country puts the
moment on the same day, that is the outlet's day, otherwise it stays unknown.

The region of the page's language tag (``<html lang="en-US">``) was tried as a second source: on
htmldate's and trafilatura's evaluation pages it gave no right day more and one fewer (WordPress
writes ``en-US`` on sites anywhere), so it is not used.
"""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytz

__all__ = ["ZONE_ABBREVIATIONS", "country_of", "local_day", "zone_days", "zone_named"]

#: Country-code domains used as generic names ("startup.io", "news.co"): they say nothing of
#: where the outlet is.
VANITY_TLDS = frozenset("io co tv me fm ai ws cc to gg la sh so ly am st vc nu tk ml ga cf gq".split())
#: Domains whose code is not the ISO 3166 one.
TLD_COUNTRY = {"uk": "GB"}


def country_of(url: str | None) -> str | None:
    """The ISO 3166 code of the page's country (``"DE"``) by the host's country-code domain,
    or None (``.com``, ``.io``)."""
    host = (urlsplit(url or "").hostname or "").rstrip(".")
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(tld) == 2 and tld.isalpha() and tld not in VANITY_TLDS:
        code = TLD_COUNTRY.get(tld, tld.upper())
        if code in pytz.country_timezones:
            return code
    return None


@lru_cache(maxsize=256)
def _zones(country: str) -> tuple[ZoneInfo, ...]:
    zones = []
    for name in pytz.country_timezones.get(country, ()):
        try:
            zones.append(ZoneInfo(name))
        except ZoneInfoNotFoundError:
            continue
    return tuple(zones)


#: Time zones as news pages abbreviate them beside a time ("10:40 PM EST"), the IANA zone each
#: stands for. Only abbreviations with one common meaning: IST (India, Ireland, Israel) is left
#: out; CST is the US Central zone, as American outlets write it. A page that writes "EST" in
#: summer still means New York's clock. Written here, not taken from a library: dateutil and pytz
#: hold no table of abbreviations (they are not unique, which is why), zoneinfo none either.
ZONE_ABBREVIATIONS = {
    **dict.fromkeys(("ET", "EST", "EDT"), "America/New_York"),
    **dict.fromkeys(("CT", "CST", "CDT"), "America/Chicago"),
    **dict.fromkeys(("MT", "MST", "MDT"), "America/Denver"),
    **dict.fromkeys(("PT", "PST", "PDT"), "America/Los_Angeles"),
    **dict.fromkeys(("AKST", "AKDT"), "America/Anchorage"),
    "HST": "Pacific/Honolulu",
    **dict.fromkeys(("GMT", "UTC"), "UTC"), "BST": "Europe/London",
    **dict.fromkeys(("CET", "CEST", "MEZ", "MESZ"), "Europe/Berlin"),
    **dict.fromkeys(("EET", "EEST"), "Europe/Athens"),
    **dict.fromkeys(("WET", "WEST"), "Europe/Lisbon"),
    "MSK": "Europe/Moscow", "JST": "Asia/Tokyo", "KST": "Asia/Seoul", "HKT": "Asia/Hong_Kong",
    "SGT": "Asia/Singapore", **dict.fromkeys(("AEST", "AEDT"), "Australia/Sydney"),
    "ART": "America/Argentina/Buenos_Aires", "BRT": "America/Sao_Paulo",
}


def zone_named(abbreviation: str) -> ZoneInfo | None:
    """The IANA zone of a time zone's abbreviation (``ZONE_ABBREVIATIONS``: ``"EST"`` →
    America/New_York), or None for one not in the table."""
    name = ZONE_ABBREVIATIONS.get(abbreviation)
    try:   # ZoneInfo keeps each zone it built: no cache of our own
        return ZoneInfo(name) if name else None
    except ZoneInfoNotFoundError:
        return None


def local_day(at: datetime, country: str | None) -> date | None:
    """The day of the aware datetime ``at`` in every time zone of ``country``, or None when
    the zones disagree (the United States at 06:00 UTC) or the country is unknown."""
    days = zone_days(at, country)
    return next(iter(days)) if len(days) == 1 else None


def zone_days(at: datetime, country: str | None) -> frozenset[date]:
    """The days the aware datetime ``at`` falls on across the time zones of ``country`` (one
    or two); empty when the country is unknown."""
    zones = _zones(country) if country else ()
    return frozenset(at.astimezone(zone).date() for zone in zones)
