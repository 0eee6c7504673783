"""Text fingerprints: the exact-copy hash of an article body.

``content_fingerprint`` hashes the body after Unicode NFKC, case folding and whitespace folding,
so the same text re-served with other spacing or typography is still the same copy.
(hashlib's SHA-256: the standard library is the well-kept choice here.)
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return _SPACE.sub(" ", text).strip()


def content_fingerprint(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
