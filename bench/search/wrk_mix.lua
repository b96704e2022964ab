-- wrk script of bench/search: cycles through the query mix (one request path a line, in
-- the file named by WRK_PATHS; run.sh writes it from queries.txt), each wrk thread from
-- its own place in the list; counts the answers that are not 200; prints the latency
-- percentiles and counts as one JSON line at the end ("wrk-json: {...}").
local paths = {}
local i = 0
non200 = 0  -- global: the main thread reads it with thread:get
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(os.getenv("WRK_PATHS"), "r"))
  for line in f:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  f:close()
  i = math.floor(id * #paths / 4) % #paths
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("non200") or 0) end
  local secs = summary.duration / 1e6
  io.write(string.format(
    'wrk-json: {"requests": %d, "duration_s": %.3f, "rps": %.2f, "bytes": %d, ' ..
    '"non200": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_ms": {"min": %.3f, "mean": %.3f, "p50": %.3f, "p90": %.3f, "p95": %.3f, ' ..
    '"p99": %.3f, "max": %.3f, "stdev": %.3f}}\n',
    summary.requests, secs, summary.requests / secs, summary.bytes, bad,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout,
    latency.min / 1e3, latency.mean / 1e3, latency:percentile(50) / 1e3,
    latency:percentile(90) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, latency.stdev / 1e3))
end
