-- Reads KEYS[1]; when it is absent, leaves ARGV[1], a lease, there for ARGV[2] ms and returns nil:
-- the reader that holds the lease may fill the entry, unless a write replaces the lease first.
local current = redis.call('GET', KEYS[1])
if current then
  return current
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
