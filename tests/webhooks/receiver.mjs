#!/usr/bin/env node
// A real webhook endpoint for seopipe's integration tests: every POST is verified with the official
// Standard Webhooks verifier (npm `standardwebhooks`, installed by fetch-standardwebhooks.sh) and
// logged as one JSON line; the URL path chooses how it answers, so one receiver is many endpoints.
//
// usage: node receiver.mjs --secrets whsec_A[,whsec_B...] --log FILE [--port P] [--modules DIR]
//          [--host 127.0.0.1] [--keepalive-ms 5000] [--hang-ms 60000]
//          [--max-body-bytes 16777216] [--reject-unverified]
//
// --port 0 (the default) lets the kernel pick; the first stdout line is always `listening <port>`
// (nothing else is written to stdout; diagnostics go to stderr). --modules DIR is the folder that
// fetch-standardwebhooks.sh printed (DIR/node_modules/standardwebhooks); a node_modules folder
// itself works too. A request verifies when any configured secret verifies it (rotation).
//
// Paths (the attempt number n counts the POSTs with this webhook-id to this same request target):
//   /ok/<any>                  200
//   /fail/<k>/<any>            500 while n <= k, then 200
//   /gone/<any>                410, always
//   /retry-after/<s>/<any>     n = 1: 503 with `Retry-After: <s>`; then 200
//   /retry-after-date/<s>/<any> n = 1: 503 with Retry-After as an HTTP date now + s; then 200
//   /status/<code>/<any>       n = 1: <code> (200-599); then 200 (e.g. 429, 502, 504, 301)
//   /hang/<any>                n = 1: no answer; the socket is kept open, destroyed after --hang-ms
//                              (logged at once, status null, note "hung"); then 200
//   /redirect/<any>            302 with Location: /ok/x, always (a sender must not follow it)
//   /random/<pct>/<any>        n = 1: 500 with probability pct % (decided by SHA-256 of the
//                              webhook-id, so the same id always gets the same answer); then 200
//   /slow/<ms>/<any>           waits ms (at most 600000), then 200
//   anything else              404
// `GET /stats` answers JSON {requests, verified, failed_verification, by_id_count, by_status,
// connections, bad_requests, hung_open}. Other methods: 405, not logged. A body over
// --max-body-bytes: 413 and the connection closed. --reject-unverified answers 401 to every POST
// that does not verify, before its path is looked at (off by default: the path decides).
//
// Log: one JSON object per line, appended with a synchronous write when the answer is decided and
// before it is sent (a client that has its answer can read the line at once), in this key order:
//   t            ms since the epoch when the request head arrived
//   path         the request target as sent (with its query, if any)
//   id, timestamp, signature   the webhook-id, webhook-timestamp, webhook-signature headers (or null)
//   verified     whether standardwebhooks' Webhook#verify(body, headers) accepted it (default
//                options: so the body must also be JSON, or empty)
//   verified_with  index in --secrets of the first secret that verified it, or null
//   body_sha256, body_bytes   of the body bytes as received
//   content_type, user_agent  headers (or null)
//   status       what it answered; null when it did not answer (hang, client gone, shutdown)
//   attempt      1-based count of POSTs with this webhook-id to this path, this one included
//   id_seen      1-based count of POSTs with this webhook-id to any path (fan-out shows here)
//   verify_error the verifier's error ("WebhookVerificationError: No matching signature found",
//                "... Message timestamp too old", "SyntaxError: ..." for a signed non-JSON body), or null
//   conn, conn_request   which connection (1-based, in accept order) and which request on it:
//                conn_request > 1 means the sender reused a keep-alive connection
//   http_version, ms (from the head's arrival to the answer), note (null, "hung", "client closed",
//   "aborted", "body too large", "shutdown")
// SIGTERM or SIGINT: stop listening, drop hung and waiting exchanges (logged with status null),
// close the log and exit 0 (within 3 s). A malformed request gets 400 (or 431) and never stops it.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const USAGE =
  "usage: node receiver.mjs --secrets whsec_A[,whsec_B] --log FILE [--port P] [--modules DIR] " +
  "[--host H] [--keepalive-ms MS] [--hang-ms MS] [--max-body-bytes N] [--reject-unverified]";

function die(msg, code = 2) {
  process.stderr.write(`receiver: ${msg}\n`);
  process.exit(code);
}

// ---- arguments ----------------------------------------------------------------------------------

