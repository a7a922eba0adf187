-- wrk script for bench/webhooks: the receiver's own ceiling. POSTs the body of the file named by
-- $BENCH_BODY_FILE (a payload seopipe sent) with the headers seopipe sends: Content-Type,
-- User-Agent, webhook-id, webhook-timestamp and webhook-signature ($BENCH_WEBHOOK_ID,
-- $BENCH_WEBHOOK_TIMESTAMP, $BENCH_WEBHOOK_SIGNATURE), so the sink does the same work per request.
local function env(name)
   local v = os.getenv(name)
   if not v then
      error("bench/webhook_post.lua: set " .. name)
   end
   return v
end
local f = assert(io.open(env("BENCH_BODY_FILE"), "rb"))
local body = f:read("*a")
f:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["User-Agent"] = env("BENCH_USER_AGENT")
wrk.headers["webhook-id"] = env("BENCH_WEBHOOK_ID")
wrk.headers["webhook-timestamp"] = env("BENCH_WEBHOOK_TIMESTAMP")
wrk.headers["webhook-signature"] = env("BENCH_WEBHOOK_SIGNATURE")
