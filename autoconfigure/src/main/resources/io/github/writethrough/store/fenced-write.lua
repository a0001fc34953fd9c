-- Writes ARGV[5] to KEYS[1] unless the entry already there is newer.
-- ARGV[1] epoch, ARGV[2] fence, ARGV[3] mode: w (committed write), f (fill after a read),
-- d (delete marker); ARGV[4] time-to-live in milliseconds, 0 for none; ARGV[5] the entry.
-- Returns 1 when written, 0 when skipped.
local current = redis.call('GET', KEYS[1])
if current then
  local epoch, fence, kind = string.match(current, '^{"@epoch":(%d+),"@fence":(%-?%d+),"@kind":"(%a+)"')
  if epoch then
    epoch = tonumber(epoch)
    local newEpoch = tonumber(ARGV[1])
    if epoch > newEpoch then
      return 0
    end
    if epoch == newEpoch then
      fence = tonumber(fence)
      local newFence = tonumber(ARGV[2])
      if fence > newFence then
        return 0
      end
      if fence == newFence then
        if ARGV[3] == 'f' and kind ~= 'evicted' then
          return 0
        end
        if ARGV[3] == 'w' and kind == 'deleted' then
          return 0
        end
      end
    end
  end
end
if ARGV[4] == '0' then
  redis.call('SET', KEYS[1], ARGV[5])
else
  redis.call('SET', KEYS[1], ARGV[5], 'PX', ARGV[4])
end
return 1
