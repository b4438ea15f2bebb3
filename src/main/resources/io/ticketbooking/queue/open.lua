-- Ends the draw: every entrant of the pre-queue has its drawn position in the line; admission
-- starts now (the admitter's bucket starts empty).
-- KEYS[1] queue hash, KEYS[2] pre-queue
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'DRAWING' then return state end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('HSET', KEYS[1], 'state', 'OPEN', 'tokens', '0', 'at', tostring(now))
redis.call('DEL', KEYS[2])
return 'OPEN'
