local tokens = {}
for line in io.lines("/tmp/qb/tokens.txt") do if #line > 0 then tokens[#tokens + 1] = line end end
local f = io.open("/tmp/qb/body.json"); local body = f:read("*a"); f:close()
local method = os.getenv("WRK_METHOD") or "POST"
local path = os.getenv("WRK_PATH") or "/api/v1/orders"
local i = 0
request = function()
  i = i + 1
  local headers = { ["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1] }
  if method == "POST" then headers["Content-Type"] = "application/json"; return wrk.format("POST", path, headers, body) end
  return wrk.format("GET", path, headers)
end
