/**
 * Opens the places a blueprint's `records:` names: another repository (a path, a git URL,
 * github:owner/name) or a wiki, through the same local and blobless-clone sources as any target
 * (same read caps, no symlinks out, no hooks, enforced clone config), and forge issues.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Octokit } from '@octokit/rest';
import { BlueprintError } from '../errors.ts';
import type { IssueRecord } from '../github/issues.ts';
import { openLocalRepo } from '../sources/local.ts';
import type { OpenedRepo } from '../sources/repo.ts';
import { openRemoteRepo } from '../sources/remote.ts';
import { redactSecrets, redactUrl } from '../sources/targets.ts';
import { parseRecordTarget as parseTarget, type RecordTarget as Target } from './target.ts';
import type { RepoView } from '../types.ts';
import type { RecordSourceSpec } from './practices.ts';

export interface SourceEnvironment {
  maxFileBytes?: number | undefined;
  cloneTimeoutMs?: number | undefined;
  /** Folder of the clone cache, or null to clone into temporary folders removed at the end. */
  cacheDir: string | null;
  /** GitHub's web URL (https://github.com or a GHES server) and the token, for github: sources. */
  githubWebUrl: string;
  token: string | null;
  /** The API client, made on first use. */
  octokit(): Promise<Octokit>;
}

/** An opened tree (a handbook repository or a wiki). */
export interface OpenedTree {
  view: RepoView;
  close(): void;
}

/** Where a source is, resolved against the audited target, or why it cannot be opened. */
export type Located =
  | { kind: 'tree'; key: string; open: () => Promise<OpenedTree> }
  | { kind: 'forge'; key: string; owner: string; name: string }
  | { kind: 'unavailable'; why: string };

function authEnv(env: SourceEnvironment): Record<string, string> | undefined {
  if (!env.token) return undefined;
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${env.githubWebUrl}/.extraheader`,
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`x-access-token:${env.token}`).toString('base64')}`,
  };
}

async function clone(url: string, env: SourceEnvironment, auth: boolean): Promise<OpenedRepo> {
  const options = { maxFileBytes: env.maxFileBytes, timeoutMs: env.cloneTimeoutMs, env: auth ? authEnv(env) : undefined };
  if (env.cacheDir) return openRemoteRepo(url, { ...options, cacheDir: env.cacheDir });
  const temp = await mkdtemp(join(tmpdir(), 'blueprint-records-'));
  try {
    const repo = await openRemoteRepo(url, { ...options, cacheDir: temp });
    return { ...repo, close: () => (repo.close(), void rm(temp, { recursive: true, force: true })) };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

const tree = (key: string, open: () => Promise<OpenedRepo>): Located => ({
  kind: 'tree',
  key,
  open: async () => {
    const repo = await open();
    return { view: repo.view, close: () => repo.close() };
  },
});

/**
 * A repository named in a blueprint. Paths on this machine (and file:// URLs) are opened only for
 * a blueprint that is itself a file here: one read from a clone's history is the remote
 * repository's word, and may not point the audit at the auditor's disk.
 */
/** The host of a git URL (scheme://[user@]host[:port]/… or user@host:…), lower case, or null. */
export function hostOf(url: string): string | null {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@]*@)?([^/?#]+)/i.exec(url);
  if (scheme) return scheme[1]!.toLowerCase();
  const scp = /^[\w.+-]+@([\w.-]+):/.exec(url);
  return scp ? scp[1]!.toLowerCase() : null;
}

function hostOfTarget(target: Target, env: SourceEnvironment): string | null {
  if (target.kind === 'github') return hostOf(env.githubWebUrl);
  return target.kind === 'git' ? hostOf(target.url) : null;
}

function locateRepository(spec: string, dir: string | null, env: SourceEnvironment, audited: Target | null): Located {
  let target: Target;
  try {
    target = parseTarget(spec);
  } catch (error) {
    return { kind: 'unavailable', why: error instanceof Error ? error.message : String(error) };
  }
  // A blueprint read from a clone is the remote repository's word: it may point at its own host
  // (a handbook beside it), never make the audit fetch from anywhere else with the user's credentials.
  if (dir === null && target.kind !== 'local') {
    const own = audited && hostOfTarget(audited, env);
    const theirs = hostOfTarget(target, env);
    if (!own || own !== theirs)
      return {
        kind: 'unavailable',
        why: `${redactUrl(spec)} is on another host than the audited repository, and the blueprint naming it was read from a repository's history; name it in a blueprint of your own (--config) to read it`,
      };
  }
  if (target.kind === 'github') {
    const url = `${env.githubWebUrl}/${target.owner}/${target.name}.git`;
    return tree(`git:${url}`, () => clone(url, env, true));
  }
  const local = target.kind === 'local' || /^file:/i.test(target.url);
  if (local && dir === null)
    return {
      kind: 'unavailable',
      why: `${redactUrl(spec)} is a path on this machine, named by a blueprint read from a repository's history; such paths are not opened (give a git URL or github:owner/name)`,
    };
  if (target.kind === 'git') return tree(`git:${target.url}`, () => clone(target.url, env, false));
  const path = resolve(dir!, spec);
  return tree(`path:${path}`, () => openLocalRepo(path, { maxFileBytes: env.maxFileBytes, cacheDir: env.cacheDir }));
}

/** The wiki of a target: GitHub's and any host's that keeps a wiki as git, beside the repository (<name>.wiki.git). */
function wikiOf(target: Target, env: SourceEnvironment): string | null {
  if (target.kind === 'github') return `${env.githubWebUrl}/${target.owner}/${target.name}.wiki.git`;
  if (target.kind === 'git') return target.url.replace(/\/+$/, '').replace(/(\.git)?$/, '.wiki.git');
  return null;
}

/** Where one source of a target's records is. `target` is the audited repository (the organisation's `.github` at organisation level). */
export function locateSource(
  source: Exclude<RecordSourceSpec, { kind: 'self' }>,
  target: Target | null,
  dir: string | null,
  env: SourceEnvironment,
): Located {
  if (source.kind === 'repo') return locateRepository(source.repo, dir, env, target);
  if (source.kind === 'wiki') {
    if (source.url !== null) return locateRepository(source.url, dir, env, target);
    const url = target && wikiOf(target, env);
    if (!url)
      return {
        kind: 'unavailable',
        why: "the wiki of a repository on this machine is not known; give the wiki's URL (wiki: https://host/owner/name.wiki.git)",
      };
    return tree(`git:${url}`, () => clone(url, env, target?.kind === 'github'));
  }
  let forge: Target | null = target;
  if (source.repo !== null) {
    try {
      forge = parseTarget(source.repo);
    } catch (error) {
      return { kind: 'unavailable', why: error instanceof Error ? error.message : String(error) };
    }
  }
  if (forge?.kind !== 'github')
    return {
      kind: 'unavailable',
      why: `${source.kind} are read from GitHub: audit the repository as github:owner/name, or give ${source.kind}.repo: github:owner/name`,
    };
  return { kind: 'forge', key: `${source.kind}:${forge.owner}/${forge.name}`.toLowerCase(), owner: forge.owner, name: forge.name };
}

/** A source's failure in one line, without secrets. */
export function sourceFailure(error: unknown, token: string | null): string {
  const message =
    error instanceof BlueprintError && error.hint
      ? `${error.message} (${error.hint})`
      : error instanceof Error
        ? error.message
        : String(error);
  return redactSecrets(message.split('\n')[0]!, token);
}

export type IssueList = { issues: IssueRecord[]; truncated: boolean };
