"""stem_text (what SQLite's index triggers store) cuts the text on whitespace and caches each
piece's stems: its output must be the token-by-token one, " ".join(stem_tokens(tokens(text)))."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from storage import stems
from storage.stems import stem_text, stem_tokens, tokens

CRAFTED = [
    "a", "Cuba's O’Reilly Díaz-Canel l'été rock'n'roll co-operate — “quoted” «guillemets»",
    "a_b __ _x_ 1_2 snake_case", "3.14 1,000 ²³ ½ ٣٤ ⅷ Ⅻ ١٢٣ ๑๒ ＡＢＣ１２３",
    "e\u0301 \u0301e \u0301 ñ n\u0303 Å ǅ ﬁ ß İstanbul ΣΑΣ ΟΔΟΣ",
    "中华人民共和国 東京 にほんご カタカナ ﾊﾝｶｸ ｶﾞｷﾞ", "emoji 👍🏽 🇨🇺 👨‍👩‍👧 x👍y",
    "tab\tnl\nvt\x0bff\x0ccr\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u202f\u3000end",
    "zero\u200bwidth\u200cjoin\u200d\ufeffbom", "Las sanciones y la sanción RUNNING runners",
    # U+FF9E folds to nothing: its stem is "" (a double space), which the cache cannot keep
    "ﾞ", "x ﾞ y", "ﾞ-a a-ﾞ ﾟﾞ",
]


def _token_by_token(text: str, language: str | None) -> str:
    return " ".join(stem_tokens(tokens(text), stems.stem_language(language)))


def test_no_whitespace_character_is_a_letter_or_digit():
    # The reason a token never spans two pieces of text.split(), for every code point.
    assert not [c for c in range(sys.maxunicode + 1) if chr(c).isspace() and chr(c).isalnum()]


@pytest.mark.parametrize("language", [None, "en", "es-CU", "fr"])
def test_stem_text_is_token_by_token_on_crafted_and_benchmark_texts(language):
    corpus = Path(__file__).parent / "fixtures" / "corpus" / "ground-truth.json"
    bodies = [v["articleBody"] for v in json.loads(corpus.read_text(encoding="utf-8")).values()]
    for text in CRAFTED + bodies:
        for _ in range(2):   # the second time from the piece cache
            assert stem_text(text, language) == _token_by_token(text, language), text[:60]


def test_empty_stems_keep_their_place():
    # a half-width voicing mark is a letter of its own (FTS5 keeps it as a token, as written):
    # it stays one, not an empty place (folding no longer decomposes other scripts than Latin)
    assert stem_text("x ﾞ y", None) == "x ﾞ y"
    assert stem_text("— , .", "en") == ""
    assert stem_text("", "en") == stem_text(None, "en") == ""
