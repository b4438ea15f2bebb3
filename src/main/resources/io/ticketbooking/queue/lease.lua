-- Takes the event's admitter lease, or keeps it for its holder: one instance admits at a time.
-- A hash with the holder, so that taking and renewing are one atomic step.
-- KEYS[1] the lease; ARGV: this instance, the lease's length (ms)
-- Reply: 'HELD' when this instance holds it now, else 'OTHER'
local holder = redis.call('HGET', KEYS[1], 'holder')
if holder and holder ~= ARGV[1] then return 'OTHER' end
if not holder then redis.call('HSET', KEYS[1], 'holder', ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 'HELD'
