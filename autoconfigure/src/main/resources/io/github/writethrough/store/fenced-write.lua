-- Writes each entry unless the entry in its key is newer. For KEYS[i], the six arguments from
-- ARGV[6 * i - 5] on are: the epoch, the fence, the mode, the time-to-live in ms (0: none), the entry,
-- and for fills the entry the reader found, which must still be there.
-- Modes: w, a committed write; d, a delete marker; f, a fill after a read from the database; k, a fill
-- that keeps states of the entry it replaces, and lives no longer than that entry had left; c, the
-- marker of a change in the database's log, which replaces any entry of its epoch and keeps the
-- higher fence; l, the marker of a change in the database's log that first gave its row this fence.
-- Returns, for each key, 1 when written, 0 when skipped.
local function write(key, newEpoch, newFence, mode, ttl, entry, expected)
  local fill = mode == 'f' or mode == 'k'
  local current = redis.pcall('GET', key)
  if type(current) == 'table' then
    -- the key holds no string: no entry of ours
    redis.call('DEL', key)
    current = false
  end
  if fill and current ~= expected then
    return 0
  end
  if current then
    local epoch, fence, kind = string.match(current, '^{"@epoch":(%d+),"@fence":(%-?%d+),"@kind":"(%a+)"')
    if epoch then
      epoch = tonumber(epoch)
      if epoch > newEpoch then
        -- the entry is of a newer epoch than this writer knew, but may hold an older state:
        -- a committed write or delete removes it, and the next read loads the row
        if not fill then
          redis.call('DEL', key)
        end
        return 0
      end
      if epoch == newEpoch and mode == 'c' then
        -- the change may have kept or lowered the version, so no fence proves the entry newer;
        -- the marker keeps the higher fence, so that no older write lands after it
        fence = tonumber(fence)
        if fence > newFence then
          entry = string.gsub(entry, '^({"@epoch":%d+,"@fence":)%-?%d+', '%1' .. string.format('%.0f', fence), 1)
        end
      elseif epoch == newEpoch then
        fence = tonumber(fence)
        if fence > newFence then
          return 0
        end
        if fence == newFence and mode == 'w' and string.find(current, '"@keptFence":true', 1, true) then
          -- a change another program made at this fence, after the commit of this write
          return 0
        end
        if fence == newFence and mode == 'l' and kind ~= 'absent' then
          -- the change that first gave the row this fence: the entry holds it or a later state
          return 0
        end
        if fence == newFence and kind == 'deleted' and mode ~= 'd' then
          return 0
        end
      end
    end
  end
  if mode == 'k' then
    local left = redis.call('PTTL', key)
    if left > 0 and (ttl == '0' or left < tonumber(ttl)) then
      ttl = tostring(left)
    end
  end
  if ttl == '0' then
    redis.call('SET', key, entry)
  else
    redis.call('SET', key, entry, 'PX', ttl)
  end
  return 1
end

local written = {}
for i = 1, #KEYS do
  local a = 6 * i - 5
  written[i] = write(KEYS[i], tonumber(ARGV[a]), tonumber(ARGV[a + 1]), ARGV[a + 2], ARGV[a + 3], ARGV[a + 4],
    ARGV[a + 5])
end
return written
