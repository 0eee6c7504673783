"""The search language analysts type, read once for both engines (pure: no SQL here).

    query    := or_expr
    or_expr  := and_expr ("OR" and_expr)*
    and_expr := unary+                      all must match ("AND" may be written, it is implied)
    unary    := ("NOT" | "-") unary | atom  exclusion, also as the first word
    atom     := WORD | WORD* | "a phrase" | ( query )

A WORD runs to the next space, parenthesis or double quote: apostrophes and hyphens inside it
belong to it (``Cuba's``, ``O’Reilly``, ``Díaz-Canel``). Only ``"`` (or “…”) opens a phrase; an
apostrophe never does (case 17: ``shlex`` in POSIX mode read ``Cuba's`` as an unclosed quote).
A word is cut into *tokens* the way both engines' indexes cut text (runs of letters and digits),
so ``Cuba's`` is the two-token phrase ``cuba s`` and matches "Cuba's" but not "Cuba".

Unquoted words also match other endings of the word (Snowball stems, English and Spanish, see
``stems``); a quoted phrase matches its words as written (case and accents still folded), the
common convention of web search engines for turning stemming off.

Written by hand: the grammar is a dozen lines, and a parser library (lark, pyparsing) would add a
dependency without removing any of the error messages this module has to write anyway.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

# Snowball stemmers by ISO 639-1 code; a language not listed is indexed without stems.
STEMMERS = {"en": "english", "es": "spanish"}
QUOTES = {'"': '"', "“": "”", "„": "“"}
_TOKEN = re.compile(r"[^\W_]+")
_WORD_END = set(' \t\r\n()"“”„')


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


def fold(s: str) -> str:
    """Lower case without accents (ñ → n), as FTS5's ``remove_diacritics 2`` and ``unaccent``."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[str]:
    """Raw (unfolded) tokens of `text`: runs of letters and digits, as both indexes cut text."""
    return _TOKEN.findall(text)


@lru_cache(maxsize=None)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    st = Stemmer.Stemmer(STEMMERS[lang])
    st.maxCacheSize = 100_000
    return st


def stem_language(language: str | None) -> str | None:
    """The stemmer code for an article's language ("es-CU" → "es"), None if it has none."""
    code = (language or "")[:2].lower()
    return code if code in STEMMERS else None


_FOLDED: dict[str, str] = {}


def _fold_cached(s: str) -> str:
    if s.isascii():
        return s
    got = _FOLDED.get(s)
    if got is None:
        got = fold(s)
        if len(_FOLDED) < 200_000:  # bounded: a long crawl must not grow it without end
            _FOLDED[s] = got
    return got


def stem_tokens(raw: list[str], lang: str | None) -> list[str]:
    """Folded Snowball stems of raw tokens. The stemmer reads the accents (Spanish rules use
    them: "sanción" and "sanciones" → "sancion"); the stem is folded afterwards."""
    lowered = [t.lower() for t in raw]
    if lang in STEMMERS:
        lowered = _stemmer(lang).stemWords(lowered)
    return [t if t.isascii() else _fold_cached(t) for t in lowered]


def stem_text(text: str | None, language: str | None) -> str:
    """The text the stems index holds for `text`: its stems, space separated, token for token
    (so phrases still line up). Called by SQLite's index triggers (``newsmon_stems``)."""
    if not text:
        return ""
    return " ".join(stem_tokens(tokens(text), stem_language(language)))


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
            raise QuerySyntaxError("OR needs a word on each side, e.g. apagones OR blackout"
                                   if self.peek() == "OR" or self.i and self.toks[self.i - 1][0]
                                   == "OR" else "the query has no word to search for; "
                                   "give at least one word")
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self):
        kind, value = self.take()
        if kind == "NOT":
            if self.peek() in (None, "OR", ")"):
                raise QuerySyntaxError("NOT (or -) needs a word after it, e.g. cuba NOT béisbol")
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
        raise QuerySyntaxError("a query needs at least one word that is not excluded "
                               "(with - or NOT) on each side of OR, e.g. cuba -béisbol")
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


# -- snippets (only for the rows shown) ------------------------------------------------------

def snippet(text: str, tree, language: str | None, words: int = 30, chunk: int = 800) -> str:
    """About `words` words of `text` around the densest run of matches, each match in [ ].

    The text is read in pieces of about `chunk` characters up to the first piece with a match
    (a search shows 20 rows: reading only the top of most bodies keeps this under a ms each)."""
    text = text or ""
    first = None
    pos = 0
    while pos < len(text):
        end = len(text) if len(text) - pos < chunk * 1.5 else text.find(" ", pos + chunk)
        end = len(text) if end < 0 else end
        found, piece = _snippet(text[pos:end + 300], tree, language, words)
        if first is None:
            first = piece
        if found:
            return ("…" if pos and not piece.startswith("…") else "") + piece + \
                ("…" if end < len(text) and not piece.endswith("…") else "")
        if end >= len(text):
            break
        pos = max(pos + 1, text.rfind(" ", pos, end - 200))  # overlap: a phrase across the cut
    return (first or "") + ("…" if first and len(text) > chunk * 1.5 and not
                            first.endswith("…") else "")


def _snippet(text: str, tree, language: str | None, words: int) -> tuple[bool, str]:
    spans = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text or "")]
    if not spans:
        return False, ""
    raw = [s[2] for s in spans]
    lowered = [t.lower() for t in raw]
    folded = [t if t.isascii() else _fold_cached(t) for t in lowered]
    positive = [t for t, negated in terms(tree) if not negated]
    stemmed = (stem_tokens(raw, stem_language(language))
               if any(not t.exact for t in positive) else folded)
    # One-word terms (the usual case) by set lookups; phrases by a scan from their first word.
    exact = {t.tokens[0] for t in positive if len(t.tokens) == 1 and not t.prefix}
    stems = {s[0] for t in positive if len(t.tokens) == 1 and not (t.exact or t.prefix)
             for s in query_stems(t)}
    prefixes = tuple(t.tokens[0] for t in positive if len(t.tokens) == 1 and t.prefix)
    hit = [f in exact or s in stems or (bool(prefixes) and f.startswith(prefixes))
           for f, s in zip(folded, stemmed)]
    for term in (t for t in positive if len(t.tokens) > 1):
        k = len(term.tokens)
        seqs = [(folded, term.tokens)]
        seqs += [] if term.exact else [(stemmed, s) for s in query_stems(term)]
        for forms, seq in seqs:
            first, last, middle = seq[0], seq[-1], list(seq[1:-1])
            for i in [i for i, f in enumerate(forms[:len(forms) - k + 1]) if f == first]:
                end = forms[i + k - 1]
                if forms[i + 1:i + k - 1] == middle and (
                        end == last or (term.prefix and end.startswith(last))):
                    hit[i:i + k] = [True] * k
    best, start = -1, 0
    window = sum(hit[:words])
    for i in range(max(1, len(spans) - words + 1)):
        if i:
            window += (hit[i + words - 1] if i + words - 1 < len(spans) else 0) - hit[i - 1]
        if window > best:
            best, start = window, i
    if best > 0:  # begin a few words before the first match of the best window
        start = max(0, hit.index(True, start) - 4)
    end = min(len(spans), start + words)
    out, pos = [], spans[start][0]
    for i in range(start, end):
        s, e, tok = spans[i]
        out.append(text[pos:s])
        out.append(f"[{tok}]" if hit[i] else tok)
        pos = e
    body = " ".join("".join(out).split())
    return best > 0, ("…" if start else "") + body + ("…" if end < len(spans) else "")
