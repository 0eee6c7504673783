"""The Redis frontier: many crawl workers share one request queue and one dupefilter.

Built on scrapy-redis 0.9 (its priority queue, its request serialisation and its dupefilter's
fingerprint) rather than a queue of our own; three things are added, because scrapy-redis alone
loses work and grows without bound (measured on Scrapy 2.19, see the README):

- **Leases** (reliable-queue pattern). scrapy-redis pops a request out of Redis into the worker's
  memory, so a worker killed with SIGKILL loses everything it had taken. Here one Lua script pops
  the request and records it under a lease (``newsmon:leased``: lease id → deadline by Redis's own
  clock; ``newsmon:leased:data``: the serialised request and its priority). The worker renews its
  leases every few seconds and ends one only when the request is finished: its response and every
  item and request it produced went through the pipelines and into Redis (Scrapy has no signal
  for that moment; the engine's per-request ``remove_request`` is it). Any worker puts a lease
  whose deadline has passed back into the queue. A sorted set of deadlines rather than a
  per-worker RPOPLPUSH list: a dead worker is detected by time alone, no worker registry needed.
  An item the database refused leaves its lease to run out too, so the page is fetched again
  (up to ``STORE_ATTEMPTS`` times): its fingerprint would otherwise keep it from the next round.
- **Fingerprints that expire.** scrapy-redis keeps every fingerprint in one set forever. Here each
  one is its own key, written with ``SET NX EX`` (check-and-add in one atomic command):
  article requests for ``NEWSMON_FRONTIER_SEEN_DAYS`` (a link stays in feeds a few days; after
  that the stored-URL check in PostgreSQL still stops a refetch), feeds, sitemaps, sections and
  retries for ``NEWSMON_FRONTIER_ROUND_S`` (so each is polled by one worker per round, and again
  next round). Memory is then bounded by the URLs of a few days. Not a Bloom filter: the Redis
  here has no RedisBloom module, a plain Bloom filter cannot forget, and its false positives
  would silently skip new articles.
- **Validators fixed at enqueue time.** A feed's If-None-Match / If-Modified-Since go into the
  request stored in Redis, so a feed re-run after a crash asks with the same validators, never
  with ones saved by the worker that died (that would answer 304 in front of lost links).

- **A lost frontier is noticed.** Redis may restart empty (this machine's keeps nothing on
  disk): the queued article requests are gone while their feeds' validators are saved, so the
  feeds would answer 304 in front of them forever. The first seeder of a frontier sets
  ``newsmon:epoch``; a round that finds it absent reads every feed in full
  (``frontierstore.start_round``); a crawl that sees it vanish ends ``failed``, and one that
  cannot queue a request forgets the validators of that outlet's feeds and ends ``failed``. While Redis is unreachable a crawl waits
  for it (``NEWSMON_FRONTIER_WAIT_S`` in drain mode, for ever as a worker), logging the outage
  once, not once a second.

Keys live under ``newsmon:`` in the Redis database of the frontier URL. Requests are pickled
(scrapy-redis's default): the Redis server must be as private as the database. The queue, the
dupefilter and their keys are in ``crawler.frontierstore``, the URL checks and Scrapy settings in
``crawler.frontierconfig``; here they are joined to Scrapy.
"""
from __future__ import annotations

import asyncio
import logging
import time

import redis
from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from crawler import stats as counters
from crawler.frontierconfig import FrontierError, connect
from crawler.frontierstore import (EPOCH_KEY, LEASE_META, PREFIX, QUEUE_KEY, ExpiringDupeFilter,
                                   LeasedQueue, start_round)
from crawler.middlewares import LISTING_KINDS
from crawler.spiders.outlets import OutletSpider
from storage import crawlstate
from storage.engine import shared_sessionmaker

log = logging.getLogger(__name__)

