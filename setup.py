"""For scrapyd-deploy, which builds an egg with `setup.py bdist_egg`: the project itself is
described in pyproject.toml (package data, the Scrapy settings entry point)."""

from setuptools import setup

setup()
