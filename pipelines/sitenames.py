"""Whether a part of a title names the site: the site's words (``og:site_name`` and the host's
labels, folded as hosts spell them: "Ökologisch" is "oekologisch"), its initials ("South China
Morning Post" on scmp.com), a spelling of the host ("n-tv.de", "The New York Times" on
nytimes.com), a short section name after a long headline, a byline part. Pure functions over
strings; ``pipelines.titles`` cuts these parts from a headline (split out of it to keep each
module small: recognising the site is one question, choosing and cleaning the headline another).
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_SITE_WORDS", "folded_words", "host_words", "is_site_part", "names_site",
           "without_site_name"]

#: A trailing part at most this many words long may be a site name or section.
MAX_SITE_WORDS = 6
#: A part with this many words that are not the site's says more than its name, whatever word
#: it shares with it: "Hamburger Reeder wittern neue Chancen" after "USA lockern
#: Kuba-Sanktionen –" on the Hamburger Abendblatt (a probe page) is the headline's second half.
MAX_OTHER_WORDS = 3
#: Words too common to identify a site by ("El País" must not claim every "el").
_GENERIC = frozenset("the el la los las le les de del da do der die das news noticias online "
                     "digital www com".split())


def without_site_name(title: str, sitename: str | None, host: set[str]) -> str:
    """The title without the whole ``sitename`` (``og:site_name``, which may hold separators
    itself: "Outlet - Positive Local News for Town") after or before a spaced separator
    ("GdP-Vize ..." keeps "GdP"). Kept when what is left names the host: the page then gave
    its headline as the site's name."""
    name = " ".join((sitename or "").split())
    if len(name) < 3 or name.lower() not in title.lower():
        return title
    escaped = re.escape(name)
    for pattern in (rf"\s+(?:{_SEP_CHARS})\s*{escaped}$", rf"^{escaped}\s*(?:{_SEP_CHARS})\s+"):
        rest = re.sub(pattern, "", title, flags=re.IGNORECASE).strip()
        if rest != title and rest and not names_site(folded_words(rest), host):
            return rest
    return title


_SEP_CHARS = r"[|｜│┃❘∣»«›‹·•~–—:-]|::|/"


#: Section names that end a title before (or instead of) the site's name (es, en, pt, fr, de, it),
#: folded as ``folded_words`` gives them.
_SECTIONS = frozenset("""
    noticias news nachrichten actualites actualite noticies notizie
    politica politics politik politique mundo world welt monde internacional international
    internationale internazionale economia economy wirtschaft economie deportes sport sports
    esportes cultura culture kultur opinion opiniones meinung opiniao opinione tecnologia
    technology technik ciencia science wissenschaft sciences nacional national inland ausland
    local locales regional sociedad society gesellschaft societe sociedade
    ultima ultimas hora latest breaking ultimo
""".split())

#: A byline after the headline: "Life Is A Highway - By Lorraine Weightman", "- Por Ana Ruiz".
#: Two to four capitalised names, none of them a word such as "The" or "Qué".
_BYLINE_PART = re.compile(r"^\s*(?i:by|por|von|par)\s+(?!(?i:the|a|an|qu[ée]|der|die|das|le|la|el|los|les|ce)\b)"
                          r"[A-ZÀ-Þ][\w.'’-]*(?:\s+(?!(?i:the|and|of|de|qu[ée]|und|et|y)\b)[A-ZÀ-Þ][\w.'’-]*){1,3}\s*$")


def is_site_part(part: str, site: set[str], other: str, leading: bool = False) -> bool:
    """Whether a part of a title is the site's name or a short section name, not the headline."""
    words = folded_words(part)
    if not words:
        return True
    others = len(_other_words(words, site)) if leading else 0
    if others > 1 and 2 * others > sum(len(w) > 2 for w in words):
        # A leading part that says more than the site's name is the headline, about the site
        # itself: "How we designed Dropbox's ATF - an async task framework" on dropbox.tech;
        # unless the whole part spells the name ("South China Morning Post" on scmp.com).
        return len(words) <= MAX_SITE_WORDS and (_initials(words, site) or _spells_host(words, site))
    if names_site(words, site) or (not leading and _BYLINE_PART.match(part)):
        return True
    if not leading and len(words) <= 2 and all(w in _SECTIONS for w in words):
        return True   # "Apagón en Cuba | Noticias | teleSUR": a section between headline and site
    # A short tail after a much longer headline: a section ("Local", "Noticias") or an outlet.
    return not leading and _size(part) <= 3 and _size(other) >= 3 * _size(part) + 3


