"""The bundled demo news site and its server. See `python -m crawler.demo serve --help`."""

from crawler.demo.server import SITE_DIR, DemoServer, serve

__all__ = ["SITE_DIR", "DemoServer", "serve"]
