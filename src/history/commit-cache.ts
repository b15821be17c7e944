/**
 * Headers (parents, author time) of commits outside the mined history, the branch-only commits
 * that branch measures read one at a time through cat-file, kept per repository between audits. A
 * commit's header never changes (its id is the hash of it), so an entry is right for every later
 * audit of the repository, whatever its refs; on a large repository with long-lived branches it
 * saves thousands of reads, each waiting on the one before.
 */
import { QUERY_FOLDER, readEntry, repositoryKey, writeEntry } from './cache.ts';
import type { UnmergedCommit } from './types.ts';

/** Headers kept per repository at most: the newest written win. */
const MAX_HEADERS = 200_000;

interface Stored {
  shas: string[];
  parents: string[];
  authorTime: Float64Array;
}

export interface CommitHeaders {
  get(sha: string): UnmergedCommit | undefined;
  /** Remembers a header read from git, to be saved. */
  add(commit: UnmergedCommit): void;
  /** Writes the headers added since loading, if any (errors only cost speed next time). */
  save(): Promise<void>;
}

const keyOf = (gitDir: string) => `${repositoryKey(gitDir)}-commit-headers`;

export async function loadCommitHeaders(cacheDir: string | null, gitDir: string): Promise<CommitHeaders> {
  const known = new Map<string, UnmergedCommit>();
  const stored = cacheDir ? await readEntry<Stored>(cacheDir, QUERY_FOLDER, keyOf(gitDir)) : null;
  if (stored && Array.isArray(stored.shas) && stored.shas.length === stored.parents.length) {
    for (const [i, sha] of stored.shas.entries())
      known.set(sha, { sha, parents: stored.parents[i] ? stored.parents[i]!.split(' ') : [], authorTime: stored.authorTime[i]! });
  }
  let added = 0;
  return {
    get: (sha) => known.get(sha),
    add(commit) {
      if (known.has(commit.sha)) return;
      known.set(commit.sha, commit);
      added++;
    },
    async save() {
      if (!cacheDir || !added) return;
      const list = [...known.values()].slice(-MAX_HEADERS);
      const value: Stored = {
        shas: list.map((c) => c.sha),
        parents: list.map((c) => c.parents.join(' ')),
        authorTime: Float64Array.from(list, (c) => c.authorTime),
      };
      added = 0;
      await writeEntry(cacheDir, QUERY_FOLDER, keyOf(gitDir), value).catch(() => undefined);
    },
  };
}
