/**
 * Per-file judgements (Linguist's verdicts) kept per repository between audits, next to the
 * history. A file's result is reused when its path, mode, object and size are those it was judged
 * with and the judgement's context (e.g. the `.gitattributes` in force) is the same; any other file
 * is judged again. So a warm audit judges nothing and an audit after a push judges only the files
 * the push changed, with results equal to judging every file.
 */
import { createHash } from 'node:crypto';
import type { FileJudgement, TreeEntry } from '../types.ts';
import { QUERY_FOLDER, readEntry, repositoryKey, writeEntry } from './cache.ts';
import { pruneAfterWrite } from './cache-admin.ts';

/** A tracked entry with its object id, as the local source lists them. */
export interface IdentifiedEntry extends TreeEntry {
  oid: string;
}

/** Entries kept per repository and judgement at most (a larger tree is judged afresh each time). */
const MAX_KEPT = 500_000;

interface State<T> {
  context: string;
  /** Judged since it was read or last written. */
  dirty?: boolean;
  /** Per path: "mode oid size" it was judged with. */
  files: Map<string, string>;
  results: Map<string, T>;
}

/** A state as written: parallel lists, equal results shared (most files share one of a few verdicts). */
interface Stored<T> {
  context: string;
  paths: string[];
  identities: string[];
  results: T[];
}

function toStored<T>(state: State<T>): Stored<T> {
  const shared = new Map<string, T>();
  const paths = [...state.files.keys()];
  return {
    context: state.context,
    paths,
    identities: paths.map((p) => state.files.get(p)!),
    results: paths.map((p) => {
      const result = state.results.get(p)!;
      const key = JSON.stringify(result);
      if (!shared.has(key)) shared.set(key, result);
      return shared.get(key)!;
    }),
  };
}

function fromStored<T>(stored: Stored<T> | null, context: string): State<T> {
  const usable =
    stored &&
    stored.context === context &&
    Array.isArray(stored.paths) &&
    Array.isArray(stored.identities) &&
    Array.isArray(stored.results) &&
    stored.paths.length === stored.identities.length &&
    stored.paths.length === stored.results.length;
  if (!usable) return { context, files: new Map(), results: new Map() };
  return {
    context,
    files: new Map(stored.paths.map((p, i) => [p, stored.identities[i]!])),
    results: new Map(stored.paths.map((p, i) => [p, stored.results[i]!])),
  };
}

const identity = (e: IdentifiedEntry) => `${e.mode} ${e.oid} ${e.size}`;

export interface JudgementStore {
  judge<T>(judgement: FileJudgement<T>, entries: readonly TreeEntry[]): Promise<Map<string, T>>;
}

/** Judgements read or made in a run, by judgement and context: shared by the views of one repository (a trend's points). */
export type JudgementStates = Map<string, Promise<unknown>>;

/**
 * The store of one audit's view. `tree` gives the audited tree's entries with their ids: an entry
 * asked about that is not among them (or differs) is judged without the cache. Views of one
 * repository in a run share `states`; a view that does not `write` (a trend's middle point) leaves
 * what it judged to the next one that does.
 */
