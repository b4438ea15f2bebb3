-- Admission gate for one reservation; atomic, touches keys of one ticket type only (one hash
-- tag), so it runs on Redis Cluster.
-- KEYS[1] ticket type hash {stock, limit, start, end, status}
-- KEYS[2] per-user units hash {userId -> units held or bought}
-- KEYS[3] idempotency key of this user and Idempotency-Key (may be absent)
-- ARGV: userId, quantity, now (epoch ms), idempotency ttl (s), eventId
-- Reply: {outcome} or {'DUPLICATE', firstResult}
if #KEYS == 3 then
  local first = redis.call('GET', KEYS[3])
  if first then return {'DUPLICATE', first} end
end
local meta = redis.call('HMGET', KEYS[1], 'stock', 'limit', 'start', 'end', 'status', 'event')
if not meta[1] then return {'MISSING'} end
if meta[6] ~= ARGV[5] then return {'UNKNOWN'} end
if meta[5] ~= 'OPEN' then return {'SALE_CLOSED'} end
local now = tonumber(ARGV[3])
if now < tonumber(meta[3]) then return {'SALE_NOT_OPEN'} end
if now >= tonumber(meta[4]) then return {'SALE_CLOSED'} end
local quantity = tonumber(ARGV[2])
local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if held + quantity > tonumber(meta[2]) then return {'LIMIT_EXCEEDED'} end
if tonumber(meta[1]) < quantity then return {'SOLD_OUT'} end
redis.call('HINCRBY', KEYS[1], 'stock', -quantity)
redis.call('HINCRBY', KEYS[2], ARGV[1], quantity)
if #KEYS == 3 then redis.call('SET', KEYS[3], 'PENDING', 'EX', tonumber(ARGV[4])) end
return {'OK'}
