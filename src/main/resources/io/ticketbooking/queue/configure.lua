-- Creates or updates an event's waiting room from its organizer's settings; the state and
-- the line are kept. All keys of one event share its hash tag (one Redis Cluster slot).
-- KEYS[1] queue hash {state, opens, start, end, rate, window, tail, head, admitted, ...}
-- ARGV: pre-queue opens (epoch ms), sale starts (ms), sale ends (ms), rate (per minute),
--       admission window (ms), refuse accounts made after opening ('1' or '0')
redis.call('HSETNX', KEYS[1], 'state', 'PRE')
redis.call('HSETNX', KEYS[1], 'tail', '0')
redis.call('HSETNX', KEYS[1], 'head', '0')
redis.call('HSETNX', KEYS[1], 'admitted', '0')
redis.call('HSETNX', KEYS[1], 'joined', '0')
redis.call('HSET', KEYS[1], 'opens', ARGV[1], 'start', ARGV[2], 'end', ARGV[3], 'rate', ARGV[4],
  'window', ARGV[5], 'refuseNew', ARGV[6])
return redis.call('HGET', KEYS[1], 'state')
