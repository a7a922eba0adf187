-- wrk script for bench/http: POST the file named by $BENCH_BODY_FILE (seed 000) as
-- text/plain with Cache-Control: no-cache, so seopipe skips its cache lookup and generates
-- the package on every request (X-Cache: bypass). The bare server gets the same request.
local path = os.getenv("BENCH_BODY_FILE")
if not path then
   error("bench/post_seo.lua: set BENCH_BODY_FILE to the draft to send")
end
local f = assert(io.open(path, "rb"))
local body = f:read("*a")
f:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "text/plain; charset=utf-8"
wrk.headers["Cache-Control"] = "no-cache"
