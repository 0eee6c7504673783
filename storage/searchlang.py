"""The search language analysts type, read once for both engines (pure: no SQL here).

    query    := or_expr
    or_expr  := and_expr ("OR" and_expr)*
    and_expr := unary+                      all must match ("AND" may be written, it is implied)
    unary    := ("NOT" | "-") unary | atom  exclusion, also as the first word
    atom     := WORD | WORD* | "a phrase" | ( query )

A WORD runs to the next space, parenthesis or double quote: apostrophes and hyphens inside it
belong to it (``Cuba's``, ``O’Reilly``, ``Díaz-Canel``). Only ``"`` (or “…”, „…“, «…») opens a phrase; an
apostrophe never does (case 17: ``shlex`` in POSIX mode read ``Cuba's`` as an unclosed quote).
A word is cut into *tokens* the way both engines' indexes cut text (runs of letters and digits),
so ``Cuba's`` is the two-token phrase ``cuba s`` and matches "Cuba's" but not "Cuba".

Unquoted words also match other endings of the word (Snowball stems, English and Spanish, see
``storage/stems.py``); a quoted phrase matches its words as written (case and accents still folded), the
common convention of web search engines for turning stemming off.

Written by hand: the grammar is a dozen lines, and a parser library (lark, pyparsing) would add a
dependency without removing any of the error messages this module has to write anyway.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Tokens and stems live in storage/stems.py (SQLite's index triggers need only them): the parser
# and snippets use them from there.
from storage.stems import (
    _TOKEN, STEMMERS, _fold_cached, fold, stem_language, stem_tokens, tokens,
)

QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»"}   # English, German, Spanish/French
_WORD_END = set(' \t\r\n()"“”„«»')


class QuerySyntaxError(ValueError):
    """The query cannot be read; the message says how to fix it."""


@dataclass(frozen=True)
class Term:
    """One word or phrase: its folded tokens; ``exact`` (quoted) turns stemming off; ``prefix``
    (``word*``) lets the last token match any word that starts with it."""
    tokens: tuple[str, ...]
    exact: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class Not:
    child: object


def query_stems(term: Term) -> set[tuple[str, ...]]:
    """The stemmed token sequences `term` stands for, one per stemming language."""
    return {tuple(stem_tokens(list(term.tokens), lang)) for lang in STEMMERS}


# -- parsing ---------------------------------------------------------------------------------

def _lex(query: str) -> list[tuple[str, object]]:
    """Tokens of the query language: ("(",), (")",), ("OR",), ("NOT",), ("TERM", Term)."""
    out: list[tuple[str, object]] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append((ch, None))
            i += 1
        elif ch in QUOTES:
            end = query.find(QUOTES[ch], i + 1)
            if end < 0 and ch != '"':
                end = query.find('"', i + 1)
            if end < 0:
                raise QuerySyntaxError('the query has an unclosed quote: close the phrase with " '
                                       "or remove the quote")
            words = [fold(t) for t in tokens(query[i + 1:end])]
            prefix = query[end + 1:end + 2] == "*"
            if words:
                out.append(("TERM", Term(tuple(words), exact=True, prefix=prefix)))
            i = end + 1 + prefix
        elif ch == "-" and i + 1 < n and not query[i + 1].isspace() and query[i + 1] != "-":
            out.append(("NOT", None))
            i += 1
        else:
            j = i
            while j < n and query[j] not in _WORD_END:
                j += 1
            word = query[i:j]
            i = j
            if word in ("OR", "|"):
                out.append(("OR", None))
            elif word == "NOT":
                out.append(("NOT", None))
            elif word == "AND":
                continue
            else:
                words = [fold(t) for t in tokens(word)]
                if words:  # punctuation alone ("&", "—") is no word: skip it
                    out.append(("TERM", Term(tuple(words), prefix=word.endswith("*"))))
    return out


class _Parser:
    def __init__(self, toks):
        self.toks, self.i = toks, 0

    def peek(self):
        return self.toks[self.i][0] if self.i < len(self.toks) else None

    def take(self):
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def or_expr(self):
        parts = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self):
        parts = []
        while self.peek() not in (None, "OR", ")"):
            parts.append(self.unary())
        if not parts:
            raise QuerySyntaxError("OR needs a word on each side, e.g. strike OR walkout"
                                   if self.peek() == "OR" or self.i and self.toks[self.i - 1][0]
                                   == "OR" else "the query has no word to search for; "
                                   "give at least one word")
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self):
        kind, value = self.take()
        if kind == "NOT":
            if self.peek() in (None, "OR", ")"):
                raise QuerySyntaxError("NOT (or -) needs a word after it, e.g. election NOT poll")
            child = self.unary()
            return child.child if isinstance(child, Not) else Not(child)
        if kind == "(":
            inner = self.or_expr()
            if self.peek() != ")":
                raise QuerySyntaxError("a parenthesis is not closed: add ) or remove the (")
            self.take()
            return inner
        if kind == ")":
            raise QuerySyntaxError("a ) has no ( before it: remove it")
        return value


def _positive(node) -> bool:
    """Whether `node` can match on its own (FTS5 and tsquery cannot list 'everything but')."""
    if isinstance(node, Term):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_positive(c) for c in node.children)
    return all(_positive(c) for c in node.children)


def parse_query(query: str):
    """The query as a tree of :class:`Term`, :class:`And`, :class:`Or` and :class:`Not`.

    Raises :class:`QuerySyntaxError` (one sentence naming the fix) for an unclosed quote or
    parenthesis, a dangling OR/NOT, or a query that only excludes."""
    toks = _lex(query)
    if not toks:
        raise QuerySyntaxError("the query has no word to search for; give at least one word")
    parser = _Parser(toks)
    tree = parser.or_expr()
    if parser.peek() == ")":
        raise QuerySyntaxError("a ) has no ( before it: remove it")
    if not _positive(tree):
        where = " on each side of OR" if any(t[0] == "OR" for t in toks) else ""
        raise QuerySyntaxError("a query needs at least one word that is not excluded "
                               f"(with - or NOT){where}, e.g. election -poll")
    return tree


def terms(node, negated: bool = False):
    """(term, negated) pairs of the tree, for highlighting."""
    if isinstance(node, Term):
        yield node, negated
    elif isinstance(node, Not):
        yield from terms(node.child, not negated)
    else:
        for c in node.children:
            yield from terms(c, negated)


#: A prefix that starts more indexed words than this is left to the engine's own prefix match.
MAX_PREFIX_WORDS = 64


def words_with_prefixes(prefixes, lookup) -> dict[str, list[str]]:
    """For each of `prefixes` that is plain ASCII letters and digits: the indexed words that
    start with it, ``lookup(lo, hi, cap)`` (the engine's words in [lo, hi), at most cap), when
    there are at most ``MAX_PREFIX_WORDS``. Both engines spell a `word*` out so
    (``searchsqlite.prefix_words``, ``searchpg.pg_prefix_words``): for such a prefix the words
    in ["siste", "sistf") in byte order are exactly those its prefix match finds."""
    out = {}
    for p in sorted({p for p in prefixes if p.isascii() and p.isalnum()}):
        found = lookup(p, p[:-1] + chr(ord(p[-1]) + 1), MAX_PREFIX_WORDS + 1)
        if found and len(found) <= MAX_PREFIX_WORDS:
            out[p] = list(found)
    return out


# -- snippets (only for the rows shown) ------------------------------------------------------

_MARKS = re.compile("[\u0300-\u036f]")  # combining accents, apart after NFD


@dataclass(frozen=True)
class _Marker:
    """What the snippet marks for one query: a regex finding the tokens that may match (their
    first letters, in the decomposed text: case and accents ignored) and the sets those tokens
    are checked against."""
    find: re.Pattern
    exact: frozenset
    stems: frozenset
    prefixes: tuple
    phrases: tuple  # (sequence, exact only, prefix) of the terms of several tokens


@lru_cache(maxsize=256)
def _marker(tree) -> _Marker:
    positive = [t for t, negated in terms(tree) if not negated]
    heads: set[str] = set()
    phrases = []
    for t in positive:
        seqs = [t.tokens] + ([] if t.exact or t.prefix else sorted(query_stems(t)))
        heads.update(seq[0][:4] for seq in seqs)
        if len(t.tokens) > 1:
            phrases += [(seq, i == 0, t.prefix) for i, seq in enumerate(seqs)]
    # Literal letters with optional accents between them: a character class per letter would
    # take Python's regex compiler tens of milliseconds, for each query.
    # The text is searched decomposed (``_candidates``), so the heads are too: a Korean
    # syllable is its jamo there, が is か and its voicing mark.
    alts = sorted(("[\u0300-\u036f]*".join(map(re.escape, unicodedata.normalize("NFD", h)))
                   for h in heads), key=len, reverse=True)
    return _Marker(re.compile("|".join(alts)),
                   frozenset(t.tokens[0] for t in positive if len(t.tokens) == 1 and not t.prefix),
                   frozenset(s[0] for t in positive if len(t.tokens) == 1
                             and not (t.exact or t.prefix) for s in query_stems(t)),
                   tuple(t.tokens[0] for t in positive if len(t.tokens) == 1 and t.prefix),
                   tuple(phrases))


def _candidates(text: str, find: re.Pattern):
    """Where the tokens `find` finds start in `text`. It searches the text lower-cased and
    decomposed (NFD: "é" is "e" and an accent) and the positions are mapped back by counting
    the accents; a word boundary is checked here (in the regex it would disable sre's fast
    literal search, 100 times slower)."""
    if text.isascii():
        low, marks = text.lower(), []
    else:
        nfd = unicodedata.normalize("NFD", text)
        low = nfd.lower()
        marks = [f.start() for f in _MARKS.finditer(low)]
        if len(low) != len(nfd) or len(nfd) - len(marks) != len(text):
            for tok in _TOKEN.finditer(text):  # other decompositions: token by token
                if find.match(unicodedata.normalize("NFD", tok.group()).lower()):
                    yield tok.start()
            return
    for f in find.finditer(low):
        at = f.start()
        if at and (low[at - 1].isalnum() or "\u0300" <= low[at - 1] <= "\u036f"):
            continue
        yield at - bisect.bisect_left(marks, at)


def _matches(text: str, m: _Marker, lang: str | None, limit: int) -> list[tuple[int, int]]:
    """Character spans of the matches in `text` (those starting within `limit` characters of
    the first one). Only the tokens the regex finds are folded and stemmed."""
    spans: list[tuple[int, int]] = []
    for begin in _candidates(text, m.find):
        if spans and begin > spans[0][0] + limit:
            break
        found = _TOKEN.match(text, begin)
        if found is None:
            continue
        tok = found.group()
        f = tok.lower()
        f = f if f.isascii() else _fold_cached(f)
        st = stem_tokens([tok], lang)[0]
        if f in m.exact or st in m.stems or (m.prefixes and f.startswith(m.prefixes)):
            spans.append(found.span())
            continue
        for seq, exact_only, prefix in m.phrases:
            if seq[0] not in (f, None if exact_only else st):
                continue
            end, ok = found.end(), True
            for k, want in enumerate(seq[1:], 2):
                nxt = _TOKEN.search(text, end)
                if nxt is None:
                    ok = False
                    break
                g = nxt.group()
                gf = g.lower() if g.isascii() else _fold_cached(g.lower())
                gs = gf if exact_only else stem_tokens([g], lang)[0]
                last = k == len(seq) and prefix
                if not (gs == want or (not exact_only and gf == want)
                        or (last and gf.startswith(want))):
                    ok = False
                    break
                end = nxt.end()
            if ok:
                spans.append((found.start(), end))
                break
    return spans


def snippet(text: str, tree, language: str | None, words: int = 30, chunk: int = 800) -> str:
    """About `words` words of `text` around the densest run of matches, each match in [ ].

    A regex made once per query finds the tokens that may match; only those are folded and
    stemmed (a search shows 20 rows: this keeps a snippet well under a millisecond)."""
    text = text or ""
    lang = stem_language(language)
    spans = _matches(text, _marker(tree), lang, 2 * chunk)
    start = 0
    if spans:  # the densest run: most matches within ~`words` words (6 characters a word)
        width, best, j = words * 6, -1, 0
        for i, (s, _) in enumerate(spans):
            while j < len(spans) and spans[j][0] < s + width:
                j += 1
            if j - i > best:
                best, start = j - i, s
        before = list(_TOKEN.finditer(text, max(0, start - 80), start))[-4:]
        start = before[0].start() if before else start
    out, pos, count, more = [], start, 0, False
    k = 0
    for tok in _TOKEN.finditer(text, start):
        if count == words:
            more = True
            break
        s, e = tok.span()
        while k < len(spans) and spans[k][1] <= s:
            k += 1
        out.append(text[pos:s])
        out.append(f"[{tok.group()}]" if k < len(spans) and spans[k][0] <= s < spans[k][1]
                   else tok.group())
        pos, count = e, count + 1
    if not more:
        out.append(text[pos:])  # the closing punctuation
    body = " ".join("".join(out).split())
    return ("…" if start else "") + body + ("…" if more else "")
