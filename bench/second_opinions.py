"""Second opinions on titles, authors and days: other extractors' test pages, scored against
those extractors' own output. Their labels are another tool's answers, not a truth: a difference is
a page to read, and only a fault the page itself proves is a fault (``bench/metadata.py`` runs them:
``--readability``, ``--postlight``, ``--metascraper``)."""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from metadata_scores import GOLD_SPLIT, name_key, set_f1, token_f1, tokens
from pipelines.extraction import decode_html


def readability_figures(folder: Path, method, verbose: bool = False) -> dict:
    """Mozilla Readability's test pages (``test/test-pages`` of github.com/mozilla/readability,
    Apache-2.0; 130 pages, ``expected-metadata.json`` beside each ``source.html``): title token
    F1 against its title (which keeps some site names), the day against its ``publishedTime``
    (right / wrong / null over the pages that have one), and the pages read as listings. Its
    labels are Readability's own output, so they are a second opinion for finding faults, not a
    truth to tune on; they are extracted without a URL, as Readability reads them."""
    titles, days, listings = [], Counter(), []
    for page in sorted(p for p in folder.iterdir() if (p / "source.html").exists()):
        want = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        raw = (page / "source.html").read_bytes()
        got = method(decode_html(raw), None)
        if got.get("not_article"):
            listings.append(page.name)
        titles.append(token_f1(tokens(want.get("title")), tokens(got.get("title"))))
        if want.get("publishedTime"):
            day, date = want["publishedTime"][:10], (got.get("date") or "")[:10] or None
            days["null" if date is None else "right" if date == day else "wrong"] += 1
            if verbose and date is not None and date != day:
                print(f"  date {page.name}: {date} != {day}")
    return {"title_f1": round(sum(titles) / len(titles), 4), "title_pages": len(titles),
            "dates": {k: days[k] for k in ("right", "wrong", "null")}, "listings": listings}


#: A JavaScript string literal in single, double or back quotes.
_JS_STRING = r"""(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`((?:[^`\\]|\\.)*)`)"""


def _js_value(match: re.Match) -> str:
    value = next(g for g in match.groups()[:3] if g is not None)
    return re.sub(r"\\(.)", r"\1", value)


def load_postlight(folder: Path) -> list[dict]:
    """The first test case of each of the Mercury parser's per-site extractors: ``{"host", "url",
    "file", "title", "author", "date_published", "first13"}`` (a field the test does not check is
    absent; one it expects to be null is None). Read from the JavaScript tests by regex: each
    states ``url = '…'``, ``readFileSync('./fixtures/….html')`` and ``assert.equal(field, '…')``."""
    rows = []
    for test in sorted(folder.glob("src/extractors/custom/*/index.test.js")):
        js = test.read_text(encoding="utf-8")
        url = re.search(r"\burl\s*=\s*" + _JS_STRING, js)
        page = re.search(r"readFileSync\(\s*'\./fixtures/([^']+)'", js)
        if not (url and page and (folder / "fixtures" / page.group(1)).is_file()):
            continue
        row = {"host": test.parent.name, "url": _js_value(url), "file": folder / "fixtures" / page.group(1)}
        for field in ("title", "author", "date_published", "first13"):
            found = re.search(r"assert\.(?:equal|strictEqual)\(\s*" + field + r"\s*,\s*" + _JS_STRING + r"\s*\)", js)
            if found:
                row[field] = _js_value(found)
            elif re.search(r"assert\.(?:equal|strictEqual)\(\s*" + field + r"\s*,\s*null\s*\)", js):
                row[field] = None
        rows.append(row)
    return rows


def _postlight_page(path: Path) -> str:
    """The page with ``value`` read back as ``content`` on meta tags that lack one."""
    return re.sub(r"<meta\b[^>]*>", lambda m: m.group(0) if re.search(r"\scontent=", m.group(0))
                  else re.sub(r"\svalue=", " content=", m.group(0), count=1),
                  decode_html(path.read_bytes()), flags=re.IGNORECASE)


