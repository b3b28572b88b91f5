"""The crawl process's garbage collector: the start-up heap frozen while a spider runs."""

from __future__ import annotations

import gc

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.collector import FreezeStartupHeap


def test_the_start_up_heap_is_frozen_while_the_spider_runs_and_given_back_after() -> None:
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    extension = FreezeStartupHeap.from_crawler(get_crawler())
    kept = ["made before the spider opened"]  # a container: tracked by the collector
    extension.spider_opened()
    try:
        assert gc.get_freeze_count() > 0
        assert not any(o is kept for o in gc.get_objects())  # in the permanent generation
        made = ["made while it runs"]
        assert any(o is made for o in gc.get_objects())  # collected as before
        assert gc.get_threshold()[0] == 10_000 and gc.get_threshold()[1:] == before[1:]
    finally:
        extension.spider_closed()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_the_setting_turns_it_off() -> None:
    with pytest.raises(NotConfigured):
        FreezeStartupHeap.from_crawler(
            get_crawler(settings_dict={"NEWS_FREEZE_STARTUP_HEAP": False})
        )
