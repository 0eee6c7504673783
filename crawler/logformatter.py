"""Log lines about items that name the article instead of printing it.

Scrapy's default ``LogFormatter`` appends the whole item to "Dropped:", "Scraped from" and
"Error processing" lines. A newsmon item carries the article's full text and its MinHash bytes,
so every duplicate dropped by the store step wrote kilobytes of body into the log, at WARNING.
Here those lines carry the outlet and URL; a dropped duplicate is routine, so it is
logged at INFO (``DEFAULT_DROPITEM_LOG_LEVEL`` in ``crawler/settings.py``).
"""
from __future__ import annotations

from scrapy.logformatter import LogFormatter

from crawler.items import ArticleItem


def item_summary(item) -> str:
    """``article farm3 https://…``: what a log reader needs to find the item again."""
    if isinstance(item, ArticleItem):
        return f"article {item.summary()}"
    return type(item).__name__


class ArticleLogFormatter(LogFormatter):
    def dropped(self, item, exception, response, spider):
        entry = super().dropped(item, exception, response, spider)
        entry["msg"] = "Dropped (%(item)s): %(exception)s"
        entry["args"] = {**entry["args"], "item": item_summary(item)}
        return entry

    def scraped(self, item, response, spider):
        entry = super().scraped(item, response, spider)
        entry["args"] = {**entry["args"], "item": item_summary(item)}
        return entry

    def item_error(self, item, exception, response, spider):
        entry = super().item_error(item, exception, response, spider)
        entry["args"] = {**entry["args"], "item": item_summary(item)}
        return entry
