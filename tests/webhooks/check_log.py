#!/usr/bin/env python3
"""Summarises a receiver.mjs log (one JSON object per line) as one JSON document on stdout.

usage: check_log.py LOG [--expect-ids FILE] [--path-prefix P] [--since MS]
                        [--no-duplicates] [--allow-unverified] [--compact]

The JSON is indented (one key per line) unless --compact. A delivery is one webhook-id sent to one request target (path): the receiver counts attempts per
delivery, so a message fanned out to two endpoints under one id is two deliveries, not a retry.

Output keys:
  requests            log lines considered (after --path-prefix and --since)
  ids                 distinct webhook-ids (null counts as one, "<none>")
  deliveries          distinct (path, id) pairs
  all_verified        every request verified
  failed_verification [{id, path, attempt, verify_error}] of the requests that did not verify
  body_hash_mismatch  [{id, hashes: [...]}]: ids whose body bytes differed between requests (any
                      path: an id names one message, whose serialised body must never change)
  attempts_histogram  {"<attempts>": number of deliveries with that many attempts}
  max_attempts        the most attempts of one delivery
  statuses            {"<status>" or "null": requests}
  duplicate_2xx       [{id, path, count}]: deliveries answered 2xx more than once
  not_2xx             deliveries never answered 2xx: [{id, path, attempts, last_status}]
  keepalive_reuse     requests that came on an already used connection (conn_request > 1)
  expect              with --expect-ids: {expected, missing: [ids never seen], undelivered:
                      [ids seen but never answered 2xx on any path], unexpected: [ids not in FILE]}
  bad_lines           [line numbers] that are not JSON objects (a last line without its newline,
                      being written right now, is ignored)
  problems            what made the exit status 1, in words
  ok                  exit status 0

Exit 1 when any request failed verification (unless --allow-unverified), any id's body hash
differed, any line was not JSON, with --expect-ids any expected id was never answered 2xx, or with
--no-duplicates any delivery was answered 2xx more than once. Exit 2 on usage errors or an
unreadable LOG.
"""
import argparse
import json
import sys
from collections import Counter, OrderedDict, defaultdict