def postlight_figures(folder: Path, method, verbose: bool = False) -> dict:
    """Titles (token F1), authors (F1 over whole names, Mercury's one string split as
    ``GOLD_SPLIT`` does; a null author expects none), days and first words on the Mercury
    parser's test pages (``load_postlight``). Its ``date_published`` is a UTC moment, so a day
    is ``right`` when it is that moment's UTC day, ``zone`` when it is the day before or after
    (the outlet's local day may be either), else ``wrong``. ``first_words``: the share of pages
    whose text holds the first five of its first words (Mercury keeps captions and datelines
    newsmon drops, so it is a check, not a score). Mercury's labels are its own site-specific
    extractors' output: a second opinion to find faults with, not a truth to tune on.

    The fixtures were saved by Mercury's cheerio after its own preparation: scripts (JSON-LD)
    are gone and most ``<meta content=…>`` became ``<meta value=…>``; the meta tags are given
    their ``content`` back (``_postlight_page``), so the set stands for pages without JSON-LD."""
    titles, authors, days, firsts, listings = [], [], Counter(), [], []
    for want in load_postlight(folder):
        got = method(_postlight_page(want["file"]), want["url"])
        if got.get("not_article"):
            listings.append(want["host"])
        if want.get("title"):
            titles.append(token_f1(tokens(want["title"]), tokens(got.get("title"))))
            if verbose and titles[-1] < 1:
                print(f"  title {want['host']}: {got.get('title')!r} != {want['title']!r}")
        if "author" in want:
            names = [n.strip() for n in GOLD_SPLIT.split(want["author"] or "") if n.strip()]
            mine = got.get("authors") or []
            authors.append(set_f1({name_key(n) for n in names}, {name_key(n) for n in mine}))
            if verbose and authors[-1] < 1:
                print(f"  author {want['host']}: {mine} != {names}")
        if want.get("date_published"):
            moment = want["date_published"][:10]
            day = (got.get("date") or "")[:10] or None
            near = {str(date.fromisoformat(moment) + timedelta(days=d)) for d in (-1, 1)}
            verdict = "null" if day is None else "right" if day == moment else "zone" if day in near else "wrong"
            days[verdict] += 1
            if verbose and verdict in ("wrong", "zone", "null"):
                print(f"  date {verdict} {want['host']}: {day} ({got.get('date_source')}) != {want['date_published']}")
        if want.get("first13"):
            words = tokens(want["first13"])[:5]
            firsts.append(" ".join(words) in " ".join(tokens(got.get("text"))))
    return {"title_f1": round(sum(titles) / len(titles), 4), "title_pages": len(titles),
            "author_name_f1": round(sum(authors) / len(authors), 4), "author_pages": len(authors),
            "dates": {k: days[k] for k in ("right", "zone", "wrong", "null")},
            "first_words": round(sum(firsts) / max(1, len(firsts)), 4), "listings": listings}


#: A field of an AVA snapshot report (``snapshots/index.js.md``): ``      author: 'Will Smale',``.
_SNAPSHOT_FIELD = re.compile(r"^\s+(author|date|title|lang):\s*(?:null|" + _JS_STRING + r"),?\s*$", re.MULTILINE)


def _literal(groups: tuple) -> str | None:
    """The value of a matched ``null`` or JavaScript string literal (its three quote groups)."""
    value = next((g for g in groups if g is not None), None)
    return None if value is None else re.sub(r"\\(.)", r"\1", value)


