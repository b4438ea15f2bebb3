-- Gives units back to the gate: a compensation after a failed Postgres step, or the Redis side
-- of a hold that expired or was cancelled (Postgres decides that it happens exactly once).
-- KEYS[1] ticket type hash, KEYS[2] per-user units hash, KEYS[3] idempotency key (may be absent)
-- ARGV: userId, quantity
-- A missing ticket type hash means Redis lost its data; the rebuild from Postgres counts these
-- units already, so nothing is added to a half-empty hash.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local quantity = tonumber(ARGV[2])
redis.call('HINCRBY', KEYS[1], 'stock', quantity)
local left = redis.call('HINCRBY', KEYS[2], ARGV[1], -quantity)
if left <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) end
if #KEYS == 3 then redis.call('DEL', KEYS[3]) end
return 1
