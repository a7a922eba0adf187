-- wrk script for bench/webhooks: POST /v1/drafts/{id}/publish with an empty body (the URL names
-- the draft); every request is a new event, so every 202 is one more delivery to the one endpoint.
wrk.method = "POST"
wrk.body = ""
wrk.headers["Content-Length"] = "0"
