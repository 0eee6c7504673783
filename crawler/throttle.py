"""AutoThrottle that also learns from 304 Not Modified.

Scrapy's AutoThrottle lowers a slot's delay only on 200 responses, so that errors never speed a
crawl up. A 304 is a healthy, cheap answer, and on an unchanged re-crawl it is nearly the only
answer: counted as a 200 here, so a host whose feeds are all unchanged is not walked through at
the start delay.
"""
from __future__ import annotations

from scrapy.extensions.throttle import AutoThrottle


class NotModifiedAwareAutoThrottle(AutoThrottle):
    def _adjust_delay(self, slot, latency, response):
        if response.status == 304:
            response = response.replace(status=200)
        super()._adjust_delay(slot, latency, response)
