-- Ends an admission whose claim committed: its units stay taken, the lease goes, and an
-- idempotency key now answers with the order. A presale code's use stays counted.
-- KEYS[1] leases hash, KEYS[2] lease deadlines, KEYS[3] the event's admissions made with a
-- code, KEYS[4] idempotency key (may be absent)
-- ARGV: admissionId, orderId, idempotency ttl (s)
-- With a key, publishes '<orderId>|<key>' on tb:first-result: repeats waiting for it answer.
-- Reply: 1 if the lease was still there
local removed = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if #KEYS == 4 then
  redis.call('SET', KEYS[4], ARGV[2], 'EX', tonumber(ARGV[3]))
  redis.call('PUBLISH', 'tb:first-result', ARGV[2] .. '|' .. KEYS[4])
end
return removed
