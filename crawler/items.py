"""The one item of a crawl: an article page, as the spider fetched it and the pipelines fill it.

A dataclass (Scrapy handles dataclass items through ``itemadapter``): every field is declared
here with its type, so a pipeline that misspells one fails at once instead of storing None.
The spider sets the first group; ``pipelines.extract`` the second (in one worker call:
extraction, story signals and topics); ``pipelines.store`` the last. Listing validators and
per-URL outcomes are not items: the spider and the pipelines report them through the signals of
``crawler.records``, which records them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class ArticleItem:
    # --- fetched (spider) ----------------------------------------------------------------------
    outlet: str                          # outlet id of config/outlets.yaml
    url: str                             # the final URL, after redirects
    request_urls: list[str]              # every URL that led here (redirect hops, then the final one)
    body: bytes | None = None            # the page; dropped once extracted (it never reaches storage)
    encoding: str | None = None          # charset named by the Content-Type header
    http_status: int | None = None
    via: str | None = None               # feed, sitemap, section or retry
    listed_title: str | None = None      # the title the feed or sitemap gave
    listed_date: datetime | None = None  # the time the feed or sitemap gave (UTC)
    listed_author: str | None = None     # the author the feed gave, as written
    outlet_language: str | None = None   # the outlet's configured language
    # --- extracted (pipelines.extract, in a worker) ---------------------------------------------
    canonical_url: str | None = None     # the article's identity (crawler.urls.canonical_url)
    title: str | None = None
    author: str | None = None            # authors joined by "; "
    text: str = ""
    language: str | None = None          # ISO 639-1
    published_at: datetime | None = None
    content_hash: str | None = None      # normalised-text fingerprint (exact copies)
    minhash: bytes | None = None         # MinHash signature bytes (near copies); None for a stub
    event_vector: bytes | None = None    # event embedding (float16 bytes) or None
    event_names: list[str] = field(default_factory=list)
    event_numbers: list[str] = field(default_factory=list)
    topics: list[dict] = field(default_factory=list)   # [{"id", "score", "evidence"}], assigned only
    topics_version: str | None = None    # version of the topics file they were scored with
    # --- stored (pipelines.store) ---------------------------------------------------------------
    article_id: int | None = None
    story_id: int | None = None

    def summary(self) -> str:
        """``farm3 https://…``: what a log line needs to find the article again."""
        return f"{self.outlet} {self.canonical_url or self.url}"
