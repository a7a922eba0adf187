#!/usr/bin/env python3
"""A local web server of FAQ sources for tests/sources/test_sources.sh.

Serves real-looking pages a draft's faq_sources point at, and the awkward cases: a page that
hangs, one bigger than the cap (with and without Content-Length), redirects (to an allowed page,
into a blocked address, in a loop), a 404, a Latin-1 page, and a page that answers 304 to its
ETag. Every POST is answered 204 (a webhook receiver for the ingest test). Prints "listening
<port>" once ready; GET /stats gives the requests seen per path as JSON ("POST /path" for POSTs).
Stops by itself after --max-seconds (default 300).
"""
import argparse
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "faqsource", "fixtures")  # the parser's own fixtures
SEEN = {}
LOCK = threading.Lock()


def fixture(name):
    with open(os.path.join(FIX, name), "rb") as f:
        return f.read()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body=b"", ctype="text/plain", headers=None, length=True):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        with LOCK:
            SEEN[path] = SEEN.get(path, 0) + 1
        if path == "/stats":
            with LOCK:
                body = json.dumps(SEEN).encode()
            return self.send(200, body, "application/json")
        if path == "/faq.html":
            return self.send(200, fixture("faqpage-jsonld.html"), "text/html; charset=utf-8")
        if path == "/headings.html":
            return self.send(200, fixture("faq-headings.html"), "text/html")
        if path == "/faq.json":
            return self.send(200, fixture("array.json"), "application/json")
        if path == "/faq.txt":
            return self.send(200, fixture("faq.txt"), "text/plain; charset=utf-8")
        if path == "/latin1.html":  # bytes in ISO-8859-1; only the page's meta tag says so
            return self.send(200, fixture("latin1.html"), "text/html")
        if path == "/etag.json":
            if self.headers.get("If-None-Match") == '"v1"':  # a 304 need not repeat the ETag
                with LOCK:
                    SEEN["304 /etag.json"] = SEEN.get("304 /etag.json", 0) + 1
                return self.send(304, b"", "application/json", length=False)
            return self.send(200, fixture("graph.json"), "application/json", {"ETag": '"v1"'})
        if path == "/slow":
            time.sleep(10)
            return self.send(200, b"[]", "application/json")
        if path == "/huge":  # 3 MiB, announced
            return self.send(200, b"<p>" + b"x" * (3 << 20), "text/html")
        if path == "/huge-chunked":  # 3 MiB, not announced: cut while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"y" * 65533
            try:
                for _ in range(48):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return None
        if path == "/redirect-ok":
            return self.send(302, b"", headers={"Location": "/faq.json"})
        if path == "/redirect-blocked":  # a private address the allow list does not open
            return self.send(302, b"", headers={"Location": "http://10.255.255.1/faq.json"})
        if path == "/redirect-loop":
            return self.send(302, b"", headers={"Location": "/redirect-loop"})
        if path == "/junk":
            return self.send(200, bytes(range(256)) * 64, "application/octet-stream")
        return self.send(404, b"not here")


    def do_POST(self):  # a webhook receiver too: every POST is counted and answered 204
        n = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(n)
        path = self.path.split("?")[0]
        with LOCK:
            SEEN["POST " + path] = SEEN.get("POST " + path, 0) + 1
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-seconds", type=float, default=300)
    a = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    print(f"listening {srv.server_address[1]}", flush=True)
    threading.Timer(a.max_seconds, srv.shutdown).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
