-- Applies one return of units that Postgres freed (an expired or cancelled hold) to the gate,
-- exactly once: only to the gate epoch the return was recorded under (a later rebuild already
-- counted the units as free), and only once per return id (a marker key). Units the waiting list
-- took for its offers (docs/waiting-list.md) move from the holder's count to the offers' buyers'
-- and never reach the stock.
-- KEYS[1] ticket type hash, KEYS[2] per-user units hash, KEYS[3] this return's marker
-- ARGV: epoch, userId, quantity freed, marker ttl (s), then userId, units of each offer's take
-- Publishes the ticket type id on tb:stock-back when units reach the stock: instances drop
-- their sold-out flag.
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
local toStock = quantity
for i = 5, #ARGV, 2 do
  local taken = tonumber(ARGV[i + 1])
  redis.call('HINCRBY', KEYS[2], ARGV[i], taken)
  toStock = toStock - taken
end
local left = redis.call('HINCRBY', KEYS[2], ARGV[2], -quantity)
if left <= 0 then redis.call('HDEL', KEYS[2], ARGV[2]) end
if toStock > 0 then
  redis.call('HINCRBY', KEYS[1], 'stock', toStock)
  redis.call('PUBLISH', 'tb:stock-back', string.match(KEYS[1], ':tt:(.+)$'))
end
return 'APPLIED'
