-- Frees an idempotency key still PENDING after a gate call that failed (it timed out: the
-- reserve script may or may not have run), and tells repeats waiting for it to try.
-- KEYS[1] the idempotency key
-- Publishes '|<key>' on tb:first-result when it frees the key.
-- Reply: 1 if it freed the key, 0 if the key held a result or nothing
if redis.call('GET', KEYS[1]) ~= 'PENDING' then return 0 end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', 'tb:first-result', '|' .. KEYS[1])
return 1
