"""Thin Scrapy adapters, one stage each, each around one pure function. The order lives in
settings.ITEM_PIPELINES."""
