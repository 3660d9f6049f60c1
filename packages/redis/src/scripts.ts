/**
 * Compare-and-set on the entry's version: writes `ARGV[1]` (the entry's JSON) under `KEYS[1]`
 * unless the stored entry's `version` is greater than or equal to `ARGV[2]`; expires it after
 * `ARGV[3]` ms (`0`: never). A stored value without a numeric `version` (unreadable, or written
 * before entries had one) is replaced. Returns 1 when written, 0 when the stored entry was kept.
 */
export const SET_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, stored = pcall(cjson.decode, current)
  if ok and type(stored) == 'table' and type(stored.version) == 'number'
    and stored.version >= tonumber(ARGV[2]) then
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

/**
 * Compare-and-delete on the entry's version: deletes `KEYS[1]` only while the stored entry's
 * `version` equals `ARGV[1]`. Returns 1 when deleted, 0 when the entry was kept (or was none).
 */
export const DELETE_IF_VERSION = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, stored = pcall(cjson.decode, current)
  if ok and type(stored) == 'table' and type(stored.version) == 'number'
    and stored.version == tonumber(ARGV[1]) then
    return redis.call('DEL', KEYS[1])
  end
end
return 0
`;

/** Compare-and-delete: deletes the lock `KEYS[1]` only while it still holds the owner `ARGV[1]`. */
export const RELEASE_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;