const opts = {
  port: 0, host: "127.0.0.1", secrets: null, log: null, modules: null,
  keepaliveMs: 5000, hangMs: 60000, maxBody: 16 * 1024 * 1024, rejectUnverified: false,
};
{
  const argv = process.argv.slice(2);
  const intArg = (name, v, min, max) => {
    if (v === undefined || !/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
      die(`${name} needs an integer from ${min} to ${max}, not ${JSON.stringify(v)}\n${USAGE}`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i], v;
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0) { v = a.slice(eq + 1); a = a.slice(0, eq); }
    const val = () => (v !== undefined ? v : argv[++i]);
    switch (a) {
      case "--port": opts.port = intArg(a, val(), 0, 65535); break;
      case "--host": opts.host = val(); break;
      case "--secrets": opts.secrets = val(); break;
      case "--log": opts.log = val(); break;
      case "--modules": opts.modules = val(); break;
      case "--keepalive-ms": opts.keepaliveMs = intArg(a, val(), 0, 3600000); break;
      case "--hang-ms": opts.hangMs = intArg(a, val(), 1, 3600000); break;
      case "--max-body-bytes": opts.maxBody = intArg(a, val(), 0, 1 << 30); break;
      case "--reject-unverified": opts.rejectUnverified = true; break;
      case "-h": case "--help": process.stdout.write(USAGE + "\n"); process.exit(0);
      default: die(`unknown argument ${JSON.stringify(a)}\n${USAGE}`);
    }
  }
  if (!opts.secrets) die(`--secrets is required\n${USAGE}`);
  if (!opts.log) die(`--log is required\n${USAGE}`);
  if (!opts.host) die("--host is empty");
}

// ---- the verifier -------------------------------------------------------------------------------

let lib, libVersion;
{
  const base = opts.modules
    ? path.resolve(opts.modules)
    : path.dirname(fileURLToPath(import.meta.url));
  const req = createRequire(path.join(base, "noop.js"));
  try {
    lib = req("standardwebhooks");
    libVersion = req("standardwebhooks/package.json").version;
  } catch (e) {
    die(`cannot load standardwebhooks from ${base} (${e.code || e.message}); run ` +
      "tests/webhooks/fetch-standardwebhooks.sh DIR and pass --modules DIR");
  }
}
const secrets = opts.secrets.split(",").map((s) => s.trim());
const hooks = secrets.map((s, i) => {
  if (!s) die(`secret ${i} in --secrets is empty`);
  try {
    return new lib.Webhook(s);
  } catch (e) {
    die(`secret ${i} in --secrets is not usable: ${e.message}`);
  }
});

function verify(body, headers) {
  const h = {
    "webhook-id": headers["webhook-id"],
    "webhook-timestamp": headers["webhook-timestamp"],
    "webhook-signature": headers["webhook-signature"],
  };
  let firstError = null;
  for (let i = 0; i < hooks.length; i++) {
    try {
      hooks[i].verify(body, h);
      return { verified: true, with: i, error: null };
    } catch (e) {
      if (firstError === null) firstError = `${(e && e.name) || "Error"}: ${(e && e.message) || e}`;
    }
  }
  return { verified: false, with: null, error: firstError };
}

// ---- the log ------------------------------------------------------------------------------------

let logFd;
try {
  logFd = fs.openSync(opts.log, "a");
} catch (e) {
  die(`cannot open the log ${opts.log}: ${e.message}`);
}
let logOpen = true;

function writeLog(rec) {
  if (!logOpen) return;
  const line = Buffer.from(JSON.stringify(rec) + "\n");
  try {
    let off = 0;
    while (off < line.length) off += fs.writeSync(logFd, line, off, line.length - off);
  } catch (e) {
    process.stderr.write(`receiver: writing the log failed: ${e.message}\n`);
  }
}

// ---- state --------------------------------------------------------------------------------------

const stats = {
  requests: 0, verified: 0, failed_verification: 0, by_id_count: Object.create(null),
  by_status: Object.create(null), connections: 0, bad_requests: 0,
};
const attemptsByKey = new Map(); // path + "\n" + id -> POSTs seen
const hung = new Map();          // socket -> timer
const waiting = new Map();       // exchange -> timer (slow answers not yet sent)
const CONN = Symbol("conn");
const CONN_REQS = Symbol("connRequests");
let connSeq = 0;
let closing = false;

const BODIES = {
  200: "ok\n", 302: "redirect\n", 401: "unverified\n", 404: "not found\n", 405: "method not allowed\n",
  410: "gone\n", 413: "body too large\n", 500: "failing on purpose\n", 503: "retry later\n",
};

function randomFails(id, pct) {
  const h = crypto.createHash("sha256").update(id === null ? "" : id, "utf8").digest();
  return (h.readUInt32BE(0) / 4294967296) * 100 < pct;
}

