#!/usr/bin/env python3
"""Helpers of chaos.sh: the client load, a connection-resetting endpoint, the wait for every
delivery, and the report.

usage:
  chaos_tool.py load --apis URL,URL,URL --drafts FILE --events N --rate R --publish-out FILE
                     --requests-out FILE [--run NAME] [--threads K] [--timeout-s S]
                     [--give-up-s S] [--summary FILE]
  chaos_tool.py rst-server --port-file FILE
  chaos_tool.py latency --redis HOST:PORT --out FILE
  chaos_tool.py probe --redis HOST:PORT --out FILE
  chaos_tool.py wait --redis HOST:PORT --publish FILE --deadline-s S
  chaos_tool.py report --redis HOST:PORT --publish FILE --requests FILE --receiver-log FILE
                       --check-json FILE --events FILE --timeout-ms MS --redis-timeout-ms MS
                       [--latency FILE] [--probe FILE] [--load-summary FILE] [--json-out FILE]

load     N publishes (POST /v1/drafts/{id}/publish, each with its own Idempotency-Key) and, after
         every second publish, one PUT /v1/drafts/{id} of a new revision of that draft (its body
         with a revision line added, so the content hash changes and, the draft being published,
         a seo_package.updated event fans out too). Operations are paced at R per second (open
         loop) over K threads and spread over the instances in turn (operation i starts on
         instance i mod 3). Every HTTP request is one new connection with a --timeout-s timeout
         (connect and read) and is recorded in --requests-out:
           {op, kind, inst, try, t_send, t_end, ms, status, retry_after, error}
         (error: null, "timeout", "refused", "reset", "closed" or another exception name; t_* in
         ms since the epoch). An operation that gets no 2xx is sent again, to the next instance,
         every 100-300 ms for at most --give-up-s seconds; a publish keeps its Idempotency-Key.
         Every 202 is one line in --publish-out, the format of crash_tool.py publish.
rst-server  accepts TCP connections on 127.0.0.1 (a free port, written to --port-file), reads
         what arrives for up to 50 ms and closes with SO_LINGER 0, so the peer gets a RST. Runs
         until SIGTERM; prints the number of connections reset to stderr at exit.
latency  appends Redis's latency monitor samples (LATENCY HISTORY of every event LATENCY LATEST
         names) to FILE, one JSON line each: {event, t_ms, ms}. Redis forgets them when it
         restarts, so chaos.sh calls this before it stops Redis and again at the end.
probe    PINGs Redis every 25 ms on one connection (3 s timeout; reconnects every 100 ms) until
         SIGTERM and appends every round trip of 100 ms or more, and every failure, to FILE:
         {t_ms, rtt_ms, error}. It measures what a client of Redis waits, fsync of the
         append-only file included (Redis answers only after it), which the latency monitor
         reports per operation only.
wait     polls Redis until every delivery there (seopipe:dlv:all, which also holds the
         seo_package.updated deliveries no client saw) and every delivery of the publish record
         has status succeeded; 1 when one ended failed or disabled, or at the deadline.
report   the summary table chaos.sh prints (see there); exit 1 on a lost delivery, a body that
         changed between attempts, a request that did not verify, an unexplained duplicate 2xx,
         a client request that hung, a client error no disruption explains, or a publish the
         clients gave up on. A Redis stall nobody caused (the probe waited at least 80 % of
         --redis-timeout-ms for a PONG, e.g. behind slow fsyncs of the append-only file)
         explains a 503 or a duplicate near it like a stop of Redis does, and is listed.

No third-party modules; the RESP client and the receiver-log helpers come from
tests/webhooks/crash_tool.py.
"""
import argparse
import json
import os
import queue
import random
import signal
import socket
import struct
import sys
import threading
import time
import http.client
from collections import Counter, OrderedDict, defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "webhooks"))
from crash_tool import (Redis, delivery_ids, now_ms, pct, read_events, read_publish,  # noqa: E402
                        statuses, wait_all_succeeded)


