-- wrk script for the saturation phase of benchmark/run.sh (docs/benchmarks.md).
--
-- Every measured route goes through this one script, so the generator does the same work per
-- request whatever the route: a pre-built request is picked, and the answer's status is counted.
--
-- Environment:
--   WRK_TOKENS       tokens.csv written by BenchSetup (header line "token", then one RS256 access
--                    token per line, buyer i on line i + 2); unset or empty: no Authorization header
--   WRK_TOKEN_FROM   first buyer index to use (0-based, default 0)
--   WRK_TOKEN_COUNT  how many buyers to rotate over (default 200)
--   WRK_METHOD       GET (default) or POST
--   WRK_BODY         request body (POST); sent with Content-Type: application/json
--   WRK_ACCEPT       Accept header (default application/json; /ping answers text/plain, so */*)
--
-- Each thread rotates over the same buyers, starting at its own offset, one buyer per request.
-- done() prints one machine-readable line, read by benchmark/scripts/wrk_summary.py:
--   BENCH requests=… duration_us=… rps=… p50_us=… p90_us=… p99_us=… max_us=… \
--         connect_errors=… read_errors=… write_errors=… timeouts=… statuses=201:…,409:…

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
  table.insert(threads, thread)
end

local requests = {}
local next_request = 1
statuses = {}

local function read_tokens(path, from, count)
  local tokens = {}
  local file = assert(io.open(path, "r"), "cannot open " .. path)
  local index = 0 -- buyer index of the next token line
  for line in file:lines() do
    line = line:gsub("%s+$", "")
    -- a JWT has dots; the header ("token") and blank lines have none
    if line:find(".", 1, true) then
      if index >= from then
        tokens[#tokens + 1] = line
        if #tokens >= count then break end
      end
      index = index + 1
    end
  end
  file:close()
  assert(#tokens >= count, string.format("%s has %d tokens from index %d, %d wanted", path, #tokens, from, count))
  return tokens
end

function init(args)
  local method = os.getenv("WRK_METHOD") or "GET"
  local body = os.getenv("WRK_BODY")
  if body == "" then body = nil end
  local path = os.getenv("WRK_TOKENS")
  local headers = { ["Accept"] = os.getenv("WRK_ACCEPT") or "application/json" }
  if body then headers["Content-Type"] = "application/json" end
  if path == nil or path == "" then
    requests[1] = wrk.format(method, nil, headers, body)
  else
    local from = tonumber(os.getenv("WRK_TOKEN_FROM") or "0")
    local count = tonumber(os.getenv("WRK_TOKEN_COUNT") or "200")
    for i, token in ipairs(read_tokens(path, from, count)) do
      headers["Authorization"] = "Bearer " .. token
      requests[i] = wrk.format(method, nil, headers, body)
    end
  end
  -- threads start at different buyers so they do not walk the list in step
  next_request = (((thread_no or 1) - 1) * 7919) % #requests + 1
end

function request()
  local r = requests[next_request]
  next_request = next_request + 1
  if next_request > #requests then next_request = 1 end
  return r
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    if counts then
      for status, n in pairs(counts) do
        totals[status] = (totals[status] or 0) + n
      end
    end
  end
  local codes = {}
  for status in pairs(totals) do codes[#codes + 1] = status end
  table.sort(codes)
  local parts = {}
  for _, status in ipairs(codes) do parts[#parts + 1] = status .. ":" .. totals[status] end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d "
      .. "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d statuses=%s\n",
    summary.requests, summary.duration, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    table.concat(parts, ",")))
end
