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

# -- page decoding: after decompression (590), before any spider reads the page ----------------
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.PageDecodingMiddleware": 580,
}

# -- pipelines: the order is the design -------------------------------------------------------
ITEM_PIPELINES = {
    "crawler.pipelines.boilerplate.StripBoilerplatePipeline": 100,
    "crawler.pipelines.paragraphs.BuildParagraphsPipeline": 200,
    "crawler.pipelines.normalise.NormaliseTextPipeline": 300,
    "crawler.pipelines.validate.ValidatePipeline": 400,
    "crawler.pipelines.dedupe.DeduplicatePipeline": 500,
}

# -- FEEDS ------------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(RECORD_FIELDS)  # the record's stable key order; working fields stay out
FEED_STORE_EMPTY = True

# -- our knobs --------------------------------------------------------------------------------
NEWS_LINK_DENSITY_MAX = 0.5  # blocks inside a body with more link text than this are boilerplate
NEWS_MIN_WORDS = MIN_WORDS  # records with fewer words in `text` are dropped as TooShort
NEWS_MAX_LISTING_PAGES = 50  # pagination depth followed from each section page
NEWS_TONE_STYLE = "old"  # tone marks: "old" (hòa, thủy), "new" (hoà, thuỷ) or "keep" as written
NEWS_FOLD_QUOTES = False  # curly quotes -> ASCII in the text (they are always folded in search_key)
NEWS_SEARCH_KEY = True  # export `search_key`: title, summary and text folded for matching

# -- Scrapy housekeeping ----------------------------------------------------------------------
# Both open a console into the crawl process; unattended crawls need neither, and the remote
# control also writes job files under the user's profile, outside the output folder.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
