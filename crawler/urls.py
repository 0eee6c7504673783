"""URL identity: the one form under which an article is known.

courlan (already a trafilatura dependency, well kept) normalises the URL: lower-case scheme and
host, default ports dropped, path normalised, and tracking parameters (utm_*, fbclid, gclid, …)
removed. We drop the fragment too (it never names another article) and keep the query otherwise,
since some outlets put the article id there.
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit

__all__ = ["clean_url", "canonical_url", "same_site"]


# Cached: a crawl cleans each article URL several times (in the RSS feed, the Atom feed and the
# sitemap that list it, at the seen check, for its canonical URL), ~5 calls per stored article
# on the farm, and courlan's normalisation is the costly part. Pure, so the cache is safe.
@lru_cache(maxsize=50_000)
def clean_url(url: str, base: str | None = None) -> str | None:
    """The normalised absolute form of `url` (resolved against `base`), or None if not http(s)."""
    if not url:
        return None
    url = url.strip()
    if base:
        url = urljoin(base, url)
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    from courlan import normalize_url  # with the first URL: ~20 ms of start-up otherwise

    try:
        url = normalize_url(url)
    except (ValueError, AttributeError):  # courlan rejects a few malformed netlocs
        return None
    return urldefrag(url)[0]


def _site(host: str) -> str:
    host = host.lower().split(":")[0]
    return host[4:] if host.startswith("www.") else host


def same_site(a: str, b: str) -> bool:
    """Same host, ignoring a leading www. and the port's default."""
    return _site(urlsplit(a).netloc) == _site(urlsplit(b).netloc)


def canonical_url(final_url: str, declared: str | None = None) -> str:
    """The article's identity: its declared rel=canonical / og:url when that is on the same site
    (a canonical pointing elsewhere is syndication or a mistake, not this page's identity), else
    the final URL after redirects; cleaned with :func:`clean_url`."""
    final = clean_url(final_url) or final_url
    if declared:
        candidate = clean_url(declared, base=final_url)
        if candidate and same_site(candidate, final):
            return candidate
    return final
