-- Returns the epoch of a cache, KEYS[1], after advancing it when ARGV[1] is 'advance'.
-- A missing counter starts from the server time in microseconds, so that an epoch lost with
-- Redis's data is never handed out again.
if not redis.call('GET', KEYS[1]) then
  local time = redis.call('TIME')
  redis.call('SET', KEYS[1], string.format('%.0f', tonumber(time[1]) * 1000000 + tonumber(time[2])), 'NX')
end
if ARGV[1] == 'advance' then
  return redis.call('INCR', KEYS[1])
end
return tonumber(redis.call('GET', KEYS[1]))
