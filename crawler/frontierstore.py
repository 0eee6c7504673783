"""The frontier's two structures in Redis: the request queue whose pop leases
(:class:`LeasedQueue`, its Lua scripts) and the fingerprints that expire
(:class:`ExpiringDupeFilter`), with the keys they live under.

Why leases and expiring fingerprints, and what each key holds: ``crawler.frontier``'s docstring.
That module joins these to Scrapy (the scheduler, the worker spider, the seeder); this one is
only the data in Redis and the scripts that change it atomically (split out of it to keep each
module small).
"""
from __future__ import annotations

import redis
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue

from crawler.middlewares import LISTING_KINDS

__all__ = ["EPOCH_KEY", "LEASE_META", "PREFIX", "QUEUE_KEY", "SEEN_KEY", "ExpiringDupeFilter",
           "LeasedQueue", "start_round"]

PREFIX = "newsmon"
QUEUE_KEY = f"{PREFIX}:requests"
LEASED_KEY = f"{PREFIX}:leased"
LEASED_DATA_KEY = f"{PREFIX}:leased:data"
LEASE_SEQ_KEY = f"{PREFIX}:leased:seq"
SEEN_KEY = f"{PREFIX}:seen"
EPOCH_KEY = f"{PREFIX}:epoch"   # set by the first seeder; gone when Redis lost its data
LEASE_META = "frontier_lease"


# Pop the best request and lease it until ARGV[1] seconds from now (Redis's clock: workers'
# clocks may differ). Returns {lease id, request} or nil.
_POP = """
local m = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #m == 0 then return false end
redis.call('ZREM', KEYS[1], m[1])
local id = redis.call('INCR', KEYS[4])
local t = redis.call('TIME')
redis.call('ZADD', KEYS[2], tonumber(t[1]) + tonumber(ARGV[1]), id)
redis.call('HSET', KEYS[3], id, m[1], id .. ':p', m[2])
return {id, m[1]}
"""
# Put leases back in the queue: the expired ones (ARGV[1] = 'expired'), or the ids ARGV[2..].
_REQUEUE = """
local ids
if ARGV[1] == 'expired' then
  local t = redis.call('TIME')
  ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', tonumber(t[1]), 'LIMIT', 0, 500)
else
  ids = {unpack(ARGV, 2)}
end
local n = 0
for _, id in ipairs(ids) do
  local data = redis.call('HGET', KEYS[3], id)
  if data then
    redis.call('ZADD', KEYS[1], redis.call('HGET', KEYS[3], id .. ':p'), data)
    n = n + 1
  end
  redis.call('HDEL', KEYS[3], id, id .. ':p')
  redis.call('ZREM', KEYS[2], id)
end
return n
"""
# Extend the given leases (only those still held) to ARGV[1] seconds from now.
_RENEW = """
local t = redis.call('TIME')
local deadline = tonumber(t[1]) + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', deadline, ARGV[i]) end
return #ARGV - 1
"""


def start_round(server: redis.Redis, round_s: float) -> bool:
    """Mark the frontier as in use (``newsmon:epoch``, its creation time by Redis's clock) and
    say whether this round must read every feed in full: True when the mark was absent (a new
    frontier, or a Redis that restarted empty and so lost the requests it held) or was set by
    another seeder less than `round_s` seconds ago (seeders started together). The feeds'
    stored validators could otherwise answer 304 in front of articles the lost queue held.
    Raises redis.RedisError when Redis cannot be reached."""
    now = int(server.time()[0])
    if server.set(EPOCH_KEY, now, nx=True):
        return True
    since = server.get(EPOCH_KEY)
    return since is None or now - int(since) < round_s


class LeasedQueue(PriorityQueue):
    """scrapy-redis's priority queue (a sorted set scored by -priority) whose pop leases."""

    lease_s = 60.0

    def __init__(self, server, spider, key, serializer=None):
        super().__init__(server, spider, key, serializer)
        self._pop = server.register_script(_POP)
        self._requeue = server.register_script(_REQUEUE)
        self._renew = server.register_script(_RENEW)
        self.keys = [self.key, LEASED_KEY, LEASED_DATA_KEY, LEASE_SEQ_KEY]

    def push(self, request):
        request.meta.pop(LEASE_META, None)  # a redirect or retry carries its parent's lease
        super().push(request)

    def pop(self, timeout=0):
        found = self._pop(keys=self.keys, args=[self.lease_s])
        if not found:
            return None
        lease, data = found
        request = self._decode_request(data)
        request.meta[LEASE_META] = int(lease)
        return request

    def ack(self, *leases: int) -> None:
        if leases:
            with self.server.pipeline() as pipe:
                pipe.zrem(LEASED_KEY, *leases)
                pipe.hdel(LEASED_DATA_KEY, *leases, *(f"{i}:p" for i in leases))
                pipe.execute()

    def renew(self, leases) -> None:
        if leases:
            self._renew(keys=[LEASED_KEY], args=[self.lease_s, *leases])

    def requeue(self, leases=None) -> int:
        """Put `leases` (default: every expired lease, whoever held it) back in the queue."""
        args = ["expired"] if leases is None else ["ids", *leases]
        if leases is not None and not leases:
            return 0
        return self._requeue(keys=self.keys[:3], args=args)

    def leased(self) -> int:
        return self.server.zcard(LEASED_KEY)


class ExpiringDupeFilter(RFPDupeFilter):
    """scrapy-redis's request fingerprint, one expiring key per fingerprint (``SET NX EX``).

    Listings (feed, sitemap, section) and retries of failed URLs are claimed for one round
    (``NEWSMON_FRONTIER_ROUND_S``), article requests for ``NEWSMON_FRONTIER_SEEN_DAYS``. Keys are
    ``newsmon:seen:`` or ``newsmon:round:`` plus the first 16 bytes of the SHA-1 (the full hex
    digest would double the key)."""

    def __init__(self, server, key, debug=False, seen_s=4 * 86400, round_s=120):
        super().__init__(server, key, debug)
        self.seen_s, self.round_s = int(seen_s), max(1, int(round_s))

    @classmethod
    def from_spider(cls, spider):
        return cls.from_settings(spider.settings)

    @classmethod
    def from_settings(cls, settings):
        client = redis.Redis.from_url(settings.get("NEWSMON_FRONTIER_URL"),
                                      **settings.getdict("REDIS_PARAMS"))
        return cls(client, SEEN_KEY,
                   settings.getbool("DUPEFILTER_DEBUG"),
                   settings.getfloat("NEWSMON_FRONTIER_SEEN_DAYS", 4.0) * 86400,
                   settings.getfloat("NEWSMON_FRONTIER_ROUND_S", 120.0))

    def request_seen(self, request) -> bool:
        per_round = (request.meta.get("kind") in LISTING_KINDS
                     or request.meta.get("via") == "retry")
        seen_key, round_key = self.keys_for(request)
        key = round_key if per_round else seen_key
        added = self.server.set(key, b"1", nx=True, ex=self.round_s if per_round else self.seen_s)
        return not added

    def keys_for(self, request) -> tuple[bytes, bytes]:
        """The request's key as an article request and as a per-round claim."""
        digest = bytes.fromhex(self.request_fingerprint(request))[:16]
        return f"{SEEN_KEY}:".encode() + digest, f"{PREFIX}:round:".encode() + digest

    def clear(self):  # scrapy-redis deletes its one set here; expiry does that job
        pass
