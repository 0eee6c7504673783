"""Scores shared by the metadata benchmarks (``bench/metadata.py``, ``bench/second_opinions.py``):
token F1 for titles, F1 over whole names for authors, and the split of one author string into names."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter


def tokens(text: str | None) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text or "").lower())


def token_f1(truth: list[str], got: list[str]) -> float:
    if not truth and not got:
        return 1.0
    common = sum((Counter(truth) & Counter(got)).values())
    if not common:
        return 0.0
    p, r = common / len(got), common / len(truth)
    return 2 * p * r / (p + r)


#: The truth of several authors is often one string ("David Brand and Ramsey Khalifeh", "A, B");
#: the goal is a list of names, so it is split on ; , / & and "and"/"und"/"y"/"et" first.
GOLD_SPLIT = re.compile(r"\s*(?:;|,|/|\s&\s|\s(?:and|und|y|et)\s)\s*", re.IGNORECASE)


def name_key(name: str) -> str:
    return " ".join(tokens(name))


def set_f1(truth: set, got: set) -> float:
    if not truth and not got:
        return 1.0
    common = len(truth & got)
    if not common:
        return 0.0
    p, r = common / len(got), common / len(truth)
    return 2 * p * r / (p + r)
