"""The standfirst opens the text (``pipelines.leads``): the summary under the headline, set in the
article's header apart from the body, which trafilatura leaves out. Found by the page's own
description, not by class names (a probe of 27 articles in German, Austrian, Swiss, British,
Israeli and Spanish templates: 16 had lost it)."""
from __future__ import annotations

import gzip
from pathlib import Path

from lxml import html as lxml_html

from pipelines.extraction import extract_article
from pipelines.leads import shown_lead, with_lead
from pipelines.metadata import read_structured

STANDFIRST = ("Die US-Regierung erlaubt wieder Gruppenreisen nach Kuba. In Havanna spricht man von "
              "einem ersten Schritt, Exilkubaner in Florida sind empört.")
BODY = [
    "Mit einer knappen Mitteilung hat das Finanzministerium am Mittwochabend eine Kehrtwende in "
    "der Kuba-Politik eingeleitet, die in Washington seit Wochen erwartet worden war.",
    "Ab dem ersten April dürfen Reiseveranstalter wieder Gruppenreisen auf die Insel anbieten, "
    "wenn sie einen Austausch mit der Bevölkerung nachweisen können.",
    "Auch Geldüberweisungen an Familien werden wieder erlaubt, allerdings mit einer Obergrenze "
    "von tausend Dollar im Quartal für jeden Empfänger auf der Insel.",
    "In Havanna reagierte die Regierung zurückhaltend und sprach von einem Schritt in die richtige "
    "Richtung, dem weitere folgen müssten, bevor von Entspannung die Rede sein könne.",
]


def _page(description: str = STANDFIRST, header: str | None = None, body: list[str] = BODY,
          after: str = "") -> str:
    header = f"<p class='article-header__lead'>{STANDFIRST}</p>" if header is None else header
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    return (f"<html lang='de'><head><meta charset='utf-8'><title>Kuba-Politik | Zeitung</title>"
            f"<meta name='description' content='{description}'>"
            f"<meta property='og:description' content='{description}'></head><body>"
            f"<header><nav><a href='/'>Start</a> <a href='/politik'>Politik</a></nav></header><main><article>"
            f"<div class='article-header'><span class='kicker'>USA und Kuba</span><h1>Washington lockert die "
            f"Reisebeschränkungen</h1>{header}<div class='byline'>Von Stefan Winkler</div></div>"
            f"<figure><img src='/a.jpg'><figcaption>Havanna, Malecón. © APA</figcaption></figure>"
            f"<div class='article-body'>{paragraphs}</div>{after}</article></main>"
            f"<footer>© 2026 Zeitung</footer></body></html>")


def _lead(page: str) -> str | None:
    tree = lxml_html.fromstring(page)
    return shown_lead(next(tree.iter("h1"), None), page, read_structured(tree))


def test_the_standfirst_in_the_header_opens_the_text():
    text = extract_article(_page(), "https://zeitung.example/politik/kuba-reisen-123")["text"]
    lines = text.split("\n")
    assert lines[0] == STANDFIRST
    assert lines[1] == BODY[0]
    assert text.count("Gruppenreisen nach Kuba") == 1


def test_a_standfirst_as_a_subtitle_heading_or_bold_text_is_found_too():
    for header in (f"<h2 class='subtitle'>{STANDFIRST}</h2>", f"<p><strong>{STANDFIRST}</strong></p>",
                   f"<div class='teaser'><span>{STANDFIRST}</span></div>"):
        assert _lead(_page(header=header)) == STANDFIRST


def test_a_standfirst_without_the_descriptions_full_stop_is_found():
    shown = STANDFIRST.rstrip(".")
    assert _lead(_page(header=f"<h2 class='article-header__lead'>{shown}</h2>")) == shown


