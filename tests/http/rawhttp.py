#!/usr/bin/env python3
"""Sends raw bytes to a server and reports what came back, for requests curl will not send.

usage: rawhttp.py PORT [--drip SECONDS [--drip-from N]] [--then FILE] [--wait SECONDS] < REQUEST_BYTES

Sends stdin on one connection (with --drip, one byte every SECONDS after the first N bytes,
which go at once; N defaults to 0). With --then, waits for one whole response (head and
Content-Length body) and sends FILE's bytes on the same connection. Then reads until the server
closes the connection or --wait seconds (default 5) pass without it. Prints one JSON object:
  statuses   the status codes of every response in the stream, in order
  types      the problem "type" of each JSON body found, in order
  closed     whether the server closed the connection
  seconds    from the first byte sent to the close (or to the wait running out)
  send_error the error that stopped sending, if any (a server that closed the connection)
Every wait is bounded; nothing here retries.
"""
import json
import re
import socket
import sys
import time


def whole_response(data):
    """True when data holds a response head and all of its Content-Length body."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return False
    m = re.search(rb"\r\ncontent-length:\s*([0-9]+)", data[:end].lower())
    return len(data) >= end + 4 + (int(m.group(1)) if m else 0)


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    port = int(args.pop(0))
    drip, drip_from, wait, then = None, 0, 5.0, None
    while args:
        flag = args.pop(0)
        if flag == "--drip":
            drip = float(args.pop(0))
        elif flag == "--drip-from":
            drip_from = int(args.pop(0))
        elif flag == "--then":
            with open(args.pop(0), "rb") as f:
                then = f.read()
        elif flag == "--wait":
            wait = float(args.pop(0))
        else:
            print(f"rawhttp.py: unknown option {flag}", file=sys.stderr)
            return 2
    data = sys.stdin.buffer.read()
    sock = socket.create_connection(("127.0.0.1", port), timeout=wait)
    start = time.monotonic()
    send_error = None
    try:
        if drip:
            sock.sendall(data[:drip_from])
            for i in range(drip_from, len(data)):
                sock.sendall(data[i:i + 1])
                time.sleep(drip)
        else:
            sock.sendall(data)
    except OSError as exc:
        send_error = str(exc)
    received = b""
    closed = False
    sock.settimeout(wait)
    if then is not None and send_error is None:
        try:
            while not whole_response(received):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
            sock.sendall(then)
        except OSError as exc:
            send_error = str(exc)
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                closed = True
                break
            received += chunk
    except socket.timeout:
        pass
    except OSError:
        closed = True
    took = time.monotonic() - start
    statuses = [int(m) for m in re.findall(rb"HTTP/1\.[01] ([0-9]{3}) ", received)]
    types = [m.decode() for m in re.findall(rb'"type":"https://seopipe\.dev/problems/([a-z-]+)"', received)]
    print(json.dumps({"statuses": statuses, "types": types, "closed": closed,
                      "seconds": round(took, 2), "send_error": send_error}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
