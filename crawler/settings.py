"""Scrapy settings of the newsmon crawler.

Own settings carry the ``NEWSMON_`` prefix and are documented in the README's settings table
(a test keeps the two in step). Everything here can be overridden per run by the runner
(``crawler/runner.py``) and per outlet in ``config/outlets.yaml`` (download_delay, concurrency).
"""
from scrapy.settings import default_settings as _scrapy_defaults


def _without(base: dict, *paths: str) -> dict:
    """One of Scrapy's component lists less the components named (tests/test_crawl.py checks
    that a crawl with nothing new imports none of what they would load)."""
    return {path: order for path, order in base.items() if path not in paths}


BOT_NAME = "newsmon"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- newsmon's own settings -------------------------------------------------------------------
NEWSMON_DATABASE_URL = None          # SQLAlchemy URL of the store; None: $NEWSMON_DATABASE_URL or ./newsmon.db
NEWSMON_TOPICS_FILE = None           # topics YAML used to tag; None: config/topics.yaml
NEWSMON_CONTACT_URL = "https://github.com/newsmon/newsmon"  # put in the User-Agent so outlets can reach you
NEWSMON_MAX_AGE_DAYS = 3.0           # feed/sitemap items older than this (before the outlet's last crawl) are not followed
NEWSMON_FAILED_RETRY_DAYS = 7.0      # a 404/410, non-HTML or too large URL is not requested again for this long
NEWSMON_EXTRACT_WORKERS = 2          # processes that run trafilatura (0: extract inline, in the reactor thread)
NEWSMON_RETRY_MAX_WAIT = 30.0        # longest pause before a retry within a crawl (Retry-After above it: next crawl)
NEWSMON_STORY_WINDOW_DAYS = 3.0      # ± days within which copies and reports of one event join one story
NEWSMON_STORY_THRESHOLD = 0.30       # estimated Jaccard similarity of two bodies to be copies (bench/story_eval.py chose it)
NEWSMON_EVENT_THRESHOLD = 0.56       # average event score to the reports of a story to join it (bench/story_signals.py chose it)
NEWSMON_STORY_EVENTS = False         # embed title and lead to join reports of one event (off: stories-farm counts them as errors, README)
NEWSMON_FRONTIER_URL = None          # redis://HOST:PORT/DB shared by several workers (crawler/frontier.py); None: one process
NEWSMON_FRONTIER_MODE = "drain"      # set by the runner: drain (stop when the frontier is empty), worker (run until stopped), seed
NEWSMON_FRONTIER_LEASE_S = 60.0      # a request taken by a worker that stopped renewing its lease this long goes back to the queue
NEWSMON_FRONTIER_ROUND_S = 120.0     # a feed, sitemap, section or retry enqueued again within this is the same round's: dropped
NEWSMON_FRONTIER_SEEN_DAYS = 4.0     # how long an article request's fingerprint stays in Redis (then PostgreSQL's seen check)
NEWSMON_FRONTIER_WAIT_S = 120.0      # a drain crawl that cannot reach Redis this long ends `failed` (a worker waits for ever)
NEWSMON_RUN_ID = None                # crawl_runs.id of this run, set by the runner

# --- politeness -------------------------------------------------------------------------------
USER_AGENT = f"newsmon/0.1 (news monitor; +{NEWSMON_CONTACT_URL})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
COOKIES_ENABLED = False
EXTENSIONS = {
    "scrapy.extensions.throttle.AutoThrottle": None,
    "crawler.throttle.NotModifiedAwareAutoThrottle": 0,
    # A database outage mid-crawl: one counted line per lost item, no traceback.
    "crawler.dbguard.DatabaseGuard": 0,
    # Listing validators and per-URL outcomes, announced by the spider and the pipelines.
    "crawler.records.CrawlRecords": 0,
}
# Scrapy imports every component its *_BASE lists name, even one switched off with None above or
# by its own setting, so those that do nothing for newsmon leave the base lists themselves
# (start-up time: the remote control alone imports aiohttp, ~0.1 s of every crawl, only to find
# itself disabled; the cookies middleware, off by COOKIES_ENABLED, imports tldextract).
EXTENSIONS_BASE = _without(
    _scrapy_defaults.EXTENSIONS_BASE,
    "scrapy.extensions.remote_control.RemoteControl",   # REMOTE_CONTROL_ENABLED is off
    "scrapy.extensions.telnet.TelnetConsole",           # TELNETCONSOLE_ENABLED is off
    "scrapy.extensions.feedexport.FeedExporter",        # no FEEDS: items go to the database
    "scrapy.extensions.spiderstate.SpiderState",        # no JOBDIR
    "scrapy.extensions.memdebug.MemoryDebugger")        # MEMDEBUG_ENABLED is off

