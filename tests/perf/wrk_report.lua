-- wrk reporter: prints one machine-readable line with throughput, latency percentiles
-- (microseconds) and error counts, for tests/perf/run_perf.py to read.
-- Optional: PERF_COOKIE sets a Cookie header (used to bypass the anonymous page cache).

-- Like a browser: compressed responses where the server offers them.
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"

local cookie = os.getenv("PERF_COOKIE")
if cookie ~= nil and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

-- Optional: PERF_RATE (requests/s over all PERF_CONNECTIONS) paces each connection, to read the
-- latency at a given offered load instead of at saturation. The pause is shortened by a typical
-- response time (4 ms) so that the achieved rate, printed as req/s, lands near the target.
local rate = tonumber(os.getenv("PERF_RATE") or "0")
local connections = tonumber(os.getenv("PERF_CONNECTIONS") or "16")
if rate > 0 then
  local pause = math.max(0, connections * 1000 / rate - 4)
  delay = function() return pause end
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "PERFJSON {\"requests\": %d, \"duration_us\": %d, \"bytes\": %d, " ..
    "\"p50\": %d, \"p95\": %d, \"p99\": %d, \"max\": %d, \"mean\": %.1f, " ..
    "\"err_connect\": %d, \"err_read\": %d, \"err_write\": %d, \"err_status\": %d, \"err_timeout\": %d}\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