export function judgementStore(
  cacheDir: string | null,
  gitDir: string,
  tree: () => Promise<ReadonlyMap<string, IdentifiedEntry>>,
  shared: { states?: JudgementStates; write?: boolean } = {},
): JudgementStore {
  const states = (shared.states ?? new Map()) as Map<string, Promise<State<unknown>>>;
  const writes = shared.write ?? true;
  const keyOf = (name: string) => `${repositoryKey(gitDir)}-judged-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;

  const load = (name: string, context: string): Promise<State<unknown>> => {
    const id = JSON.stringify([name, context]);
    let state = states.get(id);
    if (!state) {
      state = (async () => {
        const stored = cacheDir ? await readEntry<Stored<unknown>>(cacheDir, QUERY_FOLDER, keyOf(name)).catch(() => null) : null;
        return fromStored(stored, context);
      })();
      states.set(id, state);
    }
    return state;
  };

  const save = async (name: string, state: State<unknown>): Promise<void> => {
    state.dirty = false;
    if (!cacheDir || state.files.size > MAX_KEPT) return;
    await writeEntry(cacheDir, QUERY_FOLDER, keyOf(name), toStored(state)).catch(() => undefined);
    await pruneAfterWrite(cacheDir).catch(() => undefined);
  };

  // Judgings of this audit, per judgement and file, so that two rules asking about the same files
  // (bus-factor and automated-tests both ask Linguist about the whole tree) judge them once.
  const underway = new Map<string, Map<string, Promise<{ result: unknown } | null>>>();
  const entryKey = (e: TreeEntry) => `${e.path}\0${e.mode} ${e.kind} ${e.size}`;

  /**
   * Judges `entries`, sharing the files another caller is judging or has judged. A file another
   * caller judged on a failed read (volatile) is judged again here, so that this caller's reads
   * see the failure too. `own` names the files this call judged itself.
   */
  async function judgeSharing<T>(
    judgement: FileJudgement<T>,
    entries: readonly TreeEntry[],
  ): Promise<{ results: Map<string, T>; volatile: ReadonlySet<string>; own: ReadonlySet<string> }> {
    const id = JSON.stringify([judgement.name, judgement.context]);
    let known = underway.get(id);
    if (!known) {
      known = new Map();
      underway.set(id, known);
    }
    const fresh: TreeEntry[] = [];
    const shared: Array<[TreeEntry, Promise<{ result: unknown } | null>]> = [];
    for (const entry of entries) {
      const found = known.get(entryKey(entry));
      if (found) shared.push([entry, found]);
      else fresh.push(entry);
    }
    const run = fresh.length ? judgement.judge(fresh) : null;
    if (run) {
      for (const entry of fresh) {
        known.set(
          entryKey(entry),
          run.then(
            (j) => (j.volatile.has(entry.path) || !j.results.has(entry.path) ? null : { result: j.results.get(entry.path) }),
            () => null,
          ),
        );
      }
    }
    const results = new Map<string, T>();
    const volatile = new Set<string>();
    const own = new Set<string>();
    const again: TreeEntry[] = [];
    for (const [entry, promise] of shared) {
      const found = await promise;
      if (found) results.set(entry.path, found.result as T);
      else again.push(entry);
    }
    for (const judged of await Promise.all([run, again.length ? judgement.judge(again) : null])) {
      if (!judged) continue;
      for (const [path, result] of judged.results) {
        results.set(path, result);
        own.add(path);
      }
      for (const path of judged.volatile) volatile.add(path);
    }
    return { results, volatile, own };
  }

  return {
    async judge<T>(judgement: FileJudgement<T>, entries: readonly TreeEntry[]): Promise<Map<string, T>> {
      if (!cacheDir) return (await judgeSharing(judgement, entries)).results;
      const [byPath, state] = await Promise.all([tree(), load(judgement.name, judgement.context) as Promise<State<T>>]);
      const results = new Map<string, T>();
      const pending: TreeEntry[] = [];
      for (const entry of entries) {
        const known = byPath.get(entry.path);
        const same = known && known.mode === entry.mode && known.kind === entry.kind && known.size === entry.size;
        if (same && state.files.get(entry.path) === identity(known) && state.results.has(entry.path))
          results.set(entry.path, state.results.get(entry.path)!);
        else pending.push(entry);
      }
      if (!pending.length) {
        if (writes && state.dirty) await save(judgement.name, state);
        return results;
      }
      const judged = await judgeSharing(judgement, pending);
      let added = 0;
      for (const entry of pending) {
        if (!judged.results.has(entry.path)) continue;
        const result = judged.results.get(entry.path)!;
        results.set(entry.path, result);
        const known = byPath.get(entry.path);
        const same = known && known.mode === entry.mode && known.kind === entry.kind && known.size === entry.size;
        // A file another rule judged is kept by that rule's call.
        if (!same || judged.volatile.has(entry.path) || !judged.own.has(entry.path)) continue;
        state.files.set(entry.path, identity(known));
        state.results.set(entry.path, result);
        added++;
      }
      if (added) {
        // Files no longer in the tree are dropped, so the entry stays the size of one tree.
        for (const path of state.files.keys()) {
          if (!byPath.has(path)) {
            state.files.delete(path);
            state.results.delete(path);
          }
        }
        state.dirty = true;
      }
      if (writes && state.dirty) await save(judgement.name, state);
      return results;
    },
  };
}
