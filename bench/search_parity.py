"""Search-language parity: the same query on SQLite and PostgreSQL over the same crawl.

Generates ~590 queries (deterministically, seed 7) of every kind the search language has
(words of every script, hyphens, dots, numbers, stems, phrases, OR, NOT, prefixes, brackets and
the filters) from the texts stored in the SQLite database, runs each through
``storage.search.search_articles`` on both engines (as ``newsmon search --limit 1000`` does)
and compares the sets of URLs returned. Prints a table by kind (same / set_differs /
top_differs: the same set, another first hit) and each query whose set differs; writes
``--out`` (JSON). Written by a helper of the fifteenth session; 147 of 588 queries differed at
the session's start, 92 at its end (README, "The search language").

Both databases must hold one crawl of the same outlets, e.g. of the farm:

    python ../shared/tools/farm.py --pages ../shared/corpus/article-extraction-benchmark \
        --outlets 6 --per-outlet 30 --rounds 1 --seed 5 --no-faults --port 44691
    (outlets file: ../shared/acceptance/lib/farmcfg.py on its manifest, download_delay: 0)
    newsmon crawl --outlets OUTLETS --db sqlite:///s.db
    createdb parity && newsmon crawl --outlets OUTLETS --db postgresql+psycopg://postgres@127.0.0.1/parity
    python bench/search_parity.py --sqlite s.db --pg postgresql+psycopg://postgres@127.0.0.1/parity
"""
import argparse
import collections
import json
import random
import re
import sqlite3
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from newsmon.cli.output import open_db  # noqa: E402
from storage.search import search_articles  # noqa: E402
from storage.stems import fold, stem_tokens, tokens  # noqa: E402

_args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
_args.add_argument("--sqlite", required=True, help="the SQLite database file")
_args.add_argument("--pg", required=True, help="the PostgreSQL database URL")
_args.add_argument("--out", default="search-parity.json")
ARGS = _args.parse_args()
SQLITE = f"sqlite:///{Path(ARGS.sqlite).resolve()}"
PG = ARGS.pg

rng = random.Random(7)

rows = sqlite3.connect(str(Path(ARGS.sqlite).resolve())).execute(
    "select id, url, outlet_id, language, title, text from articles order by id").fetchall()
docs = [(r[1], r[2], r[3], (r[4] or "") + "\n" + r[5]) for r in rows]
all_text = "\n".join(d[3] for d in docs)

# document frequency of raw "space words" (as typed) and of folded tokens
raw_words = collections.Counter()
tok_df = collections.Counter()
for _, _, lang, t in docs:
    raw_words.update(set(w.strip('.,;:!?()[]"“”«»') for w in t.split()))
    tok_df.update(set(fold(x) for x in tokens(t)))

Q = []   # (kind, query, filters)


def add(kind, q, **f):
    if q and (kind, q, tuple(sorted(f.items()))) not in {(k, x, tuple(sorted(ff.items()))) for k, x, ff in Q}:
        Q.append((kind, q, f))


def pick(seq, n):
    seq = sorted(dict.fromkeys(seq))   # sorted: no dependence on set order (hash seed)
    return rng.sample(seq, min(n, len(seq)))


def found(pat, n, flags=0):
    return pick([m for m in re.findall(pat, all_text, flags)], n)


plain = sorted(w for w in raw_words if re.fullmatch(r"[a-z]{3,}", w))
for w in sorted(plain, key=lambda w: -raw_words[w])[:15]:
    add("word_common", w)
for w in pick([w for w in plain if raw_words[w] == 1 and len(w) > 6], 15):
    add("word_rare", w)
for w in found(r"\b[A-Z][a-z]{3,}\b", 8) + found(r"\b[A-Z]{2,6}\b", 8):
    add("word_capitals", w)
for w in found(r"\b\w*[éèêëáàâäíìîïóòôöúùûüçñãõ]\w*\b", 20):
    add("word_accent", w)
for w in ["sautéed", "sauteed", "für", "fur", "über", "uber", "Eugênio", "eugenio", "você", "voce"]:
    add("word_accent", w)
for w in ["Maß", "mass", "Bergstraße", "bergstrasse", "größter", "grosster", "ausschließlich",
          "ausschliesslich", "strasse", "straße"]:
    add("word_special_latin", w)
