-- Joins the waiting room: one place per account. Before the draw the account enters the
-- pre-queue (drawn in a random order at the opening); after it, the back of the line. An
-- account already in line keeps its place; one whose admission ran out gets a new place at
-- the back, never a better one. Throttles per account and per address are taken first.
-- KEYS[1] queue hash, KEYS[2] pre-queue {user: join number}, KEYS[3] line {user: position},
-- KEYS[4] admissions {user: until (ms)}, KEYS[5] the account's join bucket,
-- KEYS[6] the address's join bucket
-- ARGV: user, now (ms), account capacity, address capacity, period (ms),
--       account made at (epoch s, '' when unknown), then the queue hash's fields to answer with
-- Reply: {'MISSING'} | {'RATE_LIMITED', wait ms} | {'NOT_OPEN', opens} | {'TOO_NEW'} |
--        {'IN', joined now ('1' or '0'), then what status.lua answers}
local q = redis.call('HMGET', KEYS[1], 'state', 'opens', 'refuseNew')
if not q[1] then return {'MISSING'} end
local now = tonumber(ARGV[2])
local period = tonumber(ARGV[5])
local function take(key, capacity)
  if capacity <= 0 then return 0 end
  local bucket = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(bucket[1]) or capacity
  local at = tonumber(bucket[2]) or now
  if now > at then
    tokens = math.min(capacity, tokens + (now - at) * capacity / period)
    at = now
  end
  if tokens < 1 then return math.ceil((1 - tokens) * period / capacity) end
  redis.call('HSET', key, 'tokens', tostring(tokens - 1), 'at', tostring(at))
  redis.call('PEXPIRE', key, period)
  return 0
end
local wait = take(KEYS[5], tonumber(ARGV[3]))
if wait > 0 then return {'RATE_LIMITED', tostring(wait)} end
wait = take(KEYS[6], tonumber(ARGV[4]))
if wait > 0 then return {'RATE_LIMITED', tostring(wait)} end
local opens = tonumber(q[2])
if now < opens then return {'NOT_OPEN', q[2]} end
if q[3] == '1' and (ARGV[6] == '' or tonumber(ARGV[6]) * 1000 > opens) then return {'TOO_NEW'} end
local user = ARGV[1]
local joined = '0'
if redis.call('ZSCORE', KEYS[3], user) then
  local admitted = redis.call('HGET', KEYS[4], user)
  if admitted and now >= tonumber(admitted) and q[1] ~= 'SOLD_OUT' then
    -- the admission ran out unused: a new place at the back
    redis.call('HDEL', KEYS[4], user)
    redis.call('ZADD', KEYS[3], redis.call('HINCRBY', KEYS[1], 'tail', 1), user)
    joined = '1'
  end
elseif not redis.call('ZSCORE', KEYS[2], user) and q[1] ~= 'SOLD_OUT' then
  if q[1] == 'PRE' then
    redis.call('ZADD', KEYS[2], redis.call('HINCRBY', KEYS[1], 'joined', 1), user)
  else
    redis.call('ZADD', KEYS[3], redis.call('HINCRBY', KEYS[1], 'tail', 1), user)
  end
  joined = '1'
end
-- the place as status.lua reads it
local position = redis.call('ZSCORE', KEYS[3], user) or ''
local pre = '0'
if position == '' and redis.call('ZSCORE', KEYS[2], user) then pre = '1' end
local reply = {'IN', joined, position, pre, redis.call('HGET', KEYS[4], user) or ''}
local values = redis.call('HMGET', KEYS[1], unpack(ARGV, 7))
for i = 1, #values do reply[#reply + 1] = values[i] or '' end
return reply
