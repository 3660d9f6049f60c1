/**
 * Compare-and-set on the entry's version: moves the entry's JSON staged at `KEYS[2]` to `KEYS[1]`
 * unless the entry stored there has a `version` greater than or equal to `ARGV[1]`; expires it
 * after `ARGV[2]` ms (`0`: never). The staged copy is deleted either way. A stored value without a
 * numeric `version` (unreadable, or written before entries had one) is replaced. Returns 1 when
 * written, 0 when the stored entry was kept, -1 when nothing was staged (it expired first).
 *
 * The entry reaches Redis by a plain `SET` of the staging key, never as an argument of this
 * script: node-redis publishes every argument of `EVAL` to its tracing channel, where tracers
 * record them, but only the key of a `SET`.
 */
export const SET_IF_NEWER = `
local value = redis.call('GET', KEYS[2])
if not value then
  return -1
end
redis.call('DEL', KEYS[2])
local current = redis.call('GET', KEYS[1])
if current then
  local ok, stored = pcall(cjson.decode, current)
  if ok and type(stored) == 'table' and type(stored.version) == 'number'
    and stored.version >= tonumber(ARGV[1]) then
    return 0
  end
end
if tonumber(ARGV[2]) > 0 then
  redis.call('SET', KEYS[1], value, 'PX', ARGV[2])
else
  redis.call('SET', KEYS[1], value)
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
