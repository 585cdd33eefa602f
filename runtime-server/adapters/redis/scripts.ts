/**
 * The Lua scripts that make each store operation one atomic step in Redis (adapter.ts: callers
 * never read-modify-write across two calls). Each script sets the TTL of what it writes.
 */
import type { Redis } from "ioredis";

type Arg = string | number | Buffer;
type Script = (...args: Arg[]) => Promise<unknown>;

const SCRIPTS = {
  // KEYS: player; ARGV: value, ttl → the previous value
  playerPut: {
    keys: 1,
    lua: `local old = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return old`,
  },
  // KEYS: player; ARGV: player session id prefix ("<psid>\\n")
  playerRemove: {
    keys: 1,
    lua: `local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`,
  },
  // KEYS: resume; ARGV: expectedNewest ('' = no record), expectedPrevious, player, newest, previous, expiresAt, ttl
  resumeSwap: {
    keys: 1,
    lua: `local cur = redis.call('HMGET', KEYS[1], 'n', 'v')
if ARGV[1] == '' then
  if cur[1] then return 0 end
elseif cur[1] ~= ARGV[1] or cur[2] ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'p', ARGV[3], 'n', ARGV[4], 'v', ARGV[5], 'e', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[7])
return 1`,
  },
  // KEYS: resume; ARGV: expiresAt ('' = connected)
  resumeExpiry: {
    keys: 1,
    lua: `if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'e', ARGV[1]) end
return 0`,
  },
  // KEYS: the player session's keys (resume first), then the player key; ARGV: ttl, player session id.
  // Refreshes only a connected player session (expiry ''): a disconnected one runs out its TTL.
  refresh: {
    keys: 8,
    lua: `if redis.call('HGET', KEYS[1], 'e') ~= '' then return 0 end
for i = 1, 7 do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
local v = redis.call('GET', KEYS[8])
if v and string.sub(v, 1, string.len(ARGV[2]) + 1) == ARGV[2] .. '\\n' then redis.call('PEXPIRE', KEYS[8], ARGV[1]) end
return 1`,
  },
  // KEYS: list, meta; ARGV: size, payload, maxCount, maxBytes, ttl → the seq
  replayAppend: {
    keys: 2,
    lua: `local seq = redis.call('HINCRBY', KEYS[2], 'last', 1)
local bytes = redis.call('HINCRBY', KEYS[2], 'bytes', tonumber(ARGV[1]))
redis.call('RPUSH', KEYS[1], seq .. ' ' .. ARGV[1] .. ' ' .. ARGV[2])
local len = redis.call('LLEN', KEYS[1])
while len > tonumber(ARGV[3]) or bytes > tonumber(ARGV[4]) do
  local e = redis.call('LPOP', KEYS[1])
  if not e then break end
  local s1 = string.find(e, ' ', 1, true)
  local s2 = string.find(e, ' ', s1 + 1, true)
  bytes = redis.call('HINCRBY', KEYS[2], 'bytes', -tonumber(string.sub(e, s1 + 1, s2 - 1)))
  redis.call('HSET', KEYS[2], 'dropped', string.sub(e, 1, s1 - 1))
  len = len - 1
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return seq`,
  },
  // KEYS: list, meta; ARGV: seq
  replayAck: {
    keys: 2,
    lua: `while true do
  local e = redis.call('LINDEX', KEYS[1], 0)
  if not e then break end
  local s1 = string.find(e, ' ', 1, true)
  if tonumber(string.sub(e, 1, s1 - 1)) > tonumber(ARGV[1]) then break end
  local s2 = string.find(e, ' ', s1 + 1, true)
  redis.call('LPOP', KEYS[1])
  redis.call('HINCRBY', KEYS[2], 'bytes', -tonumber(string.sub(e, s1 + 1, s2 - 1)))
end
return 0`,
  },
  // KEYS: list, meta → {last, dropped, entries...}
  replayRead: {
    keys: 2,
    lua: `local m = redis.call('HMGET', KEYS[2], 'last', 'dropped')
local out = {m[1] or '0', m[2] or '0'}
for _, e in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do out[#out + 1] = e end
return out`,
  },
  // KEYS: calls, order, meta; ARGV: id, window (0 = check only), ttl → {state, response?}
  dedupBegin: {
    keys: 3,
    lua: `local id = tonumber(ARGV[1])
local highest = tonumber(redis.call('HGET', KEYS[3], 'h') or '0')
local state = 'new'
if id <= highest then
  local e = redis.call('HGET', KEYS[1], ARGV[1])
  if e == 'R' then state = 'running'
  elseif e then return {'done', string.sub(e, 2)}
  else
    local oldest = redis.call('LINDEX', KEYS[2], 0)
    if oldest and id <= tonumber(oldest) then state = 'stale' end
  end
end
local window = tonumber(ARGV[2])
if window < 0 then return {state} end
if state == 'new' and window > 0 then
  redis.call('HSET', KEYS[1], ARGV[1], 'R')
  redis.call('RPUSH', KEYS[2], ARGV[1])
  while redis.call('LLEN', KEYS[2]) > window do
    redis.call('HDEL', KEYS[1], redis.call('LPOP', KEYS[2]))
  end
end
if id > highest then redis.call('HSET', KEYS[3], 'h', ARGV[1]) end
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
return {state}`,
  },
  // KEYS: calls; ARGV: id, response
  dedupFinish: {
    keys: 1,
    lua: `if redis.call('HGET', KEYS[1], ARGV[1]) == 'R' then redis.call('HSET', KEYS[1], ARGV[1], 'D' .. ARGV[2]) end
return 0`,
  },
  // KEYS: calls, order; ARGV: id
  dedupForget: {
    keys: 2,
    lua: `if redis.call('HGET', KEYS[1], ARGV[1]) == 'R' then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('LREM', KEYS[2], 0, ARGV[1])
end
return 0`,
  },
  // KEYS: meta; ARGV: id, ttl → 1 when above the highest id seen
  dedupAdvance: {
    keys: 1,
    lua: `if tonumber(ARGV[1]) <= tonumber(redis.call('HGET', KEYS[1], 'h') or '0') then return 0 end
redis.call('HSET', KEYS[1], 'h', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`,
  },
  // KEYS: bucket; ARGV: perSecond, burst, now → ms to wait (0 = taken)
  rateTake: {
    keys: 1,
    lua: `local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 't', 'u')
local tokens = tonumber(b[1] or ARGV[2])
local updated = tonumber(b[2] or ARGV[3])
tokens = math.min(burst, tokens + math.max(0, now - updated) * rate / 1000)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * 1000 / rate) end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'u', ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return wait`,
  },
  // KEYS: topic; ARGV: resume key prefix → live subscribers (ended ones are removed on the way)
  topicSubscribers: {
    keys: 1,
    lua: `local out = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. id) == 1 then out[#out + 1] = id else redis.call('SREM', KEYS[1], id) end
end
return out`,
  },
  // KEYS: membership, members of expected, members of next; ARGV: player, expected, next
  setMembership: {
    keys: 3,
    lua: `local cur = redis.call('GET', KEYS[1]) or ''
if cur ~= ARGV[2] then return 0 end
if ARGV[3] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[3]) end
if ARGV[2] ~= '' then redis.call('SREM', KEYS[2], ARGV[1]) end
if ARGV[3] ~= '' then redis.call('SADD', KEYS[3], ARGV[1]) end
return 1`,
  },
} as const;

export type ScriptName = keyof typeof SCRIPTS;

export function defineScripts(redis: Redis): void {
  for (const [name, { keys, lua }] of Object.entries(SCRIPTS)) {
    redis.defineCommand(name, { numberOfKeys: keys, lua });
  }
}

/** Runs a script; `binary` answers with Buffers instead of strings. */
export function run(redis: Redis, name: ScriptName, args: readonly Arg[], binary = false): Promise<unknown> {
  const commands = redis as unknown as Record<string, Script>;
  const script = commands[binary ? `${name}Buffer` : name];
  if (script === undefined) throw new Error(`script ${name} is not defined`);
  return script.apply(redis, [...args]);
}
