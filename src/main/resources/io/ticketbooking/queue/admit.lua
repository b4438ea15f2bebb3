-- The next accounts to admit, at the queue's rate, on Redis's clock, so the rate holds whichever
-- instance runs it, and however many do. A token bucket: rate per minute, at most `burst` saved
-- up. Nothing is admitted here: the admitter writes the batch into the gates of the event's
-- ticket types first, then admitted.lua records it, so an account is never told it is admitted
-- before the gates let it reserve. An admitter that dies in between leaves the head where it was,
-- and the next one takes the same accounts again.
-- KEYS[1] queue hash, KEYS[2] line
-- ARGV: at most this many now (units left less admissions outstanding; at most 1000 a call), burst
-- Reply: {'NEXT', until (ms), account, position, account, position...} | {'NONE'}
local q = redis.call('HMGET', KEYS[1], 'state', 'tokens', 'at', 'rate', 'head', 'window')
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
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
local n = math.min(math.floor(tokens), tonumber(ARGV[1]), 1000)
if n < 1 then return {'NONE'} end
local next = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. q[5], '+inf', 'WITHSCORES', 'LIMIT', 0, n)
if #next == 0 then return {'NONE'} end
local reply = {'NEXT', tostring(now + tonumber(q[6]))}
for i = 1, #next do reply[#reply + 1] = next[i] end
return reply
