"""Benchmark the metadata of extraction: publication date, authors and title, against bare trafilatura.

Usage (from the repository root):

    .venv/bin/python bench/metadata.py --htmldate HTMLDATE_TESTS --newspaper NEWSPAPER4K_DATA \
        --trafilatura TRAFILATURA_TESTS

HTMLDATE_TESTS is the ``tests`` folder of github.com/adbar/htmldate (Apache-2.0): ``eval/`` and
``test_set/`` pages with ``eval_default.json`` / ``eval_mediacloud_2020.json`` (``{url: {"file",
"date"}}``), 945 pages with a known publication day. NEWSPAPER4K_DATA is ``tests/data`` of
github.com/AndyTheFactory/newspaper4k (MIT): ``html/<name>.html``; its expected metadata is the
library's own output (authors wrong on several pages), so the truth scored here is
``bench/data/newspaper4k-metadata-truth.json``, annotated by hand; each page is extracted with
its URL (``metadata/<name>.json``), as the crawl always has it. Neither set is copied into
this repository: fetch them and point the options at them. TRAFILATURA_TESTS is the ``tests``
folder of github.com/adbar/trafilatura (Apache-2.0): ``evaldata.json`` (``{url: {"file", "author",
"title", "date", ...}}``) with its pages in ``cache/`` and ``eval/``: 990 pages, 538 with an
expected author, 845 with a title, 728 with a date (mostly blogs and news in German, English and
French; trafilatura's own annotations, so bare trafilatura has a home advantage there). Five of
its date labels that the page itself proves wrong (month and day swapped, wrong year, the update
beside a shown first day, a day the page shows nowhere) are corrected by
``bench/data/trafilatura-label-fixes.json``, each with its evidence; ``--raw-labels`` scores the
labels as published. Five author labels are corrected there too (a photographer, a person
quoted, a misspelling, a place, an incomplete list); ``--names-only`` (off by default) further
reads 20 author labels of NewsArticle pages that name desks, agencies, outlets or places as
the goal's names-only lists (``bench/data/trafilatura-author-names.json``).

Figures:
- dates: share of pages right to the day, wrong, and null (null is better than wrong). The
  htmldate pages are split in two by a hash of the URL ("dev" and "held-out"); rules were tuned
  on the dev half only, so the held-out half shows whether they generalise.
- authors: per page, F1 of the lower-cased name tokens against the truth (an empty truth and an
  empty answer score 1; one empty and the other not score 0), averaged over annotated pages.
- titles: per page, token F1 against the best-matching accepted title, averaged.
- trafilatura's pages: ``author_f1`` as above (lower-cased name *tokens*), ``author_name_f1``
  over whole names (lower-cased, punctuation and spaces squashed: "Dana A. Ford" = "dana a ford"),
  ``author_exact`` the share of pages whose list of names equals the truth (the truth split
  into names on ; , / & and "and"/"und"/"y"/"et": the goal is a list); titles as above;
  dates right/wrong/null as for htmldate's pages. Only pages with an expected author count
  for authors, and so on; dev / held-out halves by the same URL hash; ``news``: the pages whose
  JSON-LD calls them a NewsArticle (or a subtype), the kind of page newsmon reads.

READABILITY (``--readability``) is ``test/test-pages`` of github.com/mozilla/readability
(Apache-2.0): a second opinion on titles, days and listings (``readability_figures``).
POSTLIGHT (``--postlight``) is the root of github.com/postlight/parser (MIT / Apache-2.0): the
Mercury parser's per-site extractors, ``src/extractors/custom/<host>/index.test.js``, with the
title, author, ``date_published`` and first words each expects of its page in ``fixtures/``
(139 pages, mostly US news and magazines 2016-2019, some Japanese): a second opinion on titles,
authors, days and first words (``postlight_figures``).

Rows: ``trafilatura`` is ``bare_extraction`` with newsmon's settings and metadata on (what newsmon gave before
its own metadata rules), ``newsmon`` is ``extract_article``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import trafilatura  # noqa: E402

from metadata_scores import GOLD_SPLIT, name_key, set_f1, token_f1, tokens  # noqa: E402

from pipelines.extraction import EXTRACTION_SETTINGS, decode_html, extract_article, load_html  # noqa: E402
from pipelines.metadata import as_list, read_structured  # noqa: E402
from second_opinions import metascraper_figures, postlight_figures, readability_figures  # noqa: E402

TRUTH = REPO / "bench" / "data" / "newspaper4k-metadata-truth.json"
#: Hand-checked corrections of trafilatura's labels where the page itself proves one wrong
#: (each with its evidence); ``--raw-labels`` scores the labels as published.
LABEL_FIXES = REPO / "bench" / "data" / "trafilatura-label-fixes.json"
#: ``--names-only``: author labels that name desks, agencies, outlets or places, as the goal's
#: definition of an author list would have them (NewsArticle pages only; off by default).
NAMES_ONLY = REPO / "bench" / "data" / "trafilatura-author-names.json"


def trafilatura_row(html: str, url: str | None) -> dict:
    doc = trafilatura.bare_extraction(html, url=url, **{**EXTRACTION_SETTINGS, "with_metadata": True})
    if doc is None:
        return {}
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {"date": doc.date, "authors": authors, "title": doc.title, "text": doc.text}


def newsmon_row(html: str, url: str | None) -> dict:
    out = extract_article(html, url) or {}
    return {"date": out.get("date"), "authors": out.get("authors") or [], "title": out.get("title"),
            "text": out.get("text"), "date_source": out.get("date_source"), "not_article": out.get("not_article")}


METHODS = {"trafilatura": trafilatura_row, "newsmon": newsmon_row}


def half(url: str) -> str:
    return "dev" if hashlib.sha1(url.encode()).digest()[0] % 2 == 0 else "held-out"


def load_htmldate(folder: Path) -> list[tuple[str, str, str, str]]:
    """(split, url, html, day) for each evaluation page present."""
    pages = []
    for name, sub in (("eval_default.json", "eval"), ("eval_mediacloud_2020.json", "test_set")):
        path = folder / name
        if not path.exists():
            continue
        for url, item in json.loads(path.read_text(encoding="utf-8")).items():
            page = folder / sub / item["file"]
            if page.exists() and isinstance(item.get("date"), str):
                pages.append((half(url), url, decode_html(page.read_bytes()), item["date"][:10]))
    return pages


def date_figures(pages, method, verbose: bool = False) -> dict[str, dict]:
    out: dict[str, Counter] = {}
    sources: Counter = Counter()
    for split, url, html, day in pages:
        got = method(html, url)
        date = (got.get("date") or "")[:10] or None
        verdict = "null" if date is None else ("right" if date == day else "wrong")
        for key in (split, "all"):
            out.setdefault(key, Counter())[verdict] += 1
        sources[(got.get("date_source"), verdict)] += 1
        if verbose and verdict == "wrong":
            print(f"  date {split} {url}: {date} ({got.get('date_source')}) != {day}")
    result = {k: {v: round(c[v] / sum(c.values()), 4) for v in ("right", "wrong", "null")} | {"pages": sum(c.values())}
              for k, c in out.items()}
    result["by_source"] = {f"{s}/{v}": n for (s, v), n in sorted(sources.items(), key=str)}
    return result


def newspaper_figures(folder: Path, method, verbose: bool = False) -> dict:
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    authors, titles, dates = [], [], Counter()
    for name, want in truth.items():
        page = folder / "html" / f"{name}.html"
        if name.startswith("_") or not page.exists():
            continue
        # The page's URL, as the crawl always has it (newspaper4k's metadata/<name>.json holds it).
        meta = folder / "metadata" / f"{name}.json"
        url = json.loads(meta.read_text(encoding="utf-8")).get("url") if meta.exists() else None
        got = method(decode_html(page.read_bytes()), url)
        if "authors" in want:
            want_tokens = tokens(" ".join(want["authors"]))
            authors.append(token_f1(want_tokens, tokens(" ".join(got.get("authors") or []))))
            if verbose and authors[-1] < 1:
                print(f"  author {name}: {got.get('authors')} != {want['authors']}")
        titles.append(max(token_f1(tokens(t), tokens(got.get("title"))) for t in want["title"]))
        if verbose and titles[-1] < 1:
            print(f"  title {name}: {got.get('title')!r}")
        if "date" in want:
            date = (got.get("date") or "")[:10] or None
            dates["null" if date is None else "right" if date == want["date"] else "wrong"] += 1
            if verbose and date != want["date"]:
                print(f"  date {name}: {date} != {want['date']}")
    return {"author_f1": round(sum(authors) / len(authors), 4), "author_pages": len(authors),
            "title_f1": round(sum(titles) / len(titles), 4), "title_pages": len(titles),
            "dates": dict(dates)}


def is_news(html: str) -> bool:
    """Whether the page's JSON-LD says it is a news article (NewsArticle or a subtype)."""
    tree = load_html(html)
    article = read_structured(tree).article if tree is not None else None
    return any("newsarticle" in str(t).lower() for t in as_list((article or {}).get("@type")))


