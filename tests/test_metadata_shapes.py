"""Page shapes found wrong on metascraper's integration pages (github.com/microlinkhq/metascraper,
``packages/metascraper/test/integration``; ``bench/metadata.py --metascraper``), each rebuilt
small: a byline with the author's job title and employer, a template's two copies of the byline,
a surname that is an English verb, an ``author`` microdata property without an item, teaser items
with authors of their own, and a blog's name before the headline in ``<title>``."""
from __future__ import annotations

import pytest

from pipelines.authors import clean_authors
from pipelines.extraction import extract_article

PARAGRAPH = ("The company said on Tuesday that it would open two more data centres next year, "
             "as demand for its cloud services keeps growing faster than its rivals expected.")


def page(body: str, title: str = "Cloud sets a course", head: str = "", h1: str | None = "Cloud sets a course") -> str:
    heading = f"<h1>{h1}</h1>" if h1 else ""
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>{head}"
            f"</head><body><article>{heading}{body}{''.join(f'<p>{PARAGRAPH}</p>' for _ in range(4))}"
            f"</article></body></html>")


@pytest.mark.parametrize("byline, want", [
    ("Posted by Brian Stevens, Vice President, Google Cloud", ["Brian Stevens"]),
    ("Jane Doe, Managing Editor", ["Jane Doe"]),
    ("Jane Doe, President, Acme Corp", ["Jane Doe"]),
    ("Jane Doe, Staff Writer, and John Roe", ["Jane Doe", "John Roe"]),
    ("Ana Ruiz, Reuters, John Smith", ["Ana Ruiz", "John Smith"]),
])
def test_a_job_title_and_the_employer_after_it_are_no_names(byline, want):
    """googleblog: "Vice President" was stored as a second author."""
    assert clean_authors(byline) == want


def test_a_surname_that_is_a_verb_is_kept():
    """sfchronicle.com: "By Carolyn Said" gave no author (read as a comment's "X said")."""
    assert clean_authors("By Carolyn Said") == ["Carolyn Said"]
    assert clean_authors("Art Edwards says") == []
    assert clean_authors(["Edward Said"]) == ["Edward Said"]   # a JSON-LD person's name alone


def test_a_templates_two_copies_of_the_byline_make_one_name():
    """arstechnica.com: the mobile and desktop copies of the byline link, read as one line, gave
    "Chris Stokel-Walker Chris Stokel-Walker"."""
    byline = ("<div class='byline'><a class='sm:hidden' href='/author/x/'>Chris Stokel-Walker</a> "
              "<a class='hidden sm:block' href='/author/x/'>Chris Stokel-Walker</a></div>")
    assert extract_article(page(byline), "https://tech.example.com/features/2017/06/youtube")["authors"] == [
        "Chris Stokel-Walker"]
    assert clean_authors("Anna Anna") == ["Anna Anna"]   # one word twice may be a name


def test_an_author_property_without_an_item_is_read_as_its_text():
    """leandatainc.com (WordPress's Avada theme): "by <span itemprop='author'><span class='vcard
    author'><span class='fn'><a>Mark Emmons</a>" gave no author."""
    byline = ("<header><span class='blog-author'>by <span class='entry-author-link' itemprop='author'>"
              "<span class='vcard author'><span class='fn'><a href='https://lean.example.com/author/markemmons' "
              "title='Posts by Mark Emmons' rel='author'>Mark Emmons</a></span></span></span></span></header>")
    assert extract_article(page(byline), "https://lean.example.com/blog/the-winds-of-change")["authors"] == [
        "Mark Emmons"]


def test_authors_of_teaser_items_are_not_the_articles():
    """linkedin.com/pulse: a list of articles, each an item with its own ``author`` property."""
    teasers = "".join(
        f"<li itemscope itemtype='http://schema.org/Article'><a href='/pulse/{i}'><span itemprop='headline'>"
        f"Story {i}</span><span itemprop='author'>{name}</span></a></li>"
        for i, name in enumerate(["Ramya Joseph", "Anant Agarwal", "Chris Moore"]))
    html = page(f"<ul class='nav'>{teasers}</ul>")
    assert extract_article(html, "https://social.example.com/pulse/how-can-ai")["authors"] == ["Ramya Joseph"]


