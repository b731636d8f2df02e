-- POST /api/v1/compare with the seed scenario ({}) every time.
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
