-- Returns the epoch of a cache, KEYS[1], after advancing it when ARGV[1] is 'advance'.
-- A missing counter starts from the server time in microseconds, so that an epoch lost with
-- Redis's data is never handed out again. A counter that is not a number below 2^53, which Lua
-- compares exactly, is no counter of ours and starts over the same way.
local current = redis.pcall('GET', KEYS[1])
if type(current) == 'table'
    or (current and not (string.match(current, '^%d+$') and tonumber(current) < 9007199254740992)) then
  redis.call('DEL', KEYS[1])
  current = false
end
if not current then
  local time = redis.call('TIME')
  redis.call('SET', KEYS[1], string.format('%.0f', tonumber(time[1]) * 1000000 + tonumber(time[2])), 'NX')
end
if ARGV[1] == 'advance' then
  return redis.call('INCR', KEYS[1])
end
return tonumber(redis.call('GET', KEYS[1]))
