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
import gzip
import http.server
import os
import sys

# worker-src blob:: the training worker is made from a Blob of the core's glue and the
# worker's code (www/bridge/core.js), so a crashed one is replaced without a request.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' blob:; "
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

    # Text and wasm go compressed to a browser that accepts it (a cold load is mostly the
    # wasm): brotli where the build left a current .br copy (www/pkg), else gzip, compressed
    # once per file version (path, mtime, size).
    COMPRESSED = (".js", ".mjs", ".wasm", ".html", ".css", ".svg", ".json")
    _gzip_cache = {}

    def do_GET(self):
        if not self._send_gzip(head=False):
            super().do_GET()

    def do_HEAD(self):
        if not self._send_gzip(head=True):
            super().do_HEAD()

    def _send_gzip(self, head):
        accepted = self.headers.get("Accept-Encoding", "")
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not path.endswith(self.COMPRESSED) or not os.path.isfile(path):
            return False
        st = os.stat(path)
        # The build's brotli copy (scripts/precompress.mjs: www/pkg), while it is current.
        brotli = path + ".br"
        if "br" in accepted and os.path.isfile(brotli) and os.stat(brotli).st_mtime_ns >= st.st_mtime_ns:
            with open(brotli, "rb") as f:
                body = f.read()
            encoding = "br"
        elif "gzip" in accepted:
            key = (path, st.st_mtime_ns, st.st_size)
            body = self._gzip_cache.get(key)
            if body is None:
                with open(path, "rb") as f:
                    body = gzip.compress(f.read(), compresslevel=6, mtime=0)
                self._gzip_cache[key] = body
            encoding = "gzip"
        else:
            return False
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)
        return True

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
