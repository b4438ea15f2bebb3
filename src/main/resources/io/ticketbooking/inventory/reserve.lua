-- Admission gate for one reservation; atomic, touches keys of one ticket type only (one hash
-- tag), so it runs on Redis Cluster. An admission is a lease: it is recorded next to the stock
-- until the claim's commit settles it, an abort gives it back, or the reaper resolves it after
-- its deadline (abort.lua, settle.lua).
-- KEYS[1] ticket type hash {stock, limit, start, end, status, event, epoch, queued}
-- KEYS[2] per-user units hash {userId -> units held, bought or admitted}
-- KEYS[3] this user's reserve rate bucket for the ticket type {tokens, at}
-- KEYS[4] leases hash {admissionId -> "userId|quantity|idempotency key name"}
-- KEYS[5] lease deadlines sorted set {admissionId: deadline (epoch ms)}
-- KEYS[6] the waiting room's admissions {userId -> admitted until (epoch ms)}
-- KEYS[7] idempotency key of this user and Idempotency-Key (may be absent)
-- ARGV: userId, quantity, now (epoch ms), idempotency ttl (s), eventId,
--       rate capacity (0: no limit), rate period (ms), admissionId, lease (ms),
--       '1' when a queued sale requires an admission ('0': a paid order re-taking its units)
-- Reply: {'OK', epoch}, {outcome}, {'SOLD_OUT', stock}, {'DUPLICATE', firstResult} or
--        {'RATE_LIMITED', millis to wait}
if #KEYS == 7 then
  local first = redis.call('GET', KEYS[7])
  if first then return {'DUPLICATE', first} end
end
local meta = redis.call('HMGET', KEYS[1], 'stock', 'limit', 'start', 'end', 'status', 'event', 'epoch',
  'queued')
if not meta[1] then return {'MISSING'} end
local now = tonumber(ARGV[3])
-- token bucket: capacity tokens, refilled evenly over the period; every attempt takes one
local capacity = tonumber(ARGV[6])
if capacity > 0 then
  local period = tonumber(ARGV[7])
  local bucket = redis.call('HMGET', KEYS[3], 'tokens', 'at')
  local tokens = tonumber(bucket[1]) or capacity
  local at = tonumber(bucket[2]) or now
  if now > at then
    tokens = math.min(capacity, tokens + (now - at) * capacity / period)
    at = now
  end
  if tokens < 1 then
    return {'RATE_LIMITED', tostring(math.ceil((1 - tokens) * period / capacity))}
  end
  redis.call('HSET', KEYS[3], 'tokens', tostring(tokens - 1), 'at', tostring(at))
  -- a bucket untouched for a whole period is full again: the key may go
  redis.call('PEXPIRE', KEYS[3], period)
end
if meta[6] ~= ARGV[5] then return {'UNKNOWN'} end
if meta[5] ~= 'OPEN' then return {'SALE_CLOSED'} end
if now < tonumber(meta[3]) then return {'SALE_NOT_OPEN'} end
if now >= tonumber(meta[4]) then return {'SALE_CLOSED'} end
-- a queued sale: only an account the waiting room admitted, within its window
if meta[8] == '1' and ARGV[10] == '1' then
  local admitted = redis.call('HGET', KEYS[6], ARGV[1])
  if not admitted then return {'QUEUE_REQUIRED'} end
  if now >= tonumber(admitted) then return {'ADMISSION_EXPIRED'} end
end
local quantity = tonumber(ARGV[2])
local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if held + quantity > tonumber(meta[2]) then return {'LIMIT_EXCEEDED'} end
if tonumber(meta[1]) < quantity then return {'SOLD_OUT', meta[1]} end
redis.call('HINCRBY', KEYS[1], 'stock', -quantity)
redis.call('HINCRBY', KEYS[2], ARGV[1], quantity)
local idempotencyKey = ''
if #KEYS == 7 then
  redis.call('SET', KEYS[7], 'PENDING', 'EX', tonumber(ARGV[4]))
  idempotencyKey = KEYS[7]
end
redis.call('HSET', KEYS[4], ARGV[8], ARGV[1] .. '|' .. ARGV[2] .. '|' .. idempotencyKey)
redis.call('ZADD', KEYS[5], now + tonumber(ARGV[9]), ARGV[8])
return {'OK', meta[7] or '0'}
