"""Rules applied to trafilatura's text of a page: edges cleaned, a split article joined. Pure
functions over strings and the page's link texts (a listing told apart by its text:
``pipelines.teasers``).

Why each rule exists, and what it measured on the 181 pages of the article-extraction-benchmark
(shingle F1, ``python bench/extraction.py --rules``; trafilatura's text alone: 0.9624):

- ``strip_edges``: the headline repeated as the first line (trafilatura keeps the ``<h1>``; the
  body does not need it twice), link-only and punctuation-only lines at the top and bottom
  (menus, "related" lists, the menu row of a layout table, adbar/trafilatura#890): 0.9668.
  Later, the date line above the body (``dateforms.date_only``: a date, its weekday, time and
  "published" lead-in, nothing else): the whole chain 0.9722 -> 0.9724 (half B 0.9783 ->
  0.9789, half A unchanged), trafilatura's 990 pages 0.9246 -> 0.9248, newspaper4k's 0.9457
  unchanged; a date-only last line is rarer: dropping it too changed nothing then; it goes
  since (twenty-sixth session, with an update in brackets beside it: Corriere della Sera's
  template in a probe; ``drop_closing_dates`` again once the furniture under it is gone): the
  benchmark's P 0.9748 -> 0.9749, recall 0.9802 -> 0.9801 (one page's "29 November 2018 | 20
  January 2019"). A kicker glued to the headline ("Umstrittener TiefseebergbauNorwegen legt …",
  spans of one heading) opens no text either, nor does a photo's caption whose credit closes it
  ("… downtown Cairo. File Photo: Reuters", Ahram Online's template in a probe; the public sets
  unchanged).
- ``drop_link_lines``: lines of up to 60 words that are mostly the text of links (teaser lists
  between paragraphs): 0.9683.
- ``continue_body``: an article split in two by an advertisement or subscription box, of which
  trafilatura keeps the first half; the rest is taken from **resiliparse**'s main-content text
  (a second extractor, about 2 ms a page here) when, right after trafilatura's last paragraph and
  at most one short line, at least two more long prose paragraphs follow: 0.9711 (it fired on 2
  of 181 pages; looser settings took author bios and comment rules and scored lower, and a
  line-by-line vote of the two extractors scored 0.960-0.967).


The two halves of the benchmark (by a hash of the page id) moved the same way with each rule
except ``drop_link_lines`` (half A -0.001, half B +0.004). The block of related articles at the
end and the furniture lines (``cut_related_tail``, ``drop_credit_lines``) are cut by
``pipelines.furniture``.
"""
from __future__ import annotations

import logging
import re
from pipelines.authornames import clean_authors
from pipelines.bylinesearch import LEAD_IN_LINE
from pipelines.dateforms import PUBLISHED, UPDATED, date_only
from pipelines.pagelinks import norm_text

logger = logging.getLogger(__name__)

__all__ = ["LINK_SHARE", "SENTENCE_END", "continue_body", "drop_closing_dates", "drop_link_lines", "link_share",
           "long_links", "strip_edges", "table_cells", "word_count"]

_TOKEN = re.compile(r"\w+")
_NON_WORD = re.compile(r"[\W_]+")
_BRACKETED = re.compile(r"\([^()]*\)")
#: A kicker glued to the headline: at most this many letters and digits.
MAX_KICKER_CHARS = 50
_TABLE_RULE = re.compile(r"^[-:| ]+$")
#: Link texts shorter than this are not searched inside lines ("Home", "More" occur in prose).
MIN_LINK_CHARS = 12
#: A line is "mostly links" when link texts cover this share of its characters.
LINK_SHARE = 0.7
#: Lines longer than this many words are prose even when they hold many links.
MAX_LINK_LINE_WORDS = 60
#: ``continue_body``: a prose paragraph has at least this many words and ends a sentence.
PROSE_WORDS = 20
SENTENCE_END = tuple(".!?\"”’')»。！？」")