def main():
    ap = argparse.ArgumentParser(description="Summarise a tests/webhooks/receiver.mjs log.")
    ap.add_argument("log")
    ap.add_argument("--expect-ids", metavar="FILE",
                    help="ids (one per line, blank lines and #comments ignored) that must have "
                         "been answered 2xx at least once")
    ap.add_argument("--path-prefix", metavar="P", action="append", default=[],
                    help="only requests whose path starts with P (repeatable: any of them)")
    ap.add_argument("--since", metavar="MS", type=int, default=None,
                    help="only requests whose t (ms since the epoch) is >= MS")
    ap.add_argument("--no-duplicates", action="store_true",
                    help="exit 1 when a delivery was answered 2xx more than once")
    ap.add_argument("--allow-unverified", action="store_true",
                    help="report requests that failed verification without failing")
    ap.add_argument("--compact", action="store_true", help="the JSON on one line")
    args = ap.parse_args()

    try:
        with open(args.log, "rb") as f:
            data = f.read()
    except OSError as exc:
        print(f"check_log: cannot read {args.log}: {exc.strerror}", file=sys.stderr)
        return 2
    expected = None
    if args.expect_ids:
        try:
            with open(args.expect_ids, encoding="utf-8") as f:
                expected = [ln.strip() for ln in f if ln.strip() and not ln.lstrip().startswith("#")]
        except OSError as exc:
            print(f"check_log: cannot read {args.expect_ids}: {exc.strerror}", file=sys.stderr)
            return 2

    lines = data.split(b"\n")
    partial_last = lines[-1] != b""
    if not partial_last:
        lines.pop()
    recs, bad_lines = [], []
    for n, raw in enumerate(lines, 1):
        try:
            rec = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            rec = None
        if not isinstance(rec, dict):
            if not (partial_last and n == len(lines)):
                bad_lines.append(n)
            continue
        if args.path_prefix and not any(str(rec.get("path", "")).startswith(p)
                                        for p in args.path_prefix):
            continue
        if args.since is not None and not (isinstance(rec.get("t"), (int, float))
                                           and rec["t"] >= args.since):
            continue
        recs.append(rec)

    def idname(rec):
        return rec.get("id") if rec.get("id") is not None else "<none>"

    def ok2xx(rec):
        s = rec.get("status")
        return isinstance(s, int) and 200 <= s <= 299

    failed = [OrderedDict(id=rec.get("id"), path=rec.get("path"), attempt=rec.get("attempt"),
                          verify_error=rec.get("verify_error"))
              for rec in recs if rec.get("verified") is not True]
    hashes = defaultdict(list)  # id -> distinct hashes in order
    per_delivery = OrderedDict()  # (path, id) -> [recs]
    for rec in recs:
        h = hashes[idname(rec)]
        if rec.get("body_sha256") not in h:
            h.append(rec.get("body_sha256"))
        per_delivery.setdefault((rec.get("path"), idname(rec)), []).append(rec)
    mismatch = [OrderedDict(id=i, hashes=h) for i, h in hashes.items() if len(h) > 1]
    hist = Counter(len(v) for v in per_delivery.values())
    dup = []
    not2xx = []
    delivered_ids = set()
    for (path, i), rs in per_delivery.items():
        n2xx = sum(1 for r in rs if ok2xx(r))
        if n2xx:
            delivered_ids.add(i)
        if n2xx > 1:
            dup.append(OrderedDict(id=i, path=path, count=n2xx))
        if n2xx == 0:
            not2xx.append(OrderedDict(id=i, path=path, attempts=len(rs), last_status=rs[-1].get("status")))
    statuses = Counter("null" if r.get("status") is None else str(r.get("status")) for r in recs)

    problems = []
    if failed and not args.allow_unverified:
        problems.append(f"{len(failed)} request(s) failed verification")
    if mismatch:
        problems.append(f"{len(mismatch)} id(s) with different body bytes across attempts")
    if bad_lines:
        problems.append(f"{len(bad_lines)} log line(s) are not JSON objects")
    if args.no_duplicates and dup:
        problems.append(f"{len(dup)} delivery(ies) answered 2xx more than once")

    out = OrderedDict()
    out["requests"] = len(recs)
    out["ids"] = len(hashes)
    out["deliveries"] = len(per_delivery)
    out["all_verified"] = not failed
    out["failed_verification"] = failed
    out["body_hash_mismatch"] = mismatch
    out["attempts_histogram"] = OrderedDict((str(k), hist[k]) for k in sorted(hist))
    out["max_attempts"] = max(hist) if hist else 0
    out["statuses"] = OrderedDict(sorted(statuses.items()))
    out["duplicate_2xx"] = dup
    out["not_2xx"] = not2xx
    out["keepalive_reuse"] = sum(1 for r in recs if isinstance(r.get("conn_request"), int)
                                 and r["conn_request"] > 1)
    if expected is not None:
        seen = set(hashes)
        exp_set = set(expected)
        missing = [i for i in dict.fromkeys(expected) if i not in seen]
        undelivered = [i for i in dict.fromkeys(expected) if i in seen and i not in delivered_ids]
        out["expect"] = OrderedDict(expected=len(exp_set), missing=missing, undelivered=undelivered,
                                    unexpected=sorted(i for i in seen if i not in exp_set))
        if missing or undelivered:
            problems.append(f"{len(missing)} expected id(s) never seen, "
                            f"{len(undelivered)} seen but never answered 2xx")
    out["bad_lines"] = bad_lines
    out["problems"] = problems
    out["ok"] = not problems
    json.dump(out, sys.stdout, indent=None if args.compact else 1)
    sys.stdout.write("\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
