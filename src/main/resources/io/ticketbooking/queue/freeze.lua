-- Closes the pre-queue for the draw: from here on arrivals queue behind it in arrival order.
-- The seed is recorded with the state, so an admitter that takes over a draw left unfinished
-- redoes the same one. Idempotent.
-- KEYS[1] queue hash, KEYS[2] pre-queue
-- ARGV: seed (hex), now (ms)
-- Reply: {state, entrants, seed, drawn at (ms)}
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'PRE' then
  local entrants = redis.call('ZCARD', KEYS[2])
  redis.call('HSET', KEYS[1], 'state', 'DRAWING', 'seed', ARGV[1], 'entrants', entrants,
    'tail', entrants, 'drawnAt', ARGV[2])
  return {'DRAWING', tostring(entrants), ARGV[1], ARGV[2]}
end
local q = redis.call('HMGET', KEYS[1], 'entrants', 'seed', 'drawnAt')
return {state or '', q[1] or '0', q[2] or '', q[3] or ''}
