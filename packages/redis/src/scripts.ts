/**
 * Compare-and-set on the entry's version: writes `ARGV[1]` (the entry's JSON) under `KEYS[1]`
 * unless the stored entry has a greater `obtainedAt` than `ARGV[2]`; expires it after `ARGV[3]`
 * ms (`0`: never). Returns 1 when written, 0 when a newer entry was kept.
 */
export const SET_IF_NOT_OLDER = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, stored = pcall(cjson.decode, current)
  if ok and type(stored) == 'table' and type(stored.obtainedAt) == 'number'
    and stored.obtainedAt > tonumber(ARGV[2]) then
    return 0
  end
end
if tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[1])
end
return 1
`;

/** Compare-and-delete: deletes the lock `KEYS[1]` only while it still holds the owner `ARGV[1]`. */
export const RELEASE_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;