def test_a_description_with_plain_quotes_finds_a_standfirst_with_curly_ones():
    description = 'The secretary of state insisted there were "no negotiations" with Havana, minutes after his spokesperson confirmed a meeting.'
    shown = description.replace('"no negotiations"', "“no negotiations”")
    assert _lead(_page(description=description, header=f"<h2 class='dek'>{shown}</h2>")) == shown


def test_a_description_cut_short_finds_the_whole_standfirst():
    assert _lead(_page(description=STANDFIRST[:90].rstrip() + "…")) == STANDFIRST
    assert _lead(_page(description="Die US-Regierung erlaubt wieder Gruppenreisen nach Kuba. In Havanna")) == STANDFIRST
    # not in the middle of a word, unless a long description was cut at a fixed length
    assert _lead(_page(description="Die US-Regierung erlaubt wieder Gruppenreisen nach Kuba. In Hava")) is None
    assert _lead(_page(description=STANDFIRST[:110])) == STANDFIRST


def test_the_description_as_the_first_paragraph_of_the_body_is_not_repeated():
    page = _page(description=BODY[0], header="")
    assert _lead(page) == BODY[0]
    text = extract_article(page, "https://zeitung.example/politik/kuba-reisen-123")["text"]
    assert text.split("\n")[0] == BODY[0] and text.count(BODY[0]) == 1


def test_a_standfirst_whose_dateline_is_an_element_of_its_own_is_found_by_its_last_words():
    """The Rheinische Post's "<strong>Washington/Havanna ·</strong> Die US-Regierung …" (a probe
    page): the description's first words are split between two text nodes."""
    description = "Washington/Havanna · " + STANDFIRST
    header = f"<div class='intro'><strong class='dateline'>Washington/Havanna ·</strong> {STANDFIRST}</div>"
    assert _lead(_page(description=description, header=header)) == description


def test_a_description_shown_only_in_a_caption_a_link_or_below_the_story_is_no_standfirst():
    for header, after in ((f"<figure><figcaption>{STANDFIRST}</figcaption></figure>", ""),
                          (f"<a href='/politik/kuba-reisen-123'>{STANDFIRST}</a>", ""),
                          ("", f"<div class='share'><p>{STANDFIRST}</p></div>")):
        assert _lead(_page(header=header, after=after)) is None


def test_a_short_description_is_no_standfirst():
    short = "Kuba: alle Nachrichten"
    assert _lead(_page(description=short, header=f"<p>{short}</p>")) is None


def test_with_lead_leaves_a_text_that_holds_the_standfirst_anywhere():
    text = "- 0:1 Ginter (19.)\n" + STANDFIRST + "\n" + BODY[0]
    assert with_lead(text, STANDFIRST) == text
    assert with_lead(BODY[0], None) == BODY[0]
    assert with_lead(BODY[0], STANDFIRST) == STANDFIRST + "\n" + BODY[0]


def test_a_probe_page_in_kleine_zeitungs_template():
    """tests/fixtures/probe/kleinezeitung-template.html.gz: the lead in
    ``p.article-header__lead`` above the author's box, the listen button and the photo."""
    page = gzip.decompress((Path(__file__).parent / "fixtures" / "probe" /
                            "kleinezeitung-template.html.gz").read_bytes())
    result = extract_article(page, "https://www.kleinezeitung.at/politik/aussenpolitik/18903417/"
                                   "usa-und-kuba-washington-lockert-reisebeschraenkungen-havanna-reagiert-zurueckhaltend")
    lines = result["text"].split("\n")
    assert lines[0].startswith("Die US-Regierung erlaubt wieder Gruppenreisen und private Geldüberweisungen")
    assert lines[1].startswith("Mit einer knappen Mitteilung des Finanzministeriums hat Washington")
    assert lines[-1].endswith("die seit Jahren nur eingeschränkt arbeitet.")
    assert (result["title"], result["date"], result["authors"]) == (
        "Washington lockert Reisebeschränkungen, Havanna reagiert zurückhaltend", "2026-03-12", ["Stefan Winkler"])
