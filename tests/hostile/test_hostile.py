#!/usr/bin/env python3
"""Hostile requests against the real `seopipe serve` (issue 7, "Fuzzing and hostile input"): a real
redis-server and the server on free loopback ports, then raw bytes no well-behaved client sends.

usage: test_hostile.py SEOPIPE

Every case must get a clear 4xx (a problem document where seopipe's handlers answer; libevent's
own refusals are HTML) or a closed connection, store nothing (the drafts and webhook endpoints in
Redis are compared before and after), and leave the server answering GET /healthz. What
tests/http/test_http.sh already asserts is not repeated here: Content-Length with
Transfer-Encoding, two Content-Length headers, "Transfer-Encoding: gzip, chunked", 15,000 and
20,000 bytes of headers, chunked bodies, one slowloris head, one dripped body, invalid UTF-8 in a
POST /v1/seo body, and the draft ids "bad%20id", "..", 129 characters and "a%2F..%2Fb".

Prints one line per case and "N passed, M failed"; exit 1 on any failure. Every process started
here is killed on exit; every wait is bounded (3 s per exchange unless the case says otherwise).
"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
from rawhttp import whole_response  # noqa: E402  (the raw-socket helper of tests/http)

BIN = os.path.realpath(sys.argv[1]) if len(sys.argv) == 2 else sys.exit("usage: test_hostile.py SEOPIPE")
TMP = tempfile.mkdtemp(prefix="seopipe-hostile.")
PROCS = []
PASSED, FAILED = 0, 0
PORT = REDIS_PORT = 0
SERVER = None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def exchange(data, drip=None, drip_from=0, wait=3.0):
    """Sends data on a new connection (with drip, one byte every drip seconds after drip_from
    bytes), then reads until the server closes, or until a whole response is followed by 0.3 s
    of silence, or for wait seconds. Returns statuses, problem types, content types, closed,
    seconds and the bytes received."""
    sock = socket.create_connection(("127.0.0.1", PORT), timeout=wait)
    start = time.monotonic()
    received, closed = b"", False
    try:
        if drip:
            sock.sendall(data[:drip_from])
            for i in range(drip_from, len(data)):
                sock.sendall(data[i:i + 1])
                time.sleep(drip)
        else:
            sock.sendall(data)
    except OSError:
        closed = True
    deadline = start + wait
    try:
        while time.monotonic() < deadline:
            quiet = whole_response(received)
            sock.settimeout(0.3 if quiet else max(0.05, deadline - time.monotonic()))
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                if quiet:
                    break
                continue
            if not chunk:
                closed = True
                break
            received += chunk
    except OSError:
        closed = True
    sock.close()
    return {
        "statuses": [int(m) for m in re.findall(rb"HTTP/1\.[01] ([0-9]{3}) ", received)],
        "types": [m.decode() for m in re.findall(rb'"type":"https://seopipe\.dev/problems/([a-z-]+)"', received)],
        "ctypes": [m.decode().strip().lower() for m in re.findall(rb"(?i)\r\ncontent-type:([^\r\n]*)", received)],
        "closed": closed, "seconds": round(time.monotonic() - start, 2), "raw": received[:300],
    }


def redis(*args):
    out = subprocess.run(["redis-cli", "-p", str(REDIS_PORT), *args], capture_output=True,
                         timeout=5, check=False)
    return out.stdout.decode(errors="replace")


def stored():
    """What a request could have stored: draft and webhook endpoint keys, sorted."""
    keys = redis("--scan", "--pattern", "seopipe:draft:*").split()
    keys += redis("--scan", "--pattern", "seopipe:wh:*").split()
    return sorted(keys)


def healthy():
    r = exchange(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", wait=2)
    return r["statuses"] == [200] and SERVER.poll() is None


def check(name, data, want="4xx", problem=None, drip=None, drip_from=0, wait=3.0):
    """One hostile case. want: "4xx" (every response 4xx, at least one, or none and closed),
    "4xx-or-close" (a 4xx or a closed connection without any answer), "answered" (any
    non-5xx answer: the request is odd but legal), or a list of allowed statuses. problem: the
    problem type every answer must carry (seopipe's own handler answered)."""
    global PASSED, FAILED
    before = stored()
    r = exchange(data, drip, drip_from, wait)
    errors = []
    st = r["statuses"]
    if any(s >= 500 for s in st) and not (isinstance(want, list) and set(st) <= set(want)):
        errors.append(f"a 5xx answer {st}")
    elif want == "4xx" and (not st or any(not 400 <= s < 500 for s in st)):
        errors.append(f"statuses {st}, expected 4xx")
    elif want == "4xx-or-close" and (any(not 400 <= s < 500 for s in st) or (not st and not r["closed"])):
        errors.append(f"statuses {st}, closed {r['closed']}: neither a 4xx nor a close")
    elif want == "answered" and not st:
        errors.append(f"no answer (closed {r['closed']})")
    elif isinstance(want, list) and st[:1] and st[0] not in want:
        errors.append(f"statuses {st}, expected one of {want}")
    elif isinstance(want, list) and not st:
        errors.append(f"no answer, expected one of {want}")
    if problem and r["types"][:1] != [problem]:
        errors.append(f"problem types {r['types']}, expected {problem}")
    if problem and r["ctypes"][:1] != ["application/problem+json"]:
        errors.append(f"content types {r['ctypes']}, expected application/problem+json")
    after = stored()
    if after != before:
        errors.append(f"Redis changed: {sorted(set(after) ^ set(before))[:5]}")
    if not healthy():
        errors.append("GET /healthz no longer answers 200" +
                      (f" (server exited {SERVER.poll()})" if SERVER.poll() is not None else ""))
    if errors:
        FAILED += 1
        print(f"FAIL {name}: {'; '.join(errors)}; got {json.dumps({k: v for k, v in r.items() if k != 'raw'})} "
              f"{r['raw'][:160]!r}")
    else:
        PASSED += 1
        print(f"ok   {name}: {st or ('closed' if r['closed'] else 'open')}"
              f"{' ' + r['types'][0] if r['types'] else ''} in {r['seconds']} s")


def req(method, path, headers=(), body=b"", length=True, close=True):
    """A request's bytes: Host, the headers given, Content-Length when length and there is a
    body, Connection: close when close."""
    head = f"{method} {path} HTTP/1.1\r\nHost: t\r\n".encode() if isinstance(path, str) else \
        method.encode() + b" " + path + b" HTTP/1.1\r\nHost: t\r\n"
    for h in headers:
        head += (h if isinstance(h, bytes) else h.encode()) + b"\r\n"
    if length and body:
        head += b"Content-Length: %d\r\n" % len(body)
    if close:
        head += b"Connection: close\r\n"
    return head + b"\r\n" + body


def draft(**fields):
    return json.dumps(dict({"title": "Snake plant care", "body": "Water it every three weeks."},
                           **fields)).encode()


JSON = "Content-Type: application/json"


def start():
    global PORT, REDIS_PORT, SERVER
    REDIS_PORT = free_port()
    PROCS.append(subprocess.Popen(["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1",
                                   "--save", "", "--appendonly", "no", "--dir", TMP],
                                  stdout=subprocess.DEVNULL))
    PORT = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEOPIPE_")}
    env.update(SEOPIPE_LISTEN=f"127.0.0.1:{PORT}", SEOPIPE_THREADS="2",
               SEOPIPE_REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0", SEOPIPE_TIMEOUT_SECONDS="1",
               SEOPIPE_OUTBOUND_ALLOW="127.0.0.0/8")
    log = open(os.path.join(TMP, "seopipe.log"), "w")
    SERVER = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=log,
                              cwd=TMP)
    PROCS.append(SERVER)
    end = time.monotonic() + 15
    while time.monotonic() < end:
        try:
            r = exchange(b"GET /readyz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", wait=1)
            if r["statuses"] == [200]:
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit(f"seopipe did not become ready; log in {TMP}")