def load_metascraper(folder: Path) -> list[dict]:
    """The pages of metascraper's integration tests (``packages/metascraper/test/integration/<site>``
    of github.com/microlinkhq/metascraper, MIT): ``{"name", "url", "file", "title", "author",
    "date", "lang"}`` for each test, from its ``index.js`` (the URL and the page it reads) and its
    AVA snapshot report (``snapshots/index.js.md``, one ``## <test name>`` section each) or, where
    a test asserts fields one by one, its ``t.is(metadata.<field>, '…')`` lines. A field absent
    from both is absent; one shown as ``null`` is None."""
    rows = []
    for test in sorted(folder.glob("*/index.js")):
        js = test.read_text(encoding="utf-8")
        report = test.parent / "snapshots" / "index.js.md"
        sections = re.split(r"^## ", report.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:] if report.exists() else []
        snapshots = {s.split("\n", 1)[0].strip(): s for s in sections}
        top_url = re.search(r"^const url\s*=\s*" + _JS_STRING, js, re.MULTILINE)
        for block in re.split(r"^test\(", js, flags=re.MULTILINE)[1:]:
            name = re.match(r"\s*" + _JS_STRING, block)
            url = re.search(r"\burl\s*=\s*" + _JS_STRING, block) or top_url
            page = re.search(r"readFile(?:Sync)?\(\s*resolve\(__dirname,\s*" + _JS_STRING, block)
            if not (name and url and page) or not (test.parent / _js_value(page)).is_file():
                continue
            row = {"name": _js_value(name), "url": _js_value(url), "file": test.parent / _js_value(page)}
            snapshot = snapshots.get(row["name"], "")
            for found in _SNAPSHOT_FIELD.finditer(snapshot):
                row[found.group(1)] = _literal(found.groups()[1:])
            for field in ("author", "date", "title", "lang"):
                found = re.search(r"t\.is\(\s*metadata\." + field + r"\s*,\s*(?:null|" + _JS_STRING + r")\s*\)", block)
                if found and field not in row:
                    row[field] = _literal(found.groups())
            rows.append(row)
    return rows


def metascraper_figures(folder: Path, method, verbose: bool = False) -> dict:
    """Titles (token F1), authors (F1 over whole names, metascraper's one string split as
    ``GOLD_SPLIT`` does; a null author expects none) and days (``right`` / ``zone``: the day
    before or after its UTC moment / ``wrong`` / ``null``) on metascraper's integration pages
    (``load_metascraper``: 83 pages, tech and business news, blogs and a few social pages of
    2015-2025), each extracted with its URL; ``listings`` names the pages read as not an
    article. metascraper reads meta tags and JSON-LD first, so its labels often keep a site's
    name in the title or give a desk or the outlet as the author: a second opinion."""
    titles, authors, days, listings = [], [], Counter(), []
    for want in load_metascraper(folder):
        got = method(decode_html(want["file"].read_bytes()), want["url"])
        if got.get("not_article"):
            listings.append(want["name"])
        if want.get("title"):
            titles.append(token_f1(tokens(want["title"]), tokens(got.get("title"))))
            if verbose and titles[-1] < 1:
                print(f"  title {want['name']}: {got.get('title')!r} != {want['title']!r}")
        if "author" in want:
            names = [n.strip() for n in GOLD_SPLIT.split(want["author"] or "") if n.strip()]
            mine = got.get("authors") or []
            authors.append(set_f1({name_key(n) for n in names}, {name_key(n) for n in mine}))
            if verbose and authors[-1] < 1:
                print(f"  author {want['name']}: {mine} != {names}")
        if want.get("date"):
            moment = want["date"][:10]
            day = (got.get("date") or "")[:10] or None
            near = {str(date.fromisoformat(moment) + timedelta(days=d)) for d in (-1, 1)}
            verdict = "null" if day is None else "right" if day == moment else "zone" if day in near else "wrong"
            days[verdict] += 1
            if verbose and verdict != "right":
                print(f"  date {verdict} {want['name']}: {day} ({got.get('date_source')}) != {want['date']}")
    return {"title_f1": round(sum(titles) / len(titles), 4), "title_pages": len(titles),
            "author_name_f1": round(sum(authors) / len(authors), 4), "author_pages": len(authors),
            "dates": {k: days[k] for k in ("right", "zone", "wrong", "null")}, "listings": listings}