// The answer for a POST to pathname on attempt n: {status, headers} or {hang: true} or {wait: ms}.
function decide(pathname, n, id) {
  const seg = pathname.split("/");
  const kind = seg[1];
  const arg = seg[2];
  const has = (k) => seg.length >= k; // "/kind/<arg>/<anything>": the trailing part may be empty
  const uint = (s, max) => (/^\d{1,9}$/.test(s) && Number(s) <= max ? Number(s) : null);
  switch (kind) {
    case "ok":
      if (has(3)) return { status: 200 };
      break;
    case "fail": {
      const k = uint(arg, 1e9);
      if (has(4) && k !== null) return { status: n <= k ? 500 : 200 };
      break;
    }
    case "gone":
      if (has(3)) return { status: 410 };
      break;
    case "retry-after": {
      const s = uint(arg, 1e9);
      if (has(4) && s !== null)
        return n === 1 ? { status: 503, headers: { "Retry-After": String(s) } } : { status: 200 };
      break;
    }
    case "retry-after-date": {
      const s = uint(arg, 1e9);
      if (has(4) && s !== null)
        return n === 1
          ? { status: 503, headers: { "Retry-After": new Date(Date.now() + s * 1000).toUTCString() } }
          : { status: 200 };
      break;
    }
    case "status": {
      const c = uint(arg, 599);
      if (has(4) && c !== null && c >= 200) return { status: n === 1 ? c : 200 };
      break;
    }
    case "hang":
      if (has(3)) return n === 1 ? { hang: true } : { status: 200 };
      break;
    case "redirect":
      if (has(3)) return { status: 302, headers: { Location: "/ok/x" } };
      break;
    case "random": {
      if (has(4) && /^\d{1,3}(\.\d+)?$/.test(arg) && Number(arg) <= 100)
        return { status: n === 1 && randomFails(id, Number(arg)) ? 500 : 200 };
      break;
    }
    case "slow": {
      const ms = uint(arg, 600000);
      if (has(4) && ms !== null) return { wait: ms };
      break;
    }
  }
  return { status: 404 };
}

function canSend(res) {
  return !(res.headersSent || res.destroyed || !res.socket || res.socket.destroyed);
}

function send(res, status, headers = {}, body = BODIES[status] ?? `${status}\n`) {
  if (!canSend(res)) return false;
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
  return true;
}

function header(req, name) {
  const v = req.headers[name];
  return v === undefined ? null : v;
}

// ---- requests -----------------------------------------------------------------------------------

function onPost(req, res, pathname) {
  const t = Date.now();
  const sock = req.socket;
  const id = header(req, "webhook-id");
  const key = req.url + "\n" + (id ?? "");
  const attempt = (attemptsByKey.get(key) || 0) + 1;
  attemptsByKey.set(key, attempt);
  const idKey = id ?? "";
  const idSeen = (stats.by_id_count[idKey] || 0) + 1;
  stats.by_id_count[idKey] = idSeen;
  stats.requests++;

  const hash = crypto.createHash("sha256");
  const chunks = [];
  let bytes = 0;
  let done = false;
  let tooLarge = false;

  const record = (status, v, note) => {
    if (status !== null) stats.by_status[status] = (stats.by_status[status] || 0) + 1;
    writeLog({
      t, path: req.url, id, timestamp: header(req, "webhook-timestamp"),
      signature: header(req, "webhook-signature"), verified: v.verified, verified_with: v.with,
      body_sha256: hash.copy().digest("hex"), body_bytes: bytes,
      content_type: header(req, "content-type"), user_agent: header(req, "user-agent"),
      status, attempt, id_seen: idSeen, verify_error: v.error,
      conn: sock[CONN] ?? null, conn_request: sock[CONN_REQS] ?? null,
      http_version: req.httpVersion, ms: Date.now() - t, note,
    });
  };
  const countVerification = (v) => {
    if (v.verified) stats.verified++;
    else stats.failed_verification++;
  };

  req.on("data", (chunk) => {
    if (done) return;
    bytes += chunk.length;
    hash.update(chunk);
    if (bytes > opts.maxBody) {
      done = tooLarge = true;
      const v = { verified: false, with: null, error: "body too large: not verified" };
      countVerification(v);
      record(canSend(res) ? 413 : null, v, "body too large");
      send(res, 413, { Connection: "close" });
      req.resume();
      return;
    }
    chunks.push(chunk);
  });
  req.on("close", () => {
    if (done || req.complete) return;
    done = true;
    const v = { verified: false, with: null, error: "request aborted before its end: not verified" };
    countVerification(v);
    record(null, v, "aborted");
  });
  req.on("error", () => {}); // 'close' before the end says it all
  req.on("end", () => {
    if (done || tooLarge) return;
    done = true;
    const body = Buffer.concat(chunks, bytes);
    chunks.length = 0;
    const v = verify(body, req.headers);
    countVerification(v);
    if (opts.rejectUnverified && !v.verified) {
      record(canSend(res) ? 401 : null, v, canSend(res) ? null : "client closed");
      send(res, 401);
      return;
    }
    const d = decide(pathname, attempt, id);
    if (d.hang) {
      const timer = setTimeout(() => {
        hung.delete(sock);
        sock.destroy();
      }, opts.hangMs);
      hung.set(sock, timer);
      sock.once("close", () => {
        clearTimeout(timer);
        hung.delete(sock);
      });
      record(null, v, "hung");
    } else if (d.wait !== undefined) {
      const ex = { record, v };
      const timer = setTimeout(() => {
        waiting.delete(ex);
        if (canSend(res)) {
          record(200, v, null);
          send(res, 200);
        } else {
          record(null, v, "client closed");
        }
      }, d.wait);
      ex.timer = timer;
      ex.sock = sock;
      waiting.set(ex, timer);
    } else {
      if (canSend(res)) {
        record(d.status, v, null);
        send(res, d.status, d.headers);
      } else {
        record(null, v, "client closed");
      }
    }
  });
}