def smuggling():
    body = b"0\r\n\r\nGET /v1/drafts/smuggled HTTP/1.1\r\nHost: t\r\n\r\n"
    post = "POST /v1/seo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n"
    for name, headers in [
        ("two Transfer-Encoding: chunked headers", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"),
        ("Transfer-Encoding: chunked, chunked", "Transfer-Encoding: chunked, chunked\r\n"),
        ("Transfer-Encoding: identity", "Transfer-Encoding: identity\r\n"),
        ("Transfer-Encoding: xchunked", "Transfer-Encoding: xchunked\r\n"),
        ("Transfer-Encoding first, then Content-Length", "Transfer-Encoding: chunked\r\nContent-Length: 46\r\n"),
        ("Transfer-Encoding with a space before the colon", "Transfer-Encoding : chunked\r\n"),
        ("Content-Length with a space before the colon", "Content-Length : 5\r\n"),
        ("Transfer-Encoding folded onto the next line (obs-fold)", "Transfer-Encoding: identity\r\n chunked\r\n"),
        ("Transfer-Encoding hidden in a folded header", "X-Note: a\r\n Transfer-Encoding: chunked\r\n"),
        ("Content-Length folded (obs-fold)", "Content-Length: 4\r\n 6\r\n"),
        ("Content-Length: +46", "Content-Length: +46\r\n"),
        ("Content-Length: 0x2e", "Content-Length: 0x2e\r\n"),
        ("Content-Length: -1", "Content-Length: -1\r\n"),
        ("Content-Length: 46 46", "Content-Length: 46 46\r\n"),
        ("Content-Length: 46, 46", "Content-Length: 46, 46\r\n"),
        ("Content-Length of 2^70", "Content-Length: 1180591620717411303424\r\n"),
        ("Content-Length: 1e3", "Content-Length: 1e3\r\n"),
        ("Content-Length: 4, a NUL, then 60", "Content-Length: 4\x0060\r\n"),
        ("Transfer-Encoding: chunked, a NUL, then x", "Transfer-Encoding: chunked\x00x\r\n"),
        ("Content-Length: 4 and an empty-named Content-Length: 60", "Content-Length: 4\r\n: Content-Length: 60\r\n"),
    ]:
        # Whatever the framing is taken to be, the bytes after it must never be answered as a
        # second request: at most one answer, a 4xx, or a close.
        data = (post + headers + "\r\n").encode() + body
        check(f"smuggling: {name}", data, "4xx-or-close")
    # Bare LF line endings with two lengths: the same refusal as with CRLF.
    check("smuggling: two Content-Length headers with bare LF line ends",
          b"POST /v1/seo HTTP/1.1\nHost: t\nContent-Length: 5\nContent-Length: 5\n\nhello",
          "4xx-or-close")


def headers_and_request_lines():
    check("request line: HTTP/0.9 style (no version)", b"GET /healthz\r\n\r\n", "4xx-or-close")
    check("request line: version HTTP/9.9", b"GET /healthz HTTP/9.9\r\nHost: t\r\n\r\n", "4xx-or-close")
    check("request line: four words", b"GET /healthz HTTP/1.1 extra\r\nHost: t\r\n\r\n", "4xx-or-close")
    check("request line: NUL in the path", b"GET /v1/drafts/a\x00b HTTP/1.1\r\nHost: t\r\n\r\n",
          "4xx-or-close")
    check("request line: raw bytes 0x80-0xff in the path",
          b"GET /v1/drafts/\xff\xfe\x80 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", "4xx-or-close")
    check("request line: only garbage", bytes(range(1, 32)) + b"\r\n\r\n", "4xx-or-close")
    check("header: a line without a colon", req("GET", "/healthz", ["NoColonHere"]), "4xx-or-close")
    check("header: NUL in a value", req("GET", "/healthz", [b"X-Nul: a\x00b"]), "4xx-or-close")
    check("header: NUL in a name", req("GET", "/healthz", [b"X-N\x00ul: a"]), "4xx-or-close")
    check("header: empty name", req("GET", "/healthz", [": value"]), "4xx-or-close")
    check("header: CR alone inside a value", req("GET", "/healthz", [b"X-Cr: a\rb"]), "4xx-or-close")
    check("header: 1,000 headers (under the byte limit) on /healthz",
          req("GET", "/healthz", [f"X-H{i}: v" for i in range(1000)]), "answered")
    check("header: one 16,000-byte name (under the 16 KiB limit)",
          req("GET", "/healthz", ["X" * 16000 + ": v"]), "answered")
    check("header: Authorization with invalid UTF-8 and 10,000 bytes",
          req("GET", "/v1/webhooks", [b"Authorization: Bearer \xff\xfe" + b"k" * 10000]), "answered")
    check("header: Content-Type with invalid UTF-8",
          req("POST", "/v1/seo", [b"Content-Type: text/\xff\xfeplain"], b"Some text."), "4xx",
          "unsupported-media-type")


def methods_and_urls():
    # A method evhttp does not know is refused by the guard as a malformed head: 400 and a closed
    # connection (evhttp alone would answer 501). Known methods the API does not take (TRACE,
    # CONNECT) reach the router: 405 with Allow.
    for method in ("FOO", "PROPFIND", "get", "M" * 1000):
        check(f"method: {method[:20]}{'...' if len(method) > 20 else ''}",
              req(method, "/healthz"), [400])
    check("method: TRACE", req("TRACE", "/healthz"), [405], "method-not-allowed")
    check("method: CONNECT to an authority",
          b"CONNECT 127.0.0.1:6379 HTTP/1.1\r\nHost: 127.0.0.1:6379\r\n\r\n", "4xx")
    check("method: DELETE /v1/seo", req("DELETE", "/v1/seo"), [405], "method-not-allowed")
    check("url: absolute-form to another host",
          req("GET", "http://169.254.169.254/v1/drafts/x"), "answered")
    check("url: 8,000-character draft id", req("GET", "/v1/drafts/" + "a" * 8000), "4xx",
          "invalid-draft-id")
    check("url: 15,000-character query on /v1/deliveries",
          req("GET", "/v1/deliveries?cursor=" + "9" * 15000), "4xx", "invalid-query")
    check("url: 100,000 characters", req("GET", "/v1/drafts/" + "a" * 100000), "4xx-or-close")
    check("url: deliveries limit of 2^70", req("GET", "/v1/deliveries?limit=1180591620717411303424"),
          "4xx", "invalid-query")
    check("url: deliveries limit 1e999999", req("GET", "/v1/deliveries?limit=1e999999"), "4xx",
          "invalid-query")
    check("url: deliveries query with %00 and broken escapes",
          req("GET", "/v1/deliveries?status=pending%00&cursor=%zz%"), "4xx", "invalid-query")


def traversal():
    for bad in ("%2e%2e", "%2E%2E", ".%2e", "%2e.", "..%2f..%2fetc%2fpasswd", "%252e%252e",
                "%00", "a%00b", "..%00", "%c0%ae%c0%ae", "..\\..\\etc", "%2F", ".", "%2e",
                "a%20b", "%ff", "%"):
        body = draft(id=bad)
        check(f"draft id {bad}: PUT", req("PUT", f"/v1/drafts/{bad}", [JSON], body), "4xx",
              "invalid-draft-id")
        check(f"draft id {bad}: GET", req("GET", f"/v1/drafts/{bad}"), "4xx")
    check("draft path: /v1/drafts/x/../../healthz (not normalised)",
          req("GET", "/v1/drafts/x/../../healthz"), [404], "not-found")
    check("draft path: /v1//drafts/x", req("PUT", "/v1//drafts/x", [JSON], draft(id="x")), [404],
          "not-found")
    check("draft path: publish of ..", req("POST", "/v1/drafts/../publish"), "4xx")
    check("draft path: publish of %2e%2e", req("POST", "/v1/drafts/%2e%2e/publish"), "4xx")
    check("ingest path: adapter ../generic", req("POST", "/v1/ingest/..%2fgeneric", [JSON], b"{}"), "4xx")
    check("webhook path: id %2e%2e", req("GET", "/v1/webhooks/%2e%2e"), "4xx")


def bodies():
    deep = b"[" * 10000 + b"]" * 10000
    deep_obj = b'{"a":' * 10000 + b"1" + b"}" * 10000
    check("JSON: 10,000 nested arrays to POST /v1/seo", req("POST", "/v1/seo", [JSON], deep), "4xx")
    check("JSON: 10,000 nested objects to PUT /v1/drafts", req("PUT", "/v1/drafts/deep", [JSON], deep_obj), "4xx")
    check("JSON: 10,000 nested arrays in a draft's faq",
          req("PUT", "/v1/drafts/deep", [JSON], b'{"id":"deep","title":"T","body":"B","faq":' + deep + b"}"),
          "4xx")
    check("JSON: 10,000 nested arrays to POST /v1/webhooks", req("POST", "/v1/webhooks", [JSON], deep), "4xx")
    check("JSON: 10,000 nested objects to POST /v1/ingest/generic",
          req("POST", "/v1/ingest/generic", [JSON], deep_obj), "4xx")
    # Brackets in Markdown are text, not nesting: a legal draft.
    check("JSON: 10,000 nested arrays as a text/markdown body",
          req("POST", "/v1/seo", ["Content-Type: text/markdown"], b"# T\n\n" + deep), "answered")
    check("HTML: 10,000 nested divs", req("PUT", "/v1/drafts/deep", ["Content-Type: text/html"],
                                         b"<div>" * 10000 + b"x"), "4xx")
    for name, value in [("1e999999", b"1e999999"), ("-1e999999", b"-1e999999"),
                        ("2^70", b"1180591620717411303424"), ("a 5,000-digit integer", b"9" * 5000)]:
        check(f"number {name} as the title", req("PUT", "/v1/drafts/num", [JSON],
              b'{"id":"num","title":' + value + b',"body":"Water it."}'), "4xx")
        check(f"number {name} in tags", req("POST", "/v1/seo", [JSON],
              b'{"title":"T","body":"B","tags":[' + value + b"]}"), "4xx")
    check("number 2^70 as max_concurrency", req("POST", "/v1/webhooks", [JSON],
          b'{"url":"http://127.0.0.1:9/h","max_concurrency":1180591620717411303424}'), "4xx")
    check("number 1e999999 as rate_limit_per_s", req("POST", "/v1/webhooks", [JSON],
          b'{"url":"http://127.0.0.1:9/h","rate_limit_per_s":1e999999}'), "4xx")
    for name, raw in [("0xff in a JSON string", b'{"id":"u8","title":"T\xff","body":"B"}'),
                      ("an overlong '/' (0xc0 0xaf)", b'{"id":"u8","title":"T","body":"\xc0\xaf"}'),
                      ("a UTF-16 surrogate (0xed 0xa0 0x80)", b'{"id":"u8","title":"T","body":"\xed\xa0\x80"}'),
                      ("a 5-byte sequence", b'{"id":"u8","title":"T","body":"\xf8\x88\x80\x80\x80"}'),
                      ("a truncated sequence at the end", b'{"id":"u8","title":"T","body":"B"}\xe2\x82')]:
        check(f"UTF-8: {name} to PUT", req("PUT", "/v1/drafts/u8", [JSON], raw), "4xx")
    check("UTF-8: invalid in a text/plain PUT", req("PUT", "/v1/drafts/u8", ["Content-Type: text/plain"],
          b"Snake plants \xff\xfe need little water."), "4xx", "invalid-encoding")
    check("UTF-8: invalid in an id inside the body", req("PUT", "/v1/drafts/u8", [JSON],
          b'{"id":"u8\xff","title":"T","body":"B"}'), "4xx")
    check("UTF-8: invalid in a webhook url", req("POST", "/v1/webhooks", [JSON],
          b'{"url":"http://127.0.0.1:9/\xff"}'), "4xx")
    check("NUL: raw in a JSON body", req("PUT", "/v1/drafts/nul", [JSON],
          b'{"id":"nul","title":"T\x00","body":"B"}'), "4xx")
    check("NUL: escaped \\u0000 in a JSON string", req("PUT", "/v1/drafts/nul", [JSON],
          b'{"id":"nul","title":"T\\u0000x","body":"B"}'), "4xx")
    check("NUL: escaped in the id", req("PUT", "/v1/drafts/nul", [JSON],
          b'{"id":"nul\\u0000","title":"T","body":"B"}'), "4xx")
    check("NUL: raw in a text/plain body", req("PUT", "/v1/drafts/nul", ["Content-Type: text/plain"],
          b"Snake plants\x00 need little water."), "4xx", "invalid-encoding")
    # As in drafts (422 invalid-field): a string cut at its NUL would store other text than sent.
    check("NUL: escaped in a webhook description", req("POST", "/v1/webhooks", [JSON],
          b'{"url":"http://127.0.0.1:9/h","description":"a\\u0000b"}'), "4xx")
    check("NUL: escaped in a webhook url", req("POST", "/v1/webhooks", [JSON],
          b'{"url":"http://127.0.0.1:9/h\\u0000@10.0.0.1/"}'), "4xx")
    redis("EVAL", "for _, k in ipairs(redis.call('KEYS', 'seopipe:wh:*')) do redis.call('DEL', k) end",
          "0")


def slow_clients():
    # A PUT whose body is dripped: cut off at the 1 s request deadline, nothing stored.
    body = draft(id="slow")
    head = req("PUT", "/v1/drafts/slow", [JSON], body)
    check("slow: a PUT body dripped byte by byte", head, "4xx-or-close", drip=0.05,
          drip_from=len(head) - len(body), wait=4)
    # A PUT head that never gets its body.
    check("slow: a PUT head with no body ever", head[:len(head) - len(body)], "4xx-or-close", wait=4)
    # A head that stops before its end.
    check("slow: a head that stops half-way", b"PUT /v1/drafts/slow HTTP/1.1\r\nHost: t\r\nContent-",
          "4xx-or-close", wait=4)

    # 64 slowloris connections at once, each dripping a head: /healthz answers quickly meanwhile,
    # and each of them is cut off.
    results = [None] * 64
    dripped = b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Drip: " + b"d" * 40 + b"\r\n\r\n"

    def loris(i):
        results[i] = exchange(dripped, drip=0.1, wait=6)
    threads = [threading.Thread(target=loris, args=(i,)) for i in range(64)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    probe_ms = []
    for _ in range(10):
        t0 = time.monotonic()
        ok = healthy()
        probe_ms.append((time.monotonic() - t0) * 1000 if ok else float("inf"))
        time.sleep(0.1)
    for t in threads:
        t.join(10)
    global PASSED, FAILED
    answered = sum(1 for r in results if r and r["statuses"])
    cut = sum(1 for r in results if r and r["closed"] and not r["statuses"])
    if answered == 0 and cut == 64 and max(probe_ms) < 500:
        PASSED += 1
        print(f"ok   slow: 64 slowloris heads at once all cut off; /healthz meanwhile in at most "
              f"{max(probe_ms):.0f} ms")
    else:
        FAILED += 1
        print(f"FAIL slow: 64 slowloris heads: {answered} answered, {cut} cut off; /healthz took "
              f"{[round(ms) for ms in probe_ms]} ms")


def main():
    global PASSED, FAILED
    start()
    # A stored draft, so "nothing stored" compares against something.
    r = exchange(req("PUT", "/v1/drafts/keep-1", [JSON], draft(id="keep-1")))
    if r["statuses"] != [200]:
        sys.exit(f"storing the reference draft answered {r['statuses']}: {r['raw']!r}")
    smuggling()
    headers_and_request_lines()
    methods_and_urls()
    traversal()
    bodies()
    slow_clients()
    if SERVER.poll() is not None:
        FAILED += 1
        print(f"FAIL the server exited with {SERVER.poll()}")
    print(f"{PASSED} passed, {FAILED} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    try:
        rc = main()
    finally:
        for p in PROCS:
            p.kill()
            p.wait(5)
    if rc == 0:
        subprocess.run(["rm", "-rf", TMP], check=False)
    else:
        print(f"server log kept in {TMP}")
    sys.exit(rc)
