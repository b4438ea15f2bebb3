-- Ends an admission whose claim did not commit and gives its units back, exactly once: the
-- lease is removed and the stock returned in one step, so of an abort after a failed claim and
-- any number of reapers only the first finds the lease and returns anything.
-- KEYS[1] ticket type hash, KEYS[2] per-user units hash, KEYS[3] leases hash,
-- KEYS[4] lease deadlines, KEYS[5] the event's presale code uses, KEYS[6] the event's
-- admissions made with a code, KEYS[7] the lease's idempotency key (may be absent)
-- A presale code's use goes back with the first line of the admission that finds it.
-- ARGV: admissionId
-- Publishes the ticket type id on tb:stock-back: instances drop their sold-out flag; when it
-- frees a pending idempotency key, '|<key>' on tb:first-result: repeats waiting for it try.
-- Reply: units returned (0 when the lease was already gone: settled, aborted, or cleared by a
-- rebuild that counted the units as free)
local lease = redis.call('HGET', KEYS[3], ARGV[1])
if not lease then return 0 end
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
local user, quantity = string.match(lease, '^([^|]*)|(%d+)|')
quantity = tonumber(quantity)
redis.call('HINCRBY', KEYS[1], 'stock', quantity)
redis.call('PUBLISH', 'tb:stock-back', string.match(KEYS[1], ':tt:(.+)$'))
local left = redis.call('HINCRBY', KEYS[2], user, -quantity)
if left <= 0 then redis.call('HDEL', KEYS[2], user) end
local code = redis.call('HGET', KEYS[6], ARGV[1])
if code then
  redis.call('HDEL', KEYS[6], ARGV[1])
  if redis.call('HINCRBY', KEYS[5], code, -1) < 0 then redis.call('HSET', KEYS[5], code, 0) end
end
if #KEYS == 7 and redis.call('GET', KEYS[7]) == 'PENDING' then
  redis.call('DEL', KEYS[7])
  redis.call('PUBLISH', 'tb:first-result', '|' .. KEYS[7])
end
return quantity
