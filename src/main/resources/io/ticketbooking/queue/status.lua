-- One account's place in the waiting room, with the queue's state, in one round trip.
-- KEYS[1] queue hash, KEYS[2] pre-queue, KEYS[3] line, KEYS[4] admissions
-- ARGV: user, then the queue hash's fields to read
-- Reply: {} when there is no queue, else {position or '', in the pre-queue ('1' or '0'),
--         admitted until (ms) or '', the fields' values ('' when absent)...}
if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
local user = ARGV[1]
local position = redis.call('ZSCORE', KEYS[3], user) or ''
local pre = '0'
if position == '' and redis.call('ZSCORE', KEYS[2], user) then pre = '1' end
local reply = {position, pre, redis.call('HGET', KEYS[4], user) or ''}
local values = redis.call('HMGET', KEYS[1], unpack(ARGV, 2))
for i = 1, #values do reply[#reply + 1] = values[i] or '' end
return reply
