#!/usr/bin/env python3
"""POST /v1/ingest/{name} end to end: the real `seopipe serve`, a real redis-server, and a local
receiver (tests/sources/source_server.py) subscribed as a webhook endpoint. Payloads are shaped as
each CMS documents them (docs/cms.md, /work/shared/reference/cms-payloads.md); credentials are
checked the CMS's own way (bearer token, Contentful request signature, Ghost signature).

usage: test_ingest.py SEOPIPE
Prints one line per check and "N passed, M failed"; exit 1 on any failure. Every process it
starts is killed on exit; every wait is bounded.
"""
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.realpath(sys.argv[1]) if len(sys.argv) == 2 else sys.exit("usage: test_ingest.py SEOPIPE")
TMP = tempfile.mkdtemp(prefix="seopipe-ingest.")
PROCS = []
PASSED, FAILED = 0, 0
CF_SECRET = "c" * 64
GHOST_SECRET = "ghost-secret-1"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def check(name, ok, detail=""):
    global PASSED, FAILED
    if ok:
        PASSED += 1
        print(f"ok   {name}")
    else:
        FAILED += 1
        print(f"FAIL {name}: {detail}")


def call(method, url, body=None, headers=None):
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None and "Content-Type" not in (headers or {}):
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw[:1] in (b"{", b"[") else raw)
    except urllib.error.HTTPError as e:
        raw = e.read()
        return e.code, (json.loads(raw) if raw[:1] in (b"{", b"[") else raw)


