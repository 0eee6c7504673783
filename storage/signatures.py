"""MinHash signatures and their LSH bands, and event vectors as bytes: the pure half of the
story index (``storage.copies`` and ``storage.events`` hold the lookups). numpy only, no SQLAlchemy: the extraction workers import it to make the
signature bytes they send, and SQLAlchemy's import (0.36 s, ``python -X importtime``) has no
place in a worker. The shapes are fixed forever: stored values must stay comparable.
"""
from __future__ import annotations

import numpy as np

NUM_PERM = 128        # ±0.044 standard error on an estimated Jaccard of 0.5
BANDS, ROWS = 40, 3   # LSH: 40 bands of 3 signature rows (the first 120 of the 128 rows)
# Odd 64-bit multipliers of the band hash (fixed: they shape stored values).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


def signature_to_bytes(signature: np.ndarray) -> bytes:
    return np.asarray(signature, dtype="<u4").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4")


def band_hashes(signature: np.ndarray, bands: int = BANDS, rows: int = ROWS) -> list[int]:
    """One signed 64-bit hash per LSH band: two bodies share band b's hash (almost) only when
    their signatures agree on all `rows` rows of it, which happens with probability J**rows."""
    sig = np.asarray(signature, dtype=np.uint64)[: bands * rows].reshape(bands, rows)
    mixed = (sig * _MIX[:rows]).sum(axis=1, dtype=np.uint64)
    mixed ^= mixed >> np.uint64(29)            # spread the high bits into the low ones
    return mixed.view(np.int64).tolist()


def estimated_jaccard(signature: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of `signature` to each row of `others` (n × NUM_PERM): the
    share of positions where the two agree (what ``MinHash.jaccard`` computes, for many at once)."""
    others = np.atleast_2d(others)
    return (others == np.asarray(signature)[None, :]).mean(axis=1)


def vector_to_bytes(vector: np.ndarray) -> bytes:
    """An event vector (``pipelines/event_features.py``) as float16 bytes (1 KiB for 512 floats)."""
    return np.asarray(vector, dtype="<f2").tobytes()


def vector_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f2").astype(np.float32)
