-- Replaces the gate state of one ticket type with what Postgres says (the truth), atomically,
-- unless a rebuild of a later epoch already loaded it. Leases of the old gate are dropped: the
-- rebuild's epoch keeps their claims from committing, and it counted their units as free.
-- KEYS[1] ticket type hash, KEYS[2] per-user units hash, KEYS[3] leases hash, KEYS[4] deadlines
-- ARGV: epoch, stock, limit, start (ms), end (ms), status, eventId, queued ('1': only buyers
--       the waiting room admitted may reserve), the event's per-order limit ('0': none),
--       then userId, units pairs
-- The waiting room's admissions (a hash of their own) are kept: they do not depend on stock.
-- Publishes the ticket type id on tb:stock-back: instances drop their sold-out flag.
-- A dropped lease's idempotency key still PENDING is freed with it (its lease names the key,
-- under the same hash tag), announced as '|<key>' on tb:first-result: whether the claim
-- committed or not, nothing else would end that key (a committed claim's settle still sets
-- it to the order; a repeat admitted meanwhile meets the orders table's unique key). Those keys
-- are read from the leases, not declared in KEYS: they share KEYS[1]'s hash tag, so on a
-- cluster they live in the same slot.
-- Reply: {'STALE'} or {'LOADED', previous stock ('' if none), previous epoch ('' if none),
--        previous lease pairs...}
local current = redis.call('HGET', KEYS[1], 'epoch')
if current and tonumber(current) >= tonumber(ARGV[1]) then return {'STALE'} end
local previous = redis.call('HGET', KEYS[1], 'stock') or ''
local leases = redis.call('HGETALL', KEYS[3])
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'stock', ARGV[2], 'limit', ARGV[3], 'start', ARGV[4],
  'end', ARGV[5], 'status', ARGV[6], 'event', ARGV[7], 'queued', ARGV[8], 'orderLimit', ARGV[9])
for i = 10, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
for i = 2, #leases, 2 do
  local key = string.match(leases[i], '^[^|]*|%d+|(.+)$')
  if key and redis.call('GET', key) == 'PENDING' then
    redis.call('DEL', key)
    redis.call('PUBLISH', 'tb:first-result', '|' .. key)
  end
end
redis.call('PUBLISH', 'tb:stock-back', string.match(KEYS[1], ':tt:(.+)$'))
local reply = {'LOADED', previous, current or ''}
for _, v in ipairs(leases) do reply[#reply + 1] = v end
return reply
