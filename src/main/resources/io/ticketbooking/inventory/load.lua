-- Replaces the gate state of one ticket type with what Postgres says (the truth), atomically.
-- KEYS[1] ticket type hash, KEYS[2] per-user units hash
-- ARGV: stock, limit, start (ms), end (ms), status, eventId, then userId, units pairs
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[1], 'stock', ARGV[1], 'limit', ARGV[2], 'start', ARGV[3], 'end', ARGV[4],
  'status', ARGV[5], 'event', ARGV[6])
for i = 7, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
return 1
