"""Crawl Vietnamese news sites into clean, normalised JSON Lines."""
