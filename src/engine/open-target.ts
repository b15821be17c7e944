import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RepositoryNotFound } from '../errors.ts';
import { type LocalRepo, openLocalRepo, type ForgeFacts } from '../sources/local.ts';
import { openRemoteRepo, type RemoteRepo } from '../sources/remote.ts';
import type { ForgeRepository } from '../forge/types.ts';
import { forgeDataAt } from '../forge/dated.ts';
import type { RepoMemo } from '../sources/repo-memo.ts';
import type { AuditTarget, ForgeRun, ForgeTarget } from './forges.ts';

export interface OpenSettings {
  /** Folder that relative targets are resolved against. */
  cwd: string;
  ref?: string | undefined;
  maxFileBytes?: number | undefined;
  /** Folder of the cache (clones, history), or null for none. */
  cacheDir: string | null;
  /** git processes that mine one repository's history at once. */
  historyJobs?: number | undefined;
  cloneTimeoutMs?: number | undefined;
  forges: ForgeRun;
  /** The audit's reference time: refs are seen as they could be known then (all refs when absent). */
  now?: Date | undefined;
  /**
   * Set when the forge's data (today's) cannot stand for the reference time: why, e.g. "forge data
   * is not dated back to 2026-01-15". Rules that need the forge are then skipped with it.
   */
  forgeUndated?: string | undefined;
  /**
   * The time the forge's data describes: when it was read (default: the reference time). With a
   * reference time before it, rules see the data as it could be known then (src/forge/dated.ts).
   */
  forgeAsOf?: Date | undefined;
  /** Answers from earlier opens of the same repositories in this run (trend's points): git is asked once. */
  repoMemo?: RepoMemo | undefined;
}

interface CloneExtras {
  env?: Record<string, string> | undefined;
  forge?: Promise<ForgeFacts | null> | undefined;
}

/** A clone in the cache; without a cache, in a temporary folder that goes when the repository is closed. */
async function cloneAndOpen(url: string, settings: OpenSettings, extras: CloneExtras = {}): Promise<RemoteRepo> {
  const remote = {
    ref: settings.ref,
    maxFileBytes: settings.maxFileBytes,
    cacheDir: settings.cacheDir,
    historyJobs: settings.historyJobs,
    asOf: settings.now,
    timeoutMs: settings.cloneTimeoutMs,
    memo: settings.repoMemo,
    ...extras,
  };
  if (settings.cacheDir) return openRemoteRepo(url, { ...remote, cacheDir: settings.cacheDir });
  const temp = await mkdtemp(join(tmpdir(), 'blueprint-clone-'));
  try {
    const repo = await openRemoteRepo(url, { ...remote, cacheDir: temp });
    const close = () => {
      repo.close();
      void rm(temp, { recursive: true, force: true });
    };
    return { ...repo, close };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A forge's repository at a past reference time: the clone alone, as a plain git URL's would be,
 * since the forge's data (protection, people, the newest pull requests) is today's. Rules that
 * need the forge are skipped with the reason; the others judge from git.
 */
async function openUndated(
  repository: ForgeRepository,
  forge: ForgeTarget['forge'],
  settings: OpenSettings,
  reason: string,
): Promise<RemoteRepo> {
  repository.data.catch(() => undefined);
  const repo = await cloneAndOpen(repository.cloneUrl, settings, { env: repository.gitEnv });
  repo.notes.push(...repository.notes, `${capitalise(reason)}: rules that use it were judged from git alone.`);
  for (const capability of forge.capabilities) repo.limits[capability] = `${reason}, so it was not used`;
  return repo;
}

/** The note of an audit whose forge data is cut back to its reference time. */
function pastNote(date: Date, readAt: Date): string {
  const [at, read] = [date, readAt].map((d) => d.toISOString().slice(0, 10));
  return `Forge data as it could be known at ${at}, from data read ${read}: pull requests, releases, deployments and issues are those that existed then; branch protection, collaborators and teams have no past, so rules that need them were skipped.`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A forge's repository: its clone and the forge's data, read at once (neither waits for the other). */
async function openForgeRepo(target: ForgeTarget, settings: OpenSettings): Promise<RemoteRepo> {
  const { forge, repo: name } = target;
  const repository = settings.forges.connection(forge).open(name);
  if (settings.forgeUndated) return openUndated(repository, forge, settings, settings.forgeUndated);
  const forgeData = repository.data.then(
    (data) => ({ data, error: null }),
    (error: unknown) => ({ data: null, error }),
  );
  const past = settings.now && settings.forgeAsOf && settings.now.getTime() < settings.forgeAsOf.getTime() ? settings.now : null;
  const facts = forgeData.then(
    ({ data }): ForgeFacts | null =>
      data && { data: past ? forgeDataAt(data, past, settings.forgeAsOf!) : data, capabilities: forge.capabilities },
  );
  const [read, cloned] = await Promise.all([
    forgeData,
    cloneAndOpen(repository.cloneUrl, settings, { env: repository.gitEnv, forge: facts }).then(
      (repo) => ({ repo, error: null }),
      (error: unknown) => ({ repo: null, error }),
    ),
  ]);
  // A repository the forge cannot find either: say what the forge said, which is the clearer message.
  if (!cloned.repo) throw read.error instanceof RepositoryNotFound ? read.error : cloned.error;
  const repo = cloned.repo;
  repo.notes.push(...repository.notes);
  if (past && read.data) repo.notes.push(pastNote(past, settings.forgeAsOf!));
  if (!read.data) {
    const { note, limit } = repository.unavailable(read.error);
    repo.notes.push(note);
    // A verdict without the forge's half of the evidence is not the whole audit.
    for (const capability of forge.capabilities) repo.limits[capability] = limit;
  }
  return repo;
}

/** Opens a target: a local folder as it is, a remote one through a clone in the cache. */
export async function openTarget(target: AuditTarget, settings: OpenSettings): Promise<LocalRepo | RemoteRepo> {
  if (target.kind === 'local') {
    return openLocalRepo(resolve(settings.cwd, target.input), {
      ref: settings.ref,
      maxFileBytes: settings.maxFileBytes,
      cacheDir: settings.cacheDir,
      historyJobs: settings.historyJobs,
      asOf: settings.now,
      memo: settings.repoMemo,
    });
  }
  if (target.kind === 'git') return cloneAndOpen(target.url, settings);
  return openForgeRepo(target, settings);
}
