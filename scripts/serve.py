#!/usr/bin/env python3
"""Serve the dlab repo root (index.html + www/) on 127.0.0.1 for development and tests.

Usage: python3 scripts/serve.py [PORT] [ROOT]   (PORT default 8000, 0 = any free port;
ROOT default: the repo root this script lives in)

Why not plain `python3 -m http.server`: we want the same Content-Security-Policy the
page must live with when deployed (no inline scripts, wasm allowed via
'wasm-unsafe-eval'), no caching (a rebuilt www/pkg is always picked up), a loopback-only
bind and a quiet log.
"""
import functools
import http.server
import os
import sys

# worker-src blob:: the training worker is made from a Blob of the core's glue and the
# worker's code (www/bridge/core.js), so a crashed one is replaced without a request.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
       "worker-src 'self' blob:; style-src 'self'; img-src 'self' data: blob:")


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".css": "text/css",
        ".html": "text/html; charset=utf-8",
        ".md": "text/plain; charset=utf-8",
        ".toml": "text/plain; charset=utf-8",
    }

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_request(self, code="-", size="-"):
        # Quiet access log: only failed requests (status >= 400) reach stderr.
        try:
            if int(code) < 400:
                return
        except (TypeError, ValueError):
            pass
        super().log_request(code, size)

    def log_error(self, fmt, *args):
        pass  # the failed request is already logged by log_request


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("PORT", 8000))
    root = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))
    handler = functools.partial(Handler, directory=root)
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        port = httpd.server_address[1]
        print(f"dlab is served at http://127.0.0.1:{port}/", flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
