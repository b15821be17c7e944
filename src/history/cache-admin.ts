/**
 * Looking after the cache folder: what it holds (`blueprint cache info`), emptying it
 * (`blueprint cache clean`), and the size bound on mined history and the queries cached with it,
 * least recently used out first (readEntry touches an entry when it is used).
 */
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HISTORY_FOLDER, QUERY_FOLDER } from './cache.ts';
import { countScan } from './cache-work.ts';

/** Default bound on the bytes of cached history and queries: 1 GiB. */
export const DEFAULT_MAX_CACHE_BYTES = 1024 ** 3;
/** Environment variable that sets the bound, in bytes or with a K, M or G suffix (binary units). */
export const CACHE_MAX_ENV = 'BLUEPRINT_CACHE_MAX_BYTES';

/** What the cache folder holds, by kind. */
export const CACHE_SECTIONS = {
  history: 'mined git history, one entry per repository and commit',
  queries: 'history-derived queries (commit message searches, last-change dates, bus-factor authorship tables), cached with the history',
  repos: 'clones of remote repositories (blobless, bare)',
  http: 'GitHub API responses kept for conditional requests (ETags)',
  forge: 'GitHub data per repository (pull requests, issues, deployments)',
} as const;
export type CacheSection = keyof typeof CACHE_SECTIONS;
const BOUNDED: readonly CacheSection[] = ['history', 'queries'];

/** The bound in bytes: BLUEPRINT_CACHE_MAX_BYTES when it is a valid size, else 1 GiB. */
export function maxCacheBytes(env: Record<string, string | undefined> = process.env): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(env[CACHE_MAX_ENV] ?? '');
  if (!match) return DEFAULT_MAX_CACHE_BYTES;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.floor(Number(match[1]) * unit);
}

interface Item {
  path: string;
  bytes: number;
  /** Last use (modification time), milliseconds since the epoch. */
  usedAt: number;
}

/** Bytes under a path and its newest modification, symbolic links counted as themselves and never followed. */
async function sizeOf(path: string): Promise<{ bytes: number; newest: number }> {
  const info = await lstat(path).catch(() => null);
  if (!info) return { bytes: 0, newest: 0 };
  if (!info.isDirectory()) return { bytes: info.size, newest: info.mtimeMs };
  const names = await readdir(path).catch(() => [] as string[]);
  let bytes = 0;
  let newest = 0;
  for (const name of names) {
    const inner = await sizeOf(join(path, name));
    bytes += inner.bytes;
    newest = Math.max(newest, inner.newest);
  }
  return { bytes, newest: newest || info.mtimeMs };
}

/** The items of a section: entry files of history and queries, one folder per clone or host elsewhere. */
async function items(dir: string, section: CacheSection): Promise<Item[]> {
  const folder = join(dir, section);
  const names = await readdir(folder).catch(() => [] as string[]);
  const found = await Promise.all(
    names.map(async (name): Promise<Item | null> => {
      const path = join(folder, name);
      const info = await lstat(path).catch(() => null);
      if (!info) return null;
      if (!info.isDirectory()) return { path, bytes: info.size, usedAt: info.mtimeMs };
      // A folder (a clone) was last used when anything in it last changed (a fetch).
      const { bytes, newest } = await sizeOf(path);
      return { path, bytes, usedAt: newest };
    }),
  );
  return found.filter((i): i is Item => i !== null);
}

export interface CacheSectionInfo {
  name: CacheSection;
  description: string;
  entries: number;
  bytes: number;
  /** Least and most recent use among the entries, or null when there are none. */
  oldest: Date | null;
  newest: Date | null;
}

export interface CacheInfo {
  dir: string;
  exists: boolean;
  bytes: number;
  /** The bound on history and queries together (see maxCacheBytes). */
  maxBytes: number;
  sections: CacheSectionInfo[];
}

/** What the cache holds, section by section (the library side of `blueprint cache info`). */
export async function cacheInfo(dir: string, maxBytes = maxCacheBytes()): Promise<CacheInfo> {
  const exists = (await lstat(dir).catch(() => null))?.isDirectory() ?? false;
  const sections = await Promise.all(
    (Object.keys(CACHE_SECTIONS) as CacheSection[]).map(async (name): Promise<CacheSectionInfo> => {
      const list = (await items(dir, name)).filter((i) => !i.path.endsWith('.tmp'));
      const times = list.map((i) => i.usedAt);
      return {
        name,
        description: CACHE_SECTIONS[name],
        entries: list.length,
        bytes: list.reduce((sum, i) => sum + i.bytes, 0),
        oldest: times.length ? new Date(Math.min(...times)) : null,
        newest: times.length ? new Date(Math.max(...times)) : null,
      };
    }),
  );
  return { dir, exists, bytes: sections.reduce((sum, s) => sum + s.bytes, 0), maxBytes, sections };
}