STORE_ATTEMPTS = 3                # a request whose item failed to store is fetched again this often
CUTOFF_META = "frontier_cutoff"   # the seeder's date window of the outlet, for long-lived workers
class FrontierScheduler(Scheduler):
    """scrapy-redis's scheduler over :class:`LeasedQueue` and :class:`ExpiringDupeFilter`.

    Ends a lease when the engine is done with its request, renews held leases and re-queues
    expired ones every few seconds, and keeps the spider open while any worker holds a lease
    (``drain`` mode) or forever (``worker`` mode). Notices a frontier that lost its queue and
    waits out one that is unreachable (module docstring)."""

    @classmethod
    def from_crawler(cls, crawler):
        sched = cls.from_settings(crawler.settings)
        sched.stats, sched.crawler = crawler.stats, crawler
        settings = crawler.settings
        sched.mode = settings.get("NEWSMON_FRONTIER_MODE", "drain")
        sched.lease_s = settings.getfloat("NEWSMON_FRONTIER_LEASE_S", 60.0)
        sched.round_s = settings.getfloat("NEWSMON_FRONTIER_ROUND_S", 120.0)
        sched.wait_s = settings.getfloat("NEWSMON_FRONTIER_WAIT_S", 120.0)
        sched.url = settings.get("NEWSMON_FRONTIER_URL")
        sched.db_url = settings.get("NEWSMON_DATABASE_URL")
        sched.held: set[int] = set()
        sched.validators: dict = {}
        sched.epoch_seen = False      # the frontier's mark was there: its vanishing is a loss
        sched.down_since: float | None = None
        sched.dropped: set[str] = set()   # outlets with a request Redis did not take
        crawler.signals.connect(sched.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(sched.item_error, signal=signals.item_error)
        return sched

    def open(self, spider):
        # scrapy-redis's open() does this plus a deprecated spider.log() call (a warning on
        # Scrapy 2.19 whenever the queue is not empty, i.e. for every worker but the first).
        self.spider = spider
        self.queue = LeasedQueue(self.server, spider, self.queue_key, self.serializer)
        self.queue.lease_s = self.lease_s
        self.df = self.df or ExpiringDupeFilter.from_spider(spider)
        log.info("frontier %s: %d requests queued, %d in other workers' hands", self.url,
                 len(self.queue), self.queue.leased())
        if self.mode == "drain":   # this crawl seeds a round
            full = start_round(self.server, self.round_s)
            self.epoch_seen = True
        else:                      # a worker seeds nothing: only its listings' children
            self.epoch_seen = bool(self.server.exists(EPOCH_KEY))
            full = not self.epoch_seen
        if full:
            log.info("frontier %s is new or was emptied: feeds are read in full this round",
                     self.url)
        else:
            with shared_sessionmaker(self.db_url)() as session:
                self.validators = crawlstate.feed_validators(session)
        engine = self.crawler.engine
        # The moment a request is finished (response, items stored, new requests in Redis) is
        # when the engine drops it from its in-progress set: end the lease there.
        slot, remove = engine._slot, engine._slot.remove_request

        def remove_request(request, _remove=remove):
            try:
                self.ack(request)
            finally:
                _remove(request)
        slot.remove_request = remove_request
        # An idle worker asks Redis for work every second rather than Scrapy's 5 s heartbeat.
        engine._SLOT_HEARTBEAT_INTERVAL = 1.0
        self.upkeep = task.LoopingCall(self._upkeep)
        self.upkeep.start(max(0.5, min(self.lease_s / 4, 5.0)), now=False)

    def close(self, reason):
        if getattr(self, "upkeep", None) and self.upkeep.running:
            self.upkeep.stop()
        try:
            self._check_epoch()
            if self.held:  # stopped with requests in hand: give them back now, not at expiry
                n = self.queue.requeue(sorted(self.held))
                log.info("frontier: %d unfinished requests back in the queue", n)
        except redis.RedisError as exc:   # their leases run out: another worker takes them
            self._unavailable(exc)
        self.held.clear()
        self._forget_dropped()

    def enqueue_request(self, request) -> bool:
        meta = request.meta
        meta.pop(LEASE_META, None)
        if meta.get("kind") in LISTING_KINDS and not meta.get("unconditional"):
            bake_validators(request, self.validators)
        if meta.get("kind") in LISTING_KINDS and CUTOFF_META not in meta:
            meta[CUTOFF_META] = getattr(self.spider, "cutoffs", {}).get(meta.get("outlet"))
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            self.queue.push(request)
        except redis.RedisError as exc:   # counted: the outlet's validators are then forgotten
            self._unavailable(exc)
            counters.inc(self.stats, meta.get("outlet"), "error/frontier")
            self.dropped.add(meta.get("outlet"))
            log.warning("outlet %s: %s not queued, the frontier is unavailable",
                        meta.get("outlet"), request.url)
            return False
        self._available()
        self.stats.inc_value("frontier/enqueued")
        return True

    def next_request(self):
        try:
            request = self.queue.pop()
        except redis.RedisError as exc:  # Redis away a moment: ask again at the next heartbeat
            self._unavailable(exc)
            return None
        self._available()
        if request is not None:
            self.held.add(request.meta[LEASE_META])
            self.stats.inc_value("frontier/dequeued")
        return request

    def has_pending_requests(self) -> bool:
        try:
            pending = len(self.queue) > 0
        except redis.RedisError as exc:  # unknown: stay open until Redis answers or we give up
            self._unavailable(exc)
            return not self._given_up()
        self._available()
        return pending

    def ack(self, request) -> None:
        lease = request.meta.get(LEASE_META)
        if lease in self.held:
            self.held.discard(lease)
            try:
                self.queue.ack(lease)
            except redis.RedisError as exc:  # the lease runs out: fetched again, not lost
                self._unavailable(exc)
                log.debug("frontier: cannot end the lease of %s: %s", request.url, exc)

    def item_error(self, item, response, spider, failure):
        """An item that could not be stored (the database refused or was away): its request is
        not finished, so its lease is neither ended nor renewed, and it goes back to the queue
        when the lease runs out, up to ``STORE_ATTEMPTS`` times per URL and day."""
        request = getattr(response, "request", None)
        lease = request.meta.get(LEASE_META) if request is not None else None
        if lease not in self.held:
            return
        key = f"{PREFIX}:failed:".encode() + self.df.keys_for(request)[0][-16:]
        try:
            with self.server.pipeline() as pipe:
                attempts = pipe.incr(key).expire(key, 86400).execute()[0]
        except redis.RedisError:
            return
        if attempts <= STORE_ATTEMPTS:
            self.held.discard(lease)
            log.warning("frontier: %s not stored (%s): asked again in about %.0f s (attempt %d "
                        "of %d)", request.url, failure.value, self.lease_s, attempts,
                        STORE_ATTEMPTS)
        else:
            log.warning("frontier: %s not stored after %d attempts: given up", request.url,
                        STORE_ATTEMPTS)

    def _upkeep(self) -> None:
        try:
            self._check_epoch()
            self.queue.renew(sorted(self.held))
            back = self.queue.requeue()
        except redis.RedisError as exc:  # Redis away for a moment: leases outlive a blip
            self._unavailable(exc)
            return
        self._available()
        if back:
            log.warning("frontier: %d requests whose lease ran out back in the queue", back)
            self.stats.inc_value("frontier/requeued", back)
        if back or len(self.queue):
            self.crawler.engine._slot.nextcall.schedule()

    def spider_idle(self, spider):
        if self.mode == "worker":
            raise DontCloseSpider
        try:
            self._check_epoch()
            self.queue.requeue()
            busy = len(self.queue) or self.queue.leased()
        except redis.RedisError as exc:
            self._unavailable(exc)
            if self._given_up():
                raise CloseSpider("frontier_unavailable") from None
            raise DontCloseSpider from None
        if busy:
            raise DontCloseSpider  # another worker is still busy and may enqueue more

    def _check_epoch(self) -> None:
        """The frontier's mark vanished since it was seen: Redis lost what it held."""
        present = self.server.exists(EPOCH_KEY)
        if self.epoch_seen and not present:
            self.stats.set_value(counters.FRONTIER_LOST, 1)
            self.validators = {}   # this crawl's later feeds are read in full too
            log.error("the frontier at %s lost its queue (Redis restarted empty?): the requests "
                      "it held are gone; the next crawl reads every feed in full", self.url)
        self.epoch_seen = bool(present)

    def _unavailable(self, exc) -> None:
        """One WARNING when Redis goes away (each call after it would be once a second)."""
        if self.down_since is None:
            self.down_since = time.monotonic()
            log.warning("the frontier at %s is unavailable (%s): waiting for it", self.url,
                        str(exc).splitlines()[0])

    def _available(self) -> None:
        if self.down_since is not None:
            log.warning("the frontier at %s answers again after %.0f s", self.url,
                        time.monotonic() - self.down_since)
            self.down_since = None
            self._forget_dropped()

    def _forget_dropped(self) -> None:
        """The feeds of outlets whose requests Redis did not take answered with validators that
        are saved already: forget those, so the next round reads the feeds in full rather than
        get a 304 in front of the dropped articles. (A lost queue needs no such step: the next
        round finds no ``newsmon:epoch`` and reads every feed in full.)"""
        if not self.dropped:
            return
        outlets = sorted(o for o in self.dropped if o)
        try:
            with shared_sessionmaker(self.db_url)() as session:
                crawlstate.forget_validators(session, outlets)
                session.commit()
        except Exception as exc:   # noqa: BLE001 - kept for the next try (recovery or close)
            log.warning("feed validators of %s not forgotten yet: %s", ", ".join(outlets),
                        str(exc).splitlines()[0])
            return
        self.dropped.clear()
        log.warning("requests of %s were not queued: their feeds are read in full next round",
                    ", ".join(outlets))

    def _given_up(self) -> bool:
        """A drain crawl stops waiting for Redis after ``NEWSMON_FRONTIER_WAIT_S``."""
        return (self.mode == "drain" and self.down_since is not None
                and time.monotonic() - self.down_since > self.wait_s)


def bake_validators(request, validators: dict) -> None:
    """Put the stored ETag / Last-Modified of a listing into the request itself (see above)."""
    etag, last_modified = validators.get(request.url, (None, None))
    if etag and b"If-None-Match" not in request.headers:
        request.headers[b"If-None-Match"] = etag
    if last_modified and b"If-Modified-Since" not in request.headers:
        request.headers[b"If-Modified-Since"] = last_modified
    request.meta["unconditional"] = True  # the worker's middleware must not add its own


class WorkerSpider(OutletSpider):
    """The outlet spider of a long-lived worker: it only takes requests from the frontier, and
    skips feed items older than the date window the seeder computed for the round (its own,
    computed when it started days ago, would be stale)."""

    async def start(self):
        return
        yield  # pragma: no cover  (an async generator that yields nothing)

    def parse_listing(self, response):
        cutoff = response.meta.get(CUTOFF_META)
        if cutoff is not None:
            self.cutoffs[response.meta["outlet"]] = cutoff
        return super().parse_listing(response)


def seed(url: str, spider: OutletSpider, db_url: str, settings) -> tuple[int, int]:
    """Enqueue the spider's start requests (feeds, sitemaps, sections, due retries) without
    crawling; returns (enqueued, already claimed this round). FrontierError when Redis cannot
    be reached or fails on the way (seeding again is safe: claims are per round)."""
    server = connect(url)
    added = claimed = 0
    try:
        queue = LeasedQueue(server, spider, QUEUE_KEY)
        dupefilter = ExpiringDupeFilter.from_settings(settings)
        validators = {}
        if start_round(server, settings.getfloat("NEWSMON_FRONTIER_ROUND_S", 120.0)):
            log.info("frontier %s is new or was emptied: feeds are read in full this round", url)
        else:
            with shared_sessionmaker(db_url)() as session:
                validators = crawlstate.feed_validators(session)

        async def requests():
            return [r async for r in spider.start()]

        for request in asyncio.run(requests()):
            if request.meta.get("kind") in LISTING_KINDS:
                bake_validators(request, validators)
                request.meta[CUTOFF_META] = spider.cutoffs.get(request.meta.get("outlet"))
            if dupefilter.request_seen(request):
                claimed += 1
            else:
                queue.push(request)
                added += 1
    except redis.RedisError as exc:
        raise FrontierError(f"the frontier at {url} failed while seeding ({exc}) after "
                            f"{added} requests: start Redis and seed again") from None
    return added, claimed
