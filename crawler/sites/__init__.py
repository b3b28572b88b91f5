"""One module per news site: its `ArticlePage` selectors and its spider. Scrapy finds them here
(SPIDER_MODULES); adding a site needs no registry edit."""
