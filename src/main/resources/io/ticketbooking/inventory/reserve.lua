-- Admission gate for one reservation of one or more lines (ticket types of one event, each
-- once): every line is admitted or none. Atomic; every key carries the event's hash tag, so it
-- runs on one Redis Cluster slot. An admission is a lease per line, all under one admission id:
-- recorded next to each line's stock until the claim's commit settles it, an abort gives it
-- back, or the reaper resolves it after its deadline (abort.lua, settle.lua).
-- KEYS, for each line i (5 keys each):
--   ticket type hash {stock, limit, start, end, status, event, epoch, queued, orderLimit}
--   per-user units hash {userId -> units held, bought or admitted}
--   leases hash {admissionId -> "userId|quantity|idempotency key name"}
--   lease deadlines sorted set {admissionId: deadline (epoch ms)}
--   the waiting room's admissions {userId -> admitted until (epoch ms)}
-- then: this user's reserve rate bucket for the first line's ticket type {tokens, at},
-- and the idempotency key of this user and Idempotency-Key (may be absent)
-- ARGV: userId, now (epoch ms), idempotency ttl (s), eventId, rate capacity (0: no limit),
--       rate period (ms), admissionId, lease (ms), '1' when a queued sale requires an admission
--       ('0': a paid order re-taking its units), then each line's quantity
-- Reply: {'OK', epoch of each line...}, {outcome}, {'MISSING', line}, {'SOLD_OUT', stock, line},
--        {'DUPLICATE', firstResult} or {'RATE_LIMITED', millis to wait}
local n = #ARGV - 9
local bucket = 5 * n + 1
if #KEYS == bucket + 1 then
  local first = redis.call('GET', KEYS[bucket + 1])
  if first then return {'DUPLICATE', first} end
end
local metas = {}
for i = 1, n do
  local meta = redis.call('HMGET', KEYS[5 * i - 4], 'stock', 'limit', 'start', 'end', 'status', 'event',
    'epoch', 'queued', 'orderLimit')
  if not meta[1] then return {'MISSING', tostring(i)} end
  metas[i] = meta
end
local now = tonumber(ARGV[2])
-- token bucket: capacity tokens, refilled evenly over the period; every attempt takes one
local capacity = tonumber(ARGV[5])
if capacity > 0 then
  local period = tonumber(ARGV[6])
  local state = redis.call('HMGET', KEYS[bucket], 'tokens', 'at')
  local tokens = tonumber(state[1]) or capacity
  local at = tonumber(state[2]) or now
  if now > at then
    tokens = math.min(capacity, tokens + (now - at) * capacity / period)
    at = now
  end
  if tokens < 1 then
    return {'RATE_LIMITED', tostring(math.ceil((1 - tokens) * period / capacity))}
  end
  redis.call('HSET', KEYS[bucket], 'tokens', tostring(tokens - 1), 'at', tostring(at))
  -- a bucket untouched for a whole period is full again: the key may go
  redis.call('PEXPIRE', KEYS[bucket], period)
end
local total = 0
for i = 1, n do
  local meta = metas[i]
  if meta[6] ~= ARGV[4] then return {'UNKNOWN'} end
  if meta[5] ~= 'OPEN' then return {'SALE_CLOSED'} end
  if now < tonumber(meta[3]) then return {'SALE_NOT_OPEN'} end
  if now >= tonumber(meta[4]) then return {'SALE_CLOSED'} end
  -- a queued sale: only an account the waiting room admitted, within its window
  if meta[8] == '1' and ARGV[9] == '1' then
    local admitted = redis.call('HGET', KEYS[5 * i], ARGV[1])
    if not admitted then return {'QUEUE_REQUIRED'} end
    if now >= tonumber(admitted) then return {'ADMISSION_EXPIRED'} end
  end
  total = total + tonumber(ARGV[9 + i])
end
-- the event's per-order limit, the same in every line's hash ('0' or absent: none)
local orderLimit = tonumber(metas[1][9] or '0')
if orderLimit > 0 and total > orderLimit then return {'ORDER_LIMIT_EXCEEDED'} end
local user = ARGV[1]
for i = 1, n do
  local held = tonumber(redis.call('HGET', KEYS[5 * i - 3], user) or '0')
  if held + tonumber(ARGV[9 + i]) > tonumber(metas[i][2]) then return {'LIMIT_EXCEEDED'} end
end
for i = 1, n do
  if tonumber(metas[i][1]) < tonumber(ARGV[9 + i]) then return {'SOLD_OUT', metas[i][1], tostring(i)} end
end
local idempotencyKey = ''
if #KEYS == bucket + 1 then
  redis.call('SET', KEYS[bucket + 1], 'PENDING', 'EX', tonumber(ARGV[3]))
  idempotencyKey = KEYS[bucket + 1]
end
local deadline = now + tonumber(ARGV[8])
local reply = {'OK'}
for i = 1, n do
  local quantity = ARGV[9 + i]
  redis.call('HINCRBY', KEYS[5 * i - 4], 'stock', -tonumber(quantity))
  redis.call('HINCRBY', KEYS[5 * i - 3], user, tonumber(quantity))
  redis.call('HSET', KEYS[5 * i - 2], ARGV[7], user .. '|' .. quantity .. '|' .. idempotencyKey)
  redis.call('ZADD', KEYS[5 * i - 1], deadline, ARGV[7])
  reply[i + 1] = metas[i][7] or '0'
end
return reply