function onRequest(req, res) {
  const sock = req.socket;
  sock[CONN_REQS] = (sock[CONN_REQS] || 0) + 1;
  let pathname;
  try {
    pathname = new URL(req.url, "http://receiver.invalid").pathname;
  } catch {
    pathname = String(req.url);
  }
  if (req.method === "POST") {
    onPost(req, res, pathname);
    return;
  }
  req.resume();
  req.on("error", () => {});
  if (pathname === "/stats" && (req.method === "GET" || req.method === "HEAD")) {
    const body = JSON.stringify({ ...stats, hung_open: hung.size }) + "\n";
    send(res, 200, { "Content-Type": "application/json" }, body);
    return;
  }
  send(res, 405, { Allow: pathname === "/stats" ? "GET, HEAD" : "POST" });
}

const server = http.createServer({ keepAliveTimeout: opts.keepaliveMs }, (req, res) => {
  try {
    onRequest(req, res);
  } catch (e) {
    process.stderr.write(`receiver: internal error on ${req.method} ${req.url}: ${e.stack || e}\n`);
    try {
      send(res, 500, { Connection: "close" }, "internal error\n");
    } catch {}
  }
});
server.keepAliveTimeout = opts.keepaliveMs;
server.on("connection", (sock) => {
  stats.connections++;
  sock[CONN] = ++connSeq;
  sock[CONN_REQS] = 0;
  sock.on("error", () => {});
});
server.on("clientError", (err, sock) => {
  if (err.code === "ECONNRESET" || !sock.writable) { // a peer that left: not a malformed request
    sock.destroy();
    return;
  }
  stats.bad_requests++;
  const status = err.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
  sock.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nbad request\n`);
});
server.on("error", (e) => die(`cannot listen on ${opts.host}:${opts.port}: ${e.message}`, 1));

process.on("uncaughtException", (e) => {
  process.stderr.write(`receiver: uncaught (kept running): ${e.stack || e}\n`);
});

// ---- shutdown -----------------------------------------------------------------------------------

function finish() {
  if (!logOpen) return;
  try {
    fs.fsyncSync(logFd);
  } catch {}
  try {
    fs.closeSync(logFd);
  } catch {}
  logOpen = false;
  process.exit(0);
}

function shutdown(sig) {
  if (closing) return;
  closing = true;
  process.stderr.write(`receiver: ${sig}: closing\n`);
  for (const [ex, timer] of waiting) {
    clearTimeout(timer);
    ex.record(null, ex.v, "shutdown");
    ex.sock.destroy();
  }
  waiting.clear();
  for (const [sock, timer] of hung) {
    clearTimeout(timer);
    sock.destroy();
  }
  hung.clear();
  server.close(() => setImmediate(finish));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 1000).unref();
  setTimeout(finish, 3000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));

server.listen(opts.port, opts.host, () => {
  const { port } = server.address();
  process.stdout.write(`listening ${port}\n`);
  process.stderr.write(
    `receiver: listening on ${opts.host}:${port}, standardwebhooks ${libVersion}, ` +
      `${hooks.length} secret(s), log ${opts.log}\n`,
  );
});
