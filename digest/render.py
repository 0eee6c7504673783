"""Rendering a digest as mail clients want it: HTML (table layout, inline CSS) and plain text.

Templates are Jinja2 (``digest/templates``), with autoescaping on for the HTML: every title, lead,
outlet name and URL comes from the web and is untrusted, so it is escaped, never marked safe, and a
link is kept only when it is http(s). The stylesheet is written once in the template's ``<style>``
and moved into ``style`` attributes by **css-inline** (Rust, maintained, no network: remote
stylesheets are off), because most mail clients drop ``<style>``; the dark-mode ``@media`` block is
kept in the head for the clients that honour it. premailer does the same job but had its last
release in 2021 (3.10.0) and parses with lxml and cssutils in Python. Language names come from
Babel's CLDR data (already installed with courlan) rather than a table of our own.
"""
from __future__ import annotations

from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

import css_inline
from babel import Locale, UnknownLocaleError
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from digest.build import Digest

_env = Environment(loader=PackageLoader("digest", "templates"),
                   autoescape=select_autoescape(enabled_extensions=("html.j2",),
                                                default_for_string=True),
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
_inliner = css_inline.CSSInliner(keep_at_rules=True, minify_css=True,
                                  load_remote_stylesheets=False)

TREND = {"up": ("↑", "more than usual"), "down": ("↓", "fewer than usual"),
         "flat": ("→", "as usual"), "new": ("★", "new this week")}


_URL_UNSAFE = str.maketrans({c: f"%{ord(c):02X}" for c in "<>\"' `"})


def safe_url(url: str | None) -> str:
    """`url` when it is http(s), else "#": a javascript: or data: link from the web is dropped.
    Characters a URL may not hold raw (< > quotes, space, backtick) are percent-encoded, so the
    attribute stays inert even after css-inline re-serialises it (HTML5 serialisation escapes
    only & and " in attribute values)."""
    url = (url or "").strip()
    if not url.lower().startswith(("http://", "https://")):
        return "#"
    return url.translate(_URL_UNSAFE)


def coverage(entry) -> str:
    """"Reported by 5 outlets, in English and Spanish"; "" for one outlet in one language."""
    names = []
    for code in entry.languages:
        try:
            names.append(Locale.parse(code).get_language_name("en"))
        except (ValueError, UnknownLocaleError):
            names.append(code)
    if entry.outlet_count < 2 and len(names) < 2:
        return ""
    text = f"Reported by {entry.outlet_count} outlet{'s' if entry.outlet_count != 1 else ''}"
    if len(names) > 1:
        text += ", in " + ", ".join(names[:-1]) + " and " + names[-1]
    return text


def render_digest(digest: Digest) -> tuple[str, str]:
    """(html, text) of the digest; times are shown in the digest's time zone."""
    zone = ZoneInfo(digest.timezone)

    def local(value: datetime | None, full: bool = False) -> str:
        if value is None:
            return ""
        utc = value.astimezone(timezone.utc)
        # another year than the digest's is written out: a tester read "3 Feb 08:00" on a page of
        # the year before, which the outlet had just put in its feed
        year = "" if utc.year == digest.day.year else " %Y"
        if utc.time() == time(0):
            # a page that states only its day is stored at that day's midnight UTC: the day as
            # stated, with no invented time and no shift into the evening before (a tester's
            # New York reader saw "28 Jan 19:00" for a page of 29 January)
            return utc.strftime("%d %b" + year).lstrip("0")
        value = value.astimezone(zone)
        if not full and value.date() == digest.day:
            return value.strftime("%H:%M")
        year = "" if value.year == digest.day.year else " %Y"
        return value.strftime("%d %b" + year + " %H:%M").lstrip("0")

    context = {"d": digest, "local": local, "trend": TREND, "safe_url": safe_url,
               "coverage": coverage,
               "sections": [s for s in digest.sections if s.entries or s.elsewhere],
               "quiet": [s for s in digest.sections if not s.story_count]}
    html = _env.get_template("digest.html.j2").render(**context)
    text = _env.get_template("digest.txt.j2").render(**context)
    return _inliner.inline(html), text
