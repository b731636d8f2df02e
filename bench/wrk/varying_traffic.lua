-- POST /api/v1/compare with a new traffic volume each request: 1e6 to 1e10 tokens
-- a day, never the same twice in a run, so that every reply is computed.
local n = 0
request = function()
  n = n + 1
  local tokens = 1e6 * 10 ^ ((n * 0.6180339887) % 4)
  local body = string.format('{"workload": {"tokens_per_day": %.6f}}', tokens)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
