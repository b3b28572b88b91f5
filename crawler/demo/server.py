"""Serve a folder of static pages on 127.0.0.1, with `{{BASE}}` replaced by the server's base URL.

The demo site and the end-to-end tests use it. It binds to loopback only.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

SITE_DIR = Path(__file__).parent / "site"
# The second demo site, another paper that republishes some of the first one's stories. It is
# served on 127.0.0.2 (loopback too), so that its records' `site` differs from the first's.
SITE_B_DIR = Path(__file__).parent / "site_b"
SITE_B_HOST = "127.0.0.2"
PLACEHOLDER = b"{{BASE}}"
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


def _handler(root: Path, base: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "DemoNews/1.0"

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            target = (root / path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if root not in target.parents or not target.is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            body = target.read_bytes().replace(PLACEHOLDER, base.encode())
            kind = _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0]
            # validators, as news CMSs and CDNs send them: conditional re-fetches get a 304
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            modified = formatdate(target.stat().st_mtime, usegmt=True)
            if self.headers.get("If-None-Match") == etag:
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.send_header("Content-Type", kind or "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # quiet: the crawl logs
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    # The standard library listens with a backlog of 5: a crawler opening more connections at
    # once saw some refused and retried after a second, which made crawl times erratic.
    request_queue_size = 128
    daemon_threads = True


class DemoServer:
    """A static site on 127.0.0.1 in a background thread; `port=0` picks a free port."""

    def __init__(self, root: Path = SITE_DIR, port: int = 0, host: str = "127.0.0.1") -> None:
        self.root = root.resolve()
        self.httpd = _Server((host, port), BaseHTTPRequestHandler)
        self.base_url = f"http://{host}:{self.httpd.server_address[1]}"
        self.httpd.RequestHandlerClass = _handler(self.root, self.base_url)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    def start(self) -> DemoServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve(port: int, root: Path = SITE_DIR, host: str = "127.0.0.1", spider: str = "demo") -> None:
    """Serve in the foreground until interrupted."""
    server = DemoServer(root, port, host)
    print(f"Serving {root} on {server.base_url} (Ctrl+C to stop)", flush=True)
    print(f"Crawl it with: scrapy crawl {spider} -a base_url={server.base_url}", flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