# --- robustness -------------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 20
# An article page padded with megabytes of inline JSON state is still an article (the farm's
# `huge` fault: 15 MB); its scripts are dropped before parsing (pipelines/extraction.py).
DOWNLOAD_MAXSIZE = 24 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Scrapy's list less CannotResolveHostError: a name that did not resolve will not in a second.
RETRY_EXCEPTIONS = [
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.DownloadTimeoutError",
    "scrapy.exceptions.ResponseDataLossError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
    OSError,
    "scrapy.core.downloader.handlers.http11.TunnelError",
]
# Every failure gets its own WARNING line with the outlet (spider, UnreachableHostMiddleware).
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
REDIRECT_MAX_TIMES = 10
DNS_TIMEOUT = 15

# --- components -------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Runs before robots.txt and the downloader: an already stored URL is never requested.
    "crawler.middlewares.SeenUrlMiddleware": 50,
    "crawler.middlewares.ConditionalGetMiddleware": 60,
    # robots.txt in a slot of its own: a host's first page follows it without a start delay.
    "crawler.middlewares.RobotsTxtSlotMiddleware": 90,
    # Scrapy's retries with a pause: Retry-After or exponential backoff.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.PoliteRetryMiddleware": 550,
    # After robots.txt (100), before retries (550): a host that never answered is asked once.
    "crawler.middlewares.UnreachableHostMiddleware": 540,
    # Sees 3xx before Scrapy's RedirectMiddleware (600): counts loops, remembers hops.
    "crawler.middlewares.RedirectMiddleware": 650,
    # Scrapy's, at its place, without decoding every page in full (crawler/metarefresh.py).
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.metarefresh.MetaRefreshMiddleware": 580,
}
DOWNLOADER_MIDDLEWARES_BASE = _without(  # see EXTENSIONS_BASE
    _scrapy_defaults.DOWNLOADER_MIDDLEWARES_BASE,
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware")   # COOKIES_ENABLED is off
ITEM_PIPELINES = {
    # One worker call per page: text and metadata, story signals, topics (pipelines/page.py).
    "pipelines.extract.ExtractPipeline": 100,
    # One transaction per article: the exact-copy check, the row, its story.
    "pipelines.store.StorePipeline": 400,
}

# A long-running service exposes no remote-control or telnet server (DESIGN.md).
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False
# The caller owns logging (the CLI configures it from -v): Scrapy must not reset the root logger.
LOG_INSTALL_ROOT_HANDLER = False
LOG_LEVEL = "WARNING"
# Items are named, not printed (an article's whole text in every "Dropped:" line); a duplicate
# dropped by the store step (an exact copy) is routine, not a warning.
LOG_FORMATTER = "crawler.logformatter.ArticleLogFormatter"
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# --- CPU per article (profiled on bench/crawl.py, 20 outlets x 60 pages) -------------------------
# Scrapy checks each response's callback for a generator that returns a value, by reading its
# source and parsing it with ast. The result is cached under a weak reference to the callback,
# and a bound method is a new object on every Request, so the cache missed on every response:
# 1.6 ms of CPU per response, a fifth of the crawl process. tests/test_crawl.py makes
# the same check once per callback instead.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Spider output of one response is handled by this many asyncio tasks, made anew for every
# response (scrapy.utils.asyncio._parallel_asyncio): 100 by default, for an article page that
# yields one item. A listing's 50-odd requests only go to the scheduler; no pipeline step of
# one response waits on another, so a few tasks keep the same pace.
CONCURRENT_ITEMS = 4
