"""Log dropped articles by reason and URL, not by dumping the whole record."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class NewsLogFormatter(LogFormatter):
    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        return {
            # expected drops (an unchanged article on an incremental run) are not news
            "level": logging.DEBUG if getattr(exception, "quiet", False) else logging.INFO,
            "msg": "Dropped %(reason)s: %(url)s",
            "args": {"reason": type(exception).__name__, "url": getattr(item, "url", "?")},
        }
