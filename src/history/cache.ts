import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { historyArgs } from './mine.ts';
import type { MinedHistory } from './types.ts';

/** Bump when MinedHistory or the mining command changes shape: older entries are then ignored. */
const CACHE_FORMAT = 5;
const MAGIC = Buffer.from('BPHIST\x00\x01');
const HASH_BYTES = 32;

/** `$XDG_CACHE_HOME/blueprint`, else `~/.cache/blueprint`. */
export function defaultCacheDir(env: Record<string, string | undefined> = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'blueprint');
}

/** The entry's key: the repository, the commit, and the exact command that mines it. */
export function historyKey(gitDir: string, commit: string, exactRenames = false): string {
  const command = historyArgs('<git-dir>', commit, exactRenames);
  return createHash('sha256')
    .update(JSON.stringify({ format: CACHE_FORMAT, gitDir, commit, command }))
    .digest('hex');
}

function entryPath(dir: string, key: string): string {
  return join(dir, 'history', `${key}.bin`);
}

/** Whether an entry is stored under this key (not whether it is intact: reading checks that). */
export async function hasCachedHistory(dir: string, key: string): Promise<boolean> {
  return (await stat(entryPath(dir, key)).catch(() => null))?.isFile() ?? false;
}

const KEY_BYTES = 32;
const keys = new Map<string, Promise<Buffer>>();

/**
 * The cache's secret: entries carry an HMAC under it, so an entry edited by anyone who cannot read
 * the cache's private folder (mode 700, the key file 600) cannot be re-signed. Made on first use.
 */
function cacheKey(dir: string): Promise<Buffer> {
  let key = keys.get(dir);
  if (!key) {
    key = (async () => {
      const file = join(dir, 'key');
      const existing = await readFile(file).catch(() => null);
      if (existing?.length === KEY_BYTES) return existing;
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700).catch(() => undefined);
      const fresh = randomBytes(KEY_BYTES);
      const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temp, fresh, { mode: 0o600 });
      await rename(temp, file);
      return fresh;
    })();
    key.catch(() => keys.delete(dir));
    keys.set(dir, key);
  }
  return key;
}

function sign(key: Buffer, payload: Buffer): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

/**
 * Reads a cached history. Anything short of a whole, unaltered entry for this very key (a
 * truncated write, flipped bytes, another format) is treated as missing, never trusted.
 */
export async function readCachedHistory(dir: string, key: string): Promise<MinedHistory | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(entryPath(dir, key));
  } catch {
    return null;
  }
  if (bytes.length <= MAGIC.length + HASH_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const hash = bytes.subarray(MAGIC.length, MAGIC.length + HASH_BYTES);
  const payload = bytes.subarray(MAGIC.length + HASH_BYTES);
  const secret = await cacheKey(dir).catch(() => null);
  if (!secret || !timingSafeEqual(sign(secret, payload), hash)) return null;
  try {
    const entry = deserialize(payload) as { key?: string; history?: MinedHistory };
    return entry.key === key && entry.history ? entry.history : null;
  } catch {
    return null;
  }
}

/** Writes an entry atomically (temporary file, then rename), so readers never see half of one. */
export async function writeCachedHistory(dir: string, key: string, history: MinedHistory): Promise<void> {
  const file = entryPath(dir, key);
  const secret = await cacheKey(dir);
  await mkdir(join(dir, 'history'), { recursive: true, mode: 0o700 });
  const payload = serialize({ key, history });
  const hash = sign(secret, payload);
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, Buffer.concat([MAGIC, hash, payload]), { mode: 0o600 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
