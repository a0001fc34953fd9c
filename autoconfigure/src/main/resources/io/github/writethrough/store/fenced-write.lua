-- Writes ARGV[5] to KEYS[1] unless the entry there is newer.
-- ARGV[1] epoch, ARGV[2] fence, ARGV[3] mode, ARGV[4] time-to-live in ms (0: none), ARGV[5] the entry,
-- ARGV[6] for fills: the entry the reader found, which must still be there.
-- Modes: w, a committed write; d, a delete marker; f, a fill after a read from the database.
-- Returns 1 when written, 0 when skipped.
local current = redis.call('GET', KEYS[1])
if ARGV[3] == 'f' and current ~= ARGV[6] then
  return 0
end
if current then
  local epoch, fence, kind = string.match(current, '^{"@epoch":(%d+),"@fence":(%-?%d+),"@kind":"(%a+)"')
  if epoch then
    epoch = tonumber(epoch)
    local newEpoch = tonumber(ARGV[1])
    if epoch > newEpoch then
      -- the entry is of a newer epoch than this writer knew, but may hold an older state:
      -- a committed write or delete removes it, and the next read loads the row
      if ARGV[3] ~= 'f' then
        redis.call('DEL', KEYS[1])
      end
      return 0
    end
    if epoch == newEpoch then
      fence = tonumber(fence)
      local newFence = tonumber(ARGV[2])
      if fence > newFence then
        return 0
      end
      if fence == newFence and kind == 'deleted' and ARGV[3] ~= 'd' then
        return 0
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
