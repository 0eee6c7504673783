"""Scrapy's MetaRefreshMiddleware without decoding every article page in full.

Scrapy looks for ``<meta http-equiv="refresh">`` in the first 4096 characters of each HTML
response, but gets them as ``response.text[0:4096]``: the whole body decoded (and its base URL
made safe), for every page, though hardly any has such a tag and newsmon reads only the bytes
after that (the extraction workers decode for themselves). On ``bench/crawl.py``'s 1200 pages
that was ~4 % of the crawl process's GIL-held samples (py-spy).

So the same 4096 characters are decoded from the start of the body alone, and Scrapy's own
middleware runs only when they may hold the tag: w3lib reads a ``<meta>`` tag only when its
attributes hold ``refresh`` in any case (older w3lib replaced character references first, as in
``&#82;efresh``). A page with neither in that head cannot have it (4 of the 181 benchmark pages
have a ``&#`` there, 3 a ``refresh``); every other page takes Scrapy's path unchanged.
"""
from __future__ import annotations

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as ScrapyMetaRefresh
from scrapy.http import HtmlResponse
from w3lib.encoding import html_to_unicode

HEAD_CHARS = 4096                 # what scrapy.utils.response.get_meta_refresh reads
HEAD_BYTES = 4 * HEAD_CHARS + 64  # enough bytes for them in any encoding of <= 4 bytes a char


def head_text(response: HtmlResponse) -> str:
    """``response.text[0:4096]``, decoding only the start of the body when it is long."""
    body = response.body
    if len(body) <= HEAD_BYTES:
        return response.text[:HEAD_CHARS]
    # What TextResponse.text does (the response's encoding, a BOM first), on a prefix: a
    # decoder's output for a prefix is the start of its output for the whole, but for the
    # last few characters (a cut sequence): they are beyond HEAD_CHARS + 8 or it falls back.
    head = html_to_unicode(f"charset={response.encoding}", body[:HEAD_BYTES])[1]
    if len(head) < HEAD_CHARS + 8:
        return response.text[:HEAD_CHARS]
    return head[:HEAD_CHARS]


def may_refresh(response: HtmlResponse) -> bool:
    """False when Scrapy's get_meta_refresh surely finds no refresh tag in `response`."""
    # Two substring searches of the lowered head, not a case-insensitive regex: py-spy put
    # 1.7 % of the crawl process's samples on that regex's scan (it has no literal prefix).
    head = head_text(response).lower()
    return "refresh" in head or "&#" in head


class MetaRefreshMiddleware(ScrapyMetaRefresh):
    def process_response(self, request, response):
        if isinstance(response, HtmlResponse) and not may_refresh(response):
            return response
        return super().process_response(request, response)
