/**
 * The history of an audited commit, from the cache when it is there, else extended from the cached
 * history of an ancestor (only the new commits are mined), else mined whole. A cached history is
 * extended only when its commit is an ancestor of the audited one (a force-push or rebase that
 * dropped it means mining again) and the .mailmap is the same object (identities would differ).
 */
import { availableParallelism } from 'node:os';
import { runGit, type GitOptions } from '../git/run.ts';
import { firstAncestor } from './ancestry.ts';
import { InconsistentHistory, type Segment } from './assemble.ts';
import { cachedTips, HISTORY_FOLDER, historyKey, readCachedEntry, repositoryKey, writeCachedHistory } from './cache.ts';
import { pruneAfterWrite } from './cache-admin.ts';
import { extendHistory, mineHistory } from './mine.ts';
import { messageScan, type SearchEntry } from './search.ts';
import type { MinedHistory } from './types.ts';

/** Environment variable that sets how many git processes mine history at once. */
export const HISTORY_JOBS_ENV = 'BLUEPRINT_HISTORY_JOBS';

/**
 * git processes that mine history at once: the option, else BLUEPRINT_HISTORY_JOBS, else the
 * cores shared among the repositories mined at the same time (`sharedBy`), at least one each.
 */
export function historyJobs(option?: number, env: Record<string, string | undefined> = process.env, sharedBy = 1): number {
  if (option !== undefined && Number.isInteger(option) && option > 0) return option;
  const fromEnv = Number(env[HISTORY_JOBS_ENV]);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return Math.max(1, Math.floor(availableParallelism() / Math.max(1, sharedBy)));
}

export interface HistoryRequest {
  gitDir: string;
  commit: string;
  /** Folder of the cache, or null to mine afresh. */
  cacheDir: string | null;
  exactRenames?: boolean;
  /** git processes at once (see historyJobs). */
  jobs?: number;
  /** Commits per parallel chunk (see MineOptions). */
  chunkCommits?: number;
  /** Whether a cached ancestor may be extended (never in a shallow clone, whose boundary may move). */
  incremental?: boolean;
  /** Bound on the cache's size in bytes (see pruneCache). */
  maxCacheBytes?: number;
  git?: GitOptions;
  /**
   * A history this run loaded already (a trend's previous point): extended in memory, without
   * reading its cache entry back, when its commit is the first ancestor found.
   */
  recent?: RecentHistory | undefined;
  /** The .mailmap object at the commit ('' when none), when the caller knows it (from the tree it lists anyway). */
  mailmap?: (() => Promise<string>) | undefined;
  /** Whether a history mined or extended here is written to the cache (default true). */
  write?: boolean | undefined;
  /** Message searches (git log -E -i --grep patterns) to answer from the walk, when the whole history is mined in parallel. */
  searches?: readonly string[] | undefined;
  /**
   * The commits `base` lacks, mined already or under way (mineSegments(gitDir, commit, [base])),
   * when the run knew it would extend that history to this commit (RepoMemo.prefetchSegments).
   */
  minedSince?: ((base: string) => Promise<Segment[]> | undefined) | undefined;
}

/** A loaded history, with what decides whether it may be extended. */
export interface RecentHistory {
  history: MinedHistory;
  /** The .mailmap object at its commit ('' when none). */
  mailmap: string;
  signature?: string | undefined;
}

export interface LoadedHistory {
  history: MinedHistory;
  /** cached: read as it was; extended: an ancestor's history plus `mined` new commits; mined: walked whole. */
  source: 'cached' | 'extended' | 'mined';
  /** The commit whose cached history was extended. */
  base?: string;
  /** Commits mined by git in this call. */
  mined: number;
  /** Why no cached ancestor was extended, when one was looked for and none was. */
  fullMineReason?: 'no-ancestor' | 'mailmap-changed' | 'inconsistent';
  /** Signature of the cache entry the history was read from or written to; absent when none was. */
  signature?: string;
  /** The .mailmap object at the commit ('' when none); absent when the history was mined without a cache. */
  mailmap?: string;
  /** The requested searches the walk answered (see HistoryRequest.searches), by pattern. */
  searches?: Map<string, SearchEntry>;
}

/** How many cached commits are checked for being an ancestor: the most recently used ones. */
const MAX_CANDIDATES = 4;

