/**
 * When paths last changed up to the audited commit (`git log -1 -- <path>`), kept per commit
 * between audits next to the history: a commit's answer for a path never changes, and each one
 * costs git a walk back through the history to the change. So a warm audit asks git nothing.
 */
import { historyKey, QUERY_FOLDER, readEntry, writeEntry } from './cache.ts';
import { pruneAfterWrite } from './cache-admin.ts';

/** Paths kept per commit at most (a rule asks about a few). */
const MAX_PATHS = 10_000;

interface Stored {
  paths: string[];
  /** Commit time in seconds of each path's last change, or -1 when no commit changed it. */
  seconds: Float64Array;
}

/**
 * `ask(path)` (git's answer, in seconds, or null) through the cache of `commit`; without a cache
 * folder, git is asked every time.
 */
export function lastChangedStore(
  cacheDir: string | null,
  gitDir: string,
  commit: string,
  ask: (path: string) => Promise<number | null>,
): (path: string) => Promise<number | null> {
  if (!cacheDir) return ask;
  const key = `${historyKey(gitDir, commit)}-last-changed`;
  let known: Promise<Map<string, number>> | null = null;
  const load = () => {
    known ??= readEntry<Stored>(cacheDir, QUERY_FOLDER, key)
      .catch(() => null)
      .then((stored) => {
        const map = new Map<string, number>();
        if (
          stored &&
          Array.isArray(stored.paths) &&
          stored.seconds instanceof Float64Array &&
          stored.paths.length === stored.seconds.length
        )
          for (const [i, p] of stored.paths.entries()) map.set(p, stored.seconds[i]!);
        return map;
      });
    return known;
  };
  // Writes one after another, so that a later (larger) entry is never replaced by an earlier one.
  let saving: Promise<void> = Promise.resolve();
  const save = (map: Map<string, number>) => {
    saving = saving.then(async () => {
      const paths = [...map.keys()].slice(-MAX_PATHS);
      const value: Stored = { paths, seconds: Float64Array.from(paths, (p) => map.get(p)!) };
      await writeEntry(cacheDir, QUERY_FOLDER, key, value).catch(() => undefined);
      await pruneAfterWrite(cacheDir).catch(() => undefined);
    });
    return saving;
  };
  return async (path) => {
    const map = await load();
    const hit = map.get(path);
    if (hit !== undefined) return hit < 0 ? null : hit;
    const seconds = await ask(path);
    map.set(path, seconds ?? -1);
    await save(map);
    return seconds;
  };
}
