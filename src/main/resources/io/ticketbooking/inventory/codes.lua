-- Loads an event's presale codes into its gate (docs/presale.md). Definitions are replaced;
-- uses are set only for codes that have none yet (a new code, or after Redis lost them), from
-- the claimed use slots in PostgreSQL: a count the gate keeps is never lowered here
-- (code-sync.lua resyncs it).
-- KEYS[1] the event's codes {hash -> definition}, KEYS[2] their uses {hash -> uses}
-- ARGV: n, then n (hash, definition) pairs, then n (hash, uses claimed in PostgreSQL) pairs
-- Reply: codes loaded
local n = tonumber(ARGV[1])
redis.call('DEL', KEYS[1])
-- a marker: the event's codes are loaded, even when it has none
redis.call('HSET', KEYS[1], '_loaded', '1')
for i = 0, n - 1 do
  redis.call('HSET', KEYS[1], ARGV[2 + 2 * i], ARGV[3 + 2 * i])
  redis.call('HSETNX', KEYS[2], ARGV[2 + 2 * n + 2 * i], ARGV[3 + 2 * n + 2 * i])
end
return n