for w in found(r"\b\w+['’]\w+\b", 12) + ["O'Reilly", "O’Reilly", "Ford's", "it's", "don’t"]:
    add("word_apostrophe", w)
for w in found(r"\b[A-Za-z]+-[A-Za-z]+\b", 12) + found(r"\b[A-Za-z]+-\d+\b", 10):
    add("word_hyphen", w)
for w in ["Wi-Fi", "USB-C", "e-tron", "year-old", "IL-25", "GLP-1", "mid-2019", "BT-7274", "RS-25"]:
    add("word_hyphen", w)
for w in ["U.S.", "U.S", "p.m.", "a.m.", "z.B.", "U.K.", "N.Y.", "U.N.", "i.e.", "D.C.", "e.g."]:
    add("word_dotted", w)
for w in pick([w for w in raw_words if re.fullmatch(r"\d{1,4}", w)], 10) + ["2019", "000", "1", "12", "49", "7274", "25", "19"]:
    add("word_number", w)
for w in found(r"\b\d+\.\d+\b", 12) + ["0.06%", "45.000", "11.99"]:
    add("word_decimal", w)
for w in found(r"\b\d+-\d+\b", 10) + ["6-4", "7-6", "787-9", "24-48"]:
    add("word_score", w)
for w in ["4", "6", "48", "9"]:   # second halves of scores on their own
    add("word_number", w)
nonlatin = found(r"[\u0400-\u04ff]+", 8) + found(r"\w*[йЙёЁ]\w*", 8) + found(r"[\uac00-\ud7a3]+", 8) \
    + found(r"[\u3040-\u30ff]+", 4) + found(r"[\u4e00-\u9fff]+", 4)
for w in nonlatin + ["последней", "Эксклюзивный", "каждый", "있다", "사진", "商品", "商標権侵害"]:
    add("word_nonlatin", w)
for w in ["があります", "例えば", "ではなぜ", "脱獄すれば", "ガ", "カ", "яйца", "яица", "ёлка", "черный", "черныи", "сотеинике"]:
    add("word_nonlatin", w)
for w in ["USEF", "GHz", "3GHz", '"1 1"', "Performance", "Romania"]:
    add("word_misc", w)
for w in ["½", "24/7", "5:45", "$449,000", "50th", "Director_Oh", "pillgoo9@gmail.com",
          "twitter.com", "https://goo.gl/FDS4xU", "2018.04.05", "01.01.2019", "#Browns", "+49", "-1 tennis"]:
    add("word_misc", w)

# stemming: a different surface form of a word that the texts hold
forms = collections.defaultdict(set)
for w in plain:
    forms[stem_tokens([w], "en")[0]].add(w)
groups = [sorted(v) for v in forms.values() if len(v) >= 2]
for g in pick([tuple(g) for g in groups], 25):
    add("stemming", rng.choice(g))
for w in ["international", "organic", "organization", "evening", "added", "university", "universal",
          "emergency", "biologist", "considerable", "refugee", "sense", "environmental", "meaningful",
          "commissioner", "tense", "willingness"]:   # stem_pg(w) differs, or is another stored word
    add("stemming_engine", w)
for w in ['"evening"', '"organic"', '"international"', 'evening -even', 'organic NOT organ']:
    add("stemming_engine", w)
for w in ["tariff", "tariffs", "running", "studies", "study", "happy", "companies", "countries",
          "libraries", "resume", "naïve"]:
    add("stemming", w)

# phrases: windows of 2-4 space-separated words from the texts
def window(doc, n, where=None):
    ws = doc.split()
    i = rng.randrange(0, max(1, len(ws) - n)) if where is None else where
    return " ".join(ws[i:i + n])


def clean_phrase(p):
    return '"' + p.replace('"', "").replace("“", "").replace("”", "") + '"'


en_docs = [d for d in docs if d[2] == "en"]
for _ in range(30):
    d = rng.choice(en_docs)[3]
    p = window(d, rng.choice([2, 3, 4]))
    if tokens(p):
        add("phrase", clean_phrase(re.sub(r"[^\w\s'’-]", "", p)))
