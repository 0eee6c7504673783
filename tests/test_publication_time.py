"""Which time a stored article gets: the feed's, the page's, the URL's; never one in the future
(``pipelines.extract.publication_time``). A tester's farm crawl stored a feed's 2027-01-01 for a
page fetched 2026-12-02 (the farm's ``future_pubdate`` fault), and it led every search sorted
by date."""
from __future__ import annotations

from datetime import date, datetime, timezone

from pipelines.extract import publication_time

NOW = datetime(2026, 12, 2, 17, 0, tzinfo=timezone.utc)
URL = "https://diario.example/2026/11/30/apagones-en-oriente.html"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def test_the_feeds_time_wins_when_it_is_not_in_the_future():
    assert publication_time(at("2026-12-01T10:00"), "2026-11-30", URL, NOW) == at("2026-12-01T10:00")


def test_a_feed_time_in_the_future_gives_way_to_the_pages_own():
    assert publication_time(at("2027-01-01T04:20"), "2026-11-30T08:00:00+00:00", URL, NOW) == at("2026-11-30T08:00")


def test_with_no_date_on_the_page_the_urls_day_replaces_a_future_feed_time():
    assert publication_time(at("2027-01-01T04:20"), None, URL, NOW) == at("2026-11-30T00:00")
    assert publication_time(at("2027-01-01T04:20"), None, "https://diario.example/a/1", NOW) is None


def test_a_page_date_in_the_future_is_not_stored_but_today_east_of_utc_is():
    assert publication_time(None, "2027-03-05", URL, NOW) == at("2026-11-30T00:00")
    assert publication_time(None, "2026-12-03", None, NOW) == at("2026-12-03T00:00")   # UTC+14's today
    assert publication_time(None, "2026-12-04", None, NOW) is None


def test_a_month_named_in_the_address_gives_its_day():
    """The Guardian's and PolitiFact's addresses name the month: /2019/nov/18/. PolitiFact's
    page (the article-extraction benchmark) otherwise showed first the day of the statement it
    checks, 13 October, which htmldate seconded: a wrong day (a tester)."""
    from pipelines.stateddates import url_day

    assert url_day("https://www.theguardian.com/world/2019/nov/18/x") == date(2019, 11, 18)
    assert url_day("https://www.politifact.com/factchecks/2019/Nov/8/a/b/") == date(2019, 11, 8)
    assert url_day("https://www.theguardian.com/world/2019/feb/30/x") is None
    assert url_day("https://example.com/2019/foo/18/x") is None
