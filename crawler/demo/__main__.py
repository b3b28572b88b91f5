"""python -m crawler.demo serve [--port N] [--site a|b]"""

from __future__ import annotations

import argparse

from crawler.demo.server import SITE_B_DIR, SITE_B_HOST, SITE_DIR, serve


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_cmd = commands.add_parser("serve", help="serve the demo news site on 127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8765)
    serve_cmd.add_argument(
        "--site", choices=("a", "b"), default="a", help="b: the second paper, on 127.0.0.2"
    )
    args = parser.parse_args()
    if args.command == "serve" and args.site == "b":
        serve(args.port, SITE_B_DIR, SITE_B_HOST, "demo_b")
    elif args.command == "serve":
        serve(args.port, SITE_DIR)


if __name__ == "__main__":
    main()