#: The comments' heading in the outlets' languages (en, es, pt, fr, de, it, nl, da/nb/sv, pl, tr,
#: cs), with their count ("Reacties (214)", "Komentarze (87)", "12 comments"): a line of its own
#: where the comments begin. One pattern for ``continue_body``, ``furniturelines``' lines and
#: ``furniture``'s related headings (no spaces: verbose-mode safe).
COMMENTS = (r"(?:(?:\d+\s+)?(?:comments?|kommentare?|comentarios?|commentaires?|coment[aá]rios?"
            r"|commenti|reacties|kommentarer|komentarze|komentáře|yorumlar?)(?:\s*[(\[]\d+[)\]]|\s+\d+)?"
            # Der Spiegel's heading and its box's placeholder ("Diskutieren Sie mit", "Die
            # Kommentarfunktion wird geladen…"; a probe page)
            r"|diskutieren\s+sie\s+mit|(?:die\s+)?kommentarfunktion\s+(?:wird\s+geladen|ist\s+(?:geschlossen|deaktiviert)))")
_COMMENTS_HEADING = re.compile(rf"^\s*{COMMENTS}\s*[:.…]*\s*$", re.I)


def table_cells(line: str) -> list[str]:
    """A Markdown table row's cells (trafilatura escapes pipes inside a cell as ``\\|``)."""
    if not line.lstrip().startswith("|"):
        return [norm_text(line.lstrip("-•* "))]
    cells = [norm_text(c) for c in line.replace("\\|", "|").strip().strip("|").split("|")]
    return [c for c in cells if c and not _TABLE_RULE.match(c)]


def _link_only(line: str, links: set[str]) -> bool:
    cells = table_cells(line)
    return bool(cells) and all(c in links for c in cells)


def long_links(links: set[str]) -> list[str]:
    """The link texts long enough to be searched inside lines (``MIN_LINK_CHARS``)."""
    return [link for link in links if len(link) >= MIN_LINK_CHARS]


def link_share(text: str, long: list[str]) -> float:
    """The share of `text`'s characters that `long` (``long_links``) cover."""
    covered = sum(len(link) for link in long if link in text)
    return covered / max(len(text), 1)


#: A line that says nothing but how long ago the story was published or updated ("Atualizado há
#: 2 horas", "Hace 3 horas", "Updated 3 hours ago", "vor 2 Stunden"), above the text.
RELATIVE_TIME = re.compile(
    r"^(?:(?:last\s+)?updated|actualizado|atualizado|publicado|published|aktualisiert|mis à jour|"
    r"modifié|publié|aggiornato|pubblicato)?\s*:?\s*(?:hace|há|ha|il y a|vor|about)?\s*"
    r"(?:un|una|uma|une|an?|einer?|\d+)\s+(?:minutos?|minutes?|mins?|horas?|hours?|hrs?|h|días?|"
    r"dias?|days?|jours?|heures?|stunden?|tagen?|minuten|ore|ora|giorni|giorno|semanas?|weeks?)"
    r"\s*(?:ago|atrás|fa)?\.?$", re.IGNORECASE)
#: A clock time alone above the text ("17:48 hrs", the first entry's time of Milenio's live blog
#: in a probe; "10:15 a.m. ET", "17.48 Uhr").
CLOCK_TIME = re.compile(r"^\d{1,2}[:.h]\d{2}\s*(?:hrs?\.?|hs?\.?|horas|uhr|[ap]\.?\s?m\.?)?(?:\s*[A-Z]{2,4})?$",
                        re.IGNORECASE)
#: A stamp line: a "published"/"updated" lead-in (``dateforms.PUBLISHED``, ``UPDATED``, or
#: "posted"), then a time, a short numeric date (a two-digit year, which ``dateforms.date_only``
#: does not read) or both, and nothing else ("Updated 03/18/26 9:41 AM ET" above the text and
#: "Updated at 9:41 a.m. ET" closing it, The Hill's template in a probe; "Actualizado a las
#: 10:20 h", "Publicado 05/03/26").
_STAMP_LINE = re.compile(
    rf"^[-–—•|·\s]*(?:last\s+)?(?:{PUBLISHED.pattern}|{UPDATED.pattern}|posted)\s*:?\s*"
    r"(?:(?:on|at|el|a\s+las|em|às|am|um|le|à|il|alle(?:\s+ore)?)\s+)?"
    r"(?:(?P<date>\d{1,2}[/.-]\d{1,2}[/.-]\d{2}(?:\d{2})?)\s*(?:,|at|a\s+las|às|um|à|alle(?:\s+ore)?|-|–)?\s*)?"
    r"(?P<time>\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?\s?m\.?|hs?\.?|hrs?\.?|horas|uhr)?(?:\s*(?-i:[A-Z]{2,4}))?)?\.?\s*$",
    re.IGNORECASE)


