-- Resyncs presale codes' uses with PostgreSQL: uses = the code's use slots claimed there plus
-- the admissions made with it that are still between the gate and their commit. Admissions a
-- rebuild dropped (they can no longer commit) are forgotten first.
-- KEYS[1] the event's code uses {hash -> uses}, KEYS[2] its admissions made with a code
-- {admissionId -> hash}
-- ARGV: m, then m dropped admission ids, then (hash, slots claimed in PostgreSQL) pairs
-- Reply: codes resynced
local m = tonumber(ARGV[1])
for i = 2, m + 1 do redis.call('HDEL', KEYS[2], ARGV[i]) end
local pending = {}
local inFlight = redis.call('HVALS', KEYS[2])
for _, code in ipairs(inFlight) do pending[code] = (pending[code] or 0) + 1 end
local synced = 0
for i = m + 2, #ARGV, 2 do
  local code = ARGV[i]
  redis.call('HSET', KEYS[1], code, tonumber(ARGV[i + 1]) + (pending[code] or 0))
  synced = synced + 1
end
return synced
