"""A byline cut to its names: what follows them and is no name goes (a credit for the pictures,
an editor's or a translator's, a date, the later fields of a line, notes in brackets). Pure;
``pipelines.authornames`` then reads the names (split out of it to keep each module small)."""
from __future__ import annotations

import re

from pipelines.dateforms import date_start

__all__ = ["byline_core", "BRACKETS", "HAS_DIGIT", "URLISH"]

#: A credit for the pictures, video or graphics after the byline's names ("… Fotos: José Pérez"),
#: or an editor's ("… | Edição: Pedro Lima").
_MEDIA_CREDIT = re.compile(r"\s*[.,;|/–—-]\s*(?:fotos?|fotografías?|fotografia|photos?|"
                           r"photographs?|pictures?|images?|imágenes|imagens|ilustraci[oó]n|"
                           r"illustrations?|"
                           r"v[ií]deos?|infograf[ií]as?|gr[aá]ficos?|graphics?|bilder|grafiken?|"
                           # an editor's, a translator's or a coordinator's label ("Texto: Ana
                           # Souza | Edição: Pedro Lima")
                           r"edici[oó]n|edição|edicao|édition|edition|editing|editor[a]?|"
                           r"revisi[oó]n|revisão|revisao|traducci[oó]n|tradução|traducao|traduction|"
                           r"translation|coordinaci[oó]n|coordenação|coordenacao)"
                           r"\s*:", re.IGNORECASE)
#: An author box's label before the name ("About the Author - Florina Ionescu"), which the dash
#: after it would otherwise set apart as the agency's part.
_BOX_LABEL = re.compile(r"^(?:about\s+the\s+author|sobre\s+(?:el|la|o|a)\s+autora?|"
                        r"über\s+(?:den|die)\s+autor(?:in)?|à\s+propos\s+de\s+l['’]auteur)"
                        r"\s*[:\-–—|]?\s*", re.IGNORECASE)
#: An e-mail address beside a name ("Jane Doe jane@example.com"): the address goes, the name stays.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: Shared with ``pipelines.authornames``: a digit; an address or domain name; a note in brackets.
HAS_DIGIT = re.compile(r"\d")
#: An address or a domain name ("finanztreff.de", "wien.ORF.at", "stol.it"): the outlet, not a
#: person (a login name such as "christian.stadtfeld" ends in a longer word than a top-level domain).
URLISH = re.compile(r"https?://|www\.|@|\.(?:com|org|net|info|online|news|media|blog)\b"
                     r"|[^\W_]{2,}\.[a-z]{2}(?![\w.])", re.IGNORECASE)
#: A name whose bracket gives it the pictures ("Petra Schmidt (Fotos)"), with the joint before it.
_MEDIA_NAME = re.compile(r"(?:\s*[,;/|&]|\s+(?:and|y|und|et|e))?\s*[^,;/|&()]*\(\s*(?:fotos?|photos?|"
                         r"bilder|bild|video|grafik|illustration|ilustraci[oó]n|infograf[ií]a)\s*\)",
                         re.IGNORECASE)
#: Who edited or translated the piece after its authors ("Written by Jane Doe. Edited by John
#: Roe", "Reporting by Ana Ruiz; Editing by Luis Díaz"): not an author.
_EDITOR_CREDIT = re.compile(r"\s*[.,;|/]?\s*\b(?:edited|editing|translated|translation|traducci[oó]n|"
                            r"traducid[oa]|editad[oa]|edici[oó]n|übersetzt|übersetzung|redigiert|"
                            r"bearbeitet)\s+(?:by|por|de|von|par)\b.*$", re.IGNORECASE)

#: Who made the pictures, the styling or the production after the authors ("written by Connie
#: Wang; Photographed by Sharokh Mirzai; Styled by Bethie Girmai", "Produced by"): no authors.
_CONTRIBUTOR_CREDIT = re.compile(r"(?:\s*[.,;|/·•]\s*|\s+(?=(?-i:[A-Z])))\b(?:photographed|photography|photos?|modell?ed|styled|styling|"
                                 r"illustrated|illustrations?|hair|make-?up|videos?|graphics|designed|design|"
                                 r"produced|production|fotos?|fotograf[ií]as?|ilustrad[oa]|ilustraci[oó]n|"
                                 r"producid[oa]|producci[oó]n|realizaci[oó]n)\s+(?:by|por|de|von|par)\b.*$",
                                 re.IGNORECASE)


def byline_core(text: str) -> str:
    """A byline's text without an author box's label before its names, and without what follows
    them and is no name: a credit for the
    pictures ("Texto: Ana Ruiz. Fotos: José Pérez"), the later fields of a line with a date
    ("Name | Place | 08/01/2014"), a date after the names ("By Nathan Willis March 25, 2015")
    and notes in brackets ("Ana Ruiz (La Habana, EFE)", "Jean Dupont (avec AFP)"), unless a bracket holds an address ("Deutsche Welle (www.dw.com)":
    the outlet, which the caller must see). Whitespace is normalised; punctuation is kept."""
    text = _BOX_LABEL.sub("", " ".join(text.split()))
    text = _EMAIL.sub(" ", text).strip() if "@" in text else text   # "홍길동 기자 hong@yna.co.kr"
    text = _EDITOR_CREDIT.sub("", text) if _EDITOR_CREDIT.search(text[1:]) else text
    text = _CONTRIBUTOR_CREDIT.sub("", text) if _CONTRIBUTOR_CREDIT.search(text[1:]) else text
    text = _MEDIA_CREDIT.split(text, 1)[0] if _MEDIA_CREDIT.search(text[1:]) else text
    text = _MEDIA_NAME.sub("", text) if _MEDIA_NAME.search(text[1:]) else text
    lead = _LATER_LEAD_IN.search(text) if HAS_DIGIT.search(text) else None
    if lead and date_start(text[:lead.start()]) is not None:
        text = text[lead.start():].strip()   # "January 17, 2017 at 6:08 PM ET by Kori Schulman"
    if "|" in text and HAS_DIGIT.search(text):
        text = text.split("|", 1)[0]
    start = date_start(text) if HAS_DIGIT.search(text) else None
    if start:  # "By Nathan Willis March 25, 2015": the date goes, with an "on" or a dash before it
        text = _BEFORE_DATE.sub("", text[:start]) or text
    if any(URLISH.search(b) for b in BRACKETS.findall(text)):
        return text
    return " ".join(BRACKETS.sub(" ", text).split())
#: A lead-in after a date ("January 17, 2017 at 6:08 PM ET by Kori Schulman", "05.03.2026 -
#: Por Ana Ruiz"): the byline starts there. A capital after it ("von der Leyen" is a name).
_LATER_LEAD_IN = re.compile(r"\s(?i:by|por|von|par)\s+(?=[A-ZÀ-Þ])")
#: What joins a byline's names to the date after them: "on", "el", "le", "am", a comma, a dash,
#: "Last updated:".
_BEFORE_DATE = re.compile(r"[\s,|·•–—-]*(?:\b(?:last\s+)?(?:updated|modified|published|posted)(?:\s+on)?\s*:?"
                          r"|\b(?:on|el|le|am|em|den|the))?[\s,|·•–—-]*$", re.IGNORECASE)
BRACKETS = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")
