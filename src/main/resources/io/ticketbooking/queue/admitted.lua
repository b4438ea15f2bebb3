-- Records a batch the admitter has written into the gates: each account past the head is
-- admitted until ARGV[1] (and outstanding until the admitter sees it holding a unit), the head
-- moves to the batch's last position and the bucket pays for them. Accounts at or before the
-- head were recorded by another admitter already: idempotent.
-- KEYS[1] queue hash, KEYS[2] admissions {account: until}, KEYS[3] outstanding {account: until}
-- ARGV: until (ms), then account, position pairs in line order
-- Reply: how many accounts this call admitted
local q = redis.call('HMGET', KEYS[1], 'head', 'tokens', 'admitted')
local head = tonumber(q[1])
local count = 0
local last = head
for i = 2, #ARGV, 2 do
  local position = tonumber(ARGV[i + 1])
  if position > head then
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[1])
    redis.call('ZADD', KEYS[3], ARGV[1], ARGV[i])
    count = count + 1
    if position > last then last = position end
  end
end
if count > 0 then
  redis.call('HSET', KEYS[1], 'head', tostring(last), 'tokens', tostring((tonumber(q[2]) or 0) - count),
    'admitted', tostring(tonumber(q[3]) + count))
end
return tostring(count)
