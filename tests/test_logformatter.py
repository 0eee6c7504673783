"""Crawl log lines name an item; they never print an article's text."""
from __future__ import annotations

import logging

from scrapy.exceptions import DropItem
from scrapy.spiders import Spider
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.items import ArticleItem
from crawler.logformatter import ArticleLogFormatter, item_summary

BODY = "La Habana amaneció otra vez sin corriente. " * 200


def article():
    return ArticleItem(outlet="cibercuba", url="https://x.example/a?utm_source=rss",
                       request_urls=["https://x.example/a?utm_source=rss"],
                       canonical_url="https://x.example/a", text=BODY, minhash=b"\x00" * 512)


def spider():
    settings = {k: getattr(project_settings, k) for k in dir(project_settings) if k.isupper()}
    crawler = get_crawler(Spider, settings)
    return crawler._create_spider("t")


def render(entry) -> str:
    return entry["msg"] % entry["args"]


def test_a_dropped_duplicate_is_one_info_line_naming_the_article():
    entry = ArticleLogFormatter().dropped(
        article(), DropItem("already stored as article 7: https://x.example/a"), None, spider())
    line = render(entry)
    assert entry["level"] == logging.INFO
    assert "cibercuba" in line and "https://x.example/a" in line and "article 7" in line
    assert "corriente" not in line and "minhash" not in line and len(line) < 300


def test_errors_and_scraped_lines_summarise_the_item_too():
    formatter, item = ArticleLogFormatter(), article()
    for entry in (formatter.item_error(item, ValueError("boom"), None, spider()),
                  formatter.scraped(item, None, spider())):
        assert "corriente" not in render(entry) and "https://x.example/a" in render(entry)
    assert item_summary(item) == "article cibercuba https://x.example/a"
    assert item_summary({"text": BODY}) == "dict"   # no other kind of item: named by its type
