"""python -m crawler.demo serve --port N"""

from __future__ import annotations

import argparse

from crawler.demo.server import SITE_DIR, serve


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_cmd = commands.add_parser("serve", help="serve the demo news site on 127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if args.command == "serve":
        serve(args.port, SITE_DIR)


if __name__ == "__main__":
    main()
