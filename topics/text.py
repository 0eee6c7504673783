"""Text preparation for topic scoring: sentences, tokens, stems, accent folding, language guess.

Chosen: Snowball stemmers through PyStemmer (the C build of the Snowball project's algorithms;
English, Spanish, Portuguese, French, German and Italian here), applied to the lower-cased word *before* accents are folded, because the
Spanish rules read the accents ("negociación" → "negoci", "apagón"/"apagones" → "apagon");
the stem is then folded to ASCII so a text typed without accents matches too. A per-process
cache of word → stem makes stemming a dictionary lookup after the first few articles, which is
what keeps tagging far above 100 articles/s. The language guess (for a text that declares none)
counts function words: for the languages of a topics file it is as reliable as a library and
costs nothing.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

log = logging.getLogger(__name__)

#: Languages a topics file may give terms in (Snowball stemmers and function words here); an
#: article in another language is scored as the closest of these by its function words.
LANGUAGES = ("en", "es", "pt", "fr", "de", "it")
_STEMMER_NAMES = {"en": "english", "es": "spanish", "pt": "portuguese", "fr": "french",
                  "de": "german", "it": "italian"}
#: The monitor's first languages: a text without a declared language is read as one of the
#: others only when their words clearly outnumber these two's (``guess_language``).
_FIRST_LANGUAGES = ("en", "es")

# Function words dropped from token streams before phrase matching, so "exchange of messages"
# also matches "exchange of the messages" and "captura de Maduro" matches "captura maduro".
# Negations ("not", "no", "sin") are kept on purpose: "not negotiable" must stay a phrase.
STOPWORDS = {
    "en": frozenset("""a an the of to in on at for by with from and or as is are was were be been
        being its it this that these those their his her our your has have had will would
        could should may might can into over about than then there which who whom whose what
        when where while also after before since said says per""".split()),
    "es": frozenset("""el la los las un una unos unas de del al a en y o u e que por para con se
        su sus lo le les es son fue fueron ser sido ha han había habían este esta estos estas
        ese esa esos esas como más mas pero ya muy también tambien sobre entre tras desde hasta
        cual cuales quien quienes cuyo donde cuando dijo según segun""".split()),
    # pt, fr, de, it: articles, prepositions, pronouns, auxiliaries; negations kept, as above
    "pt": frozenset("""o a os as um uma uns umas de do da dos das no na nos nas ao aos à às em e ou
        que por pelo pela pelos pelas para com se seu sua seus suas lhe é são foi foram ser sido
        tem têm tinha este esta estes estas esse essa esses essas isso isto como mais mas já muito
        também sobre entre após desde até qual quais quem cujo onde quando disse segundo""".split()),
    "fr": frozenset("""le la les l un une des de du d au aux à en et ou que qu qui par pour avec se
        s sa son ses leur leurs il elle ils elles on est sont était été être a ont avait ce cet
        cette ces comme plus mais aussi très sur entre après avant depuis jusqu dont où quand
        selon a dit""".split()),
    "de": frozenset("""der die das den dem des ein eine einen einem einer eines und oder dass daß
        von vom zu zum zur im in am an auf für mit bei aus nach über unter vor sich sein seine
        ihr ihre er sie es ist sind war waren wurde wurden werden wird hat haben hatte dieser
        diese dieses wie als auch sehr zwischen seit bis wo wenn sagte laut""".split()),
    "it": frozenset("""il lo la i gli le un uno una di del dello della dei degli delle a al allo
        alla ai agli alle da dal dalla in nel nella nei e o che per con su sul sulla tra fra
        si suo sua suoi sue è sono era stato stata essere ha hanno aveva questo questa questi
        queste come più ma anche molto dopo prima fino dove quando secondo ha detto""".split()),
}
# Words that tell the two languages apart (frequent, short, not shared).
_LANG_MARKERS = {
    "en": frozenset("the of and to is was that with for are were has have this from which".split()),
    "es": frozenset("el la los las del que en por para con una es fue ha han sus según".split()),
    "pt": frozenset("os das dos não uma com são foi pelo pela ao também já muito seu sua".split()),
    "fr": frozenset("le les des du est une et sont dans pour qui pas sur avec été ce cette".split()),
    "de": frozenset("der die das und ist nicht mit den dem ein eine zu auf für von sich wurde".split()),
    "it": frozenset("il gli della delle degli che è non una con sono per nel nella anche".split()),
}

_WORD = re.compile(r"\w+", re.UNICODE)
# Sentence ends: . ! ? … or a line break. A short capitalised abbreviation before the dot
# ("EE.", "UU.", "U.S.", "Sr.") is not an end; handled in split_sentences.
_SENT_END = re.compile(r"(?<=[.!?…])[\"'”»)]*\s+(?=[\"'“«(¿¡]?[A-ZÁÉÍÓÚÑÜ0-9])|\n+")
_ABBREV_TAIL = re.compile(r"(?:\b[A-Z][A-Za-z]{0,2}\.|\b(?:[A-Z]\.){1,3})$")


def fold(s: str) -> str:
    """Lower-case ASCII-ish form: accents removed (ñ → n), so typed and untyped accents match."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=None)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    st = Stemmer.Stemmer(_STEMMER_NAMES[lang])
    st.maxCacheSize = 200_000  # PyStemmer's own cache: a crawl's vocabulary stays resident
    return st