def stamp_line(line: str) -> bool:
    """Whether `line` is a publication or update stamp and nothing else (``_STAMP_LINE``)."""
    match = _STAMP_LINE.match(line.strip())
    return bool(match and (match["date"] or match["time"]))


#: An agency's dateline alone on the line above the text ("MADRID, 4 Dic. (EUROPA PRESS) -",
#: Europa Press's template in a probe; "LA HABANA, 3 dic (EFE).-", "WASHINGTON (Reuters) -"): the
#: place in capitals, a day, the agency in brackets and a dash, and nothing of the story.
DATELINE_ALONE = re.compile(
    r"^(?-i:[A-ZÁÉÍÓÚÑÜÇÃÕÂÊÔÀÈ][A-ZÁÉÍÓÚÑÜÇÃÕÂÊÔÀÈ .'’/-]{1,40}),?\s*(?:\d{1,2}(?:\s+\w{3,10}\.?)?(?:\s+\d{4})?)?"
    r"\s*\([^()\d]{2,30}\)\s*[-–—.:]*\s*$", re.IGNORECASE)
#: The BBC World Service's box of the article's information above the text, its heading and its
#: items ("Información del artículo", "- Autor, Carolina Mena", "- Título del autor, BBC News
#: Mundo", "- Reporting fromMiami"; BBC News Mundo's template in a probe).
_ARTICLE_INFO = re.compile(
    r"^(?:informaci[óo]n\s+del\s+art[íi]culo|article\s+information|informa[çc][õo]es\s+do\s+artigo"
    r"|informations\s+sur\s+l['’]article)$"
    r"|^[-•*]?\s*(?:autor(?:a|es)?|authors?|t[íi]tulo\s+del\s+autor|role|fun[çc][ãa]o|cargo|reporting\s*from"
    r"|informando\s+desde|reportando\s+desde|reportagem\s+de)\s*,\s*\S.{0,60}$"
    r"|^[-•*]?\s*reporting\s*from\s*\S.{0,40}$", re.IGNORECASE)
#: A byline line above the text has at most this many words.
MAX_BYLINE_LINE_WORDS = 14


def _byline_line(line: str) -> bool:
    """Whether a line is a byline ("Por Carolina Mendes e Rafael Tavares, GNotícias — Brasília"):
    a lead-in (``bylinesearch.LEAD_IN_LINE``), at most MAX_BYLINE_LINE_WORDS words, no full
    stop, and names in it."""
    if not LEAD_IN_LINE.match(line) or len(line.split()) > MAX_BYLINE_LINE_WORDS or line.endswith("."):
        return False
    return bool(clean_authors(line))


#: A consent banner's notice ("Utilizamos cookies propias y de terceros …", "We use cookies …"),
#: left at an edge of the text when its box has no "cookie" class for trafilatura to discard.
_COOKIE_NOTICE = re.compile(r"\b(?:utilizamos|usamos|we use|this (?:site|website) uses|nous utilisons|"
                            r"ce site utilise|wir verwenden|diese (?:website|seite) verwendet|utilizziamo|"
                            r"questo sito utilizza|este (?:site|sitio|portal) (?:usa|utiliza)|"
                            r"vi (?:bruger|bruker|använder)|(?:wij|we) gebruiken|"
                            r"deze (?:website|site) gebruikt|używamy|používáme|"
                            # the IAB consent framework's wording ("We and our partners store
                            # and/or access information on a device, such as cookies"; a probe page)
                            r"we and our (?:\d+ )?partners|nosotros y nuestros socios|"
                            r"nous et nos partenaires|wir und unsere partner|noi e i nostri (?:\d+ )?partner|"
                            r"n[óo]s e os nossos parceiros)\b"
                            r"[^.]{0,80}\bcookies?\b"
                            # the consent framework's other purposes ("With your permission we and our
                            # partners may use precise geolocation data and identification through
                            # device scanning."; The Independent's, a probe page)
                            r"|\bprecise\s+geolocation\s+data\b|\bidentification\s+through\s+device\s+scanning\b"
                            r"|\bstore\s+and/or\s+access\s+information\s+on\s+a\s+device\b"
                            # a consent banner's second paragraph ("Puoi liberamente prestare,
                            # rifiutare o revocare il tuo consenso …", iubenda's; a probe page)
                            r"|\brevocare\s+il\s+tuo\s+consenso\b|\b(?:withdraw|revoke)\s+your\s+consent\b"
                            r"|\bwiderrufen\s+sie\s+ihre\s+einwilligung\b|\bretirer\s+votre\s+consentement\b", re.IGNORECASE)
