"""A listing recognised by its teaser cards (``pipelines.teasers``): section fronts, search results
and topic hubs at addresses that name no index, whose extracted text was the cards' summaries
(pages written in a probe, es/en/pt/fr/de/it: 23 of 41 listings were stored as articles)."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from pipelines.extraction import extract_article

HEADLINES = [
    ("Cuba anuncia nuevos apagones programados", "La Unión Eléctrica prevé cortes de hasta 18 horas en las provincias orientales durante la semana."),
    ("Llega a Matanzas un buque con crudo", "El cargamento aliviará de forma temporal el déficit de generación, según las autoridades del sector."),
    ("El dólar supera los 400 pesos", "La moneda estadounidense marca un nuevo récord en el mercado informal mientras caen los salarios."),
    ("Washington endurece las remesas", "El Departamento del Tesoro limitará los envíos a mil dólares por trimestre para cada familia."),
    ("Médicos denuncian falta de insumos", "Profesionales de la salud relatan cirugías suspendidas y pacientes que deben llevar sus propios guantes."),
    ("La zafra queda por debajo del plan", "Los centrales molieron menos caña de la prevista por la falta de combustible y de piezas de repuesto."),
    ("Aumenta la llegada de balseros", "La Guardia Costera informó de más de doscientas interceptaciones en el último mes frente a los cayos."),
]


def _cards(shape: str) -> str:
    if shape == "links":   # each card one link, the heading inside it (SVT, NRK, Next.js sites)
        return "<ul class='teaser-list'>" + "".join(
            f"<li class='teaser'><a class='teaser__link' href='/nyheter/n{i}'><span>Inrikes</span>"
            f"<h2 class='teaser__heading'>{h}</h2><p class='teaser__text'>{s}</p>"
            f"<time datetime='2026-03-0{i}'>{i} mars</time></a></li>"
            for i, (h, s) in enumerate(HEADLINES, 1)) + "</ul>"
    if shape == "spans":   # each card one link, its headline a span (tagesschau.de's section fronts)
        return "".join(
            f"<div class='teaser'><a class='teaser__link' href='/inland/n{i}-100.html'><div class='teaser__text'>"
            f"<span class='teaser__topline'>Kuba</span><span class='teaser__headline'>{h}</span>"
            f"<p class='teaser__shorttext'>{s} <span class='teaser__date'>0{i}.03.2026</span></p>"
            f"</div></a><div class='teaser__more'>mehr</div></div>"
            for i, (h, s) in enumerate(HEADLINES, 1))
    if shape == "overlay":   # an empty link laid over each card names it (the Guardian's cards)
        return "<ul>" + "".join(
            f"<li><div class='card'><a href='/world/2026/mar/0{i}/n{i}' aria-label='{h}'></a>"
            f"<h3 class='card-headline'><span>{h}</span></h3><div><p>{s}</p></div>"
            f"<footer><time datetime='2026-03-0{i}'>{i} March 2026</time></footer></div></li>"
            for i, (h, s) in enumerate(HEADLINES, 1)) + "</ul>"
    if shape == "h1":   # each card headed by an <h1> (The Hill's archives)
        return "".join(f"<article class='archive__item'><h1 class='archive__item__heading'><a href="
                       f"'/policy/n{i}'>{h}</a></h1><p class='archive__item__excerpt'>{s}</p></article>"
                       for i, (h, s) in enumerate(HEADLINES, 1))
    if shape == "articles":
        return "".join(f"<article class='teaser'><h2><a href='/noticias/2026-03-0{i}-n{i}'>{h}</a></h2>"
                       f"<p class='summary'>{s}</p><time datetime='2026-03-0{i}'>{i} mar</time></article>"
                       for i, (h, s) in enumerate(HEADLINES, 1))
    return "<ul class='results'>" + "".join(
        f"<li><h3><a href='https://other.example/n{i}'>{h}</a></h3><span>{s}</span></li>"
        for i, (h, s) in enumerate(HEADLINES, 1)) + "</ul>"


def _page(main: str, title: str = "Cuba | Diario") -> str:
    return (f"<html lang='es'><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<header><a href='/'>Diario</a><nav><a href='/cuba/'>Cuba</a> <a href='/mundo/'>Mundo</a>"
            f"</nav></header><main>{main}</main><footer>© 2026 Diario</footer></body></html>")


@pytest.mark.parametrize("shape, url", [
    ("articles", "https://www.diario.example/noticias/cuba"),           # a section front
    ("list", "https://www.diario.example/buscar/?q=remesas"),           # search results
    ("articles", "https://www.diario.example/hub/apagones"),            # a topic hub
    ("links", "https://www.diario.example/nyheter/amne/apagones"),      # cards that are one link
    ("spans", "https://www.diario.example/inland"),                     # ... headlines no heading
    ("h1", "https://www.diario.example/policy/energy-environment/"),    # cards headed by <h1>
    ("overlay", "https://www.diario.example/world/2026/cuba-coverage"),  # linked by an overlay
])
def test_a_page_of_teaser_cards_is_a_listing(shape, url):
    got = extract_article(_page(f"<section><h1>Cuba</h1>{_cards(shape)}</section>"), url)
    assert got["not_article"] == "listing" and got["text"] == ""


def test_an_article_with_related_cards_after_it_stays_an_article():
    story = "".join(f"<p>Párrafo {i} de la crónica: los vecinos de Centro Habana pasaron la noche sin "
                    f"luz por tercera vez esta semana, y los comercios cerraron antes de las seis de la "
                    f"tarde porque no tenían cómo conservar los alimentos.</p>" for i in range(6))
    main = (f"<article><h1>Otra noche sin luz en Centro Habana</h1>{story}</article>"
            f"<aside><h2>Relacionadas</h2>{_cards('articles')}</aside>")
    got = extract_article(_page(main, "Otra noche sin luz en Centro Habana | Diario"),
                          "https://www.diario.example/noticias/otra-noche-sin-luz")
    assert not got.get("not_article") and "Párrafo 5" in got["text"]


def test_a_short_article_whose_text_goes_on_into_teasers_stays_an_article():
    """republicoftogo.com (htmldate's evaluation pages): three paragraphs of the story, then the
    summaries of six other stories that trafilatura kept: most lines are cards', but the text
    opens with the story's own."""
    story = "".join(f"<p>Paragraphe {i} : la Confédération africaine de football a annoncé mardi le "
                    f"report du championnat en raison de la pandémie.</p>" for i in range(3))
    main = (f"<article><h1>Le championnat n'aura pas lieu</h1>{story}</article>"
            f"<div class='more'>{_cards('articles')}</div>")
    got = extract_article(_page(main, "Le championnat n'aura pas lieu"),
                          "https://www.diario.example/sport/le-championnat-n-aura-pas-lieu")
    assert got is None or not got.get("not_article")


def test_a_section_front_that_opens_with_its_introduction_is_a_listing():
    """A page written in a probe (tests/fixtures/probe): "Toda la información sobre Cuba:
    política, economía, …" above the cards opened the text, so the cards' summaries after it did
    not make it a listing (3 of 20 listings stored as articles)."""
    page = gzip.decompress((Path(__file__).parent / "fixtures" / "probe" /
                            "section-front.html.gz").read_bytes())
    got = extract_article(page, "https://www.diariolasantillas.com/cuba/")
    assert got["not_article"] == "listing"


def test_a_short_story_of_one_paragraph_before_a_few_related_cards_stays_an_article():
    story = ("<p>Los vecinos de Centro Habana pasaron la noche sin luz por tercera vez esta semana, "
             "según relataron a este diario.</p>")
    main = (f"<article><h1>Otra noche sin luz</h1>{story}</article><aside><h2>Relacionadas</h2>"
            + "".join(f"<article class='teaser'><h2><a href='/n{i}'>{h}</a></h2><p>{s}</p></article>"
                      for i, (h, s) in enumerate(HEADLINES[:3], 1)) + "</aside>")
    got = extract_article(_page(main, "Otra noche sin luz | Diario"),
                          "https://www.diario.example/noticias/otra-noche-sin-luz")
    assert not got.get("not_article") and got["text"].startswith("Los vecinos de Centro Habana")


def test_a_table_of_data_without_prose_is_no_article():
    """kicker's matchday page (a probe page): its text was a heading and the standings, a table
    with no sentence around it. A report with a table in it stays an article."""
    rows = "".join(f"<tr><td>{i}</td><td>Club {i}</td><td>21</td><td>+{30 - i}</td><td>{50 - i}</td></tr>"
                   for i in range(1, 19))
    table = f"<table><tr><th>Pl.</th><th>Verein</th><th>Sp.</th><th>Diff.</th><th>Pkt.</th></tr>{rows}</table>"
    page = _page(f"<section><h1>Bundesliga, 21. Spieltag</h1><h2>Tabelle</h2>{table}</section>",
                 "Bundesliga, 21. Spieltag")
    got = extract_article(page, "https://www.diario.example/bundesliga/spieltag/2025-26/21")
    assert got["not_article"] == "listing"
    report = ("<p>Der FC Bayern hat am Samstag mit einem klaren Sieg in Leipzig seinen Vorsprung an der "
              "Tabellenspitze auf acht Punkte ausgebaut.</p>" * 3)
    got = extract_article(_page(f"<article><h1>Bayern baut Vorsprung aus</h1>{report}{table}</article>",
                                "Bayern baut Vorsprung aus"),
                          "https://www.diario.example/bundesliga/bayern-baut-vorsprung-aus")
    assert not got.get("not_article") and "Vorsprung" in got["text"]


def test_a_notice_laid_out_in_a_table_stays_an_article():
    """jvndb.jvn.jp's vulnerability notices (Mercury's fixtures): every line of the text is a row
    of a layout table, and its cells hold sentences (Japanese: no spaces between words)."""
    cells = [("概要", "NETWAVE MNG6200 デバイスには、証明書・パスワードの管理に関する脆弱性が存在します。"),
             ("想定される影響", "情報を取得される、情報を改ざんされる、およびサービス運用妨害 (DoS) 状態にされる可能性があります。"),
             ("対策", "参考情報を参照して適切な対策を実施してください。"), ("公表日", "2018/12/23")]
    rows = "".join(f"<tr><th>{k}</th></tr><tr><td>{v}</td></tr>" for k, v in cells)
    page = (f"<html lang='ja'><head><title>JVNDB-2018-013542 - JVN iPedia</title></head><body>"
            f"<table><tr><td><h1>NETWAVE MNG6200 デバイスにおける脆弱性</h1></td></tr>{rows}</table></body></html>")
    got = extract_article(page, "https://jvndb.jvn.jp/ja/contents/2018/JVNDB-2018-013542.html")
    assert got is not None and not got.get("not_article")


def test_a_page_whose_json_ld_calls_it_a_profile_is_no_article():
    """The Times of India's author page (a probe page): its address names no author folder
    ("/toireporter/author-Ananya-Rao-479223881.cms"), its text is a biography over teasers of
    a sentence each, and its JSON-LD says ProfilePage. An article that carries a ProfilePage
    beside its NewsArticle stays an article."""
    person = '{"@type": "ProfilePage", "mainEntity": {"@type": "Person", "name": "Ananya Rao"}}'
    teasers = "".join(f"<li><div><a href='/city/story-{i}.cms'><span>Metro line {i} opens in July"
                      f"</span></a><p>Officials said the {i}th stretch of the elevated line would open to "
                      f"riders after safety checks by the commissioner.</p></div></li>" for i in range(7))
    bio = ("<p>Ananya Rao is a Senior Correspondent with The Times of India in Bengaluru, where she "
           "covers urban infrastructure, civic governance and the city's technology economy.</p>")
    page = (f"<html><head><title>Ananya Rao : Latest News by Ananya Rao</title>"
            f"<script type='application/ld+json'>{person}</script></head><body><main><h1>Ananya Rao</h1>"
            f"{bio}<h2>Latest Stories by Ananya Rao</h2><ul>{teasers}</ul></main></body></html>")
    url = "https://timesofindia.indiatimes.com/toireporter/author-Ananya-Rao-479223881.cms"
    assert extract_article(page, url)["not_article"] == "listing"
    story = "".join(f"<p>Paragraph {i}: the council approved the budget for the elevated line, which "
                    f"officials said would carry 80,000 riders a day once it opens next year.</p>"
                    for i in range(6))
    both = ('[{"@type": "NewsArticle", "headline": "Council approves metro budget"}, '
            + person + "]")
    article = (f"<html><head><title>Council approves metro budget</title><script type='application/"
               f"ld+json'>{both}</script></head><body><article><h1>Council approves metro budget</h1>"
               f"{story}</article></body></html>")
    assert extract_article(article, "https://example.com/city/council-approves-metro-budget.cms")["text"]


def test_a_topic_page_whose_introduction_alone_is_extracted_is_a_listing():
    """DW's topic page, written in a probe (tests/fixtures/probe): both extractors kept the
    topic's paragraph of introduction and dropped its cards; its JSON-LD calls it a
    CollectionPage. Without that word, one short paragraph above cards stays an article."""
    from pipelines.teasers import summarised
    page = gzip.decompress((Path(__file__).parent / "fixtures" / "probe" / "topic-page.html.gz").read_bytes())
    got = extract_article(page, "https://www.dw.com/es/cuba/t-18404839")
    assert got["not_article"] == "listing"
    intro = "La isla atraviesa su peor crisis económica en décadas, con apagones y escasez de alimentos."
    cards = [f"titular {i} resumen del artículo {i}" for i in range(6)]
    assert summarised(intro, cards, says_listing=True)
    assert not summarised(intro, cards, says_listing=False)
    assert not summarised("\n".join([intro] * 3), cards, says_listing=True)
    assert not summarised(cards[0], cards, says_listing=True)



def test_a_collection_that_opens_with_its_banner_and_introduction_is_a_listing():
    """The Guardian's tag page as a probe wrote it (``tests/fixtures/probe/guardian-tag-page.html.gz``):
    JSON-LD a CollectionPage, each card linked by an empty link laid over it, and a banner's line
    and the topic's introduction above the cards' summaries in the text. At its own address
    (``/world/cuba``) and at one that names no index, a listing. Without the JSON-LD's word, a
    text that does not open with a card's is not one by that rule."""
    from pipelines.teasers import summarised
    page = gzip.decompress((Path(__file__).parent / "fixtures" / "probe" / "guardian-tag-page.html.gz").read_bytes())
    for url in ("https://www.theguardian.com/world/cuba", "https://www.theguardian.com/world/2026/cuba-coverage"):
        assert extract_article(page, url)["not_article"] == "listing"
    cards = [f"titular {i} " + " ".join(f"palabra{i}{j}" for j in range(10)) for i in range(6)]
    text = "\n".join(["Fund the free press with five dollars per month today", *cards[:4],
                      "Editorial: nothing of the cards is in this line of ten words"])
    assert summarised(text, cards, says_listing=True)
    assert not summarised(text, cards, says_listing=False)


def test_a_collection_whose_text_is_one_cards_teaser_is_a_listing():
    """El Confidencial's tag page as a probe wrote it: JSON-LD a CollectionPage with an
    ItemList, and trafilatura kept the first card's teaser alone. Without the JSON-LD's word,
    one line that a related card repeats is not enough."""
    from pipelines.teasers import summarised
    cards = [f"titular {i} " + " ".join(f"palabra{i}{j}" for j in range(10)) for i in range(6)]
    teaser = " ".join(f"palabra1{j}" for j in range(10))
    assert summarised(teaser, cards, says_listing=True)
    assert not summarised(teaser, cards, says_listing=False)
