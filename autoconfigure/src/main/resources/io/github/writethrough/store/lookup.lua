-- Reads KEYS[1]; when it is absent, leaves ARGV[1], a lease, there for ARGV[2] ms and returns nil:
-- the reader that holds the lease may fill the entry, unless a write replaces the lease first.
-- An entry longer than ARGV[3] bytes is returned cut to ARGV[3] + 1 bytes, so that the reader sees its
-- size without reading it whole; a key that holds no string is no entry of ours and is replaced.
local size = redis.pcall('STRLEN', KEYS[1])
if type(size) ~= 'number' then
  redis.call('DEL', KEYS[1])
  size = 0
end
if size > tonumber(ARGV[3]) then
  return redis.call('GETRANGE', KEYS[1], 0, ARGV[3])
end
if size > 0 then
  return redis.call('GET', KEYS[1])
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