MAX_COOKIE_WORDS = 60
#: A consent notice is dropped among this many lines at either end, not only at the edge: a
#: section's label ("Emne") or a kicker may stand before it.
COOKIE_EDGE_LINES = 3


def _cookie_notice(line: str) -> bool:
    return word_count(line) <= MAX_COOKIE_WORDS and bool(_COOKIE_NOTICE.search(line))


#: A photo's caption over the text, its credit closing it ("The headquarters of the Central Bank
#: of Egypt in downtown Cairo. File Photo: Reuters", Ahram Online's ``p.imgCaption``; "… (Photo by
#: Ana Ruiz)", "… REUTERS/Amr Abdallah Dalsh"): the credit as the line's last words.
_CAPTION_CREDIT = re.compile(
    r"(?:^|[.!?)]\s+|\s[-–—|·]\s*|\s(?=\())\(?(?:file\s+|archive\s+)?(?:photo(?:graph)?|picture|image|foto|imagen|bild|"
    r"cr[ée]dit(?:o)?)s?(?:\s+credit)?\s*(?::|/|by\b|de\b|von\b|par\b)\s*[^.:()]{2,50}\)?\.?$"
    r"|\s(?:REUTERS|AFP|AP|EPA|ANADOLU|XINHUA)/[A-Z][^.]{2,40}$", re.IGNORECASE)
#: A caption is this many words at most.
MAX_CAPTION_WORDS = 40


def _caption_line(line: str) -> bool:
    return word_count(line) <= MAX_CAPTION_WORDS and bool(_CAPTION_CREDIT.search(line.strip()))


#: A kicker (the topic line over a headline) is this many words at most.
MAX_KICKER_WORDS = 5
#: The headline is looked for among the text's first lines: what stands above it is not the text.
HEAD_LINES = 3


def _kicker(line: str) -> bool:
    """Whether `line` can be a kicker over the headline: a few words, no sentence."""
    bare = line.strip()
    return 0 < word_count(bare) <= MAX_KICKER_WORDS and not bare.endswith((".", "!", "?", "…"))


def strip_edges(text: str, links: set[str], titles: list[str]) -> str:
    """Text without the leading headline line(s) and the kicker over them, date, relative-time,
    byline and photo caption lines (``_CAPTION_CREDIT``), link-only lines at either end, and a
    consent banner's notice near either end (``COOKIE_EDGE_LINES``)."""
    lines = text.split("\n")
    heads = {norm_text(t) for t in titles if t and t.strip()}
    # a kicker and headline in spans of one heading come out glued ("Umstrittener
    # TiefseebergbauNorwegen legt …", n-tv's template in a probe), while the title is the headline
    # alone or "Kicker: Headline": compared without spaces and punctuation, the line is the
    # title, or a short kicker (``MAX_KICKER_CHARS``) and the title
    glued = [_NON_WORD.sub("", head) for head in heads if len(head.split()) >= 3]

    def headline_line(line: str) -> bool:
        bare = _NON_WORD.sub("", line)
        return any(bare.endswith(head) and len(bare) - len(head) <= MAX_KICKER_CHARS for head in glued)

    start, end = 0, len(lines)
    # the text does not open above its headline: a photo's caption over the <h1> (the
    # tagesschau's template in a probe) goes with it, when the headline is among the first
    # HEAD_LINES lines and the lines above it are no paragraphs of prose
    head = next((i for i, line in enumerate(lines[:HEAD_LINES])
                 if norm_text(line) in heads or headline_line(norm_text(line))), None)
    if head and all(word_count(line) <= MAX_CAPTION_WORDS for line in lines[:head]):
        start = head
    while start < end:
        line = norm_text(lines[start])
        if (start + 1 < end and norm_text(lines[start + 1]) in heads and _kicker(lines[start])):
            start += 2   # the kicker over the headline ("Verkehrspolitik in Zürich")
            continue
        if (not _TOKEN.search(line) or line in heads or headline_line(line)
                or _link_only(lines[start], links)
                or date_only(line) or RELATIVE_TIME.match(line) or CLOCK_TIME.match(lines[start].strip())
                or stamp_line(lines[start])
                or _byline_line(lines[start].strip())
                or _ARTICLE_INFO.match(lines[start].strip()) or DATELINE_ALONE.match(lines[start].strip())
                or _cookie_notice(line) or (start + 1 < end and _caption_line(lines[start]))):
            start += 1
            continue
        break
    while end > start:
        # ... and at the end a date line, an update's in brackets beside it ("12 novembre 2025
        # (modifica il 12 novembre 2025 | 19:51)", Corriere della Sera's template in a probe)
        if (not _TOKEN.search(lines[end - 1]) or _link_only(lines[end - 1], links)
                or _cookie_notice(norm_text(lines[end - 1])) or _closing_date(lines[end - 1])):
            end -= 1
            continue
        break
    kept = lines[start:end]
    edge = COOKIE_EDGE_LINES
    kept = [line for i, line in enumerate(kept)
            if not ((i < edge or i >= len(kept) - edge) and _cookie_notice(norm_text(line)))]
    return "\n".join(kept).strip()


