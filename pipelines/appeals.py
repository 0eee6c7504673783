"""A closing appeal for the reader's support, cut from the end of trafilatura's text of a page:
the outlet asking to be funded, donated to, joined or subscribed to, under its heading or alone,
a letter to the reader, a block opened by asking to consider supporting the outlet. A pure
function over strings, as ``pipelines.furniture``'s rules are (split out of it to keep each
module small). Each wording comes from a probe page, named where it is matched; the figures of
the rules' sessions are in ``pipelines.furniture``'s docstring and ``bench/HISTORY.md``.
"""
from __future__ import annotations

import re

from pipelines.bodytext import SENTENCE_END, word_count
from pipelines.furniture import QUOTES as _QUOTES

__all__ = ["MAX_APPEAL_WORDS", "cut_closing_appeal"]


#: A reader's appeal for support closing the page ("… Si crees que lo que hacemos merece la pena,
#: apóyanos.", elDiario.es; "… gibt es nur mit Ihrer Unterstützung.", the taz; probe pages).
_APPEAL = re.compile(r"(?i)ap[óo]yanos|apoy[áa]ndonos|haci[ée]ndote\s+miembro|hazte\s+miembro"
                     r"|tu\s+aportaci[óo]n|haz\s+una\s+aportaci[óo]n|haga\s+una\s+donaci[óo]n"
                     # Havana Times's and Diario de Cuba's (probe pages)
                     r"|readers\s+like\s+you|keep\s+publishing|ay[úu]danos\s+a\s+seguir"
                     r"|hazte\s+soci[oa]|funded\s+by\s+(?:our\s+)?readers|reader-(?:funded|supported)"
                     # "Apoye el periodismo local e independiente. Suscríbase hoy a el Nuevo
                     # Herald por solo $1 al mes." (a probe page)
                     r"|apoy[ae]\s+(?:el|al|nuestro)\s+periodismo|suscr[ií]base\s+hoy"
                     # HuffPost's ("The truth is, news costs money to produce …", "Would you join us
                     # to help keep our stories free for all? Your contribution of as little as $2 …")
                     r"|news\s+costs\s+money\s+to\s+produce|keep\s+our\s+(?:stories|journalism|news|content)\s+free"
                     # TheBlaze's ("Want to leave a tip? / We answer to you. … by leaving a tip today.")
                     r"|leav(?:e|ing)\s+(?:us\s+)?a\s+tip\b"
                     r"|your\s+contribution\s+of\s+as\s+little\s+as"
                     # the heading over The New Republic's ("Hope you’re enjoying this article.") and
                     # National Review's ("If you enjoyed this article, we have a favor to ask.")
                     r"|enjoy(?:ing|ed)\s+this\s+(?:article|story|piece)"
                     # Übermedien's ("Dieser Artikel ist frei zugänglich." over "Übermedien ist
                     # unabhängig, werbefrei und wird von seinen Leserinnen und Lesern finanziert.
                     # … brauchen wir Ihre Unterstützung.")
                     r"|(?:dieser\s+artikel\s+ist|this\s+article\s+is)\s+(?:frei\s+zug[äa]nglich|free\s+to\s+read)"
                     r"|von\s+(?:seinen|unseren|ihren)\s+leser(?:inne)?n(?:\s+und\s+lesern)?\s+finanziert"
                     r"|brauchen\s+wir\s+ihre\s+unterst[üu]tzung"
                     # "Werden Sie jetzt Unterstützer:in von DER STANDARD …" (a probe page)
                     r"|werden\s+sie\s+(?:jetzt\s+)?(?:unterst[üu]tzer|mitglied|f[öo]rder)"
                     r"|join\s+our\s+community\s+of\s+(?:members|supporters)|become\s+a\s+(?:member|supporter|patron)\b"
                     r"|soutenez\s+une\s+r[ée]daction|support\s+(?:us\b|our\s+work|our\s+journalism|independent\s+journalism)|unterst[üu]tzen\s+sie\s+(?:uns\b|unabh[äa]ngigen)|mit\s+ihrer\s+"
                     r"unterst[üu]tzung|soutenez-nous|soutenez\s+(?:notre|le)\s+journalisme|apoie\s+o\s+"
                     r"(?:nosso\s+)?jornalismo|sostienici|sostieni\s+(?:il\s+)?(?:nostro\s+)?giornalismo")
#: The appeal is a paragraph at most this long; its heading above it at most MAX_APPEAL_HEADING_WORDS.
MAX_APPEAL_WORDS = 70
MAX_APPEAL_HEADING_WORDS = 10
#: An appeal this short closes the text without a heading, when it asks for "us" in the
#: imperative (not "… with your support", which a report may say) and quotes nobody.
SHORT_APPEAL_WORDS = 15
_ASKS_US = re.compile(r"(?i)\b(?:ay[úu]danos|ap[óo]yanos|help\s+us|support\s+us|sostienici|aiutaci"
                      r"|soutenez-nous|aidez-nous|apoie-nos|ajude-nos|unterst[üu]tzen\s+sie\s+uns)\b")
