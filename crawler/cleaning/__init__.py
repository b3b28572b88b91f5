"""Boilerplate rules as named data, and paragraph building. lxml only: no Scrapy here."""