#: A separator line ("___", "* * *"): inside a text the benchmark's annotators keep it (AP's
#: "___" before its credits); it closes no text (14ymedio's above its appeal, a probe page).
_SEPARATOR = re.compile(r"[\s_*\-–—=~·•]+")


#: The desk's sign-off closing a text: who wrote or edited it, labelled ("Autor: teleSUR - ks",
#: teleSUR's last line in a probe; "Redacción: AFP", "Edición: María Ruiz"), one short line.
_SIGN_OFF = re.compile(r"^(?:autor(?:a|es)?|author|redacci[óo]n|edici[óo]n|reda[çc][ãa]o|edi[çc][ãa]o)"
                       r"\s*:\s*[^.!?:]{1,60}$", re.IGNORECASE)


def drop_closing_dates(text: str) -> str:
    """`text` without the date lines, separator lines and a desk's sign-off (``_SIGN_OFF``) that
    close it (``strip_edges``'s rule for the end), once the furniture under them went ("12
    novembre 2025 (modifica …)" above "© RIPRODUZIONE RISERVATA", Corriere della Sera's template
    in a probe), and a consent banner's notice left closing it (HuffPost Italia's iubenda banner
    under the prompt to follow it, a probe page)."""
    lines = text.rstrip().split("\n")
    end = len(lines)
    while end > 1 and (_closing_date(lines[end - 1]) or _SEPARATOR.fullmatch(lines[end - 1])
                       or _SIGN_OFF.match(lines[end - 1].strip()) or _cookie_notice(norm_text(lines[end - 1]))):
        end -= 1
    return "\n".join(lines[:end]) if end < len(lines) else text


def _closing_date(line: str) -> bool:
    """Whether `line` is a date line, an update's in brackets beside it or not, or a stamp line
    (``stamp_line``)."""
    return bool(date_only(_BRACKETED.sub("", line).strip())) or stamp_line(line)


def drop_link_lines(text: str, links: set[str]) -> str:
    """Text without lines of at most MAX_LINK_LINE_WORDS words that are mostly link texts."""
    kept, long = [], long_links(links)
    for line in text.split("\n"):
        body = norm_text(line.lstrip("-•* "))
        if body and word_count(body) <= MAX_LINK_LINE_WORDS and link_share(body, long) >= LINK_SHARE:
            continue
        kept.append(line)
    return "\n".join(kept)


def _tokens(text: str) -> str:
    return " ".join(_TOKEN.findall(text.lower()))


