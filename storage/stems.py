"""Tokens, folding and Snowball stems: what both engines' indexes hold for a text (pure: no SQL).

A text is cut into *tokens*, runs of letters and digits (``[^\\W_]+``, i.e. ``str.isalnum``), the
way both indexes cut it. A token's stem is the Snowball stem of its lower-case form (English and
Spanish; other languages keep the word), folded afterwards (``fold``: no case, no accents).

SQLite's index triggers call :func:`stem_text` for every stored article's title and text
(``newsmon_stems``, migration ``0004_search_stemming``) on the crawl's reactor thread, so its
cost is the crawl process's: it was ~9 % of that process's samples (py-spy, 20x60 farm,
/work/notes/i13-crawl.md). The query language (``storage/searchlang.py``) uses the same functions.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import islice

import Stemmer

# Snowball stemmers by ISO 639-1 code; a language not listed is indexed without stems.
STEMMERS = {"en": "english", "es": "spanish"}
_TOKEN = re.compile(r"[^\W_]+")
_LIMIT = 200_000   # entries per cache: a long crawl must not grow them without end


def fold(s: str) -> str:
    """Lower case without the accents of Latin letters (ñ → n, ﬁ → fi), as FTS5's
    ``remove_diacritics 2`` (Latin letters only) and ``unaccent``; other scripts as written,
    composed (NFC). Decomposing every letter broke what the indexes hold as written: a Korean
    syllable fell into its jamo (사진), й lost its breve and が its voicing mark, so a quoted
    phrase in Korean, Russian or Japanese found nothing on either engine and such a word
    nothing on PostgreSQL (a search of 588 queries on both engines)."""
    s = unicodedata.normalize("NFC", s)
    if s.isascii():
        return s.lower()
    return "".join(map(_fold_char, s)).lower()


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch.isascii():
        return ch
    if "\u0300" <= ch <= "\u036f":   # a combining accent NFC could not join to its letter
        return ""
    if unicodedata.name(ch, "").startswith("LATIN"):
        return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return ch


def is_cjk(text: str) -> bool:
    """Whether `text` has Chinese, Japanese or Korean letters (kana, CJK ideographs, Hangul
    syllables), which are written without spaces between words."""
    return any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in text)


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
        if len(_FOLDED) < _LIMIT:
            _FOLDED[s] = got
    return got


def stem_tokens(raw: list[str], lang: str | None) -> list[str]:
    """Folded Snowball stems of raw tokens. The stemmer reads the accents (Spanish rules use
    them: "sanción" and "sanciones" → "sancion"); the stem is folded afterwards."""
    # A word seen before is one dict lookup (0.56 -> 0.34 ms an English body, 0.83 -> 0.51 a
    # Spanish one, the benchmark's bodies).
    # map() over the bound method, not a list comprehension: the lookups are most of the
    # time, and map makes them 1.7x faster (0.17 -> 0.10 ms the benchmark's body).
    cache = _STEMS.setdefault(lang if lang in STEMMERS else None, {})
    out = list(map(cache.get, raw))
    if None in out:
        missing = list({t for t, stem in zip(raw, out) if stem is None})
        made = dict(zip(missing, _stems_of(missing, lang)))
        if len(cache) < _LIMIT:
            cache.update(made)
        out = [stem if stem is not None else made[t] for t, stem in zip(raw, out)]
    return out


_STEMS: dict[str | None, dict[str, str]] = {}


def _stems_of(raw: list[str], lang: str | None) -> list[str]:
    lowered = [t.lower() for t in raw]
    if lang in STEMMERS:
        lowered = _stemmer(lang).stemWords(lowered)
    return [t if t.isascii() else fold(t) for t in lowered]   # new words only: stem_tokens caches


# ~100 bytes a piece (tracemalloc, trafilatura's 990 texts: 18.5 MB for 180k pieces), so at most
# ~10 MB a language; the most frequent pieces come first and stay.
_PIECE_LIMIT = 100_000
_PIECES: dict[str | None, dict[str, str]] = {}


def _pieces_of(pieces: list[str], lang: str | None, cache: dict[str, str]) -> list[str] | None:
    """The joined stems of `pieces` ("Cuba's," → "cuba s"; "—" → "", no tokens), cached. None
    when a piece with tokens joins to "" ("ﾞ", U+FF9E, folds to nothing): ``filter`` would drop
    it as punctuation, so that text takes the token-by-token way."""
    raw = list(map(_TOKEN.findall, pieces))
    stems = iter(stem_tokens([t for ts in raw for t in ts], lang))   # one call: one pass of lookups
    out = [" ".join(islice(stems, len(ts))) for ts in raw]
    if any(ts and not joined for ts, joined in zip(raw, out)):
        return None
    if len(cache) < _PIECE_LIMIT:
        cache.update(zip(pieces, out))
    return out


def stem_text(text: str | None, language: str | None) -> str:
    """The text the stems index holds for `text`: its stems, space separated, token for token
    (so phrases still line up). Called by SQLite's index triggers (``newsmon_stems``)."""
    if not text:
        return ""
    lang = stem_language(language)
    # Same output as " ".join(stem_tokens(tokens(text), lang)), piece by piece: no whitespace
    # character is a letter or digit (tests/test_stems.py checks every code point), so a token
    # never spans two pieces of text.split(); a piece seen before ("said,", "Cuba's") is one dict
    # lookup instead of the regex scan and a lookup per token (the regex was half the time).
    cache = _PIECES.setdefault(lang, {})
    pieces = text.split()
    parts = list(map(cache.get, pieces))
    if None in parts:
        missing = list({p for p, got in zip(pieces, parts) if got is None})
        made = _pieces_of(missing, lang, cache)
        if made is None:
            return " ".join(stem_tokens(tokens(text), lang))
        made = dict(zip(missing, made))
        parts = [got if got is not None else made[p] for p, got in zip(pieces, parts)]
    return " ".join(filter(None, parts))