export interface CleanOptions {
  /** Sections to empty (default: all of them). The cache's signing key stays. */
  sections?: readonly CacheSection[];
  /** Only entries not used for this many days. */
  olderThanDays?: number;
  now?: Date;
}

export interface CleanResult {
  removed: number;
  bytes: number;
  /** Entries left in the bounded sections (pruneCache only). */
  kept?: number;
}

/** Removes cached entries (the library side of `blueprint cache clean`). */
export async function cleanCache(dir: string, options: CleanOptions = {}): Promise<CleanResult> {
  const sections = options.sections ?? (Object.keys(CACHE_SECTIONS) as CacheSection[]);
  const unknown = sections.filter((s) => !(s in CACHE_SECTIONS));
  if (unknown.length) throw new Error(`unknown cache section ${unknown.join(', ')}: use ${Object.keys(CACHE_SECTIONS).join(', ')}`);
  const cutoff =
    options.olderThanDays === undefined ? Infinity : (options.now ?? new Date()).getTime() - options.olderThanDays * 86_400_000;
  let removed = 0;
  let bytes = 0;
  for (const section of sections) {
    for (const item of await items(dir, section)) {
      if (item.usedAt >= cutoff) continue;
      await rm(item.path, { recursive: true, force: true });
      removed++;
      bytes += item.bytes;
    }
  }
  return { removed, bytes };
}

/** A write left half done this long ago will never be finished. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Keeps cached history and queries within `maxBytes`, removing the least recently used entries
 * first. Clones (repos) are left alone: another audit may be reading one.
 */
export async function pruneCache(dir: string, maxBytes = maxCacheBytes(), now = Date.now()): Promise<CleanResult> {
  const all = (await Promise.all(BOUNDED.map((s) => items(dir, s)))).flat();
  countScan(all.length);
  let removed = 0;
  let bytes = 0;
  const kept: Item[] = [];
  for (const item of all) {
    if (item.path.endsWith('.tmp') && now - item.usedAt > STALE_TEMP_MS) {
      await rm(item.path, { force: true });
      removed++;
      bytes += item.bytes;
    } else kept.push(item);
  }
  let total = kept.reduce((sum, i) => sum + i.bytes, 0);
  let evicted = 0;
  for (const item of kept.sort((a, b) => a.usedAt - b.usedAt)) {
    if (total <= maxBytes) break;
    if (item.path.endsWith('.tmp')) continue;
    await rm(item.path, { force: true });
    total -= item.bytes;
    removed++;
    evicted++;
    bytes += item.bytes;
  }
  return { removed, bytes, kept: kept.length - evicted };
}

/** Per cache folder: entries at the last scan, writes since it began, and the scan under way. */
const scans = new Map<string, { entries: number; writes: number; running: Promise<void> | null }>();

/**
 * pruneCache after a write, amortised: a scan reads every entry, so scanning after each of an
 * organisation's writes costs the square of its size (500 repositories: minutes). The folder is
 * scanned again once the writes since the last scan began reach a sixteenth of the entries it
 * found, so the scans cost about as much as the writes, and the bound is overshot by at most that
 * sixteenth until the next scan. One scan at a time: the writes made while one runs (an
 * organisation's audits write side by side) count towards the next instead of each starting its
 * own, which would again make every write pay for the whole folder. A small cache (a few
 * entries) is scanned on every write.
 */
export async function pruneAfterWrite(dir: string, maxBytes = maxCacheBytes()): Promise<void> {
  let state = scans.get(dir);
  if (!state) scans.set(dir, (state = { entries: 0, writes: 0, running: null }));
  state.writes++;
  if (state.running || state.writes < state.entries / 16) return;
  const scan = state;
  scan.writes = 0;
  scan.running = pruneCache(dir, maxBytes)
    .then(({ kept = 0 }) => {
      scan.entries = kept;
    })
    .finally(() => {
      scan.running = null;
    });
  await scan.running;
}
