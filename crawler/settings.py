"""Scrapy settings, grouped: identity · politeness · pipelines · FEEDS · our knobs (NEWS_*)."""

from crawler.items import MIN_WORDS, RECORD_FIELDS

# -- identity ---------------------------------------------------------------------------------
BOT_NAME = "vn-news-crawler"
SPIDER_MODULES = ["crawler.sites"]
NEWSPIDER_MODULE = "crawler.sites"
COMMANDS_MODULE = "crawler.commands"
USER_AGENT = "vn-news-crawler/0.1 (+https://pypi.org/project/vn-news-crawler/)"
LOG_FORMATTER = "crawler.logformatter.NewsLogFormatter"

# -- politeness -------------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024  # a news page is well under 2 MB; this stops runaway bodies
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
NEWS_RETRY_AFTER_MAX = 60.0  # seconds: a longer Retry-After is waited this long, then retried

# -- page decoding: after decompression (590), before any spider reads the page ----------------
DOWNLOADER_MIDDLEWARES = {
    # first of all: an article exported before is skipped before anything else is spent on it
    "crawler.incremental.IncrementalMiddleware": 50,
    # before robots.txt is asked for: no request leaves the allowed domains, whatever it is
    "crawler.middlewares.AllowedDomainsMiddleware": 60,
    "crawler.middlewares.PageDecodingMiddleware": 580,
    # Scrapy's retries, told at INFO and waiting out a Retry-After (crawler/middlewares.py)
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.RetryMiddleware": 550,
    # Scrapy's meta refresh, with a byte test first: most pages are never decoded for it
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.MetaRefreshMiddleware": 580,
}
# The in-run duplicate filter: across runs (and across a resumed JOBDIR run) the crawl state
# decides what is fetched again, not a file of every fingerprint ever seen.
DUPEFILTER_CLASS = "crawler.incremental.InRunDupeFilter"

# -- pipelines: the order is the design -------------------------------------------------------
# An article page yields one record, a listing page only requests; Scrapy starts this many
# tasks for every response (100 by default), which cost the crawl a fifth of its time.
CONCURRENT_ITEMS = 4
ITEM_PIPELINES = {
    "crawler.pipelines.boilerplate.StripBoilerplatePipeline": 100,
    "crawler.pipelines.paragraphs.BuildParagraphsPipeline": 200,
    "crawler.pipelines.normalise.NormaliseTextPipeline": 300,
    "crawler.pipelines.validate.ValidatePipeline": 400,
    "crawler.pipelines.dedupe.DeduplicatePipeline": 500,
    "crawler.incremental.IncrementalPipeline": 600,
    "crawler.pipelines.duplicates.NearDuplicatePipeline": 650,
}

# -- add-ons: the distributed mode, switched on by NEWS_REDIS_URL (crawler/distributed.py) ----
ADDONS = {"crawler.distributed.Distributed": 0}

# -- extensions: crawl state, monitors with the run summary, live progress --------------------
EXTENSIONS = {
    # before the crawl state: a record is written (and flushed) before it counts as exported
    "crawler.export.DatasetExport": 40,
    "crawler.incremental.IncrementalStateExtension": 100,
    "crawler.monitoring.CrawlMonitor": 200,
    "crawler.monitoring.Progress": 300,
    "crawler.collector.FreezeStartupHeap": 400,
}

# -- FEEDS ------------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(RECORD_FIELDS)  # the record's stable key order; working fields stay out
FEED_STORE_EMPTY = True

# the dataset (crawler/export.py): JSON Lines partitioned by site and publication month, each
# file moved into place when complete, never overwritten, and a manifest per run
NEWS_EXPORT_DIR = "output"  # nothing of the dataset is written outside this folder
NEWS_EXPORT_PATH = "%(name)s/%(site)s/%(month)s/%(name)s-%(run)s.jsonl"  # "" turns it off
NEWS_EXPORT_MANIFEST = "%(name)s/manifests/%(name)s-%(run)s.json"
NEWS_EXPORT_GZIP = False  # True writes .jsonl.gz
NEWS_EXPORT_MAX_OPEN = 64  # partitions open at once; the least recently written are closed

