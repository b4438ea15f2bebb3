-- The pending batch is in the gates: it is no longer pending.
-- KEYS[1] pending batch; ARGV: its first element (the batch's until)
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 'OK'