#: Stems already made, per language: a crawl's vocabulary repeats, so most words are one dict
#: lookup (bounded, so a long crawl does not grow it without end).
_STEM_CACHE: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
_STEM_CACHE_LIMIT = 250_000


def stem(word: str, lang: str) -> str:
    """Stem one lower-cased word in `lang` (one of LANGUAGES) and fold the result to ASCII."""
    cache = _STEM_CACHE[lang]
    got = cache.get(word)
    if got is None:
        got = fold(_stemmer(lang).stemWord(word))
        if len(cache) < _STEM_CACHE_LIMIT:
            cache[word] = got
    return got


def guess_language(text: str, declared: str | None = None) -> str:
    """One of LANGUAGES: the declared language when it is one of them, else by a count of
    each language's frequent function words; English or Spanish unless another language's
    count is at least 3 and twice theirs (Spanish and Portuguese share many words)."""
    if declared:
        code = declared.strip().lower()[:2]
        if code in LANGUAGES:
            return code
    words = _WORD.findall(text[:3000].lower())
    counts = {lang: sum(w in markers for w in words) for lang, markers in _LANG_MARKERS.items()}
    first = "es" if counts["es"] > counts["en"] else "en"
    other = max((lang for lang in LANGUAGES if lang not in _FIRST_LANGUAGES), key=counts.get)
    return other if counts[other] >= 3 and counts[other] >= 2 * counts[first] else first


def split_sentences(text: str) -> list[str]:
    """Split running text into sentences (also at line breaks); keeps "EE. UU." in one piece."""
    pieces: list[str] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        chunk = text[pos:m.start()]
        if "\n" not in m.group(0) and _ABBREV_TAIL.search(chunk.rstrip("\"'”»)")):
            continue  # "EE. UU. dijo": the dot ends an abbreviation, not the sentence
        pieces.append(chunk)
        pos = m.end()
    pieces.append(text[pos:])
    return [p.strip() for p in pieces if p and p.strip() and _WORD.search(p)]


def tokens(sentence: str, lang: str) -> list[str]:
    """Stemmed, folded content tokens of one sentence (function words dropped)."""
    stop, cached = STOPWORDS[lang], _STEM_CACHE[lang].get
    # Tagging runs on every stored article: one dict lookup per known word (0.8 of the 1.5 ms
    # a tagging took on the benchmark's bodies went to preparing the text).
    return [cached(w) or stem(w, lang)
            for w in _WORD.findall(sentence.lower()) if w not in stop and w != "_"]


def term_tokens(term: str, lang: str) -> tuple[str, ...]:
    """Tokens of a lexicon phrase, prepared exactly as article text is (so the two can meet)."""
    return tuple(tokens(term, lang))


@dataclass(frozen=True)
class PreparedText:
    """An article ready for matching: sentences (title first, if any) and their tokens."""
    language: str
    sentences: list[str]
    token_lists: list[list[str]]
    has_title: bool


def prepare(title: str, text: str, language: str | None) -> PreparedText:
    lang = guess_language(f"{title}\n{text}", language)
    title = (title or "").strip()
    body = split_sentences(text or "")
    # Pages often repeat the title as their first line; counting it twice would double the
    # title's weight for some outlets and not for others.
    if title and body and fold(body[0]).strip(" .") == fold(title).strip(" ."):
        body = body[1:]
    sentences = ([title] if title else []) + body
    return PreparedText(lang, sentences, [tokens(s, lang) for s in sentences], bool(title))
