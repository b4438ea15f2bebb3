-- Admits the next accounts in line at the queue's rate, on Redis's clock, so the rate holds
-- whichever instance runs it, and however many do. A token bucket: rate per minute, at most
-- `burst` saved up. The batch is recorded as pending until the admitter has written it into
-- the gates of the event's ticket types (admitted.lua ends it); an admitter that finds one
-- pending writes it first.
-- Each admission is also recorded as outstanding (account: until) until the admitter sees it used.
-- KEYS[1] queue hash, KEYS[2] line, KEYS[3] admissions, KEYS[4] pending batch, KEYS[5] outstanding
-- ARGV: at most this many now (units left less admissions outstanding; at most 1000 a call), burst
-- Reply: {'UNFINISHED', until, users...} (the pending batch) | {'ADMITTED', until, users...} | {'NONE'}
local pending = redis.call('LRANGE', KEYS[4], 0, -1)
if #pending > 0 then
  table.insert(pending, 1, 'UNFINISHED')
  return pending
end
local q = redis.call('HMGET', KEYS[1], 'state', 'tokens', 'at', 'rate', 'head', 'window', 'admitted')
if q[1] ~= 'OPEN' then return {'NONE'} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(q[4])
local burst = tonumber(ARGV[2])
local tokens = tonumber(q[2]) or 0
local at = tonumber(q[3]) or now
if now > at then
  tokens = math.min(burst, tokens + (now - at) * rate / 60000)
  at = now
end
local n = math.min(math.floor(tokens), tonumber(ARGV[1]), 1000)
if n < 1 then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
  return {'NONE'}
end
local next = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. q[5], '+inf', 'WITHSCORES', 'LIMIT', 0, n)
if #next == 0 then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
  return {'NONE'}
end
local untilMs = tostring(now + tonumber(q[6]))
local batch = {untilMs}
for i = 1, #next, 2 do
  redis.call('HSET', KEYS[3], next[i], untilMs)
  redis.call('ZADD', KEYS[5], untilMs, next[i])
  batch[#batch + 1] = next[i]
end
local count = #next / 2
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - count), 'at', tostring(at), 'head', next[#next],
  'admitted', tonumber(q[7]) + count)
redis.call('RPUSH', KEYS[4], unpack(batch))
table.insert(batch, 1, 'ADMITTED')
return batch
