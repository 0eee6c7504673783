"""Index pages by their address (pipelines.indexurls) and what extraction makes of them."""
from __future__ import annotations

import pytest

from pipelines.extraction import extract_article
from pipelines.indexurls import index_url


@pytest.mark.parametrize("url, why", [
    ("https://www.example.com/", "home"),
    ("https://www.example.com", "home"),
    ("https://www.example.com/index.html", "home"),
    ("https://www.example.com/es/", "home"),
    ("https://www.example.com/pt_BR/default.aspx", "home"),
    ("https://example.org/tag/cuba/", "listing"),
    ("https://example.org/tag/cuba/page/2/", "listing"),
    ("https://example.org/news/tag/us-cuba/", "listing"),
    ("https://example.org/autor/maria-perez-lopez", "listing"),
    ("https://example.org/themen/kuba/", "listing"),
    ("https://example.org/categories/", "listing"),
    ("https://example.org/2026/03/", "listing"),
    ("https://example.org/archives/2026/03/05/", "listing"),
])
def test_index_pages_are_named_by_their_address(url, why):
    assert index_url(url) == why


@pytest.mark.parametrize("url", [
    None, "", "/relative/only",
    "https://example.org/index.php?id=12",                   # an article on many CMSs
    "https://example.org/?p=2895",                           # a WordPress post
    "https://example.org/archives/2562",                     # a WordPress permalink by id
    "https://example.org/1927",
    "https://example.org/2020/08/23646/",
    "https://example.org/2026/03/05/cuba-talks-resume",
    "https://example.org/category/news/cuba-and-us-resume-talks-on-migration",
    "https://example.org/themen/eu-taxonomie-atomkraft-erdgas-sind-nicht-nachhaltig",
    "https://example.org/topics/alert20190402.html",
    "https://example.org/noticias/cuba/",                    # outlets put articles under it
])
def test_article_addresses_are_not_index_pages(url):
    assert index_url(url) is None


def _home_page(structured: str = "") -> str:
    teasers = "".join(
        f"<div class='card'><h2><a href='/2026/03/0{i}/story-{i}'>Headline of story {i}</a></h2>"
        f"<p>The harbour authority said on Monday that traffic through the port rose for the "
        f"{i}th month in a row, as shipping lines added routes to the island.</p></div>"
        for i in range(1, 4))
    return (f"<html lang='en'><head><title>The Daily Example</title>{structured}</head><body>"
            f"<main>{teasers}</main></body></html>")


def test_a_home_page_is_not_an_article_where_its_address_says_so():
    page = _home_page()
    home = extract_article(page, "https://www.example.com/")
    assert home["not_article"] == "listing" and home["text"] == ""
    assert extract_article(page, "https://www.example.com/tag/port/")["not_article"] == "listing"
    # the same page at an article's address is read as one
    assert "harbour authority" in extract_article(page, "https://www.example.com/2026/03/01/port")["text"]


def test_a_page_that_says_it_is_an_article_is_one_whatever_its_address():
    page = _home_page('<script type="application/ld+json">{"@type": "NewsArticle", '
                      '"headline": "Port traffic rises"}</script>')
    assert extract_article(page, "https://www.example.com/").get("not_article") is None


def test_a_canonical_url_of_an_article_keeps_a_page_at_an_index_address_an_article():
    page = _home_page('<link rel="canonical" href="https://www.example.com/2026/03/01/port">')
    assert extract_article(page, "https://www.example.com/").get("not_article") is None


def test_a_saved_page_without_its_address_is_named_by_its_canonical_url():
    """`newsmon extract page.html` without --url (a new-user trial: every saved tag, author and
    archive page came back as an article): the canonical URL stands for the address, as the
    command's help says."""
    page = _home_page('<link rel="canonical" href="https://www.example.com/tag/port/">')
    assert extract_article(page, None)["not_article"] == "listing"
    article = _home_page('<link rel="canonical" href="https://www.example.com/2026/03/01/port">')
    assert extract_article(article, None).get("not_article") is None
    assert extract_article(_home_page(), None).get("not_article") is None   # no address at all


def test_a_topics_id_is_an_index_only_when_the_page_calls_itself_a_collection():
    """The BBC's topic pages ("/news/topics/c404v061z99t", a probe page, its JSON-LD a
    CollectionPage): the id has digits, so the address alone does not say it; an article's id
    there ("/topics/alert20190402.html") stays an article."""
    assert index_url("https://www.bbc.co.uk/news/topics/c404v061z99t") is None
    assert index_url("https://www.bbc.co.uk/news/topics/c404v061z99t", collection=True) == "listing"
    assert index_url("https://www.example.com/topics/alert20190402.html", collection=True) is None


def test_a_sections_name_alone_is_an_index_when_the_page_calls_itself_a_collection():
    """Granma's section pages ("/mundo", a probe page): JSON-LD says CollectionPage, and each of
    the eighteen cards is an ``<article>`` marked up as a NewsArticle, so trafilatura read the
    first card's summary as the text; the Guardian's tag pages ("/world/cuba", a probe page)
    link each card by an empty link laid over it, so no card was seen. A story's address is
    more than a section's or a topic's name."""
    for url in ("https://www.granma.cu/mundo", "https://www.dw.com/es/cuba",
                "https://www.example.com/estados-unidos/", "https://www.theguardian.com/world/cuba"):
        assert index_url(url, collection=True) == "listing"
        assert index_url(url) is None
    for url in ("https://www.granma.cu/mundo/2026-02-03/parlamentarios-europeos-exigen",
                "https://www.example.com/cuba-crisis-deepens-as-blackouts-spread",
                "https://www.example.com/noticia123",
                "https://www.example.com/world/2026/cuba-talks"):
        assert index_url(url, collection=True) is None


def test_a_kind_of_tag_and_the_tag_are_an_index_when_the_page_calls_itself_a_collection():
    """El Confidencial's tag pages ("/tags/lugares/cuba/", a probe page, its JSON-LD a
    CollectionPage): trafilatura kept the first card's teaser alone. Without the page's word, a
    topic's folder, its sub-topic and a short slug stay an article (trafilatura's evaluation
    pages: "/themen/land-und-leute/homo-brandenburgensis")."""
    for url in ("https://www.elconfidencial.com/tags/lugares/cuba/",
                "https://www.elconfidencial.com/tags/personajes/donald-trump/"):
        assert index_url(url, collection=True) == "listing"
        assert index_url(url) is None
    assert index_url("https://www.politische-bildung-brandenburg.de/themen/land-und-leute/homo-brandenburgensis") is None
    assert index_url("https://www.example.com/tags/lugares/cuba/2026-03-la-habana-sin-luz", collection=True) is None


@pytest.mark.parametrize("url", ["https://apnews.com/hub/climate-and-environment",
                                 "https://www.theguardian.com/profile/helena-marsh"])
def test_topic_hubs_and_author_profiles_are_index_pages(url):
    """AP's topic hubs and the Guardian's author pages (probe pages)."""
    assert index_url(url) == "listing"