def names_site(words: list[str], site: set[str]) -> bool:
    """Whether a part of a title (its words, ``folded_words``) names the site: one of the site's own
    words, a word that starts its name, its initials, or a spelling of the host."""
    if not words:
        return False
    joined = "".join(words)
    names = {w for w in site if len(w) >= 3 and w not in _GENERIC}
    if len(words) <= MAX_SITE_WORDS and names and _initials(words, names):
        return True
    if len(words) <= MAX_SITE_WORDS and names and len(_other_words(words, site)) < MAX_OTHER_WORDS and (
            names & set(words) or any(len(w) >= 5 and (w in joined or joined in w) for w in names)
            # "Bibliothek 2.0 und mehr" on bibliothek2null.de
            or any(len(w) >= 6 and n.startswith(w) for w in words for n in names)):
        return True
    return len(words) <= MAX_SITE_WORDS and _spells_host(words, site)


def _initials(words: list[str], site: set[str]) -> bool:
    """Whether the words' initials are one of the site's words: "South China Morning Post" on
    scmp.com."""
    return len(words) >= 3 and "".join(w[0] for w in words) in site


def _other_words(words: list[str], site: set[str]) -> list[str]:
    """The words of a part of a title that are not the site's: neither one of its words (nor
    inside one, "pais" in "elpais"), nor a common word (``_GENERIC``), nor one or two letters."""
    names = [w for w in site if len(w) >= 3]
    return [w for w in words if len(w) > 2 and w not in _GENERIC
            and not any(w in n or n in w for n in names)]


def _spells_host(words: list[str], site: set[str]) -> bool:
    """Whether the words spell a label of the host, short ones included: "G1" (g1.globo.com),
    "n-tv.de" (n-tv.de), "R7 Internacional" (noticias.r7.com), "The New York Times"
    (nytimes.com: initials of the first words and the last ones written out)."""
    labels = {w.replace("-", "") for w in site if len(w.replace("-", "")) >= 2 and w not in _GENERIC}
    if not labels:
        return False
    joined = "".join(words)
    if any(joined.startswith(label) and len(joined) - len(label) <= 3 for label in labels):
        return True
    if len(words) <= 3 and any(len(label) <= 3 and any(c.isdigit() for c in label) and label in words
                               for label in labels):
        return True  # "R7 Internacional": a short label with a digit names the outlet
    named = [w for w in words if w != "the"]
    return len(named) >= 3 and any(
        "".join(w[0] for w in named[:k]) + "".join(named[k:]) in labels for k in range(1, len(named)))


#: German letters as hosts spell them (oekologisch-bauen.info for "Ökologisch Bauen").
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def folded_words(text: str) -> list[str]:
    """Lower-cased words without accents ("Nestlé" is "nestle", "Ökologisch" "oekologisch"), as
    host names write them."""
    if text.isascii():
        return re.findall(r"\w+", text.lower())
    folded = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    bare = unicodedata.normalize("NFC", "".join(ch for ch in folded if not unicodedata.combining(ch)))
    return re.findall(r"\w+", bare)


#: Chinese and Japanese letters, written without spaces between words.
_HAN_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _size(text: str) -> int:
    """The length of a text in words, two Chinese or Japanese letters counting as one (they
    are written without spaces: "兩岸焦點" is a two-word section)."""
    han = len(_HAN_KANA.findall(text))
    return len(folded_words(_HAN_KANA.sub(" ", text))) + (han + 1) // 2


def host_words(host: str | None) -> list[str]:
    if not host:
        return []
    labels = host.lower().split(".")
    labels = labels[:-1] if len(labels) > 1 else labels  # the top-level domain
    return [label for label in labels if label not in ("www", "m", "amp", "com", "org", "net", "co")]