#: An author's biography: a name, then "is a correspondent …" (en, es, pt, fr, de, it), as the
#: author box after a story opens (pages written in a probe: resiliparse's text goes on into it).
AUTHOR_BIO = re.compile(
    r"\s*(?:[A-ZÀ-Þ][\w'’.-]+\s+){1,3}(?:is|es|é|est|ist|è|was|fue|foi)\s+(?:(?i:an?|una?|uma?|une|eine?|"
    r"the|el|la|o|a|le|der|die|il|lo)\s+)?(?:[\w'’-]+\s+){0,3}(?i:correspondent|reporter|journalist|writer|"
    r"editor|columnist|corresponsal|periodista|reportera?|redactora?|editora?|columnista|"
    r"correspondente|jornalista|repórter|colunista|correspondant|journaliste|rédact(?:eur|rice)|"
    r"korrespondent(?:in)?|journalistin|redakteur(?:in)?|reporterin|corrispondente|giornalista|"
    r"inviat[oa])\b"
    # "Emily Carter covers federal agencies for The Times from Washington." (the New York Times's
    # and USA Today's author notes; probe pages)
    r"|\s*(?:[A-ZÀ-Þ][\w'’.-]+\s+){1,3}(?:covers|reports\s+on|writes\s+about)\s+[^.]{3,120}?\s+for\s+(?:the\s+)?[A-Z]"
    # "Ignacio Varona Lugo (Santa Clara, 1966). Profesor de Historia, …" (CubaNet's, a probe page)
    r"|\s*(?:[A-ZÀ-Þ][\w'’.-]+\s+){1,4}\((?:[^()]{2,40},\s*)?(?:19|20)\d\d\)\.\s")


def continue_body(text: str, other: str, max_gap: int = 1, min_paragraphs: int = 2,
                  furniture: frozenset[str] | set[str] = frozenset()) -> str:
    """``text`` followed by the paragraphs that continue it in ``other`` (a second extractor's
    text of the same page) across an interruption of at most ``max_gap`` short lines, when there
    are at least ``min_paragraphs`` of them; else ``text`` unchanged. A line of `furniture`
    (``norm_text`` forms: the page's author boxes, ``pagelinks.author_box_texts``) ends them."""
    ours = [line for line in text.split("\n") if _TOKEN.search(line)]
    theirs = [line for line in other.split("\n") if _TOKEN.search(line)]
    if not ours or not theirs:
        return text
    last = _tokens(ours[-1])
    if not last:
        return text
    # Only a line holding last's longest word can match it (each word of `last` lies inside a
    # word of a matching line's key, and that inside the lower-cased line): the others are not
    # cut into words (that was 2 % of a worker's CPU, on every page).
    word = max(last.split(), key=len)
    at = next((i for i, line in enumerate(theirs) if word in line.lower()
               for key in [_tokens(line)] if key == last or (len(last) > 40 and last in key)),
              None)
    if at is None:
        return text
    have = _tokens(text)
    extra: list[str] = []
    gap = 0
    for line in theirs[at + 1:]:
        # the author box after the story, or the comments' heading: not more of it (Havana
        # Times's "9 COMMENTS" above the readers' prose, which the second extractor keeps; a
        # probe page)
        # (El País's biographies under the authors' names, which the text had lost: a probe page)
        if AUTHOR_BIO.match(line) or _COMMENTS_HEADING.match(line) or norm_text(line) in furniture:
            break
        key = _tokens(line)
        if word_count(key) >= PROSE_WORDS and line.rstrip().endswith(SENTENCE_END):
            if key in have:
                break
            extra.append(line.strip())
            gap = 0
        else:
            gap += 1
            if gap > max_gap:
                break
    if len(extra) < min_paragraphs:
        return text
    return "\n".join([text] + extra)


#: Characters of scripts written without spaces between words (Han, kana; Korean
#: spaces its words).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_WORD = re.compile(r"[^\W_]+")


def word_count(line: str) -> int:
    """The words of a line, as English would need them: in Chinese and Japanese, which put no
    spaces between words, a character counts as 0.6 of a word (the same sentence takes about
    2.5-3 times fewer characters there than in English), so that a line of 45 characters is a
    paragraph as a line of 27 English words is, and a headline of 30 is not."""
    if line.isascii():
        return len(line.split())
    unspaced = len(_UNSPACED.findall(line))
    if not unspaced:
        return len(line.split())
    # the Latin words and numbers among them ("「Windows 10」のフルバージョン") count as words
    return len(_WORD.findall(_UNSPACED.sub(" ", line))) + unspaced * 3 // 5
