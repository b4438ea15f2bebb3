-- Applies one return of units that Postgres freed (an expired or cancelled hold) to the gate,
-- exactly once: only to the gate epoch the return was recorded under (a later rebuild already
-- counted the units as free), and only once per return id (a marker key).
-- KEYS[1] ticket type hash, KEYS[2] per-user units hash, KEYS[3] this return's marker
-- ARGV: epoch, userId, quantity, marker ttl (s)
-- Publishes the ticket type id on tb:stock-back: instances drop their sold-out flag.
-- Reply: 'APPLIED', 'DONE' (applied before) or 'STALE' (nothing to do for this gate)
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  -- no gate (Redis lost its data) or one loaded before epochs: a rebuild counts the units
  if redis.call('EXISTS', KEYS[1]) == 0 then return 'STALE' end
  epoch = '0'
end
if epoch ~= ARGV[1] then return 'STALE' end
if redis.call('SET', KEYS[3], '1', 'NX', 'EX', tonumber(ARGV[4])) == false then return 'DONE' end
local quantity = tonumber(ARGV[3])
redis.call('HINCRBY', KEYS[1], 'stock', quantity)
redis.call('PUBLISH', 'tb:stock-back', string.match(KEYS[1], ':tt:(.+)$'))
local left = redis.call('HINCRBY', KEYS[2], ARGV[2], -quantity)
if left <= 0 then redis.call('HDEL', KEYS[2], ARGV[2]) end
return 'APPLIED'
