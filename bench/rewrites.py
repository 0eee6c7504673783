"""Seeded rewrites of article bodies: the evaluation set of story assignment (bench/story_eval.py).

Everything is drawn from one ``random.Random(seed)``, so a seed gives the same set on every run.

Positives — a rewrite of a body is the same story as the body. Kinds, each at strength 1
(light), 2 (medium) and 3 (strong):

==============  =============================================================================
``syndicated``  the same body at another outlet; only that outlet's template differs (below)
``headline``    a new headline line on top (2: plus a one-sentence standfirst; 3: plus a
                "Key points" box of three sentences lifted from the body)
``reorder``     paragraphs moved: 1 swaps two neighbours, 2 moves a third of them, 3 shuffles all
``trim``        the tail cut, as wire copy is cut to fit: keeps 85 % / 70 % / 55 % of paragraphs
                (3 also drops one paragraph from the middle)
``byline``      "By NAME, AGENCY" and a "CITY (AGENCY) —" dateline; 2 adds a reporting/editing
                footer; 3 adds an update note and a correction line
``edit``        word-level copy-editing on 2 % / 5 % / 8 % of the words: a word replaced by
                another of the same body, dropped, or a sentence split
``mixed``       byline + trim + reorder + edit, all at the given strength
==============  =============================================================================

Hard negatives — not the same story:

- every pair of *different* corpus bodies, including the most similar pairs (same subject,
  same site) — the corpus has up to 2 pages per site;
- ``follow_up``: a new article on the same subject that quotes the earlier one: 1 / 2 / 3
  paragraphs (at most 15 / 25 / 35 % of the words) of the original around the body of a
  held-out corpus article that appears nowhere else;
- pages sharing only boilerplate: every document carries its outlet's template (header and
  footer lines, 2 / 5 / 9 lines by the outlet's strength), so all the articles of one outlet
  share it, and generic lines ("Advertisement", "Share this article") recur across outlets.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

KINDS = ("syndicated", "headline", "reorder", "trim", "byline", "edit", "mixed")
STRENGTHS = (1, 2, 3)

_NAMES = ["Ana Ruiz", "John Okafor", "Mei Lin", "Carlos Pérez", "Sara Novak", "David Kim",
          "Laura Rossi", "Tom Becker", "Aisha Khan", "Pedro Almeida"]
_AGENCIES = ["Reuters", "AP", "AFP", "EFE", "Bloomberg", "dpa"]
_CITIES = ["WASHINGTON", "LONDON", "MADRID", "HAVANA", "MEXICO CITY", "BRUSSELS", "NEW YORK"]
_GENERIC = ["Advertisement", "Share this article", "Share on Facebook", "Share on X",
            "Copy link", "Read more", "Most read", "Skip to main content",
            "Comments are closed.", "Story continues below advertisement"]
_OUTLET_LINES = [
    "Sign up for the {o} newsletter and get the day's top stories in your inbox.",
    "© 2026 {o}. All rights reserved.",
    "Follow {o} on social media for breaking news and analysis.",
    "Support independent journalism: subscribe to {o} today from just $1 a week.",
    "We use cookies to improve your experience on {o}. By continuing you accept our policy.",
    "Download the {o} app for the latest headlines, live coverage and alerts.",
    "More from {o}: politics, business, world, sport and culture.",
    "Have a news tip? Contact the {o} newsroom securely.",
    "This article was produced by the {o} news desk and edited for length and clarity.",
    "Listen to the {o} daily podcast, wherever you get your podcasts.",
]


@dataclass
class Outlet:
    name: str
    header: list[str]
    footer: list[str]

    def wrap(self, body: str) -> str:
        return "\n".join([*self.header, body, *self.footer])


def make_outlets(count: int, rng: random.Random) -> list[Outlet]:
    """`count` outlets, each with its own template of 2, 5 or 9 lines (strength 1, 2, 3)."""
    outlets = []
    for k in range(count):
        name = f"The {rng.choice(['Daily', 'Evening', 'Morning', 'Weekly'])} " \
               f"{rng.choice(['Ledger', 'Post', 'Herald', 'Courier', 'Times', 'Voice'])} {k}"
        lines = [t.format(o=name) for t in _OUTLET_LINES] + _GENERIC
        rng.shuffle(lines)
        n = (2, 5, 9)[k % 3]
        outlets.append(Outlet(name, lines[: n // 2], lines[n // 2: n]))
    return outlets


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n+", text) if p.strip()]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def rewrite(body: str, kind: str, strength: int, rng: random.Random) -> str:
    """A rewrite of `body` of the given kind and strength (the table in the module doc)."""
    paras = paragraphs(body)
    if kind == "syndicated":
        return "\n".join(paras)
    if kind == "headline":
        return "\n".join(_headline(paras, strength, rng) + paras)
    if kind == "reorder":
        return "\n".join(_reorder(paras, strength, rng))
    if kind == "trim":
        return "\n".join(_trim(paras, strength, rng))
    if kind == "byline":
        return "\n".join(_byline(paras, strength, rng))
    if kind == "edit":
        return "\n".join(_edit(paras, strength, rng))
    if kind == "mixed":
        paras = _trim(paras, strength, rng)
        paras = _reorder(paras, strength, rng)
        paras = _edit(paras, strength, rng)
        return "\n".join(_byline(paras, strength, rng))
    raise ValueError(f"unknown rewrite kind {kind!r}")


def follow_up(original: str, fresh: str, strength: int, rng: random.Random) -> str:
    """A different article on the same subject: `fresh` text quoting 1–3 paragraphs (at most
    15/25/35 % of the words) of `original`."""
    paras, budget = paragraphs(original), (0.15, 0.25, 0.35)[strength - 1]
    limit = max(8, int(budget * sum(len(p.split()) for p in paras)))
    quoted = []
    for p in rng.sample(paras, min(strength, len(paras))):
        words = p.split()[: limit - sum(len(q.split()) for q in quoted)]
        if words:
            quoted.append(" ".join(words))
    new = paragraphs(fresh)
    for q in quoted:
        new.insert(rng.randrange(len(new) + 1), f"As reported earlier: {q}")
    return "\n".join(new)


def _headline(paras, strength, rng):
    words = " ".join(paras).split()
    head = " ".join(rng.sample(words, min(len(words), 9))).capitalize()
    out = [head]
    if strength >= 2:
        out.append(" ".join(rng.sample(words, min(len(words), 20))).capitalize() + ".")
    if strength >= 3:
        sents = sentences(" ".join(paras))
        out += ["Key points"] + rng.sample(sents, min(3, len(sents)))
    return out


def _reorder(paras, strength, rng):
    paras = list(paras)
    if len(paras) < 2:
        return paras
    if strength == 1:
        i = rng.randrange(len(paras) - 1)
        paras[i], paras[i + 1] = paras[i + 1], paras[i]
    elif strength == 2:
        for _ in range(max(1, len(paras) // 3)):
            p = paras.pop(rng.randrange(len(paras)))
            paras.insert(rng.randrange(len(paras) + 1), p)
    else:
        rng.shuffle(paras)
    return paras


def _trim(paras, strength, rng):
    keep = max(1, round(len(paras) * (0.85, 0.70, 0.55)[strength - 1]))
    paras = list(paras[:keep])
    if strength == 3 and len(paras) > 2:
        paras.pop(rng.randrange(1, len(paras) - 1))
    return paras


def _byline(paras, strength, rng):
    name, agency, city = rng.choice(_NAMES), rng.choice(_AGENCIES), rng.choice(_CITIES)
    paras = list(paras)
    out = [f"By {name}, {agency}"]
    if paras:
        paras[0] = f"{city} ({agency}) — {paras[0]}"
    out += paras
    if strength >= 2:
        out.append(f"Reporting by {name}; additional reporting by {rng.choice(_NAMES)}; "
                   f"editing by {rng.choice(_NAMES)}.")
    if strength >= 3:
        out.insert(1, f"Updated {rng.randrange(1, 12)} hours ago")
        out.append("Correction: an earlier version of this story misstated a figure. "
                   "It has been corrected.")
    return out


def _edit(paras, strength, rng):
    rate = (0.02, 0.05, 0.08)[strength - 1]
    vocab = " ".join(paras).split() or ["the"]
    out = []
    for p in paras:
        words = []
        for w in p.split():
            r = rng.random()
            if r < rate / 3:
                continue                                   # a word dropped
            if r < 2 * rate / 3:
                words.append(rng.choice(vocab))            # a word replaced
            elif r < rate:
                words.append(w.rstrip(",;") + ". " + "It")  # a sentence split
            else:
                words.append(w)
        out.append(" ".join(words))
    return out
