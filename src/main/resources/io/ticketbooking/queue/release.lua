-- Gives up the admitter lease if this instance holds it (a stopping instance hands over at
-- once instead of after the lease).
-- KEYS[1] the lease; ARGV: this instance
if redis.call('HGET', KEYS[1], 'holder') == ARGV[1] then redis.call('DEL', KEYS[1]) return 'RELEASED' end
return 'NOT_HELD'
