/**
 * Commit message searches (`git log --grep`, e.g. delivery's reverts and pull requests), cached
 * with the history and extended like it: for a descendant of a commit already searched, only the
 * new commits are searched. Matches are ordered newest author date first (ties by hash) and cut at
 * the limit, an order that does not depend on how the history was walked, so a search extended
 * from the cache returns exactly what a search of the whole history does.
 */
import { createHash } from 'node:crypto';
import { runGit, type GitOptions } from '../git/run.ts';
import { firstAncestor } from './ancestry.ts';
import { cachedTips, QUERY_FOLDER, readEntry, repositoryKey, writeEntry } from './cache.ts';
import { pruneAfterWrite } from './cache-admin.ts';

export interface FoundCommit {
  sha: string;
  /** Author date. */
  date: Date;
  /** The whole message: subject, blank line, body. */
  message: string;
}

interface SearchEntry {
  found: FoundCommit[];
  /** False when git's output was cut at the byte bound: such an entry is never extended. */
  complete: boolean;
}

/** Most output a message search keeps (the rest of the matches are dropped). */
const MAX_SEARCH_BYTES = 16 * 1024 * 1024;
const MAX_CANDIDATES = 4;

export interface SearchRequest {
  /** Folder git runs in. */
  root: string;
  gitDir: string;
  commit: string;
  /** Extended regular expression, matched case-insensitively against whole messages. */
  pattern: string;
  limit: number;
  cacheDir: string | null;
  git?: GitOptions;
  /** Whether a cached search of an ancestor may be extended. */
  incremental?: boolean;
  maxCacheBytes?: number;
}

function newestFirst(a: FoundCommit, b: FoundCommit): number {
  return b.date.getTime() - a.date.getTime() || (a.sha < b.sha ? -1 : a.sha > b.sha ? 1 : 0);
}

/** Runs the search over `revisions` (bounded: a repository's messages are untrusted, and one may be huge). */
async function grep(root: string, pattern: string, revisions: readonly string[], git: GitOptions): Promise<SearchEntry> {
  const result = await runGit(root, ['log', '-E', '-i', `--grep=${pattern}`, '--format=%H%x1f%at%x1f%B%x1e', ...revisions, '--'], {
    ...git,
    maxOutputBytes: MAX_SEARCH_BYTES,
  });
  if (result.code !== 0) throw new Error(`git log --grep failed (${result.code})`);
  const records = result.stdout.split('\x1e');
  if (result.truncated) records.pop();
  const found = records
    .map((record) => record.replace(/^\n/, ''))
    .filter(Boolean)
    .map((record) => {
      const [sha = '', at = '0', message = ''] = record.split('\x1f');
      return { sha, date: new Date(Number(at) * 1000), message: message.trim() };
    });
  return { found, complete: !result.truncated };
}

export async function searchMessages(request: SearchRequest): Promise<FoundCommit[]> {
  const { root, gitDir, commit, pattern, limit, cacheDir } = request;
  const git = request.git ?? {};
  const cut = (entry: SearchEntry): SearchEntry => ({ found: entry.found.sort(newestFirst).slice(0, limit), complete: entry.complete });
  if (!cacheDir) return cut(await grep(root, pattern, [commit], git)).found;
  const repo = repositoryKey(gitDir);
  const suffix = `.q${createHash('sha256')
    .update(JSON.stringify([pattern, limit]))
    .digest('hex')
    .slice(0, 16)}`;
  const keyOf = (c: string) => `${repo}-${c}${suffix}`;
  const hit = await readEntry<SearchEntry>(cacheDir, QUERY_FOLDER, keyOf(commit));
  if (hit) return hit.found;

  let entry: SearchEntry | null = null;
  if (request.incremental ?? true) {
    const candidates = (await cachedTips(cacheDir, QUERY_FOLDER, repo, suffix)).filter((c) => c !== commit).slice(0, MAX_CANDIDATES);
    const baseCommit = await firstAncestor(gitDir, candidates, commit, git);
    const base = baseCommit ? await readEntry<SearchEntry>(cacheDir, QUERY_FOLDER, keyOf(baseCommit)) : null;
    if (base?.complete) {
      const added = await grep(root, pattern, [commit, `^${baseCommit}`], git);
      entry = cut({ found: [...added.found, ...base.found], complete: added.complete });
    }
  }
  entry ??= cut(await grep(root, pattern, [commit], git));
  await writeEntry(cacheDir, QUERY_FOLDER, keyOf(commit), entry).catch(() => undefined);
  await pruneAfterWrite(cacheDir, request.maxCacheBytes).catch(() => undefined);
  return entry.found;
}
