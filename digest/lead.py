"""The words a digest entry shows besides its title: a lead of 1–2 sentences and why it is here.

Pure functions over stored text. Extractors keep what sits above an article's first sentence: a
kicker, the headline again, a byline ("By …", "Por …"), a date line ("Updated …", "Actualizado …"),
a photo credit; agency copy starts with a dateline ("HAVANA (Reuters) - ", "LA HABANA, 12 nov
(EFE).- "). Those are dropped, then the first sentence (two when the first is short) is kept.
The rules come from the openings of the extraction benchmark's pages (shared corpus), written as
general patterns of the trade, not per outlet.
"""
from __future__ import annotations

import re
from collections import Counter

_BOILERPLATE = re.compile(
    r"^(by|por|written by|reporting by|redacción|redaccion|staff|text|texto|photo|foto|image|"
    r"imagen|updated|actualizado|published|publicado|last updated|read more|leer más|"
    r"lee también|lea también|see also|ver también|subscribe|suscríbete|newsletter|share|"
    r"compartir|advertisement|publicidad|listen|escuchar|follow us|síguenos|"
    # the same lines in the other languages topics are written in (pt, fr, de, it)
    r"atualizado|publicado em|leia também|mis à jour|publié|lire aussi|aktualisiert|"
    r"veröffentlicht|stand(?=:)|lesedauer|lesezeit|lesen sie auch|mehr zum thema|bild|"
    r"aggiornato|pubblicato|leggi anche)\b"
    r"|©|copyright|all rights reserved|todos los derechos|\bmin(ute)?s? read\b|"
    r"\bminutos? de lectura\b|\btemps de lecture\b|\btempo de leitura\b|\bminuti di lettura\b|"
    r"getty images|\(photo|\(foto", re.I)
#: A byline by a preposition and a capitalised name ("Von Hans Müller | 5. März 2026", "Par
#: Marie Dupont", "Di Marco Rossi, Roma"): the name's second word is capitalised too, so "Von der
#: Leyen sagte …" and "Di fronte a …" stay prose.
_BYLINE = re.compile(r"^(?:[Vv]on|[Pp]ar|[Dd]i|[Dd]e|[Dd]a)\s+[A-ZÀ-ÖØ-Þ][\w.'’-]*\s+[A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s*[,|/·]|\s+(?:und|et|e|y)\s|$)")
#: A line that opens with a date: "05.03.2026, 12:00 Uhr", "5. März 2026 | …", "2026-03-05 …".
_DATE_FIRST = re.compile(r"^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d\d-\d\d|\d{1,2}\.?\s+[^\W\d_]+\.?\s+\d{4})\b")
_MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|ene|abr|ago|dic)[a-z]*\.?")
# CITY[, Region][, 12 nov] [(AGENCY)] followed by a dash or ".-": the dateline of wire copy.
_DATELINE = re.compile(
    r"^(?:(?P<city>[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ'’.\- ]{1,40})|[A-ZÁÉÍÓÚÑ][\wáéíóúñ'’.\- ]{1,30})"
    r"(?:,\s*[\wÁÉÍÓÚÑáéíóúñ .]{1,30}?)?"
    rf"(?:,?\s*(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}})(?:,?\s*\d{{4}})?)?\s*"
    r"(?P<agency>\([^)]{1,40}\))?\s*(?:[—–-]{1,2}|\.-|:)\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»’]?\s+(?=[\"“«¿¡(A-ZÁÉÍÓÚÑ0-9])")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "sr", "sra", "srta", "st", "gen", "gov", "sen", "rep",
                  "lt", "col", "jr", "no", "ee", "uu", "u.s", "p.ej", "etc", "vs", "prof", "gral"}


def lead(text: str, title: str | None = None, limit: int = 320) -> str:
    """The first 1–2 sentences of `text` (a stored body, paragraphs separated by newlines),
    without kicker, repeated headline, byline, date line, photo credit or dateline; at most
    `limit` characters (cut at a word, with "…")."""
    folded_title = " ".join((title or "").split()).casefold()
    paragraphs = [" ".join(p.split()) for p in (text or "").split("\n") if p.strip()]
    kept = []
    for p in paragraphs:
        folded = p.casefold()
        if kept or len(p.split()) >= 8 and not _BOILERPLATE.search(p[:80]) \
                and not _BYLINE.match(p) and not _DATE_FIRST.match(p) and folded != folded_title:
            kept.append(p)
    # Agency copy often has a standfirst, then the dateline at the start of the body proper. A
    # paragraph is a sentence's end: a standfirst without a full stop ran into the body ("…de
    # Fidel Castro El gobierno de Donald Trump…", a tester).
    body = " ".join(_ended(strip_dateline(p)) for p in kept) or " ".join(paragraphs)
    if folded_title and body.casefold().startswith(folded_title):
        body = body[len(folded_title):].lstrip(" .:-—")
    body = strip_dateline(body)
    sentences = split_sentences(body)
    out = sentences[0] if sentences else body
    if len(sentences) > 1 and len(out) < 140:
        out = f"{out} {sentences[1]}"
    if len(out) <= limit:
        return out
    return out[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _ended(paragraph: str) -> str:
    """`paragraph` with a full stop when it ends without any closing punctuation."""
    return paragraph if not paragraph or paragraph[-1] in _CLOSING else paragraph + "."


_CLOSING = frozenset(".!?…:;\"”»’)]")


def strip_dateline(text: str) -> str:
    """`text` without a leading wire dateline; a match must have an all-caps city or an agency
    in parentheses, so an ordinary sentence with a dash is left alone."""
    m = _DATELINE.match(text)
    if m and (m.group("city") and len(m.group("city").strip()) > 2 or m.group("agency")):
        return text[m.end():]
    return text


def split_sentences(text: str) -> list[str]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        word = text[start:m.start()].rsplit(" ", 1)[-1].rstrip(".!?…\"”»’").casefold()
        if word in _ABBREVIATIONS or len(word) == 1:
            continue
        out.append(text[start:m.start()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def why(evidence: list[str], n: int = 3) -> list[str]:
    """The `n` strongest matched phrases of stored evidence (entries like "[term, term] sentence"
    as ``topics.score`` writes them): the terms found in most evidence sentences, first-seen
    first on ties. A term "a + b" (both in one sentence) is shown as "a … b"."""
    counts: Counter[str] = Counter()
    order: dict[str, int] = {}
    for item in evidence or []:
        m = re.match(r"\[([^\]]*)\]", str(item))
        if not m:
            continue
        for term in (t.strip() for t in m.group(1).split(",")):
            if term:
                counts[term] += 1
                order.setdefault(term, len(order))
    best = sorted(counts, key=lambda t: (-counts[t], order[t]))[:n]
    return [t.replace(" + ", " … ") for t in best]
