"""Text fingerprints: the exact-copy hash of a body, and the MinHash signature of its shingles.

- ``content_fingerprint`` hashes the body after Unicode NFKC, case folding and whitespace folding,
  so the same text re-served with other spacing or typography is still the same copy
  (hashlib's SHA-256: the standard library is the well-kept choice here).
- ``minhash_signature`` sketches the set of word 3-shingles of a body with **datasketch**'s
  ``MinHash`` (128 permutations, the "affine32" scheme, ``update_batch``): two signatures agree in
  a share of their positions that estimates the Jaccard similarity of the two bodies, so a light
  rewrite (other boilerplate, reordered or trimmed paragraphs, an added byline) still scores high
  while different articles on the same subject score low. ``storage.copies`` cuts the signature
  into LSH bands kept in an indexed table (finding candidates is a few index seeks at any store
  size) and checks candidates against their stored signatures. Why these numbers: see
  ``storage/copies.py`` and ``bench/story_eval.py``.

Shingles are hashed here (CRC-32 per token, a multiply-shift mix per 3-token window) and handed
to datasketch as integers: its default SHA-1 per shingle cost ~1 µs each, most of the sketching
time. CJK scripts have no spaces between words, so each CJK character counts as a token.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import re
import sys
import unicodedata
import zlib
from functools import lru_cache
from itertools import islice

import numpy as np

from storage.signatures import NUM_PERM

__all__ = ["MIN_WORDS", "SHINGLE_SIZE", "content_fingerprint", "fingerprints", "matchable",
           "minhash_signature", "normalise_text", "shingle_hashes", "shingles_of_tokens", "signature_of", "tokens"]

SHINGLE_SIZE = 3      # words per shingle
SEED = 1              # fixed forever: stored signatures must stay comparable with new ones
MIN_WORDS = 15        # a shorter body (a paywall stub, a caption) is never matched by its text

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ACCENT = re.compile("[\u0300-\u036f]")   # combining accents, once NFKD has split them off
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
_WORD = re.compile(r"\S+")
# Odd 64-bit multipliers of the shingle mix and the band hash (fixed: they shape stored values).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
                dtype=np.uint64)


def normalise_text(text: str) -> str:
    """NFKC, case-folded, whitespace runs made one space, stripped: what exact copies share.
    (``str.split`` splits on exactly the characters ``\\s`` matches, str.isspace(): the same
    value as a regex substitution, at half the cost.)"""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def matchable(text: str) -> bool:
    """Whether a body is long enough to be matched by its text (exact copy or near-duplicate):
    a stub ("Subscribe to continue reading", a caption) says nothing about which news it is."""
    # Counts the first MIN_WORDS words only: the crawl process asks this of every stored body,
    # and splitting a whole body into a list cost ~0.3 ms. ``\S+`` runs are str.split's words
    # (both split on str.isspace: tests/test_fingerprint.py checks every code point).
    return sum(1 for _ in islice(_WORD.finditer(text), MIN_WORDS)) >= MIN_WORDS


def content_fingerprint(text: str) -> str:
    """SHA-256 (hex) of the normalised text: equal for exact copies."""
    return _digest(normalise_text(text))


def fingerprints(text: str) -> tuple[str, np.ndarray | None]:
    """``(content_fingerprint(text), minhash_signature(text))``, the signature None for a body
    that is not `matchable`; the text is normalised once for both (it cost 0.2 ms a page)."""
    normalised = normalise_text(text)
    if not matchable(text):
        return _digest(normalised), None
    return _digest(normalised), signature_of(_shingles(_tokens_of(normalised), SHINGLE_SIZE))


def _digest(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def tokens(text: str) -> list[str]:
    """Words of `text` for shingling: case-folded, accents and punctuation dropped, so a copy
    re-typed with other quotes, dashes or without accents gives the same tokens."""
    return _tokens_of(normalise_text(text))


def _tokens_of(text: str) -> list[str]:
    if not text.isascii():
        text = _ACCENT.sub("", unicodedata.normalize("NFKD", text))
    return _TOKEN.findall(text)


def shingle_hashes(text: str, size: int = SHINGLE_SIZE) -> np.ndarray:
    """The distinct 32-bit hashes of the `size`-word shingles of `text` (uint32, sorted).

    A text shorter than `size` words is one shingle; an empty text has none."""
    return _shingles(tokens(text), size)


def _shingles(words: list[str], size: int) -> np.ndarray:
    ids = {w: zlib.crc32(w.encode("utf-8")) for w in set(words)}
    return shingles_of_tokens(np.fromiter((ids[w] for w in words), dtype=np.uint64,
                                          count=len(words)), size)


def shingles_of_tokens(token_hashes: np.ndarray, size: int = SHINGLE_SIZE) -> np.ndarray:
    """Shingle hashes from the CRC-32s of a text's tokens, in order (see `shingle_hashes`)."""
    t = np.asarray(token_hashes, dtype=np.uint64)
    if t.size == 0:
        return np.empty(0, dtype=np.uint32)
    n = max(1, len(t) - size + 1)
    mixed = np.zeros(n, dtype=np.uint64)
    for j in range(min(size, len(t))):
        mixed += t[j:j + n] * _MIX[j]          # wraps mod 2**64: a multiply-shift hash
    return np.unique((mixed >> np.uint64(32)).astype(np.uint32))


@lru_cache(maxsize=1)
def _minhash_class():
    """datasketch's ``MinHash``, from its module alone. The package's ``__init__`` imports every
    sketch datasketch has, and its LSH classes import SciPy: 0.69 s of CPU in every crawl's fork
    server (``python -X importtime -c "from datasketch import MinHash"``), while ``MinHash``
    needs numpy only. So the module is imported under a bare package object (its path, not its
    ``__init__``), which is then taken away again: a later ``import datasketch`` runs the real
    ``__init__`` and finds the same ``datasketch.minhash`` module, the same class."""
    if "datasketch" not in sys.modules:
        spec = importlib.util.find_spec("datasketch")
        sys.modules["datasketch"] = importlib.util.module_from_spec(spec)   # not executed
        try:
            importlib.import_module("datasketch.minhash")
        finally:
            del sys.modules["datasketch"]
    return sys.modules["datasketch.minhash"].MinHash


@lru_cache(maxsize=1)
def _permutations():
    # Built once per process: making a MinHash draws its permutations anew (~1 ms each time).
    return _minhash_class()(num_perm=NUM_PERM, seed=SEED).permutations


def minhash_signature(text: str, size: int = SHINGLE_SIZE) -> np.ndarray | None:
    """The MinHash signature (uint32[NUM_PERM]) of `text`'s shingles; None for an empty text."""
    return signature_of(shingle_hashes(text, size))


def signature_of(shingles: np.ndarray) -> np.ndarray | None:
    """The MinHash signature of a set of shingle hashes; None for the empty set."""
    if shingles.size == 0:
        return None
    m = _minhash_class()(num_perm=NUM_PERM, seed=SEED, permutations=_permutations(),
                         scheme="affine32", hashfunc=int)
    m.update_batch(shingles)
    return np.asarray(m.hashvalues, dtype=np.uint32)
