/**
 * When paths last changed up to the audited commit (`git log -1 -- <path>`), kept per commit
 * between audits next to the history: a commit's answer for a path never changes, and each one
 * costs git a walk back through the history to the change. So a warm audit asks git nothing, and
 * after a push on top of an audited commit git only looks at the pushed commits: a path none of
 * them changed last changed where it did before.
 */
import { cachedTips, historyKey, QUERY_FOLDER, readEntry, repositoryKey, writeEntry } from './cache.ts';
import { pruneAfterWrite } from './cache-admin.ts';

/** Paths kept per commit at most (a rule asks about a few). */
const MAX_PATHS = 10_000;

interface Stored {
  paths: string[];
  /** Commit time in seconds of each path's last change, or -1 when no commit changed it. */
  seconds: Float64Array;
}

/** What the store asks git, about the audited commit. */
export interface LastChangedGit {
  /** Commit time, in seconds, of the path's last change (`git log -1 -- <path>`), or null. */
  ask(path: string): Promise<number | null>;
  /**
   * Whether the audited commit sits on `earlier` alone: it adds commits to it (a few), and every
   * parent of those outside them is `earlier` (a push on top, no merge of other work).
   */
  onTopOf?(earlier: string): Promise<boolean>;
  /** Whether a commit the audited one adds to `earlier` changed the path (`git log -1 <commit> ^<earlier> -- <path>`). */
  changedSince?(earlier: string, path: string): Promise<boolean>;
}

/** Commits a push may add for them to be looked at alone (more: git walks the history as it would anyway). */
const MAX_PUSHED = 1000;

/**
 * LastChangedGit by running git at `commit`: `output` gives git's output or throws its error,
 * `run` gives its exit code and output.
 */
export function lastChangedGit(
  commit: string,
  output: (args: string[]) => Promise<string>,
  run: (args: string[]) => Promise<{ code: number | null; stdout: string }>,
): LastChangedGit {
  return {
    ask: async (path) => {
      const out = (await output(['log', '-1', '--format=%ct', commit, '--', path])).trim();
      return out ? Number(out) : null;
    },
    onTopOf: async (earlier) => {
      const out = await run(['rev-list', '--parents', '-n', String(MAX_PUSHED + 1), commit, `^${earlier}`, '--']);
      const lines = out.code === 0 ? out.stdout.split('\n').filter(Boolean) : [];
      if (!lines.length || lines.length > MAX_PUSHED) return false;
      const pushed = new Set(lines.map((line) => line.split(' ', 1)[0]!));
      const outside = lines.flatMap((line) => line.split(' ').slice(1)).filter((parent) => !pushed.has(parent));
      return outside.length > 0 && outside.every((parent) => parent === earlier);
    },
    changedSince: async (earlier, path) => (await output(['log', '-1', '--format=%H', commit, `^${earlier}`, '--', path])).trim() !== '',
  };
}

const SUFFIX = '-last-changed';

function fromStored(stored: Stored | null): Map<string, number> {
  const map = new Map<string, number>();
  if (stored && Array.isArray(stored.paths) && stored.seconds instanceof Float64Array && stored.paths.length === stored.seconds.length)
    for (const [i, p] of stored.paths.entries()) map.set(p, stored.seconds[i]!);
  return map;
}

/**
 * git's answers through the cache of `commit`; without a cache folder, git is asked every time.
 * A view that does not `write` (a trend’s middle point, whose history is not kept either)
 * keeps its answers to itself.
 */
/** The answers of the last view of a repository in this run (a trend's point before), kept in memory. */
export interface KeptLastChanged {
  last?: { commit: string; answers: Map<string, number> };
}

export function lastChangedStore(
  cacheDir: string | null,
  gitDir: string,
  commit: string,
  git: LastChangedGit,
  write = true,
  kept?: KeptLastChanged,
): (path: string) => Promise<number | null> {
  const { ask } = git;
  if (!cacheDir) return ask;
  const key = `${historyKey(gitDir, commit)}${SUFFIX}`;
  /** The answers kept for the commit this one was pushed on top of, if any. */
  let earlier: Promise<{ commit: string; answers: Map<string, number> } | null> | null = null;
  /** What the view before left in memory, taken as this one's answers replace it (at the first question). */
  let viewBefore: KeptLastChanged['last'];
  const loadEarlier = () => {
    earlier ??= (async () => {
      if (!git.onTopOf || !git.changedSince) return null;
      // The view before in this run (a trend's point before) stands for the cache: the cached tip
      // is a trend's oldest point, months back, and git's probe walks the whole distance to it
      // (15–90 ms at each monthly point of rails/rails, to fail on its merges all the same).
      const inMemory = viewBefore && viewBefore.commit !== commit ? viewBefore : null;
      if (inMemory) return (await git.onTopOf(inMemory.commit).catch(() => false)) ? inMemory : null;
      const tips = await cachedTips(cacheDir, QUERY_FOLDER, repositoryKey(gitDir), SUFFIX);
      const before = tips.find((c) => c !== commit);
      if (!before || !(await git.onTopOf(before).catch(() => false))) return null;
      const stored = await readEntry<Stored>(cacheDir, QUERY_FOLDER, `${historyKey(gitDir, before)}${SUFFIX}`).catch(() => null);
      return { commit: before, answers: fromStored(stored) };
    })();
    return earlier;
  };
  const answer = async (path: string): Promise<number | null> => {
    const base = await loadEarlier();
    const before = base?.answers.get(path);
    if (base && before !== undefined && !(await git.changedSince!(base.commit, path))) return before < 0 ? null : before;
    return ask(path);
  };
  let known: Promise<Map<string, number>> | null = null;
  const load = () => {
    known ??= readEntry<Stored>(cacheDir, QUERY_FOLDER, key)
      .catch(() => null)
      .then(fromStored)
      .then((map) => {
        viewBefore = kept?.last;
        if (kept) kept.last = { commit, answers: map };
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
    const seconds = await answer(path);
    map.set(path, seconds ?? -1);
    if (write) await save(map);
    return seconds;
  };
}
