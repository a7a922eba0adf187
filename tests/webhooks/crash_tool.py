#!/usr/bin/env python3
"""Helpers of crash_test.sh: the publishing client, the wait for every delivery, and the report.

usage:
  crash_tool.py publish --api URL --drafts ID[,ID...] --events N --rate R --out FILE
                        [--run NAME] [--threads K] [--give-up-s S]
  crash_tool.py wait --redis HOST:PORT --publish FILE --deadline-s S
  crash_tool.py report --redis HOST:PORT --publish FILE --receiver-log FILE --check-json FILE
                       --events FILE --timeout-ms MS [--json-out FILE]

publish  POSTs /v1/drafts/{id}/publish N times (drafts in turn), paced at R per second (open
         loop: request i is due at start + i/R whatever happened to the others), each with its own
         Idempotency-Key. A request that gets no 202 (connection refused or reset while seopipe
         is down, 503 while Redis is, a timeout) is sent again with the same key every 100-300 ms
         for at most --give-up-s seconds, so a publish Redis stored but whose answer was lost is
         answered by the same event. Every 202 is one JSON line in --out, written at once:
         {i, key, event_id, deliveries: [[delivery_id, webhook_id]], t_send, t_202, tries}
         (t_* in ms since the epoch; t_send is the first try). A summary goes to stderr.
wait     polls Redis (not the API: a pipeline of HGETs is faster than 2,000 GETs) until every
         delivery in FILE has status succeeded; exits 0 then, 1 when one is failed or disabled
         (it cannot change any more) or at the deadline, listing what is not done and why.
report   the table crash_test.sh prints (see there), from the publisher's record, the receiver's
         log, check_log.py's JSON, Redis's attempt logs (seopipe:dlv:<id>:log) and the times of
         the kills and restarts; exit 1 on a lost delivery, a body that changed between
         attempts, a request that did not verify, or a duplicate 2xx that no kill or restart
         explains.

No third-party modules: Redis is spoken to with a small RESP client below.
"""
import argparse
import http.client
import json
import queue
import random
import socket
import sys
import threading
import time
from collections import Counter, OrderedDict


def now_ms():
    return time.time() * 1000.0


# ---- a minimal RESP client ----------------------------------------------------------------------

class Redis:
    def __init__(self, addr, timeout=10.0):
        host, _, port = addr.rpartition(":")
        self.sock = socket.create_connection((host or "127.0.0.1", int(port)), timeout=timeout)
        self.buf = b""

    def close(self):
        self.sock.close()

    @staticmethod
    def _encode(args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            b = a if isinstance(a, bytes) else str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(b), b))
        return b"".join(out)

    def _fill(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise ConnectionError("Redis closed the connection")
        self.buf += chunk

    def _line(self):
        while True:
            i = self.buf.find(b"\r\n")
            if i >= 0:
                line, self.buf = self.buf[:i], self.buf[i + 2:]
                return line
            self._fill()

    def _reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            return RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                self._fill()
            data, self.buf = self.buf[:n], self.buf[n + 2:]
            return data.decode("utf-8", "replace")
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._reply() for _ in range(n)]
        raise ConnectionError(f"unexpected RESP line {line[:40]!r}")

    def pipeline(self, commands, batch=1000):
        out = []
        for s in range(0, len(commands), batch):
            part = commands[s:s + batch]
            self.sock.sendall(b"".join(self._encode(c) for c in part))
            out.extend(self._reply() for _ in part)
        return out

    def call(self, *args):
        return self.pipeline([args])[0]


def read_publish(path):
    recs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                try:
                    recs.append(json.loads(line))
                except ValueError:
                    pass  # a line cut by a kill of the publisher; never here in practice
    return recs


def delivery_ids(recs):
    return [d[0] for r in recs for d in r["deliveries"]]


# ---- publish ------------------------------------------------------------------------------------

