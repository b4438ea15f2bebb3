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
-- then: this user's reserve rate bucket for the first line's ticket type {tokens, at};
-- with a presale code (docs/presale.md): the event's codes {hash -> definition}, their uses
-- {hash -> uses}, the admissions made with a code {admissionId -> hash}, and the wrong-code
-- buckets of this user and of the client's address {tokens, at};
-- last, the idempotency key of this user and Idempotency-Key (may be absent)
-- ARGV: userId, now (epoch ms), idempotency ttl (s), eventId, rate capacity (0: no limit),
--       rate period (ms), admissionId, lease (ms), '1' when a queued sale requires an admission
--       ('0': a paid order re-taking its units), the code's hash ('' without one), wrong codes
--       allowed per user and per address, their period (ms), then each line's quantity
-- A code's definition: "start|end|maxUses|maxTicketsPerUse|ticketTypeId,ticketTypeId,..."
--   (0 for no limit); a valid code in its window opens its ticket types before the public sale
--   and without the waiting room.
-- Reply: {'OK', epoch of each line...}, {outcome}, {'MISSING', line}, {'SOLD_OUT', stock, line},
--        {'DUPLICATE', firstResult}, {'RATE_LIMITED', millis to wait} or {'CODES_MISSING'}
local FIXED = 13
local n = #ARGV - FIXED
local bucket = 5 * n + 1
local code = ARGV[10]
local codeKeys = bucket
if code ~= '' then codeKeys = bucket + 5 end
local idempotency = codeKeys + 1
if #KEYS == idempotency then
  local first = redis.call('GET', KEYS[idempotency])
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
-- token buckets: capacity tokens, refilled evenly over the period. Answers the millis to wait
-- for a token (0: one is there), and takes it when asked to
local function bucketWait(key, capacity, period, take)
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1]) or capacity
  local at = tonumber(state[2]) or now
  if now > at then
    tokens = math.min(capacity, tokens + (now - at) * capacity / period)
    at = now
  end
  if tokens < 1 then return math.ceil((1 - tokens) * period / capacity) end
  if take then
    redis.call('HSET', key, 'tokens', tostring(tokens - 1), 'at', tostring(at))
    -- a bucket untouched for a whole period is full again: the key may go
    redis.call('PEXPIRE', key, period)
  end
  return 0
end
-- every attempt takes one token of the user's budget
local capacity = tonumber(ARGV[5])
if capacity > 0 then
  local wait = bucketWait(KEYS[bucket], capacity, tonumber(ARGV[6]), true)
  if wait > 0 then return {'RATE_LIMITED', tostring(wait)} end
end
-- a presale code: wrong ones are throttled per user and per address; a right one in its window
-- opens its ticket types
local codeStart, codeEnd, codeMaxUses, codePerUse, codeTypes
if code ~= '' then
  local failures, failurePeriod = tonumber(ARGV[11]), tonumber(ARGV[13])
  local addressFailures = tonumber(ARGV[12])
  local wait = math.max(bucketWait(KEYS[bucket + 4], failures, failurePeriod, false),
    bucketWait(KEYS[bucket + 5], addressFailures, failurePeriod, false))
  if wait > 0 then return {'RATE_LIMITED', tostring(wait)} end
  local definition = redis.call('HGET', KEYS[bucket + 1], code)
  if not definition then
    if redis.call('EXISTS', KEYS[bucket + 1]) == 0 then return {'CODES_MISSING'} end
    bucketWait(KEYS[bucket + 4], failures, failurePeriod, true)
    bucketWait(KEYS[bucket + 5], addressFailures, failurePeriod, true)
    return {'ACCESS_CODE_INVALID'}
  end
  local s, e, m, p, types = string.match(definition, '^(%d+)|(%d+)|(%d+)|(%d+)|(.*)$')
  codeStart, codeEnd, codeMaxUses, codePerUse = tonumber(s), tonumber(e), tonumber(m), tonumber(p)
  codeTypes = ',' .. types .. ','
  if now < codeStart or now >= codeEnd then return {'ACCESS_CODE_NOT_ACTIVE'} end
end
local total = 0
for i = 1, n do
  local meta = metas[i]
  if meta[6] ~= ARGV[4] then return {'UNKNOWN'} end
  if meta[5] ~= 'OPEN' then return {'SALE_CLOSED'} end
  if now >= tonumber(meta[4]) then return {'SALE_CLOSED'} end
  if codeTypes then
    if not string.find(codeTypes, ',' .. string.match(KEYS[5 * i - 4], ':tt:(.+)$') .. ',', 1, true) then
      return {'ACCESS_CODE_NOT_FOR_TYPE'}
    end
  elseif now < tonumber(meta[3]) then
    return {'SALE_NOT_OPEN'}
  end
  -- a queued sale: only an account the waiting room admitted, within its window (a presale
  -- code's holders are let in by the code)
  if meta[8] == '1' and ARGV[9] == '1' and not codeTypes then
    local admitted = redis.call('HGET', KEYS[5 * i], ARGV[1])
    if not admitted then return {'QUEUE_REQUIRED'} end
    if now >= tonumber(admitted) then return {'ADMISSION_EXPIRED'} end
  end
  total = total + tonumber(ARGV[FIXED + i])
end
-- the event's per-order limit, the same in every line's hash ('0' or absent: none)
local orderLimit = tonumber(metas[1][9] or '0')
if orderLimit > 0 and total > orderLimit then return {'ORDER_LIMIT_EXCEEDED'} end
if codeTypes then
  if codePerUse > 0 and total > codePerUse then return {'ACCESS_CODE_LIMIT_EXCEEDED'} end
  if codeMaxUses > 0 and tonumber(redis.call('HGET', KEYS[bucket + 2], code) or '0') >= codeMaxUses then
    return {'ACCESS_CODE_USED_UP'}
  end
end
local user = ARGV[1]
for i = 1, n do
  local held = tonumber(redis.call('HGET', KEYS[5 * i - 3], user) or '0')
  if held + tonumber(ARGV[FIXED + i]) > tonumber(metas[i][2]) then return {'LIMIT_EXCEEDED'} end
end
for i = 1, n do
  if tonumber(metas[i][1]) < tonumber(ARGV[FIXED + i]) then return {'SOLD_OUT', metas[i][1], tostring(i)} end
end
local idempotencyKey = ''
if #KEYS == idempotency then
  redis.call('SET', KEYS[idempotency], 'PENDING', 'EX', tonumber(ARGV[3]))
  idempotencyKey = KEYS[idempotency]
end
if codeTypes then
  -- one use, counted until the claim commits (settle.lua keeps it) or fails (abort.lua gives
  -- it back); a limited code's uses are also claimed as rows in PostgreSQL
  redis.call('HINCRBY', KEYS[bucket + 2], code, 1)
  redis.call('HSET', KEYS[bucket + 3], ARGV[7], code)
end
local deadline = now + tonumber(ARGV[8])
local reply = {'OK'}
for i = 1, n do
  local quantity = ARGV[FIXED + i]
  redis.call('HINCRBY', KEYS[5 * i - 4], 'stock', -tonumber(quantity))
  redis.call('HINCRBY', KEYS[5 * i - 3], user, tonumber(quantity))
  redis.call('HSET', KEYS[5 * i - 2], ARGV[7], user .. '|' .. quantity .. '|' .. idempotencyKey)
  redis.call('ZADD', KEYS[5 * i - 1], deadline, ARGV[7])
  reply[i + 1] = metas[i][7] or '0'
end
return reply