def trafilatura_figures(folder: Path, method, verbose: str | None = None, raw_labels: bool = False,
                        names_only: bool = False) -> dict:
    """Authors, titles and dates on trafilatura's evaluation pages (see the module's docstring).

    ``verbose``: a split name ("all", "dev", "held-out", "news") whose misses are printed, tagged
    with the page's splits."""
    data = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    for path in ([] if raw_labels else [LABEL_FIXES]) + ([NAMES_ONLY] if names_only else []):
        for url, fix in json.loads(path.read_text(encoding="utf-8")).items():
            if url in data and data[url].get(fix.get("field")) == fix.get("label"):
                # an author corrected to none still counts: [] is then the right answer
                data[url] = {**data[url], fix["field"]: fix["value"], "_fixed": fix["field"]}
    scores: dict[str, dict[str, list]] = {}
    for url, want in sorted(data.items()):
        if not any(want.get(k) for k in ("author", "title", "date")):
            continue
        page = next((folder / sub / want["file"] for sub in ("cache", "eval")
                     if (folder / sub / want["file"]).is_file()), None)
        if page is None:
            continue
        html = decode_html(page.read_bytes())
        got = method(html, url)
        splits = [half(url), "all"] + (["news"] if is_news(html) else [])
        tag = " ".join(k for k in splits if k != "all")
        rows = [scores.setdefault(k, {}) for k in splits]
        if want.get("author") or want.get("_fixed") == "author":
            names = want["author"] if isinstance(want["author"], list) else [want["author"]]
            names = [n.strip() for name in names for n in GOLD_SPLIT.split(name) if n.strip()]
            mine = got.get("authors") or []
            tok = token_f1(tokens(" ".join(names)), tokens(" ".join(mine)))
            whole = set_f1({name_key(n) for n in names}, {name_key(n) for n in mine})
            exact = [name_key(n) for n in names] == [name_key(n) for n in mine]
            for row in rows:
                row.setdefault("author_f1", []).append(tok)
                row.setdefault("author_name_f1", []).append(whole)
                row.setdefault("author_exact", []).append(exact)
            if verbose and whole < 1 and verbose in splits:
                print(f"  author {tag} {url}: {mine} != {names}")
        if want.get("title"):
            f1 = token_f1(tokens(want["title"]), tokens(got.get("title")))
            for row in rows:
                row.setdefault("title_f1", []).append(f1)
            if verbose and f1 < 1 and verbose in splits:
                print(f"  title {tag} {url}: {got.get('title')!r} != {want['title']!r}")
        if isinstance(want.get("date"), str) and re.match(r"\d{4}-\d\d-\d\d", want["date"]):
            date = (got.get("date") or "")[:10] or None
            verdict = "null" if date is None else ("right" if date == want["date"][:10] else "wrong")
            for row in rows:
                row.setdefault("dates", []).append(verdict)
            if verbose and verdict != "right" and verbose in splits:
                print(f"  date {tag} {url}: {date} ({got.get('date_source')}) != {want['date'][:10]}")
    out = {}
    for split, row in scores.items():
        figures = {k: round(sum(v) / len(v), 4) for k, v in row.items() if k != "dates"}
        figures["author_pages"] = len(row.get("author_f1", []))
        figures["title_pages"] = len(row.get("title_f1", []))
        verdicts = Counter(row.get("dates", []))
        total = sum(verdicts.values()) or 1
        figures["dates"] = {v: round(verdicts[v] / total, 4) for v in ("right", "wrong", "null")}
        figures["date_pages"] = sum(verdicts.values())
        out[split] = figures
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--htmldate", type=Path, help="htmldate's tests folder")
    parser.add_argument("--newspaper", type=Path, help="newspaper4k's tests/data folder")
    parser.add_argument("--trafilatura", type=Path, help="trafilatura's tests folder")
    parser.add_argument("--readability", type=Path, help="Mozilla Readability's test/test-pages folder")
    parser.add_argument("--postlight", type=Path, help="the root of the Mercury parser's repository (postlight/parser)")
    parser.add_argument("--metascraper", type=Path,
                        help="metascraper's packages/metascraper/test/integration folder (microlinkhq/metascraper)")
    parser.add_argument("--method", choices=list(METHODS), action="append")
    parser.add_argument("-v", "--verbose", action="store_const", const="all", help="print each miss")
    parser.add_argument("--misses", dest="verbose", choices=["all", "dev", "held-out", "news"],
                        help="print the misses of one split of trafilatura's pages only (and every other miss)")
    parser.add_argument("--raw-labels", action="store_true",
                        help="score trafilatura's labels as published, without bench/data/trafilatura-label-fixes.json")
    parser.add_argument("--names-only", action="store_true",
                        help="authors of trafilatura's pages as names only (bench/data/trafilatura-author-names.json)")
    args = parser.parse_args(argv)
    pages = load_htmldate(args.htmldate) if args.htmldate else []
    for name in args.method or list(METHODS):
        method = METHODS[name]
        if args.newspaper:
            print(name, "newspaper4k pages:", json.dumps(newspaper_figures(args.newspaper, method, args.verbose)),
                  flush=True)
        if args.trafilatura:
            print(name, "trafilatura pages:", json.dumps(trafilatura_figures(args.trafilatura, method, args.verbose, args.raw_labels,
                                                     args.names_only)),
                  flush=True)
        if args.readability:
            figures = readability_figures(args.readability, method, args.verbose)
            print(name, "Readability pages:", json.dumps(figures), flush=True)
        if args.postlight:
            figures = postlight_figures(args.postlight, method, args.verbose)
            print(name, "Mercury parser pages:", json.dumps(figures), flush=True)
        if args.metascraper:
            figures = metascraper_figures(args.metascraper, method, args.verbose)
            print(name, "metascraper pages:", json.dumps(figures), flush=True)
        if pages:
            print(name, "htmldate pages, dates:", json.dumps(date_figures(pages, method, args.verbose)), flush=True)


if __name__ == "__main__":
    import logging
    logging.basicConfig(level=logging.CRITICAL)
    main()