def test_the_part_of_the_title_the_page_shows_as_its_heading_is_the_headline():
    """anisse.astier.eu: "Linux Engineer's random thoughts - awk driven IoT", the blog's name
    first, the post's <h1> "awk driven IoT"; the title search took the blog's name."""
    html = page("<h2>Making toy prototypes with traditional unix tools</h2>",
                title="Linux Engineer's random thoughts - awk driven IoT", h1="awk driven IoT")
    assert extract_article(html, "https://blog.example.eu/awk-driven-iot.html")["title"] == "awk driven IoT"


@pytest.mark.parametrize("byline, want", [
    ("written by Connie Wang Photographed by Sharokh Mirzai; Styled by Bethie Girmai", ["Connie Wang"]),
    ("By Jane Doe; Produced by John Roe", ["Jane Doe"]),
    ("Por Ana Ruiz. Fotografías de José Pérez", ["Ana Ruiz"]),
])
def test_contributors_credits_after_the_authors_are_no_authors(byline, want):
    """refinery29.com (the Mercury parser's pages): the photographer, models, stylist and make-up
    artist after "written by"."""
    assert clean_authors(byline) == want


@pytest.mark.parametrize("byline, want", [
    ("Smart Shopping Team", []), ("BWW News Desk", []),
    ("Adam Aaronson PhillyVoice Staff", ["Adam Aaronson"]),   # a staff badge after the name
])
def test_a_team_or_a_desk_is_nobody(byline, want):
    """mentalfloss.com gave "Smart Shopping" of "Smart Shopping Team"."""
    assert clean_authors(byline, "PhillyVoice") == want


@pytest.mark.parametrize("lang, line", [
    ("de", "Aktualisiert am 6. März 2026, 9:10 Uhr / Erschienen am 5. März 2026, 14:32 Uhr"),
    ("en", "Updated March 6, 2026, 10:15 a.m. EST | Published March 5, 2026, 2:32 p.m. EST"),
    ("fr", "Mis à jour le 6 mars 2026 à 09h10 | Publié le 5 mars 2026 à 14h32"),
    ("it", "Aggiornato il 6 marzo 2026 / Pubblicato il 5 marzo 2026"),
    ("es", "Actualizado: 6 de marzo de 2026 · Publicado: 5 de marzo de 2026"),
])
def test_a_date_line_that_names_the_update_first_never_gives_the_update(lang, line):
    """Pages written in a probe (es, en, de, fr, it): the update named before the publication
    on one line gave the update's day (6 March): the extracted text's first line read whole,
    where the page's date lines are read after their "published" lead-in. Right or null now,
    never the update."""
    html = (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>Cloud sets a "
            f"course</title></head><body><article><h1>Cloud sets a course</h1><p class='date'>{line}"
            f"</p>{''.join(f'<p>{PARAGRAPH}</p>' for _ in range(4))}</article></body></html>")
    assert extract_article(html, "https://news.example/economy/cloud-sets-a-course")["date"] in (
        "2026-03-05", None)


def test_an_article_in_a_lists_items_is_not_the_pages():
    """JSON-LD's ItemList of other stories, written before the page's own NewsArticle (a box of
    related stories; a section front's list in a probe): the page's headline, date and author
    are its own object's."""
    import json
    related = {"@context": "https://schema.org", "@type": "ItemList", "itemListElement": [
        {"@type": "NewsArticle", "headline": "Otra noticia de ayer", "datePublished": "2026-01-02T08:00:00Z",
         "author": {"@type": "Person", "name": "Pedro Gómez"}}]}
    own = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Cuba y Estados Unidos reanudan el diálogo",
           "datePublished": "2026-03-05T10:00:00-05:00", "author": {"@type": "Person", "name": "Ana Ruiz"}}
    story = "".join(f"<p>Las delegaciones se reunieron en Washington durante varias horas, párrafo {i}.</p>"
                    for i in range(8))
    html = (f"<html><head><title>Cuba y Estados Unidos reanudan el diálogo</title>"
            f"<script type='application/ld+json'>{json.dumps(related)}</script>"
            f"<script type='application/ld+json'>{json.dumps(own)}</script></head>"
            f"<body><article><h1>Cuba y Estados Unidos reanudan el diálogo</h1>{story}</article></body></html>")
    got = extract_article(html, "https://diario.example/2026/03/05/dialogo")
    assert (got["date"], got["authors"]) == ("2026-03-05", ["Ana Ruiz"])
