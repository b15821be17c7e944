/**
 * Values derived from an audited commit's history (a rule's authorship tables), kept between
 * audits next to the history. An entry belongs to one commit of one repository, mined with one
 * command, to the very history entry it was derived from (by its signature: a history mined or
 * written again derives again), and to one derivation (its name) under one context (what else the
 * value depends on: options, forge data, the files measured): a different commit (a push, a
 * force-push, a changed .mailmap, which is read from the commit) or a different context derives
 * afresh. So a warm audit derives nothing, and the value is always what `derive` would give.
 */
import { createHash } from 'node:crypto';
import type { Derivation } from '../types.ts';
import { cachedTips, historyKey, QUERY_FOLDER, readEntry, repositoryKey, writeEntry } from './cache.ts';
import { pruneAfterWrite } from './cache-admin.ts';

interface Stored {
  /** sha256 of the derivation's context. */
  context: string;
  /** Signature of the history entry the value was derived from. */
  history: string;
  value: unknown;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

export interface DerivedStore {
  derive<T>(derivation: Derivation<T>): Promise<T>;
}

/**
 * The store of one audit's view of `commit`, whose history's cache entry has the signature
 * `history()` gives (none: nothing is kept). Each derivation runs at most once per view (later
 * calls share its promise); a value that cannot be written costs only speed next time.
 */
export function derivedStore(
  cacheDir: string | null,
  gitDir: string,
  commit: string,
  exactRenames: boolean,
  history: () => Promise<string | undefined>,
  maxCacheBytes?: number,
): DerivedStore {
  const running = new Map<string, Promise<unknown>>();
  // The context is in the name of the entry: a lookup at another commit reads only entries derived
  // under the same context, never a large one only to find that it was derived for other files.
  const suffixOf = (name: string, context: string) => `-derived-${digest(`${name}\0${context}`).slice(0, 16)}`;

  /** The value kept for this derivation under the same context at another commit of the repository, if any. */
  const previous = async (name: string, context: string): Promise<unknown> => {
    if (!cacheDir) return undefined;
    const repo = repositoryKey(gitDir, exactRenames);
    const tips = (await cachedTips(cacheDir, QUERY_FOLDER, repo, suffixOf(name, context))).filter((c) => c !== commit);
    for (const tip of tips.slice(0, 2)) {
      const stored = await readEntry<Stored>(cacheDir, QUERY_FOLDER, `${repo}-${tip}${suffixOf(name, context)}`).catch(() => null);
      if (stored?.context === context) return stored.value;
    }
    return undefined;
  };

  const compute = async <T>(derivation: Derivation<T>): Promise<T> => {
    if (!cacheDir) return derivation.derive(undefined);
    const context = digest(derivation.context);
    const key = `${historyKey(gitDir, commit, exactRenames)}${suffixOf(derivation.name, context)}`;
    const signature = await history();
    const stored = signature ? await readEntry<Stored>(cacheDir, QUERY_FOLDER, key).catch(() => null) : null;
    if (stored?.context === context && stored.history === signature) return stored.value as T;
    const value = await derivation.derive((await previous(derivation.name, context)) as T | undefined);
    if (!signature) return value;
    const entry: Stored = { context, history: signature, value };
    await writeEntry(cacheDir, QUERY_FOLDER, key, entry).catch(() => undefined);
    await pruneAfterWrite(cacheDir, maxCacheBytes).catch(() => undefined);
    return value;
  };

  return {
    derive<T>(derivation: Derivation<T>): Promise<T> {
      const id = JSON.stringify([derivation.name, derivation.context]);
      let result = running.get(id) as Promise<T> | undefined;
      if (!result) {
        result = compute(derivation);
        running.set(id, result);
      }
      return result;
    },
  };
}
