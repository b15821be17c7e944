import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, open, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { countHistoryRead, countListing } from './cache-work.ts';
import { historyArgs } from './mine.ts';
import { historyFromPacked, packedHistory } from './pack.ts';
import type { MinedHistory } from './types.ts';

/** Bump when MinedHistory or the mining command changes shape: older entries are then ignored. */
const CACHE_FORMAT = 7;
const MAGIC = Buffer.from('BPHIST\x00\x01');
const HASH_BYTES = 32;

/** `$XDG_CACHE_HOME/blueprint`, else `~/.cache/blueprint`. */
export function defaultCacheDir(env: Record<string, string | undefined> = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'blueprint');
}

/**
 * What every entry of a repository's history shares: the repository, the format and the mining
 * command (with the commit left out). Entries of one repository are found by it (see cachedTips).
 */
export function repositoryKey(gitDir: string, exactRenames = false): string {
  const command = historyArgs('<git-dir>', '<commit>', exactRenames);
  return createHash('sha256')
    .update(JSON.stringify({ format: CACHE_FORMAT, gitDir, command }))
    .digest('hex')
    .slice(0, 32);
}

/** The entry's key: the repository, the commit, and the exact command that mines it. */
export function historyKey(gitDir: string, commit: string, exactRenames = false): string {
  return `${repositoryKey(gitDir, exactRenames)}-${commit}`;
}

export const HISTORY_FOLDER = 'history';
export const QUERY_FOLDER = 'queries';

function entryPath(dir: string, folder: string, key: string): string {
  return join(dir, folder, `${key}.bin`);
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
 * Reads a signed entry. Anything short of a whole, unaltered entry for this very key (a truncated
 * write, flipped bytes, another format) is treated as missing, never trusted. A hit is touched,
 * so that the size bound removes the least recently used entries first.
 */
export async function readEntry<T>(dir: string, folder: string, key: string): Promise<T | null> {
  return (await readSignedEntry<T>(dir, folder, key))?.value ?? null;
}

/** readEntry, with the entry's signature (hex): equal signatures, equal entries. */
export async function readSignedEntry<T>(dir: string, folder: string, key: string): Promise<{ value: T; signature: string } | null> {
  const file = entryPath(dir, folder, key);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return null;
  }
  if (bytes.length <= MAGIC.length + HASH_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const hash = bytes.subarray(MAGIC.length, MAGIC.length + HASH_BYTES);
  const payload = bytes.subarray(MAGIC.length + HASH_BYTES);
  const secret = await cacheKey(dir).catch(() => null);
  if (!secret || !timingSafeEqual(sign(secret, payload), hash)) return null;
  let entry: { key?: string; value?: T };
  try {
    entry = deserialize(payload) as { key?: string; value?: T };
  } catch {
    return null;
  }
  if (entry.key !== key || entry.value === undefined) return null;
  await markUsed(file);
  return { value: entry.value, signature: hash.toString('hex') };
}

let lastUse = 0;

/**
 * Stamps an entry as used now: its modification time is what "most recently used" sorts by (the
 * ancestors tried first, the size bound's order). The file system's clock advances in ticks of a
 * few milliseconds, so two entries used one after the other could tie and come back in any order;
 * each stamp of this process is a millisecond past the one before.
 */
async function markUsed(file: string): Promise<void> {
  lastUse = Math.max(Date.now(), lastUse + 1);
  const at = new Date(lastUse);
  await utimes(file, at, at).catch(() => undefined);
}

/** Writes an entry atomically (temporary file, then rename), so readers never see half of one; gives its signature (hex). */
export async function writeEntry(dir: string, folder: string, key: string, value: unknown): Promise<string> {
  const file = entryPath(dir, folder, key);
  const secret = await cacheKey(dir);
  await mkdir(join(dir, folder), { recursive: true, mode: 0o700 });
  const payload = serialize({ key, value });
  const hash = sign(secret, payload);
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    // Written as three pieces: one concatenated copy of a large history's payload would add its
    // size again to the peak memory of the audit.
    const handle = await open(temp, 'w', 0o600);
    try {
      const { bytesWritten } = await handle.writev([MAGIC, hash, payload]);
      if (bytesWritten !== MAGIC.length + hash.length + payload.length) throw new Error('cache: short write');
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    await markUsed(file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return hash.toString('hex');
}

/** A cached history and what it was mined with besides its commit. */
export interface HistoryEntry {
  history: MinedHistory;
  /** Object id of the .mailmap at the commit ('' when none): a different one means mining again. */
  mailmap: string;
  /** The entry's signature: what is derived from the history is kept under it (see RepoView.derive). */
  signature: string;
}

export async function readCachedEntry(dir: string, key: string): Promise<HistoryEntry | null> {
  const signed = await readSignedEntry<{ history?: unknown; mailmap: string }>(dir, HISTORY_FOLDER, key);
  if (signed) countHistoryRead();
  const entry = signed?.value;
  // An entry of format 6 (the packed history as bytes) under this key is read as missing.
  const history = entry ? historyFromPacked(entry.history) : null;
  return history ? { history, mailmap: String(entry!.mailmap ?? ''), signature: signed!.signature } : null;
}

export async function readCachedHistory(dir: string, key: string): Promise<MinedHistory | null> {
  return (await readCachedEntry(dir, key))?.history ?? null;
}

export function writeCachedHistory(dir: string, key: string, history: MinedHistory, mailmap = ''): Promise<string> {
  // The packed history's arrays go into the entry's one serialization: packing it to bytes first
  // made a copy of the whole history, held beside it, at the moment a cold audit peaks.
  return writeEntry(dir, HISTORY_FOLDER, key, { history: packedHistory(history), mailmap });
}

/** Commits of the cached histories of a repository (see repositoryKey), most recently used first. */
export async function cachedTips(dir: string, folder: string, prefix: string, suffix = ''): Promise<string[]> {
  const names = await readdir(join(dir, folder)).catch(() => [] as string[]);
  countListing(names.length);
  const tail = `${suffix}.bin`;
  const found = names.filter(
    (name) => name.startsWith(`${prefix}-`) && name.endsWith(tail) && name.length === prefix.length + 41 + tail.length,
  );
  const dated = await Promise.all(
    found.map(async (name) => ({
      commit: name.slice(prefix.length + 1, prefix.length + 41),
      at: (await stat(join(dir, folder, name)).catch(() => null))?.mtimeMs ?? 0,
    })),
  );
  return dated.sort((a, b) => b.at - a.at).map((d) => d.commit);
}
