-- Joins the waiting room, for a batch of accounts (the joins one instance received while its
-- last batch was in Redis; one account may appear twice). One place per account. Before the
-- draw an account enters the pre-queue (drawn in a random order at the opening); after it, the
-- back of the line. An account already in line keeps its place; one whose admission ran out
-- gets a new place at the back, never a better one. Each join takes its account's and its
-- address's throttle first.
-- KEYS[1] queue hash, KEYS[2] pre-queue {user: join number}, KEYS[3] line {user: position},
-- KEYS[4] admissions {user: until (ms)}, then per join: its account's join bucket, its
-- address's join bucket
-- ARGV: now (ms), account capacity, address capacity, period (ms), the number F of the queue
--       hash's fields to answer with, those F fields, then per join: user, account made at
--       (epoch s, '' when unknown)
-- Reply: {'MISSING'} when there is no queue, else five values per join, in order:
--        'RATE_LIMITED', wait ms | 'NOT_OPEN', opens | 'TOO_NEW' |
--        'IN', joined now ('1' or '0'), position or '', in the pre-queue ('1' or '0'),
--        admitted until (ms) or ''
--        (padded with ''), then the F fields' values after every join ('' when absent)
local q = redis.call('HMGET', KEYS[1], 'state', 'opens', 'refuseNew')
if not q[1] then return {'MISSING'} end
local now = tonumber(ARGV[1])
local accountCapacity = tonumber(ARGV[2])
local addressCapacity = tonumber(ARGV[3])
local period = tonumber(ARGV[4])
local fields = tonumber(ARGV[5])
local opens = tonumber(q[2])
local state = q[1]
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
local function join(user, made, accountKey, addressKey)
  local wait = take(accountKey, accountCapacity)
  if wait > 0 then return 'RATE_LIMITED', tostring(wait), '', '', '' end
  wait = take(addressKey, addressCapacity)
  if wait > 0 then return 'RATE_LIMITED', tostring(wait), '', '', '' end
  if now < opens then return 'NOT_OPEN', q[2], '', '', '' end
  if q[3] == '1' and (made == '' or tonumber(made) * 1000 > opens) then return 'TOO_NEW', '', '', '', '' end
  local joined = '0'
  local position = redis.call('ZSCORE', KEYS[3], user)
  local admitted = redis.call('HGET', KEYS[4], user)
  if position then
    if admitted and now >= tonumber(admitted) and state ~= 'SOLD_OUT' then
      -- the admission ran out unused: a new place at the back
      redis.call('HDEL', KEYS[4], user)
      admitted = false
      position = redis.call('HINCRBY', KEYS[1], 'tail', 1)
      redis.call('ZADD', KEYS[3], position, user)
      joined = '1'
    end
    return 'IN', joined, tostring(position), '0', admitted or ''
  end
  if redis.call('ZSCORE', KEYS[2], user) then
    return 'IN', joined, '', '1', admitted or ''
  end
  if state == 'SOLD_OUT' then return 'IN', joined, '', '0', admitted or '' end
  if state == 'PRE' then
    redis.call('ZADD', KEYS[2], redis.call('HINCRBY', KEYS[1], 'joined', 1), user)
    return 'IN', '1', '', '1', admitted or ''
  end
  position = redis.call('HINCRBY', KEYS[1], 'tail', 1)
  redis.call('ZADD', KEYS[3], position, user)
  return 'IN', '1', tostring(position), '0', admitted or ''
end
local reply = {}
local n = 0
for i = 6 + fields, #ARGV, 2 do
  local k = 4 + 2 * n
  local a, b, c, d, e = join(ARGV[i], ARGV[i + 1], KEYS[k + 1], KEYS[k + 2])
  reply[#reply + 1] = a
  reply[#reply + 1] = b
  reply[#reply + 1] = c
  reply[#reply + 1] = d
  reply[#reply + 1] = e
  n = n + 1
end
local values = redis.call('HMGET', KEYS[1], unpack(ARGV, 6, 5 + fields))
for i = 1, fields do reply[#reply + 1] = values[i] or '' end
return reply