# near-duplicates across sites and runs (crawler/duplicates.py): syndicated copies are linked
NEWS_DUPLICATES = "mark"  # "mark": duplicate_of and cluster_id; "drop" copies too; "off"
NEWS_DUPLICATES_THRESHOLD = 0.5  # estimated Jaccard similarity of the texts' five-word runs
NEWS_DUPLICATES_PATH = "state/near-duplicates.sqlite"  # shared by all spiders; "": this run only

# pages read in worker processes while the crawl fetches (crawler/workers.py): 0 reads them
# in the crawl's own process; a crawl bound by that work (a fast site, no delay) wants 1 or 2
NEWS_EXTRACT_WORKERS = 0
NEWS_WORKER_PIPELINES = [  # the per-page pipelines the workers run, in ITEM_PIPELINES order
    "crawler.pipelines.boilerplate.StripBoilerplatePipeline",
    "crawler.pipelines.paragraphs.BuildParagraphsPipeline",
    "crawler.pipelines.normalise.NormaliseTextPipeline",
]

# -- our knobs --------------------------------------------------------------------------------
NEWS_LINK_DENSITY_MAX = 0.5  # blocks inside a body with more link text than this are boilerplate
NEWS_MIN_WORDS = MIN_WORDS  # records with fewer words in `text` are dropped as TooShort
NEWS_MAX_LISTING_PAGES = 50  # pagination depth followed from each section page
NEWS_TONE_STYLE = "old"  # tone marks: "old" (hòa, thủy), "new" (hoà, thuỷ) or "keep" as written
NEWS_FOLD_QUOTES = False  # curly quotes -> ASCII in the text (they are always folded in search_key)
NEWS_SEARCH_KEY = True  # export `search_key`: title, summary and text folded for matching

# incremental crawling (crawler/incremental.py): "" turns it off; %(name)s is the spider's name
NEWS_STATE_PATH = "state/%(name)s.sqlite"
NEWS_STATE_BACKEND = "crawler.state.SQLiteState"  # a crawler.state.CrawlState, built from the path
NEWS_RECHECK_DAYS = 2.0  # articles published this recently are re-checked for corrections …
NEWS_RECHECK_EVERY_HOURS = 6.0  # … when last checked this long ago (a conditional request)
NEWS_STATE_EXPIRE_DAYS = 0  # forget articles not seen for this many days (0: never)

# monitors (crawler/monitoring.py), checked when a crawl ends; a spider may override any of them
# in custom_settings. A failure logs an ERROR naming the site, sets the stat monitor/failed and
# makes `scrapy crawl` exit 1.
NEWS_MONITOR_MIN_ARTICLES = 1  # articles seen (exported or known unchanged) at the least
NEWS_MONITOR_MIN_SAMPLE = 5  # field coverage is judged from this many parsed articles on
NEWS_MONITOR_COVERAGE = {"title": 0.95, "text": 0.9, "published_at": 0.8}  # share non-empty
NEWS_MONITOR_MAX_ERROR_RATE = 0.2  # failed fetches (HTTP >= 500, 429, network) / requests
NEWS_MONITOR_MAX_INVALID = 0  # exported records failing the JSON Schema
NEWS_SUMMARY = True  # write <export>.summary.json next to each local export file
# distributed crawling (crawler/distributed.py): workers sharing one crawl through Redis
NEWS_REDIS_URL = ""  # "redis://host:6379/0" switches it on; "" crawls in this process alone
NEWS_REDIS_PREFIX = "vn-news"  # Redis keys are "<prefix>:<spider>:…"
NEWS_REDIS_SEEN_TTL = 86400  # seconds a request fingerprint is remembered (bounds the seen-set)
NEWS_WORKER_ID = ""  # this worker's name in the run ("" : host name and process id)
NEWS_REDIS_DEAD_AFTER = 30.0  # seconds without a heartbeat before a worker counts as dead
NEWS_PROGRESS_INTERVAL = 30.0  # seconds between progress lines in the log (a TTY: a live line)

# -- Scrapy housekeeping ----------------------------------------------------------------------
# Both open a console into the crawl process; unattended crawls need neither, and the remote
# control also writes job files under the user's profile, outside the output folder.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