for _ in range(25):   # punctuation inside: windows holding , . ’ - : $ %
    d = rng.choice(docs)[3]
    m = [m.start() for m in re.finditer(r"\S+[,’'\-:$%]\S*\s", d)]
    if m:
        i = rng.choice(m)
        p = " ".join(d[max(0, i - 15):].split()[1:4])
        add("phrase_punct", clean_phrase(p))
for pat in [r"\b\w+ [A-Za-z]+-[A-Za-z]+\b", r"\b[A-Za-z]+-[A-Za-z]+ \w+\b", r"\b\w+ [A-Za-z]+-\d+\b",
            r"\b\w+ \d+-\d+\b", r"\b\w+ \d+\.\d+\b", r"\b\w+ \w+['’]s \w+\b", r"\b\w+ (?:[A-Z]\.){2,} \w+"]:
    for p in found(pat, 4):
        add("phrase_punct", clean_phrase(p))
for p in ['"Díaz-Canel"', '"Wi-Fi network"', '"the Wi-Fi"', '"year-old"', '"U.S. strike"']:
    add("phrase_punct", p)
# the end of the longest article: common words late in a ~8,000-word text
longest = max(docs, key=lambda d: len(d[3].split()))[3].split()
for k in range(12):
    at = len(longest) - 40 - 600 * k
    add("phrase_long_doc", clean_phrase(re.sub(r"[^\w\s'’]", "", " ".join(longest[at:at + 3]))))
# a word written over 256 times in one text: phrases with it after its 256th time
for _, _, _, t in docs:
    raw = tokens(t); low = [x.lower() for x in raw]
    top, n = collections.Counter(low).most_common(1)[0]
    if n > 256:
        seen, late = 0, []
        for i, w in enumerate(low[:-1]):
            seen += w == top
            if w == top and seen > 260 and low.count(low[i + 1]) == 1 and not re.search("[йЁё]", low[i + 1]):
                late.append(f'"{raw[i]} {raw[i + 1]}"')
        for q in late[:6]:
            add("phrase_long_doc", q)
for p in found(r"\b(?:of the|in the|to the|and the|on the) \w+", 6):
    add("phrase_long_doc", clean_phrase(p))
for p in found(r"[\u0400-\u04ff]+ [\u0400-\u04ff]+", 4) + found(r"[\uac00-\ud7a3]+ [\uac00-\ud7a3]+", 4):
    add("phrase_nonlatin", clean_phrase(p))
for p in ['“fuel imports”', '«new york»', '„the United States“']:
    add("phrase_quotes", p)

# OR, NOT, prefixes, parentheses
mid = [w for w in plain if 3 <= tok_df[w] <= 60]
for _ in range(20):
    a, b = rng.sample(mid, 2)
    add("or", f"{a} OR {b}")
for q in ["U.S. OR NASA", "6-4 OR 7-6", "3.5 OR 2.5", "Wi-Fi OR Bluetooth", "последней OR 있다", "or"]:
    add("or", q)
for _ in range(12):
    a, b = rng.sample(mid, 2)
    add("not", rng.choice([f"{a} NOT {b}", f"{a} -{b}", f"-{b} {a}"]))
for q in ["NASA -U.S.", "the -Wi-Fi", "said NOT \"the company\"", "the -year-old", "the -6-4",
          "the -für", "the -COVID-19", "the NOT 2.5", "court -\"U.S. Supreme\"", "year -mid-2019"]:
    add("not", q)
for w in pick([w for w in plain if len(w) >= 5], 14):
    add("prefix", w[:rng.choice([3, 4, 5])] + "*")
for q in ["happi*", "compani*", "studi*", "countri*", "citi*", "librari*", "famili*", "stori*",
          "fü*", "über*", "посл*", "사*", "商*", "U.S*", "6-*", "Wi-F*", "\"new yo\"*", "2.*", "e-*"]:
    add("prefix", q)
for _ in range(10):
    a, b, c = rng.sample(mid, 3)
    add("parens", rng.choice([f"({a} OR {b}) {c}", f"({a} OR {b}) -{c}", f"{c} ({a} OR \"{b}\")",
                              f"({a} -{b}) OR {c}", f"(({a} OR {b}) OR {c})"]))
for q in ["(U.S. OR U.K.) -NASA", "(Wi-Fi OR USB-C) battery", "(6-4 OR 7-6) set", "(für OR über) die",
          "(NASA OR \"space station\") -moon"]:
    add("parens", q)