#: Up to this long when it asks for the outlet (``_ASKS``) and says two of the appeal's phrases
#: (``_APPEAL``): "Help Havana Times keep publishing. Independent journalism from Cuba and
#: Nicaragua depends on readers like you. Make a donation today." (a probe page); a story's
#: "Residents can help the shelter keep going by donating food." says none.
ASKING_APPEAL_WORDS = 40
_ASKS = re.compile(r"(?i)\b(?:help\s+(?:[\w-]+\s+){1,3}keep\s+(?:publishing|reporting|going)"
                   r"|make\s+a\s+donation|donate\s+(?:today|now))\b")


#: A block of appeal closing the text, opened by asking the reader to consider supporting the
#: outlet ("I hope you appreciated this article. Before you move on, I wanted to ask if you would
#: consider supporting the Guardian's journalism …", three paragraphs after it; a probe page): at
#: most this many lines, each of at most MAX_APPEAL_WORDS words, in the text's last half.
MAX_APPEAL_BLOCK_LINES = 6
_ASKS_SUPPORT = re.compile(r"(?i)\b(?:(?:would|will|could|please)\s+(?:you\s+)?consider\s+(?:supporting|"
                           r"(?:making\s+|giving\s+)?a\s+(?:donation|contribution|gift)|donating|contributing)"
                           r"|consid[ée]r[ae]\s+(?:apoyar|apoiar|hacer\s+una\s+(?:donaci[óo]n|aportaci[óo]n)))\b")


#: A letter to the reader opening on a line of its own ("Gentile lettore,", Il Fatto
#: Quotidiano's appeal under every story in a probe; "Dear reader,", "Querido lector:").
_SALUTATION = re.compile(r"(?i)^(?:dear\s+readers?|gentil[ei]\s+lett(?:ore|ori|rice|rici)|car[oa]\s+lett(?:ore|rice)"
                         r"|querid[oa]s?\s+lector(?:a|es|as)?|estimad[oa]s?\s+lector(?:a|es|as)?"
                         r"|ch(?:er|[èe]re)s?\s+lect(?:eur|rice)s?|liebe\s+leser(?:in|innen)?(?:,\s*lieber\s+leser)?"
                         r"|car[oa]s?\s+leitor(?:a|es|as)?|prezad[oa]s?\s+leitor(?:a|es|as)?)\s*[,:!]?$")


#: A note that the story was updated or corrected, closing it below the outlet's appeal
#: ("This article has been updated with comment from …", HuffPost's, a probe page); kept, as
#: the benchmark's truth keeps corrections.
_UPDATE_NOTE = re.compile(r"(?i)(?:this\s+(?:article|story|post)\s+(?:has\s+been|was)\s+(?:updated|corrected)"
                          r"|an\s+earlier\s+version\s+of\s+this\s+(?:article|story)|(?:editor['’]s\s+note|correction)\s*:"
                          r"|este\s+art[ií]culo\s+(?:ha\s+sido|fue)\s+(?:actualizado|corregido)"
                          r"|dieser\s+artikel\s+wurde\s+(?:aktualisiert|korrigiert)"
                          r"|cet\s+article\s+a\s+[ée]t[ée]\s+(?:mis\s+[àa]\s+jour|corrig[ée])"
                          r"|in\s+een\s+eerdere\s+versie\s+van\s+dit\s+artikel)")


#: A line of an offer's buttons closing the text ("Subscribe Now Donate", The New Republic's under
#: its appeal, a probe page): labels to subscribe, donate, support, join or sign in, nothing else.
_BUTTONS = re.compile(r"(?i)^(?:(?:subscribe|donate|support(?:\s+us)?|contribute|give|join|sign\s+(?:up|in)|log\s+in|leave\s+a\s+tip"
                      r"|suscr[ií]bete|suscr[ií]base|dona|abonnieren|spenden|s['’]abonner|faire\s+un\s+don)"
                      r"(?:\s+(?:now|today|here|ahora|jetzt))?[\s|·•/]*){1,4}$")


def _appeal_heading(lines: list[str], i: int) -> bool:
    """Whether ``lines[i]`` heads an appeal: a heading (at most MAX_APPEAL_HEADING_WORDS words, no
    sentence's end) above paragraphs of which two or more, the last among them, say an appeal's
    words or ask to consider supporting the outlet ("Our 2026 Coverage Needs You" over
    HuffPost's three paragraphs, "Something to Consider" over National Review's two; probe
    pages)."""
    after = lines[i + 1:]
    return (word_count(lines[i]) <= MAX_APPEAL_HEADING_WORDS and not lines[i].rstrip().endswith(SENTENCE_END)
            and len(after) >= 2 and _says_appeal(after[-1]) and sum(map(_says_appeal, after)) >= 2)