def read_jsonl(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


# ---- load ---------------------------------------------------------------------------------------

def classify(exc):
    if isinstance(exc, socket.timeout) or isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    if isinstance(exc, (ConnectionResetError, BrokenPipeError)):
        return "reset"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "closed"
    return type(exc).__name__


def cmd_load(a):
    apis = []
    for url in a.apis.split(","):
        host = url.removeprefix("http://").partition("/")[0]
        h, _, p = host.rpartition(":")
        apis.append((h, int(p)))
    with open(a.drafts, encoding="utf-8") as f:
        drafts = json.load(f)  # [{"id": ..., "body": ...}]
    pub_out = open(a.publish_out, "a", encoding="utf-8")
    req_out = open(a.requests_out, "a", encoding="utf-8")
    lock = threading.Lock()
    ops = []
    for i in range(a.events):
        ops.append(("publish", i))
        if i % 2 == 1:
            ops.append(("put", i))
    jobs = queue.Queue()
    for n, op in enumerate(ops):
        jobs.put((n, op))
    start = now_ms() + 50
    counts = Counter()
    gave_up = []

    def one(inst, method, path, body, headers):
        """One request on a new connection: (status, retry_after, body, error)."""
        h, p = apis[inst]
        conn = http.client.HTTPConnection(h, p, timeout=a.timeout_s)
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, resp.getheader("Retry-After"), data, None
        except (OSError, http.client.HTTPException) as exc:
            return None, None, None, classify(exc)
        finally:
            conn.close()

    def worker():
        while True:
            try:
                n, (kind, i) = jobs.get_nowait()
            except queue.Empty:
                return
            due = start + n * 1000.0 / a.rate
            wait = (due - now_ms()) / 1000.0
            if wait > 0:
                time.sleep(wait)
            d = drafts[i % len(drafts)]
            if kind == "publish":
                key = f"{a.run}-{i}"
                method, path = "POST", f"/v1/drafts/{d['id']}/publish"
                body = b""
                headers = {"Idempotency-Key": key, "Content-Length": "0"}
            else:
                method, path = "PUT", f"/v1/drafts/{d['id']}"
                body = json.dumps({"id": d["id"], "format": "auto",
                                   "body": d["body"] + f"\n\nRevision {i} of this draft.\n"}).encode()
                headers = {"Content-Type": "application/json"}
            inst = n % len(apis)
            t_first = now_ms()
            tries = 0
            while True:
                tries += 1
                t0 = now_ms()
                status, retry_after, data, err = one(inst, method, path, body, headers)
                t1 = now_ms()
                rec = OrderedDict(
                    op=n, kind=kind, i=i, inst=inst, tries=tries, t_send=round(t0, 1),
                    t_end=round(t1, 1), ms=round(t1 - t0, 1), status=status,
                    retry_after=retry_after, error=err)
                ok = status is not None and 200 <= status <= 299
                with lock:
                    req_out.write(json.dumps(rec) + "\n")
                    req_out.flush()
                    counts[f"{kind} {status if status is not None else err}"] += 1
                if ok:
                    if kind == "publish":
                        doc = json.loads(data)
                        prec = OrderedDict(i=i, key=key, event_id=doc["event_id"],
                                           deliveries=[[x["id"], x["webhook_id"]]
                                                       for x in doc["deliveries"]],
                                           t_send=round(t_first, 1), t_202=round(t1, 1),
                                           tries=tries)
                        with lock:
                            pub_out.write(json.dumps(prec) + "\n")
                            pub_out.flush()
                    break
                if now_ms() - t_first > a.give_up_s * 1000:
                    with lock:
                        gave_up.append(f"{kind} {i}")
                    break
                inst = (inst + 1) % len(apis)
                time.sleep(random.uniform(0.1, 0.3))

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(a.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    pub_out.close()
    req_out.close()
    summary = json.dumps({"operations": len(ops), "gave_up": gave_up[:50], "gave_up_count": len(gave_up),
                          "answers": dict(counts), "seconds": round((now_ms() - start) / 1000, 2)})
    print(summary, file=sys.stderr)
    if a.summary:
        with open(a.summary, "w", encoding="utf-8") as f:
            f.write(summary + "\n")
    return 0 if not gave_up else 1


# ---- rst-server ---------------------------------------------------------------------------------

def cmd_rst_server(a):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(128)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(f"{srv.getsockname()[1]}\n")
    os.rename(tmp, a.port_file)
    resets = [0]

    def bye(*_):
        print(f"rst-server: {resets[0]} connections reset", file=sys.stderr)
        os._exit(0)

    signal.signal(signal.SIGTERM, bye)
    signal.signal(signal.SIGINT, bye)
    while True:
        c, _ = srv.accept()
        c.settimeout(0.05)
        try:
            c.recv(65536)
        except OSError:
            pass
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c.close()
        resets[0] += 1


# ---- latency ------------------------------------------------------------------------------------

def cmd_latency(a):
    r = Redis(a.redis)
    latest = r.call("LATENCY", "LATEST") or []
    hist = r.pipeline([("LATENCY", "HISTORY", ev[0]) for ev in latest])
    r.close()
    with open(a.out, "a", encoding="utf-8") as f:
        for ev, h in zip(latest, hist):
            for t, ms in h or []:
                f.write(json.dumps({"event": ev[0], "t_ms": t * 1000, "ms": ms}) + "\n")
    return 0


# ---- probe --------------------------------------------------------------------------------------

def cmd_probe(a):
    out = open(a.out, "a", encoding="utf-8")
    signal.signal(signal.SIGTERM, lambda *_: (out.close(), os._exit(0)))
    r = None
    while True:
        t0 = now_ms()
        err = None
        try:
            if r is None:
                r = Redis(a.redis, timeout=3.0)
            if r.call("PING") != "PONG":
                err = "not PONG"
        except (OSError, ConnectionError) as exc:
            err = type(exc).__name__
            if r is not None:
                r.close()
            r = None
        rtt = now_ms() - t0
        if err or rtt >= 100:
            out.write(json.dumps({"t_ms": round(t0, 1), "rtt_ms": round(rtt, 1), "error": err}) + "\n")
            out.flush()
        time.sleep(0.1 if err else 0.025)


# ---- wait ---------------------------------------------------------------------------------------

def all_delivery_ids(r, publish_path):
    ids = list(dict.fromkeys(r.call("ZRANGE", "seopipe:dlv:all", 0, -1) or []))
    seen = set(ids)
    for i in delivery_ids(read_publish(publish_path)):
        if i not in seen:
            ids.append(i)
            seen.add(i)
    return ids


def cmd_wait(a):
    return wait_all_succeeded(a.redis, a.deadline_s, lambda r: all_delivery_ids(r, a.publish))


# ---- report -------------------------------------------------------------------------------------

PHASES = [  # (name, start mark, end mark)
    ("instance killed", "kill", "up"),
    ("Redis stopped", "redis_sigstop", "redis_sigcont"),
    ("Redis restart", "redis_term", "redis_up"),
    ("receiver 500", "r500_on", "r500_off"),
    ("receiver hangs", "hang_on", "hang_off"),
    ("connections reset", "reset_on", "reset_off"),
]


def windows_of(events, start, end, open_ms=60000):
    """[(t0, t1, label)] for each `start` mark (name or name:arg) and the next `end` after it."""
    out = []
    for k, (name, t) in enumerate(events):
        base, _, arg = name.partition(":")
        if base != start:
            continue
        t1 = next((u for n2, u in events[k + 1:] if n2.partition(":")[0] == end
                   and n2.partition(":")[2] == arg), t + open_ms)
        out.append((t, t1, arg))
    return out


def cmd_report(a):
    events = read_events(a.events)
    recs = read_publish(a.publish)
    pub_ids = delivery_ids(recs)
    t202 = {d[0]: r["t_202"] for r in recs for d in r["deliveries"]}
    reqs = read_jsonl(a.requests)
    with open(a.check_json, encoding="utf-8") as f:
        check = json.load(f)
    load_summary = {}
    if a.load_summary:
        try:
            with open(a.load_summary, encoding="utf-8") as f:
                load_summary = json.load(f)
        except (OSError, ValueError):
            pass
    rows = read_jsonl(a.receiver_log)
    by_id = defaultdict(list)
    for row in rows:
        by_id[row.get("id")].append(row)

    r = Redis(a.redis)
    ids = all_delivery_ids(r, a.publish)
    st = statuses(r, ids)
    logs = r.pipeline([("LRANGE", f"seopipe:dlv:{i}:log", 0, -1) for i in ids], batch=500)
    xlen = r.call("XLEN", "seopipe:q")
    pel = r.call("XPENDING", "seopipe:q", "deliver")
    retry_left = r.call("ZCARD", "seopipe:q:retry")
    r.close()
    status_count = Counter((s[0] if isinstance(s, list) and s[0] else "missing") for s in st)
    attempt_logs = {}
    outcomes = Counter()
    for i, log in zip(ids, logs):
        atts = []
        for entry in log or []:
            try:
                att = json.loads(entry)
            except ValueError:
                outcomes["(unreadable)"] += 1
                continue
            atts.append(att)
            if att.get("error"):
                outcomes[att["error"]] += 1
            elif isinstance(att.get("status"), int) and 200 <= att["status"] <= 299:
                outcomes["2xx"] += 1
            else:
                outcomes[f"http {att.get('status')}"] += 1
        attempt_logs[i] = atts

    def ok(row):
        return isinstance(row.get("status"), int) and 200 <= row["status"] <= 299

    all_set = set(ids)
    delivered = [i for i in ids if any(ok(x) for x in by_id.get(i, []))]
    dset = set(delivered)
    lost = [i for i in ids if i not in dset]
    lost_published = [i for i in pub_ids if i not in dset]
    unexpected = sorted(i for i in by_id if i not in all_set)

    # Duplicates: a 2xx more than once for one webhook-id. Explained when the first 2xx came while
    # seopipe could lose the record of it: from one transfer timeout (+0.5 s) before a kill -9 of an
    # instance until 1 s after it is back; from one transfer timeout before Redis stopped answering
    # (SIGSTOP, SIGTERM) until 5 s after it answers again (a finish script sent meanwhile fails and
    # reconnecting takes up to 2 s); or when seopipe itself timed out that attempt (its attempt log
    # holds a timeout: the receiver answered, too late).
    dwin = []
    for t0, t1, arg in windows_of(events, "kill", "up"):
        dwin.append((t0 - a.timeout_ms - 500, t1 + 1000, "kill -9 of an instance"))
    for t0, t1, _ in windows_of(events, "redis_sigstop", "redis_sigcont"):
        dwin.append((t0 - a.timeout_ms - 500, t1 + 5000, "Redis stopped (SIGSTOP)"))
    for t0, t1, _ in windows_of(events, "redis_term", "redis_up"):
        dwin.append((t0 - a.timeout_ms - 500, t1 + 5000, "Redis restart"))
    # Redis stalls nobody caused: the probe waited 80 % of redis.timeout_ms or more for a PONG
    # (seopipe's commands, sent around then, may have missed the deadline; it then drops the
    # connection and reconnects within 2 s). Failures of the probe are the induced outages.
    spikes = read_jsonl(a.latency) if a.latency and os.path.exists(a.latency) else []
    probe = read_jsonl(a.probe) if a.probe and os.path.exists(a.probe) else []
    induced = [(t0, t1) for s_, e_ in (("redis_sigstop", "redis_sigcont"), ("redis_term", "redis_up"))
               for t0, t1, _ in windows_of(events, s_, e_)]
    slow = [x for x in probe if not x["error"] and x["rtt_ms"] >= 0.8 * a.redis_timeout_ms
            and not any(x["t_ms"] <= t1 and x["t_ms"] + x["rtt_ms"] >= t0 for t0, t1 in induced)]
    stall_win = [(x["t_ms"] - 100, x["t_ms"] + x["rtt_ms"] + 3000) for x in slow]
    for t0, t1 in stall_win:
        dwin.append((t0 - a.timeout_ms - 500, t1, "Redis slow by itself (probe)"))
    dups = {i: [x for x in by_id[i] if ok(x)] for i in ids if sum(1 for x in by_id.get(i, []) if ok(x)) > 1}
    explained, unexplained = Counter(), []
    for i, rs in dups.items():
        first = rs[0]["t"]
        why = next((w[2] for w in dwin if w[0] <= first <= w[1]), None)
        if why is None and any(att.get("error") == "timeout" for att in attempt_logs.get(i, [])):
            why = "seopipe timed out an attempt the receiver answered"
        if why:
            explained[why] += 1
        else:
            unexplained.append({"id": i, "times": [x["t"] for x in rs],
                                "attempts": attempt_logs.get(i, [])[:6]})

    # Client requests: what each got, whether a disruption explains it, latency by phase.
    kills = {}  # instance -> [(t0, t1)]
    for t0, t1, arg in windows_of(events, "kill", "up"):
        kills.setdefault(int(arg or 0), []).append((t0, t1))
    redis_away = [(t0 - a.redis_timeout_ms - 100, t1 + 3000)
                  for s, e in (("redis_sigstop", "redis_sigcont"), ("redis_term", "redis_up"))
                  for t0, t1, _ in windows_of(events, s, e)]
    stalls = [(t0 - a.redis_timeout_ms - 100, t1) for t0, t1 in stall_win]
    phase_win = [(name, t0, t1) for name, s, e in PHASES for t0, t1, _ in windows_of(events, s, e)]

    def overlaps(q, w):
        return q["t_send"] <= w[1] and q["t_end"] >= w[0]

    classes = Counter()
    unexplained_req = []
    hung = []
    lat = defaultdict(list)
    for q in reqs:
        phase = next((name for name, t0, t1 in phase_win if t0 <= q["t_send"] <= t1), "normal")
        lat[phase].append(q["ms"])
        s, err = q.get("status"), q.get("error")
        if s is not None and 200 <= s <= 299:
            continue
        if err == "timeout":
            cls, why = "timeout (no answer)", None
            hung.append(q)
        elif err is not None:
            cls = f"connection error ({err})"
            why = any(overlaps(q, (t0 - 50, t1 + 500)) for t0, t1 in kills.get(q["inst"], []))
        elif s == 503 and q.get("retry_after"):
            cls = "http 503 with Retry-After"
            why = any(overlaps(q, w) for w in redis_away)
            if not why and any(overlaps(q, w) for w in stalls):
                cls, why = "http 503 with Retry-After (Redis slow by itself)", True
        elif s == 409 and q.get("kind") == "publish":
            # The load PUTs new revisions of the drafts it publishes: a publish that read one
            # revision while a PUT stored the next sends nothing (409 draft-changed) and is resent.
            cls, why = "http 409 draft changed while publishing (resent)", True
        else:
            cls, why = f"http {s}", False
        classes[(cls, bool(why))] += 1
        if not why:
            unexplained_req.append(q)

    problems = []
    if lost:
        problems.append(f"{len(lost)} deliveries never answered 2xx at the receiver "
                        f"({len(lost_published)} of them from accepted publishes)")
    if status_count.get("succeeded", 0) != len(ids):
        problems.append(f"Redis says {dict(status_count)}, not all succeeded")
    if check.get("body_hash_mismatch"):
        problems.append(f"{len(check['body_hash_mismatch'])} ids whose body changed between attempts")
    if not check.get("all_verified", False):
        problems.append(f"{len(check.get('failed_verification', []))} requests did not verify")
    if check.get("bad_lines"):
        problems.append(f"{len(check['bad_lines'])} receiver log lines are not JSON")
    if unexplained:
        problems.append(f"{len(unexplained)} duplicate 2xx not explained by a kill, Redis outage or timeout")
    if hung:
        problems.append(f"{len(hung)} client requests got no answer within the client timeout")
    if len(unexplained_req) > len(hung):
        problems.append(f"{len(unexplained_req) - len(hung)} client errors outside any disruption "
                        "that explains them")
    if load_summary.get("gave_up_count"):
        problems.append(f"the clients gave up on {load_summary['gave_up_count']} operations")
    if not recs:
        problems.append("no publish was accepted")

    def line(k, v):
        print(f"  {k:<52} {v}")

    kinds = Counter(q["kind"] for q in reqs)
    print("\nchaos test summary (3 instances, one Redis)")
    line("client operations (publishes + PUTs)", load_summary.get("operations", "?"))
    line("client requests sent (publish / PUT)", f"{len(reqs)} ({kinds['publish']} / {kinds['put']})")
    line("publishes accepted (202)", len(recs))
    line("deliveries in Redis (published + updated events)", f"{len(ids)} ({len(pub_ids)} from accepted publishes)")
    line("delivered (2xx at the receiver)", len(delivered))
    line("lost (never 2xx)", f"{len(lost)} (of accepted publishes: {len(lost_published)})")
    line("Redis status of the deliveries", ", ".join(f"{k} {v}" for k, v in sorted(status_count.items())))
    line("duplicates (2xx more than once for one webhook-id)", len(dups))
    for why, n in sorted(explained.items()):
        line(f"  explained: {why}", n)
    line("  unexplained", len(unexplained))
    same = all(len({x.get("body_sha256") for x in rs}) == 1 for rs in dups.values())
    line("duplicates carry the same body", "yes" if same else "NO")
    line("requests at the receiver", check.get("requests"))
    line("all signatures verified (standardwebhooks)", check.get("all_verified"))
    line("bodies changed between attempts", len(check.get("body_hash_mismatch", [])))
    line("unknown ids at the receiver", len(unexpected))
    line("receiver statuses", ", ".join(f"{k} {v}" for k, v in check.get("statuses", {}).items()))
    line("attempt outcomes (Redis attempt logs)", ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))
    by_ev = defaultdict(list)
    for x in spikes:
        by_ev[x["event"]].append(x["ms"])
    line("Redis latency monitor (>= 100 ms): samples, max",
         ", ".join(f"{ev} {len(v)}, {max(v)} ms" for ev, v in sorted(by_ev.items())) or "none")
    rtts = [x["rtt_ms"] for x in probe if not x["error"]]
    line("Redis PING round trips >= 100 ms (probe, any time), max",
         f"{len(rtts)}, {round(max(rtts)) if rtts else '-'} ms; >= {round(0.8 * a.redis_timeout_ms)} ms "
         f"(a stall nobody caused): {len(slow)}")
    line("left in Redis: stream / pending / retry zset", f"{xlen} / {pel[0] if pel else '?'} / {retry_left}")
    lat_pub = sorted(next(x["t"] for x in by_id[i] if ok(x)) - t202[i] for i in pub_ids if i in dset)
    fmt = lambda v: "-" if v is None else f"{round(v)} ms"
    line("publish (202) to first 2xx: p50 / p99 / max",
         f"{fmt(pct(lat_pub, 50))} / {fmt(pct(lat_pub, 99))} / {fmt(lat_pub[-1] if lat_pub else None)}")
    print("\n  client errors by class                               count   explained by a disruption")
    if not classes:
        print("    (none)")
    for (cls, why), n in sorted(classes.items()):
        print(f"    {cls:<50} {n:>5}   {'yes' if why else 'NO'}")
    print("\n  client request latency by phase (send time)          requests      p50      p99      max")
    for name in ["normal"] + [p[0] for p in PHASES]:
        v = lat.get(name, [])
        if not v:
            print(f"    {name:<50} {0:>8}        -        -        -")
            continue
        print(f"    {name:<50} {len(v):>8} {round(pct(v, 50)):>6} ms {round(pct(v, 99)):>6} ms "
              f"{round(max(v)):>6} ms")
    t_first = recs[0]["t_send"] if recs else (events[0][1] if events else 0)
    print("\n  disruptions (s after the load started): " +
          ", ".join(f"{n} {(t - t_first) / 1000:.1f}" for n, t in events))
    if unexplained:
        print("\nunexplained duplicates (first 5):")
        for u in unexplained[:5]:
            print("  " + json.dumps(u)[:600])
    if unexplained_req:
        print("\nclient errors no disruption explains (first 10):")
        for q in unexplained_req[:10]:
            print("  " + json.dumps(q))
    if lost:
        print("\nlost (first 10): " + " ".join(lost[:10]))
    print("\nresult: " + ("FAIL: " + "; ".join(problems) if problems else "ok"))
    if a.json_out:
        with open(a.json_out, "w", encoding="utf-8") as f:
            json.dump(OrderedDict(
                accepted_publishes=len(recs), deliveries=len(ids), delivered=len(delivered),
                lost=lost, duplicates=len(dups), duplicates_explained=dict(explained),
                duplicates_unexplained=unexplained, client_errors={f"{c} ({'explained' if w else 'unexplained'})": n
                                                                   for (c, w), n in classes.items()},
                hung=hung, redis_slow=slow, latency_monitor=spikes, latency_p99_ms={k: pct(v, 99) for k, v in lat.items()},
                outcomes=dict(outcomes), disruptions=events, problems=problems), f, indent=1)
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("load")
    p.add_argument("--apis", required=True)
    p.add_argument("--drafts", required=True)
    p.add_argument("--events", type=int, required=True)
    p.add_argument("--rate", type=float, required=True)
    p.add_argument("--publish-out", required=True)
    p.add_argument("--requests-out", required=True)
    p.add_argument("--run", default="chaos")
    p.add_argument("--threads", type=int, default=12)
    p.add_argument("--timeout-s", type=float, default=10)
    p.add_argument("--give-up-s", type=float, default=30)
    p.add_argument("--summary")
    s = sub.add_parser("rst-server")
    s.add_argument("--port-file", required=True)
    la = sub.add_parser("latency")
    la.add_argument("--redis", required=True)
    la.add_argument("--out", required=True)
    pr = sub.add_parser("probe")
    pr.add_argument("--redis", required=True)
    pr.add_argument("--out", required=True)
    w = sub.add_parser("wait")
    w.add_argument("--redis", required=True)
    w.add_argument("--publish", required=True)
    w.add_argument("--deadline-s", type=float, required=True)
    r = sub.add_parser("report")
    r.add_argument("--redis", required=True)
    r.add_argument("--publish", required=True)
    r.add_argument("--requests", required=True)
    r.add_argument("--receiver-log", required=True)
    r.add_argument("--check-json", required=True)
    r.add_argument("--events", required=True)
    r.add_argument("--timeout-ms", type=float, required=True)
    r.add_argument("--redis-timeout-ms", type=float, required=True)
    r.add_argument("--latency")
    r.add_argument("--probe")
    r.add_argument("--load-summary")
    r.add_argument("--json-out")
    a = ap.parse_args()
    return {"load": cmd_load, "rst-server": cmd_rst_server, "latency": cmd_latency,
            "probe": cmd_probe, "wait": cmd_wait,
            "report": cmd_report}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
