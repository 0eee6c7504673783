"""Text fingerprints: exact-copy hash, shingles, MinHash signatures and LSH bands (pure functions,
real article bodies from tests/fixtures/corpus)."""
from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from pipelines import fingerprint as fp
from storage import copies
from storage.copies import COPY_THRESHOLD as JOIN_THRESHOLD



def exact_jaccard(a: str, b: str) -> float:
    x, y = set(fp.shingle_hashes(a).tolist()), set(fp.shingle_hashes(b).tolist())
    return len(x & y) / len(x | y)


def test_content_fingerprint_ignores_spacing_case_and_compatibility_forms():
    assert fp.content_fingerprint("Hello  World\n") == fp.content_fingerprint("hello world")
    assert fp.content_fingerprint("ﬁne") == fp.content_fingerprint("fine")
    assert fp.content_fingerprint("hello world") != fp.content_fingerprint("hello, world")


def test_tokens_fold_case_accents_and_punctuation_and_split_cjk():
    assert fp.tokens("Él dijo: “¡Economía!” — 2026") == ["el", "dijo", "economia", "2026"]
    assert fp.tokens("東京都に住む") == ["東", "京", "都", "に", "住", "む"]
    assert fp.tokens(" \n ") == []


def test_shingles_are_distinct_sorted_and_cover_short_texts():
    h = fp.shingle_hashes("a b c a b c a b c")
    assert h.dtype == np.uint32 and list(h) == sorted(set(h.tolist()))
    assert len(h) == 3                       # abc, bca, cab
    assert len(fp.shingle_hashes("two words")) == 1
    assert len(fp.shingle_hashes("")) == 0
    assert fp.minhash_signature("") is None


def test_signature_is_the_same_in_another_process(bodies):
    """Stored signatures must stay comparable with new ones: no per-process hash seed."""
    here = copies.signature_to_bytes(fp.minhash_signature(bodies[0]))
    code = ("import sys, json; from pipelines import fingerprint as fp; from storage import copies; "
            "sys.stdout.write(copies.signature_to_bytes(fp.minhash_signature(sys.stdin.read())).hex())")
    out = subprocess.run([sys.executable, "-c", code], input=bodies[0], capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "123"})
    assert out.stdout == here.hex()


def test_minhash_loads_without_scipy_and_is_datasketchs_own_class(bodies):
    """The signature needs datasketch's MinHash only; its package would import SciPy first
    (0.69 s of every crawl). The class is the package's own, and so is the signature."""
    code = ("import sys; from pipelines import fingerprint as fp; from storage import copies; "
            "sig = copies.signature_to_bytes(fp.minhash_signature(sys.stdin.read())).hex(); "
            "assert 'scipy' not in sys.modules; import datasketch; "
            "assert datasketch.MinHash is fp._minhash_class(); sys.stdout.write(sig)")
    out = subprocess.run([sys.executable, "-c", code], input=bodies[0], capture_output=True,
                         text=True, check=True)
    from datasketch import MinHash   # the whole package, as any other user imports it

    m = MinHash(num_perm=copies.NUM_PERM, seed=fp.SEED, scheme="affine32", hashfunc=int)
    m.update_batch(fp.shingle_hashes(bodies[0]))
    assert out.stdout == copies.signature_to_bytes(np.asarray(m.hashvalues, np.uint32)).hex()


def test_matchable_counts_words_as_str_split_does():
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    for sep in spaces:
        for n in (fp.MIN_WORDS - 1, fp.MIN_WORDS):
            text = sep + sep.join(["palabra"] * n) + sep
            assert fp.matchable(text) == (len(text.split()) >= fp.MIN_WORDS), (hex(ord(sep)), n)
    assert not fp.matchable("") and fp.matchable(" ".join(["w"] * 500))


def test_signature_bytes_round_trip(bodies):
    sig = fp.minhash_signature(bodies[1])
    data = copies.signature_to_bytes(sig)
    assert len(data) == 4 * copies.NUM_PERM
    assert np.array_equal(copies.signature_from_bytes(data), sig)


def test_estimate_tracks_the_true_jaccard(bodies):
    body = bodies[0]
    paras = body.split("\n")
    trimmed = "\n".join(paras[: max(1, len(paras) * 2 // 3)])
    for other in (trimmed, body + "\nSign up for our newsletter today.", bodies[1]):
        est = copies.estimated_jaccard(fp.minhash_signature(body), fp.minhash_signature(other))[0]
        assert abs(est - exact_jaccard(body, other)) < 0.15   # 3+ standard errors at 128 rows


def test_light_rewrites_pass_the_threshold_and_other_articles_do_not(bodies):
    body = bodies[0]
    paras = [p for p in body.split("\n") if p.strip()]
    rewrites = {
        "reordered": "\n".join(paras[1:] + paras[:1]),
        "byline and footer": "By Ana Ruiz, Reuters\n" + body + "\nEditing by Tom Becker.",
        "other boilerplate": "Advertisement\nShare this article\n" + body + "\n© 2026 Herald",
    }
    sig = fp.minhash_signature(body)
    for kind, text in rewrites.items():
        assert copies.estimated_jaccard(sig, fp.minhash_signature(text))[0] >= JOIN_THRESHOLD, kind
    others = np.stack([fp.minhash_signature(b) for b in bodies[1:]])
    assert copies.estimated_jaccard(sig, others).max() < JOIN_THRESHOLD / 2


def test_band_hashes_differ_only_in_the_band_that_changed(bodies):
    sig = fp.minhash_signature(bodies[2])
    bands = copies.band_hashes(sig)
    assert len(bands) == copies.BANDS and all(-2**63 <= b < 2**63 for b in bands)
    assert copies.band_hashes(sig.copy()) == bands
    changed = sig.copy()
    changed[copies.ROWS * 5 + 1] ^= 1            # one row of band 5
    after = copies.band_hashes(changed)
    assert [i for i in range(copies.BANDS) if after[i] != bands[i]] == [5]


def test_identical_bodies_share_every_band_and_unrelated_ones_almost_none(bodies):
    a, b = (copies.band_hashes(fp.minhash_signature(x)) for x in bodies[:2])
    assert copies.band_hashes(fp.minhash_signature(bodies[0])) == a
    assert sum(x == y for x, y in zip(a, b)) <= 1
