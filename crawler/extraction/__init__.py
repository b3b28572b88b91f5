"""Page -> Article fields: JSON-LD, <meta>, CSS selectors, bylines, dates. No Scrapy here."""