/** The .mailmap object at a commit, '' when there is none. */
async function mailmapObject(gitDir: string, commit: string, git: GitOptions): Promise<string> {
  const out = await runGit(gitDir, [`--git-dir=${gitDir}`, 'rev-parse', '--verify', '--quiet', `${commit}:.mailmap`], git);
  return out.code === 0 ? out.stdout.trim() : '';
}

export async function loadHistory(request: HistoryRequest): Promise<LoadedHistory> {
  const { gitDir, commit, cacheDir } = request;
  const exactRenames = request.exactRenames ?? false;
  const mineOptions = {
    exactRenames,
    jobs: request.jobs ?? historyJobs(),
    git: request.git ?? {},
    ...(request.chunkCommits !== undefined && { chunkCommits: request.chunkCommits }),
  };
  const mineWhole = async (reason?: LoadedHistory['fullMineReason']): Promise<LoadedHistory> => {
    const scan = request.searches?.length ? messageScan(request.searches) : null;
    const history = await mineHistory(gitDir, commit, { ...mineOptions, scan: scan ?? undefined });
    const searches = scan?.answers();
    return {
      history,
      source: 'mined',
      mined: history.graph.shas.length,
      ...(reason && { fullMineReason: reason }),
      ...(searches?.size && { searches }),
    };
  };
  if (!cacheDir) return mineWhole();
  const known = request.recent;
  if (known?.history.commit === commit && known.signature)
    return { history: known.history, source: 'cached', mined: 0, signature: known.signature, mailmap: known.mailmap };
  const key = historyKey(gitDir, commit, exactRenames);
  const incremental = request.incremental ?? true;
  const repo = repositoryKey(gitDir, exactRenames);
  // Asked at once: each answer waits its turn behind whatever else the event loop is busy with
  // (the rules that started beside the walk), and the walk starts only after the last; asked one
  // after another, the first git of a cold rails audit started 0.3-1 s later. The cache's folder is
  // listed on a hit too: under 2 ms for a thousand entries here. The .mailmap the caller gives comes
  // from the tree it lists anyway; asking git for it waits for a miss.
  const [hit, cached, given] = await Promise.all([
    readCachedEntry(cacheDir, key),
    incremental ? cachedTips(cacheDir, HISTORY_FOLDER, repo) : [],
    request.mailmap?.(),
  ]);
  if (hit) return { history: hit.history, source: 'cached', mined: 0, signature: hit.signature, mailmap: hit.mailmap };
  const mailmap = given ?? (await mailmapObject(gitDir, commit, request.git ?? {}));

  let loaded: LoadedHistory | null = null;
  let reason: LoadedHistory['fullMineReason'];
  if (incremental) {
    const recent = request.recent?.history.commit !== commit ? request.recent : undefined;
    const tips = cached.filter((c) => c !== commit && c !== recent?.history.commit);
    const candidates = [...(recent ? [recent.history.commit] : []), ...tips].slice(0, MAX_CANDIDATES);
    const baseCommit = await firstAncestor(gitDir, candidates, commit, request.git ?? {});
    const base = !baseCommit
      ? null
      : baseCommit === recent?.history.commit
        ? recent
        : await readCachedEntry(cacheDir, `${repo}-${baseCommit}`);
    if (!base) reason = 'no-ancestor';
    else if (base.mailmap !== mailmap) reason = 'mailmap-changed';
    else {
      try {
        const history = await extendHistory(gitDir, base.history, commit, mineOptions, request.minedSince?.(baseCommit!));
        loaded = { history, source: 'extended', base: baseCommit!, mined: history.graph.shas.length - base.history.graph.shas.length };
      } catch (error) {
        if (!(error instanceof InconsistentHistory)) throw error;
        reason = 'inconsistent';
      }
    }
  }
  loaded ??= await mineWhole(reason);
  if (request.write === false) return { ...loaded, mailmap };
  // A cache that cannot be written (read-only home, full disk) only costs speed next time.
  const signature = await writeCachedHistory(cacheDir, key, loaded.history, mailmap).catch(() => undefined);
  await pruneAfterWrite(cacheDir, request.maxCacheBytes).catch(() => undefined);
  return signature ? { ...loaded, signature, mailmap } : { ...loaded, mailmap };
}