# filters
outlets = sorted({d[1] for d in docs})
langs = sorted({d[2] for d in docs})
for o in outlets:
    add("filter_outlet", rng.choice(mid), outlet=o)
    add("filter_outlet", "the", outlet=o)
for l in langs:
    w = rng.choice([fold(x) for d in docs if d[2] == l for x in tokens(d[3])][:500] or ["the"])
    add("filter_language", w, language=l)
    add("filter_language", "e OR the OR и OR 이", language=l)
for since, until in [("2026-11-30", None), ("2026-12-01", None), (None, "2026-11-30"), (None, "2026-12-01"),
                     ("2026-11-30", "2026-11-30"), ("2026-12-01", "2026-12-01"), ("2026-12-02", None)]:
    f = {k: v for k, v in (("since", since), ("until", until)) if v}
    add("filter_dates", "the", **f)
    add("filter_dates", rng.choice(mid), **f)
for m in [1, 2, 3]:
    add("filter_min_outlets", "the", min_outlets=m)
    add("filter_min_outlets", rng.choice(mid), min_outlets=m)
add("filter_combo", "the", outlet=outlets[0], language="en", since="2026-12-01", min_outlets=1)


def utc(day):
    return datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=timezone.utc) if day else None


def run(sessions, q, f):
    kw = dict(f)
    kw["since"] = utc(f.get("since"))
    kw["until"] = utc(f["until"]) + timedelta(days=1) if f.get("until") else None
    t0 = time.perf_counter()
    try:
        with sessions() as s:
            hits = search_articles(s, q, limit=1000, **kw)
        out = {"urls": sorted({h.url for h in hits} | {m["url"] for h in hits for m in h.also_reported_by}),
               "top": hits[0].url if hits else None, "n": len(hits)}
    except Exception as e:   # noqa: BLE001
        out = {"error": f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"}
    out["secs"] = round(time.perf_counter() - t0, 3)
    return out


def main():
    engines = {"sqlite": open_db(SQLITE), "pg": open_db(PG)}
    results = []
    for kind, q, f in Q:
        r = {"kind": kind, "query": q, "filters": f}
        for name, sess in engines.items():
            r[name] = run(sess, q, f)
        a, b = r["sqlite"], r["pg"]
        if "error" in a or "error" in b:
            r["status"] = "same_error" if a.get("error") == b.get("error") else "error_differs"
        elif a["urls"] != b["urls"]:
            r["status"] = "set_differs"
            r["only_sqlite"] = sorted(set(a["urls"]) - set(b["urls"]))
            r["only_pg"] = sorted(set(b["urls"]) - set(a["urls"]))
        else:
            r["status"] = "top_differs" if a["top"] != b["top"] else "same"
        r["slow"] = [n for n in engines if r[n]["secs"] > 2]
        results.append(r)
    json.dump(results, open(ARGS.out, "w"), ensure_ascii=False, indent=1)
    by = collections.defaultdict(collections.Counter)
    for r in results:
        by[r["kind"]][r["status"]] += 1
    print(f"{len(results)} queries")
    for k, c in by.items():
        print(f"  {k:20s} {sum(c.values()):3d}  " + ", ".join(f"{s}={n}" for s, n in sorted(c.items())))
    for r in results:
        if r["status"] not in ("same", "top_differs") or r["slow"]:
            a, b = r["sqlite"], r["pg"]
            print(f"[{r['status']}] {r['kind']:18s} {r['query']!r} {r['filters'] or ''} "
                  f"sqlite={a.get('n', a.get('error'))} pg={b.get('n', b.get('error'))} "
                  f"slow={r['slow']} only_sqlite={len(r.get('only_sqlite', []))} only_pg={len(r.get('only_pg', []))}")
    print("empty on both:", sum(1 for r in results if r["status"] == "same" and r["sqlite"]["n"] == 0))
    print("top differs:", sum(1 for r in results if r["status"] == "top_differs"))
    print("max secs sqlite %.2f pg %.2f" % (max(r["sqlite"]["secs"] for r in results),
                                            max(r["pg"]["secs"] for r in results)))


if __name__ == "__main__":
    main()