def wait_for(fn, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        v = fn()
        if v:
            return v
        time.sleep(0.05)
    return fn()


def start():
    rport = free_port()
    PROCS.append(subprocess.Popen(["redis-server", "--port", str(rport), "--bind", "127.0.0.1",
                                   "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL))
    recv = subprocess.Popen([sys.executable, os.path.join(HERE, "..", "sources", "source_server.py"),
                             "--max-seconds", "120"], stdout=subprocess.PIPE, text=True)
    PROCS.append(recv)
    rcv_port = int(recv.stdout.readline().split()[1])
    conf = os.path.join(TMP, "seopipe.yaml")
    with open(conf, "w") as f:
        f.write(f"""ingest:
  strapi:
    token: strapi-token-1
    unpublish_deletes: true
  contentful:
    secret: {CF_SECRET}
    locale: en-US
  ghost:
    secret: {GHOST_SECRET}
    unpublish_deletes: true
  contentful-all:
    adapter: contentful
    secret: {CF_SECRET}
    unpublish_deletes: true
  blog:
    adapter: generic
    token: blog-token
    map: {{id: data.uid, title: data.headline, body: data.html, format: data.kind, event: action}}
""")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEOPIPE_")}
    env.update(SEOPIPE_LISTEN=f"127.0.0.1:{port}", SEOPIPE_THREADS="2",
               SEOPIPE_REDIS_URL=f"redis://127.0.0.1:{rport}/0", SEOPIPE_OUTBOUND_ALLOW="127.0.0.0/8")
    log = open(os.path.join(TMP, "seopipe.log"), "w")
    srv = subprocess.Popen([BIN, "serve", "--config", conf], env=env, stdout=subprocess.DEVNULL,
                           stderr=log)
    PROCS.append(srv)
    api = f"http://127.0.0.1:{port}"

    def ready():
        try:
            return call("GET", api + "/readyz")[0] == 200
        except OSError:
            return False
    if not wait_for(ready, 15):
        sys.exit(f"seopipe did not become ready; log in {TMP}")
    return api, f"http://127.0.0.1:{rcv_port}", srv


ARTICLE_MD = ("## What is sciatica?\n\nSciatica is pain that runs along the sciatic nerve, from the "
              "lower back down one leg. Gentle movement and heat usually help within weeks.\n\n"
              "## Frequently asked questions\n\n### How long does sciatica last?\n\nMost episodes "
              "settle within four to six weeks with gentle activity.\n\n### Should I rest in bed?\n\n"
              "No. Short walks help more than bed rest for most people.\n")


def strapi(event, entry_extra=None, version=4):
    entry = {"id": 7, "title": "Sciatica: causes, relief and when to see a doctor",
             "slug": "sciatica-relief", "content": ARTICLE_MD, "locale": "en",
             "createdAt": "2026-11-20T08:00:00.000Z", "updatedAt": "2026-11-21T09:30:00.000Z",
             "publishedAt": "2026-11-21T09:30:00.000Z" if event == "entry.publish" else None}
    if version == 5:
        entry["documentId"] = "a1b2c3d4e5f6g7h8i9j0k1l2"
    entry.update(entry_extra or {})
    body = {"event": event, "createdAt": "2026-11-21T09:30:01.000Z", "model": "article", "entry": entry}
    if version == 5:
        body["uid"] = "api::article.article"
    return body


def contentful_headers(path, body, topic, ts_ms, secret=CF_SECRET):
    signed = ["x-contentful-signed-headers", "x-contentful-timestamp", "x-contentful-topic"]
    values = {"x-contentful-signed-headers": ",".join(signed), "x-contentful-timestamp": str(ts_ms),
              "x-contentful-topic": topic}
    canonical = "\n".join(["POST", path, ";".join(f"{h}:{values[h]}" for h in signed), body.decode()])
    sig = hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()
    h = {"Content-Type": "application/vnd.contentful.management.v1+json",
         "X-Contentful-Topic": topic, "x-contentful-signature": sig,
         "x-contentful-signed-headers": values["x-contentful-signed-headers"],
         "x-contentful-timestamp": str(ts_ms)}
    return h


def main():
    api, rcv, srv = start()
    st, wh = call("POST", api + "/v1/webhooks", {"url": rcv + "/hook", "events": ["seo_package.published"]})
    check("a receiver is subscribed", st == 201, f"{st} {wh}")

    # ---- Strapi ----
    auth = {"Authorization": "Bearer strapi-token-1"}
    st, r = call("POST", api + "/v1/ingest/strapi", strapi("entry.publish"), {**auth, "X-Strapi-Event": "entry.publish"})
    ok = st == 202 and r.get("status") == "published" and len(r.get("items", [])) == 1
    check("Strapi v4 entry.publish with a Markdown richtext body: 202 published", ok, f"{st} {r}")
    item = r["items"][0] if ok else {}
    check("the publish fanned out one delivery to the subscribed receiver",
          item.get("deliveries") == 1 and str(item.get("event_id", "")).startswith("evt_"), item)
    did = item.get("id", "")
    st, pkg = call("GET", f"{api}/v1/drafts/{did}")
    check("the draft is stored with its package (title, FAQ from the Markdown)",
          st == 200 and pkg.get("document", {}).get("title", "").startswith("Sciatica")
          and "How long does sciatica last?" in [f["question"] for f in pkg.get("faq", [])],
          f"{st} {str(pkg)[:300]}")

    def delivered():
        s = json.loads(urllib.request.urlopen(rcv + "/stats", timeout=5).read())
        return s.get("POST /hook", 0)
    check("the receiver got the published package", wait_for(lambda: delivered() >= 1, 10), delivered())

    st, r2 = call("POST", api + "/v1/ingest/strapi", strapi("entry.publish"), auth)
    check("the same webhook again: the same event, nothing new fanned out",
          st == 202 and r2["items"][0].get("event_id") == item.get("event_id") and
          r2["items"][0].get("revision") == item.get("revision"), f"{st} {r2}")
    time.sleep(0.5)
    check("... and the receiver got it once", delivered() == 1, delivered())

    st, r = call("POST", api + "/v1/ingest/strapi",
                 strapi("entry.update", {"content": [{"type": "heading", "level": 2, "children": [{"type": "text", "text": "What is sciatica?"}]},
                                                     {"type": "paragraph", "children": [{"type": "text", "text": "Sciatica is nerve pain along the leg, and it usually settles in weeks."}]}]},
                        version=5), auth)
    check("Strapi v5 entry.update with a Blocks body: 202 stored", st == 202 and r.get("status") == "stored", f"{st} {r}")
    st, r = call("POST", api + "/v1/ingest/strapi", {"event": "media.create", "createdAt": "2026-11-21T09:30:01.000Z",
                                                     "media": {"id": 1, "name": "a.png"}}, auth)
    check("Strapi media.create: 202 ignored with a reason", st == 202 and r.get("status") == "ignored" and r.get("reason"), f"{st} {r}")
    st, r = call("POST", api + "/v1/ingest/strapi", strapi("entry.publish"), {"Authorization": "Bearer wrong"})
    check("Strapi with a wrong token: 401, nothing stored", st == 401, f"{st} {r}")
    st, r = call("POST", api + "/v1/ingest/strapi", strapi("entry.unpublish"), auth)
    st2, _ = call("GET", f"{api}/v1/drafts/{did}")
    check("Strapi entry.unpublish with unpublish_deletes: the draft is deleted",
          st == 202 and r.get("status") == "deleted" and st2 == 404, f"{st} {r} then GET {st2}")
    st, r = call("POST", api + "/v1/ingest/strapi", b'{"event": "entry.publish", "entry": ', {**auth, "Content-Type": "application/json"})
    check("Strapi with broken JSON: 400 problem", st == 400 and r.get("type", "").endswith("invalid-json"), f"{st} {r}")

    # ---- Contentful ----
    doc = {"sys": {"type": "Entry", "id": "5KsDBWseXY6QegucYAoacS", "version": 4, "publishedVersion": 3,
                   "contentType": {"sys": {"type": "Link", "linkType": "ContentType", "id": "blogPost"}},
                   "createdAt": "2026-11-20T08:00:00.000Z", "updatedAt": "2026-11-21T09:00:00.000Z"},
           "fields": {"title": {"en-US": "Knee pain after running: causes and fixes"},
                      "body": {"en-US": {"nodeType": "document", "data": {}, "content": [
                          {"nodeType": "heading-2", "data": {}, "content": [{"nodeType": "text", "value": "Why does my knee hurt after running?", "marks": [], "data": {}}]},
                          {"nodeType": "paragraph", "data": {}, "content": [{"nodeType": "text", "value": "Runner's knee comes from load the joint is not ready for, and it eases with rest and strength work.", "marks": [], "data": {}}]}]}}}}
    body = json.dumps(doc).encode()
    path = "/v1/ingest/contentful"
    h = contentful_headers(path, body, "ContentManagement.Entry.publish", int(time.time() * 1000))
    st, r = call("POST", api + path, body, h)
    check("Contentful Entry.publish, signed, Rich Text body: 202 published",
          st == 202 and r.get("status") == "published" and r["items"][0]["id"] == "5KsDBWseXY6QegucYAoacS", f"{st} {r}")
    h = contentful_headers(path, body, "ContentManagement.Entry.publish", int(time.time() * 1000), secret="d" * 64)
    st, r = call("POST", api + path, body, h)
    check("Contentful with a wrong signature: 401", st == 401, f"{st} {r}")
    h = contentful_headers(path, body, "ContentManagement.Entry.publish", int(time.time() * 1000) - 3600_000)
    st, r = call("POST", api + path, body, h)
    check("Contentful with a timestamp an hour old: 401", st == 401, f"{st} {r}")

    # ---- WordPress, with yoast_head_json and a FAQPage already in the graph ----
    post = {"id": 42, "date_gmt": "2026-11-20T08:00:00", "modified_gmt": "2026-11-21T09:00:00",
            "slug": "hamstring-stretches", "status": "publish", "link": "https://example.org/hamstring-stretches/",
            "title": {"rendered": "Hamstring stretches you can do at your desk &#8211; a guide"},
            "content": {"rendered": "<h2>Why stretch?</h2><p>Tight hamstrings pull on the lower back; gentle stretches ease it.</p>"
                                    "<div class=\"schema-faq wp-block-yoast-faq-block\"><div class=\"schema-faq-section\" id=\"faq-question-1\">"
                                    "<strong class=\"schema-faq-question\">How often should I stretch?</strong> <p class=\"schema-faq-answer\">Twice a day, thirty seconds each side.</p></div></div>",
                        "protected": False},
            "excerpt": {"rendered": "<p>Gentle stretches.</p>", "protected": False}, "author": 3,
            "yoast_head_json": {"title": "Hamstring stretches - Example", "description": "Stretches for the desk.",
                                "canonical": "https://example.org/hamstring-stretches/",
                                "schema": {"@context": "https://schema.org", "@graph": [
                                    {"@type": "WebPage", "@id": "https://example.org/hamstring-stretches/"},
                                    {"@type": "FAQPage", "@id": "https://example.org/hamstring-stretches/#faq"}]}}}
    st, r = call("POST", api + "/v1/ingest/wordpress", post)
    check("WordPress REST post (status publish), API key mode: 202 published", st == 202 and r.get("status") == "published", f"{st} {r}")
    wid = r["items"][0]["id"] if st == 202 else "wp-42"
    st, pkg = call("GET", f"{api}/v1/drafts/{wid}")
    ex = pkg.get("existing_seo", {}) if st == 200 else {}
    check("the package reports Yoast's title and description and what differs",
          ex.get("meta_title") == "Hamstring stretches - Example" and "meta_title" in ex.get("changes", [])
          and ex.get("schema_types") == ["WebPage", "FAQPage"], ex)
    check("a FAQPage already in Yoast's graph is not duplicated",
          ex.get("faq_schema_present") is True and pkg.get("faq_schema") is None and
          not any("FAQPage" in json.dumps(n.get("@type")) for n in pkg.get("jsonld", {}).get("@graph", [])), str(pkg.get("jsonld"))[:300])

    # ---- Ghost (generic preset), signed ----
    ghost = {"post": {"current": {"id": "6551f0c2a1b2c3d4e5f60718", "uuid": "8d0e2c4a-1111-2222-3333-444455556666",
                                  "title": "Stretching before a run: what the evidence says", "slug": "stretching-before-a-run",
                                  "status": "published", "html": "<p>Dynamic warm-ups beat static stretching before a run for most people.</p>",
                                  "url": "https://blog.example.org/stretching-before-a-run/",
                                  "published_at": "2026-11-21T09:00:00.000Z", "updated_at": "2026-11-21T09:00:00.000Z"},
                      "previous": {"status": "draft"}}}
    body = json.dumps(ghost).encode()
    ts = str(int(time.time() * 1000))
    sig = hmac.new(GHOST_SECRET.encode(), body + ts.encode(), hashlib.sha256).hexdigest()
    st, r = call("POST", api + "/v1/ingest/ghost", body, {"Content-Type": "application/json",
                                                          "X-Ghost-Signature": f"sha256={sig}, t={ts}"})
    check("Ghost post.published, signed: 202 published", st == 202 and r.get("status") == "published", f"{st} {r}")
    st, r = call("POST", api + "/v1/ingest/ghost", body, {"Content-Type": "application/json"})
    check("Ghost without its signature: 401", st == 401, f"{st} {r}")

    # ---- a configured generic mapping ----
    st, r = call("POST", api + "/v1/ingest/blog", {"action": "save", "data": {"uid": "post-9", "headline": "Foam rolling for beginners",
                 "html": "<p>Foam rolling loosens tight muscles and is safe for most people.</p>", "kind": "html"}},
                 {"Authorization": "Bearer blog-token"})
    check("a generic adapter with a field mapping from the configuration: 202 stored",
          st == 202 and r.get("status") == "stored" and r["items"][0]["id"].endswith("post-9"), f"{st} {r}")
    # ---- every documented payload in tests/cms/fixtures, through the server ----
    fixtures = os.path.join(HERE, "..", "cms", "fixtures")

    def fixture(name):
        with open(os.path.join(fixtures, name), "rb") as f:
            return f.read()

    def ghost_signed(body):
        t = str(int(time.time() * 1000))
        return {"Content-Type": "application/json", "X-Ghost-Signature":
                "sha256=" + hmac.new(GHOST_SECRET.encode(), body + t.encode(), hashlib.sha256).hexdigest() + ", t=" + t}
    cases = [
        ("wordpress", "wordpress-post.json", lambda b: {}, {"published", "stored"}),
        ("strapi", "strapi-v4-entry-publish.json", lambda b: auth, {"published"}),
        ("strapi", "strapi-v5-entry-update-blocks.json", lambda b: auth, {"stored"}),
        ("strapi", "strapi-media-create.json", lambda b: auth, {"ignored"}),
        ("contentful", "contentful-entry-publish.json",
         lambda b: contentful_headers("/v1/ingest/contentful", b, "ContentManagement.Entry.publish", int(time.time() * 1000)), {"published"}),
        ("ghost", "ghost-post-published.json", ghost_signed, {"published"}),
        ("sanity", "sanity-projection.json", lambda b: {}, {"published", "stored"}),
        ("directus", "directus-flow.json", lambda b: {}, {"stored", "published"}),
        ("payload", "payload-after-change-lexical.json", lambda b: {}, {"stored", "published"}),
        ("ghost", "ghost-post-deleted.json", ghost_signed, {"deleted"}),
    ]
    for name, fx, headers, want in cases:
        body = fixture(fx)
        h = headers(body)
        h.setdefault("Content-Type", "application/json")
        st, r = call("POST", f"{api}/v1/ingest/{name}", body, h)
        ok = st == 202 and r.get("status") in want
        detail = f"{st} {r}"
        for it in (r.get("items", []) if ok else []):
            gst, pkg = call("GET", f"{api}/v1/drafts/{it['id']}")
            if r["status"] == "deleted":
                ok = ok and gst == 404
            else:
                ok = ok and gst == 200 and bool(pkg.get("meta_title"))
            detail += f"; GET {it['id']}: {gst}"
        check(f"{fx} through POST /v1/ingest/{name}: 202 {'/'.join(sorted(want))}, drafts as expected", ok, detail)

    # ---- an unpublish where unpublish_deletes is off: ignored, the draft stays ----
    body = fixture("contentful-deleted-entry.json")
    path = "/v1/ingest/contentful"
    st, r = call("POST", api + path, body, contentful_headers(path, body, "ContentManagement.Entry.unpublish", int(time.time() * 1000)))
    gst, _ = call("GET", f"{api}/v1/drafts/5KsDBWseXY6QegucYAoacS")
    check("Contentful unpublish without unpublish_deletes: 202 ignored with a reason, the draft stays",
          st == 202 and r.get("status") == "ignored" and r.get("reason") and gst == 200, f"{st} {r} GET {gst}")

    # ---- Contentful without a configured locale: one draft per locale, all deleted together ----
    body = fixture("contentful-entry-publish.json")
    path = "/v1/ingest/contentful-all"
    st, r = call("POST", api + path, body, contentful_headers(path, body, "ContentManagement.Entry.publish", int(time.time() * 1000)))
    ids = sorted(i["id"] for i in r.get("items", [])) if st == 202 else []
    check("Contentful with two locales and none configured: one draft per locale",
          ids == ["5KsDBWseXY6QegucYAoacS.de-DE", "5KsDBWseXY6QegucYAoacS.en-US"], f"{st} {r}")
    body = fixture("contentful-deleted-entry.json")
    st, r = call("POST", api + path, body, contentful_headers(path, body, "ContentManagement.Entry.unpublish", int(time.time() * 1000)))
    gone = [call("GET", f"{api}/v1/drafts/{i}")[0] for i in ids]
    check("... and its unpublish deletes every locale's draft",
          st == 202 and r.get("status") == "deleted" and gone == [404, 404] and
          sorted(i["id"] for i in r["items"])[1:] == ids, f"{st} {r} GETs {gone}")

    st, r = call("POST", api + "/v1/ingest/nope", {})
    check("an unknown adapter: 404", st == 404, f"{st} {r}")

    srv.terminate()
    try:
        rc = srv.wait(timeout=5)
    except subprocess.TimeoutExpired:
        rc = "still running"
    check("SIGTERM: exit 0", rc == 0, rc)


if __name__ == "__main__":
    try:
        main()
    finally:
        for p in PROCS:
            p.kill()
        for p in PROCS:
            p.wait()
    print(f"{PASSED} passed, {FAILED} failed" + (f" (logs in {TMP})" if FAILED else ""))
    sys.exit(1 if FAILED else 0)