def _says_appeal(line: str) -> bool:
    """Whether `line` says an appeal's words (``_APPEAL``) or asks to consider supporting us."""
    return bool(_APPEAL.search(line) or _ASKS_SUPPORT.search(line))


def cut_closing_appeal(text: str) -> str:
    """`text` without a closing appeal for the reader's support: its last line, of at most
    ``MAX_APPEAL_WORDS`` words, asks for it (``_APPEAL``) under a heading (a line of at most
    ``MAX_APPEAL_HEADING_WORDS`` words, no sentence unless it says an appeal's words too); or
    that heading alone ("Soutenez une rédaction indépendante" above an offer that is gone:
    Libération's); or a short appeal alone (``SHORT_APPEAL_WORDS``, ``_ASKS_US``) quoting
    nobody; or a letter to the reader from its salutation, in the last half of the text, on
    ("Gentile lettore,"), or from a line asking to consider supporting the outlet
    (``_ASKS_SUPPORT``, ``MAX_APPEAL_BLOCK_LINES``), or from a heading above paragraphs of which
    two or more, the last among them, say an appeal's words. A story's last paragraph that
    quotes such words follows another paragraph, and stays. A note that the story was updated
    or corrected, below the appeal, stays as its last line (``_UPDATE_NOTE``); a line of the
    offer's buttons closing the text goes (``_BUTTONS``)."""
    lines = text.split("\n")
    if len(lines) > 3 and _BUTTONS.match(lines[-1].strip()):
        lines = lines[:-1]   # the offer's buttons, whatever is above them
        text = "\n".join(lines)
    if len(lines) > 3 and word_count(lines[-1]) <= MAX_APPEAL_WORDS and _UPDATE_NOTE.match(lines[-1].strip()):
        rest = "\n".join(lines[:-1])
        cut = _cut_appeal(rest)
        return text if cut == rest else f"{cut}\n{lines[-1]}"
    return _cut_appeal(text)


def _cut_appeal(text: str) -> str:
    """``cut_closing_appeal``'s rules on a text whose buttons and update note are set aside."""
    lines = text.split("\n")
    offset = 0
    for i, line in enumerate(lines):
        if i and offset >= len(text) / 2 and i >= len(lines) - MAX_APPEAL_BLOCK_LINES and (
                (_ASKS_SUPPORT.search(line) and not _QUOTES.search(line)) or _appeal_heading(lines, i)) and all(
                    word_count(rest) <= MAX_APPEAL_WORDS for rest in lines[i:]):
            return "\n".join(lines[:i]).rstrip()
        if i and offset >= len(text) / 2 and _SALUTATION.match(line.strip()):
            return "\n".join(lines[:i]).rstrip()
        offset += len(line) + 1
    if len(lines) < 3 or word_count(lines[-1]) > MAX_APPEAL_WORDS or not _APPEAL.search(lines[-1]):
        return text
    if word_count(lines[-2]) <= MAX_APPEAL_HEADING_WORDS and (
            not lines[-2].rstrip().endswith(".") or _APPEAL.search(lines[-2])):
        # the appeal under its heading, which may be a sentence that says it ("Caracas
        # Chronicles is 100% reader-supported.", a probe page)
        return "\n".join(lines[:-2])
    # two paragraphs of appeal under it ("Thank you for reading / At The Independent, we believe
    # … we rely on readers like you … / Support us today with a contribution …"; a probe page)
    if (len(lines) > 4 and word_count(lines[-3]) <= MAX_APPEAL_HEADING_WORDS
            and not lines[-3].rstrip().endswith(".") and word_count(lines[-2]) <= MAX_APPEAL_WORDS
            and _APPEAL.search(lines[-2])):
        return "\n".join(lines[:-3])
    if len(lines) > 3 and word_count(lines[-1]) <= MAX_APPEAL_HEADING_WORDS and not lines[-1].rstrip().endswith(
            SENTENCE_END):
        return "\n".join(lines[:-1])   # a heading alone, its offer gone
    # a short appeal alone ("DIARIO DE CUBA es un medio independiente. Ayúdanos a seguir
    # haciéndolo.", the prompt above it gone)
    last, words = lines[-1], word_count(lines[-1])
    if len(lines) > 3 and not _QUOTES.search(last) and (
            words <= SHORT_APPEAL_WORDS and _ASKS_US.search(last)
            or words <= ASKING_APPEAL_WORDS and (_ASKS_US.search(last) or _ASKS.search(last))
            and len({m.group(0).lower() for m in _APPEAL.finditer(last)}) >= 2):
        return "\n".join(lines[:-1])
    return text
