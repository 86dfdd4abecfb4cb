-- Single sale intake: POST /api/v1/sales, a unique externalRef per request.
--   wrk -t2 -c32 -d20s -s bench/sale.lua http://127.0.0.1:18080 -- <apiKey> <contactCount> [runToken]
-- Each thread gets its own prefix (run token + thread id), so refs are unique across threads and
-- runs (the run token defaults to os.time()). Contacts c1..c<contactCount> must exist.

local threads = {}
local counter = 1

function setup(thread)
   thread:set("id", counter)
   table.insert(threads, thread)
   counter = counter + 1
end

function init(args)
   key = args[1] or error("usage: -- <apiKey> <contactCount> [runToken]")
   contacts = tonumber(args[2] or "10000")
   run = args[3] or tostring(os.time())
   prefix = "w" .. run .. "-" .. id .. "-"
   n = 0
   wrk.method = "POST"
   wrk.headers["Authorization"] = "Bearer " .. key
   wrk.headers["Content-Type"] = "application/json"
   -- A fixed recent instant per run: recent enough that the thank-you is planned, not skipped.
   occurred = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - 300)
   statuses = {}
end

function request()
   n = n + 1
   local body = string.format(
      '{"externalRef":"%s%d","contactRef":"c%d","amount":%d.50,"currency":"EUR","occurredAt":"%s"}',
      prefix, n, (n * 7919 + id) % contacts + 1, n % 200 + 1, occurred)
   return wrk.format(nil, "/api/v1/sales", nil, body)
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   for _, thread in ipairs(threads) do
      local s = thread:get("statuses")
      for code, count in pairs(s) do
         io.write(string.format("thread %d: HTTP %d x %d\n", thread:get("id"), code, count))
      end
   end
end