def cmd_publish(a):
    host, _, rest = a.api.removeprefix("http://").partition("/")
    h, _, p = host.rpartition(":")
    drafts = [d for d in a.drafts.split(",") if d]
    out = open(a.out, "a", encoding="utf-8")
    lock = threading.Lock()
    errors = Counter()
    jobs = queue.Queue()
    for i in range(a.events):
        jobs.put(i)
    start = now_ms() + 50
    accepted = [0]
    gave_up = []

    def worker():
        conn = None
        while True:
            try:
                i = jobs.get_nowait()
            except queue.Empty:
                break
            due = start + i * 1000.0 / a.rate
            wait = (due - now_ms()) / 1000.0
            if wait > 0:
                time.sleep(wait)
            key = f"{a.run}-{i}"
            draft = drafts[i % len(drafts)]
            t_send = now_ms()
            tries = 0
            while True:
                tries += 1
                why = None
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection(h, int(p), timeout=5)
                    conn.request("POST", f"/v1/drafts/{draft}/publish", body=b"",
                                 headers={"Idempotency-Key": key, "Content-Length": "0"})
                    resp = conn.getresponse()
                    body = resp.read()
                    if resp.status == 202:
                        t_202 = now_ms()
                        doc = json.loads(body)
                        rec = OrderedDict(i=i, key=key, event_id=doc["event_id"],
                                          deliveries=[[d["id"], d["webhook_id"]]
                                                      for d in doc["deliveries"]],
                                          t_send=round(t_send, 1), t_202=round(t_202, 1),
                                          tries=tries)
                        with lock:
                            out.write(json.dumps(rec) + "\n")
                            out.flush()
                            accepted[0] += 1
                        break
                    why = f"http {resp.status}"
                    if resp.getheader("Connection", "").lower() == "close":
                        conn.close()
                        conn = None
                except (OSError, http.client.HTTPException) as exc:
                    why = type(exc).__name__
                    if conn is not None:
                        conn.close()
                    conn = None
                with lock:
                    errors[why] += 1
                if now_ms() - t_send > a.give_up_s * 1000:
                    with lock:
                        gave_up.append(key)
                    break
                time.sleep(random.uniform(0.1, 0.3))
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(a.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.close()
    took = (now_ms() - start) / 1000.0
    summary = json.dumps({"published": a.events, "accepted": accepted[0], "gave_up": len(gave_up),
                          "gave_up_keys": gave_up[:20], "retried_because": dict(errors),
                          "seconds": round(took, 2)})
    print(summary, file=sys.stderr)
    if a.summary:
        with open(a.summary, "w", encoding="utf-8") as f:
            f.write(summary + "\n")
    return 0 if not gave_up else 1


# ---- wait ---------------------------------------------------------------------------------------

def statuses(r, ids):
    return r.pipeline([("HMGET", f"seopipe:dlv:{i}", "status", "attempts") for i in ids], batch=500)


def wait_all_succeeded(addr, deadline_s, ids_of, explain_fn=None):
    """Polls Redis at `addr` until every delivery ids_of(redis) names has succeeded (0), one
    ended failed or disabled, or `deadline_s` passed (1; explain_fn(redis, ids) then says
    why). Survives Redis going away meanwhile. Shared with tests/chaos/chaos_tool.py."""
    deadline = time.monotonic() + deadline_s
    last_print = 0.0
    r, ids = None, []
    while True:
        try:
            if r is None:
                r = Redis(addr)
            ids = ids_of(r)
            st = statuses(r, ids)
        except (OSError, ConnectionError) as exc:
            if r is not None:
                r.close()
            r = None
            st = None
            print(f"wait: Redis: {exc}", file=sys.stderr)
        if st is not None:
            count = Counter((s[0] if isinstance(s, list) and s[0] else "missing") for s in st)
            final_bad = [(i, s) for i, s in zip(ids, st)
                         if isinstance(s, list) and s[0] in ("failed", "disabled")]
            if count.get("succeeded", 0) == len(ids):
                print(f"wait: all {len(ids)} deliveries succeeded", file=sys.stderr)
                r.close()
                return 0
            if time.monotonic() - last_print > 2:
                print(f"wait: {dict(count)}", file=sys.stderr)
                last_print = time.monotonic()
            if final_bad:
                print(f"wait: {len(final_bad)} deliveries ended without success, e.g. "
                      f"{final_bad[:5]}", file=sys.stderr)
                break
        if time.monotonic() > deadline:
            print(f"wait: deadline ({deadline_s} s) passed", file=sys.stderr)
            break
        time.sleep(0.25)
    if r is not None:
        if explain_fn:
            try:
                explain_fn(r, ids)
            except (OSError, ConnectionError) as exc:
                print(f"wait: cannot explain: {exc}", file=sys.stderr)
        r.close()
    return 1


def cmd_wait(a):
    ids = delivery_ids(read_publish(a.publish))
    return wait_all_succeeded(a.redis, a.deadline_s, lambda r: ids, explain)


def explain(r, ids):
    """Where each delivery that is not done is: its hash, retry zset, stream and pending list."""
    st = statuses(r, ids)
    stuck = [i for i, s in zip(ids, st) if not (isinstance(s, list) and s[0] == "succeeded")]
    stream = r.call("XRANGE", "seopipe:q", "-", "+")
    in_stream = {}
    for entry in stream or []:
        f = entry[1]
        for k in range(0, len(f) - 1, 2):
            if f[k] == "d":
                in_stream.setdefault(f[k + 1], []).append(entry[0])
    pending = r.call("XPENDING", "seopipe:q", "deliver", "-", "+", 100000)
    pend = {}
    if isinstance(pending, list):
        for p in pending:
            pend[p[0]] = p
    print(f"not succeeded: {len(stuck)}", file=sys.stderr)
    for i in stuck[:30]:
        h = r.call("HGETALL", f"seopipe:dlv:{i}")
        score = r.call("ZSCORE", "seopipe:q:retry", i)
        entries = in_stream.get(i, [])
        print(json.dumps({"id": i, "hash": h, "retry_due": score, "stream_entries": entries,
                          "pending": [pend.get(e) for e in entries],
                          "log": r.call("LRANGE", f"seopipe:dlv:{i}:log", 0, -1)}),
              file=sys.stderr)


# ---- report -------------------------------------------------------------------------------------

def pct(values, p):
    if not values:
        return None
    v = sorted(values)
    k = min(len(v) - 1, max(0, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]


def read_events(path):
    ev = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                ev.append((parts[0], float(parts[1])))
    return ev


def cmd_report(a):
    recs = read_publish(a.publish)
    ids = delivery_ids(recs)
    expected = set(ids)
    t202 = {d[0]: r["t_202"] for r in recs for d in r["deliveries"]}
    with open(a.check_json, encoding="utf-8") as f:
        check = json.load(f)
    rows = []
    with open(a.receiver_log, encoding="utf-8") as f:
        for line in f:
            try:
                rows.append(json.loads(line))
            except ValueError:
                pass
    by_id = {}
    for row in rows:
        by_id.setdefault(row.get("id"), []).append(row)

    def ok(row):
        return isinstance(row.get("status"), int) and 200 <= row["status"] <= 299

    delivered = [i for i in ids if any(ok(x) for x in by_id.get(i, []))]
    lost = [i for i in ids if i not in set(delivered)]
    unexpected = sorted(i for i in by_id if i not in expected)
    dups = {i: [x for x in by_id[i] if ok(x)] for i in ids
            if sum(1 for x in by_id.get(i, []) if ok(x)) > 1}

    # A duplicate 2xx is explained when its first 2xx was answered while seopipe could still lose
    # the record of it. A kill -9: from one transfer timeout (+0.5 s) before it (the transfer
    # was under way, or its finish script not yet written) until 1 s after the new process is
    # ready (the receiver, stalled before the kill, answers the dead process's requests only
    # once continued; their t is when it read them). Redis's restart: from one transfer timeout
    # before its SIGTERM until 5 s after it answers again (seopipe reconnects with a backoff of
    # up to 2 s; a finish script sent meanwhile is not sent at all).
    events = read_events(a.events)
    windows = []
    kills = [(name[4:], t) for name, t in events if name.startswith("kill")]
    for n, t in kills:
        up = next((u for name, u in events if name == f"seopipe_up{n}"), t + 60000)
        windows.append((t - a.timeout_ms - 500, up + 1000, "kill -9 of seopipe"))
    stops = [t for name, t in events if name == "redis_stop"]
    ups = [t for name, t in events if name == "redis_up"]
    for k, t in enumerate(stops):
        up = ups[k] if k < len(ups) else t + 60000
        windows.append((t - a.timeout_ms - 500, up + 5000, "Redis restart"))
    explained, unexplained = Counter(), []
    for i, rs in dups.items():
        first = rs[0]["t"]
        why = next((w[2] for w in windows if w[0] <= first <= w[1]), None)
        if why:
            explained[why] += 1
        else:
            unexplained.append({"id": i, "first_2xx_t": first,
                                "times": [x["t"] for x in rs]})

    # Publish (202) to the first 2xx at the receiver (its t is when the request head arrived).
    lat_all, lat_first = [], []
    for i in delivered:
        rs = by_id[i]
        first_ok = next(x for x in rs if ok(x))
        ms = first_ok["t"] - t202[i]
        lat_all.append(ms)
        if first_ok is rs[0]:
            lat_first.append(ms)

    # Redis: status, attempts and the attempt logs.
    r = Redis(a.redis)
    st = statuses(r, ids)
    status_count = Counter((s[0] if isinstance(s, list) and s[0] else "missing") for s in st)
    recorded_attempts = Counter(int(s[1]) if isinstance(s, list) and s[1] else 0 for s in st)
    logs = r.pipeline([("LRANGE", f"seopipe:dlv:{i}:log", 0, -1) for i in ids], batch=500)
    xlen = r.call("XLEN", "seopipe:q")
    pel = r.call("XPENDING", "seopipe:q", "deliver")
    retry_left = r.call("ZCARD", "seopipe:q:retry")
    consumers = r.call("XINFO", "CONSUMERS", "seopipe:q", "deliver")
    r.close()
    classes = Counter()
    for log in logs:
        for entry in log or []:
            try:
                att = json.loads(entry)
            except ValueError:
                classes["(unreadable)"] += 1
                continue
            if att.get("error"):
                classes[att["error"]] += 1
            elif isinstance(att.get("status"), int) and 200 <= att["status"] <= 299:
                classes["2xx"] += 1
            else:
                classes[f"http {att.get('status')}"] += 1
    recv_attempts = Counter(len(by_id.get(i, [])) for i in ids)
    # Requests the receiver saw that no attempt log holds: sent by a process that died before
    # recording them, or recorded while Redis was away.
    unrecorded = Counter()
    for i, s in zip(ids, st):
        n = len(by_id.get(i, [])) - (int(s[1]) if isinstance(s, list) and s[1] else 0)
        if n > 0:
            unrecorded[i] = n

    problems = []
    if lost:
        problems.append(f"{len(lost)} accepted deliveries never answered 2xx at the receiver")
    if status_count.get("succeeded", 0) != len(ids):
        problems.append(f"Redis says {dict(status_count)}, not all succeeded")
    if check.get("body_hash_mismatch"):
        problems.append(f"{len(check['body_hash_mismatch'])} ids whose body changed between attempts")
    if not check.get("all_verified", False):
        problems.append(f"{len(check.get('failed_verification', []))} requests did not verify")
    if unexplained:
        problems.append(f"{len(unexplained)} duplicate 2xx not explained by a kill or restart")
    if check.get("bad_lines"):
        problems.append(f"{len(check['bad_lines'])} receiver log lines are not JSON")

    def line(k, v):
        print(f"  {k:<44} {v}")

    print("\ncrash test summary")
    line("events published (202)", len(recs))
    causes = {}
    if a.publish_summary:
        try:
            with open(a.publish_summary, encoding="utf-8") as f:
                causes = json.load(f).get("retried_because", {})
        except (OSError, ValueError):
            pass
    line("publish requests resent (by cause)",
         f"{sum(causes.values())}" + (" (" + ", ".join(f"{k} {v}" for k, v in
                                                      sorted(causes.items())) + ")"
                                      if causes else ""))
    line("accepted deliveries", len(ids))
    line("delivered (2xx at the receiver)", len(delivered))
    line("Redis status", ", ".join(f"{k} {v}" for k, v in sorted(status_count.items())))
    line("lost (accepted, never 2xx)", len(lost))
    line("duplicates (2xx more than once)", len(dups))
    for why, n in sorted(explained.items()):
        line(f"  explained: first 2xx near a {why}", n)
    line("  unexplained", len(unexplained))
    same = all(len({x.get("body_sha256") for x in rs}) == 1 for rs in dups.values())
    line("duplicates: same webhook-id and same body", "yes" if same else "NO")
    line("unexpected ids at the receiver", len(unexpected))
    line("requests at the receiver", check.get("requests"))
    line("all signatures verified (standardwebhooks)", check.get("all_verified"))
    line("bodies changed between attempts", len(check.get("body_hash_mismatch", [])))
    line("receiver statuses", ", ".join(f"{k} {v}" for k, v in check.get("statuses", {}).items()))
    line("attempts per delivery (receiver)",
         ", ".join(f"{k}: {v}" for k, v in sorted(recv_attempts.items())))
    line("attempts per delivery (Redis attempt_count)",
         ", ".join(f"{k}: {v}" for k, v in sorted(recorded_attempts.items())))
    line("requests at the receiver never recorded",
         f"{sum(unrecorded.values())} (of {len(unrecorded)} deliveries: in flight at a kill, "
         "or answered while Redis was down)")
    line("attempt log outcomes (Redis)", ", ".join(f"{k} {v}" for k, v in classes.most_common()))
    fmt = lambda v: "-" if v is None else f"{round(v)} ms"
    line("publish (202) to first 2xx: p50 / p99 / max",
         f"{fmt(pct(lat_all, 50))} / {fmt(pct(lat_all, 99))} / {fmt(max(lat_all) if lat_all else None)}")
    line("  first attempt 2xx only: p50 / p99",
         f"{fmt(pct(lat_first, 50))} / {fmt(pct(lat_first, 99))} ({len(lat_first)} deliveries)")
    line("left in Redis: stream / pending / retry zset", f"{xlen} / {pel[0] if pel else '?'} / {retry_left}")
    line("consumers in group deliver now", len(consumers) if isinstance(consumers, list) else consumers)
    line("disruptions (s after the first publish)",
         ", ".join(f"{n} {(t - recs[0]['t_send']) / 1000:.1f}" for n, t in events) if recs else "")
    if unexplained:
        print("\nunexplained duplicates (first 10):")
        for u in unexplained[:10]:
            print("  " + json.dumps(u))
    if lost:
        print("\nlost (first 10): " + " ".join(lost[:10]))
    print("\nresult: " + ("FAIL: " + "; ".join(problems) if problems else "ok"))
    if a.json_out:
        with open(a.json_out, "w", encoding="utf-8") as f:
            json.dump(OrderedDict(
                events=len(recs), accepted=len(ids), delivered=len(delivered), lost=lost,
                duplicates=len(dups), duplicates_explained=dict(explained),
                duplicates_unexplained=unexplained, unexpected=unexpected,
                redis_status=dict(status_count), attempts_receiver=dict(recv_attempts),
                attempts_recorded=dict(recorded_attempts), outcomes=dict(classes),
                unrecorded_requests=sum(unrecorded.values()),
                latency_ms={"p50": pct(lat_all, 50), "p99": pct(lat_all, 99),
                            "max": max(lat_all) if lat_all else None,
                            "first_attempt_p50": pct(lat_first, 50),
                            "first_attempt_p99": pct(lat_first, 99)},
                disruptions=events, problems=problems), f, indent=1)
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("publish")
    p.add_argument("--api", required=True)
    p.add_argument("--drafts", required=True)
    p.add_argument("--events", type=int, required=True)
    p.add_argument("--rate", type=float, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--run", default="crash")
    p.add_argument("--threads", type=int, default=16)
    p.add_argument("--give-up-s", type=float, default=30)
    p.add_argument("--summary")
    w = sub.add_parser("wait")
    w.add_argument("--redis", required=True)
    w.add_argument("--publish", required=True)
    w.add_argument("--deadline-s", type=float, required=True)
    r = sub.add_parser("report")
    r.add_argument("--redis", required=True)
    r.add_argument("--publish", required=True)
    r.add_argument("--publish-summary")
    r.add_argument("--receiver-log", required=True)
    r.add_argument("--check-json", required=True)
    r.add_argument("--events", required=True)
    r.add_argument("--timeout-ms", type=float, required=True)
    r.add_argument("--json-out")
    a = ap.parse_args()
    return {"publish": cmd_publish, "wait": cmd_wait, "report": cmd_report}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
