/**
 * Opens the places a blueprint's `records:` names: another repository (a path, a git URL, a
 * forge's repository, `<forge>:owner/name`) or a wiki, through the same local and
 * blobless-clone sources as any target (same read caps, no symlinks out, no hooks, enforced clone
 * config), and a forge's issues or discussions. Forges are reached through the run's connections
 * alone: this folder names none.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BlueprintError } from '../errors.ts';
import type { ForgeOptions } from '../forge/registry.ts';
import { type Forge, type ForgeConnection, type ForgeRepoName, forgeTarget, type GitAccess } from '../forge/types.ts';
import { openLocalRepo } from '../sources/local.ts';
import type { OpenedRepo } from '../sources/repo.ts';
import { openRemoteRepo } from '../sources/remote.ts';
import { redactSecrets, redactUrl } from '../sources/targets.ts';
import { parseRecordTarget as parseTarget, type RecordTarget as Target } from './target.ts';
import type { RepoView } from '../types.ts';
import type { RecordSourceSpec } from './practices.ts';

/** What record sources need of the run's forges (the engine's ForgeRun): the connections the audit itself uses. */
export interface RecordForges {
  /** Every forge the run knows, in the order a `repo:` is offered to them. */
  readonly forges: readonly Forge<ForgeOptions>[];
  /** The forge that lists the run's organisation, when there is one. */
  readonly organisations: Forge<ForgeOptions> | null;
  /** The run's connection to a forge, made on first use: a run that names no forge source never loads a forge's client. */
  connect(forge: Forge<ForgeOptions>): Promise<ForgeConnection>;
  /** Values no message may carry (the connected forges' tokens). */
  readonly secrets: readonly string[];
}

export interface SourceEnvironment {
  maxFileBytes?: number | undefined;
  cloneTimeoutMs?: number | undefined;
  /** Folder of the clone cache, or null to clone into temporary folders removed at the end. */
  cacheDir: string | null;
  forges: RecordForges;
}

/** An opened tree (a handbook repository or a wiki). */
export interface OpenedTree {
  view: RepoView;
  close(): void;
}

/** Where a source is, resolved against the audited target, or why it cannot be opened. */
export type Located =
  | { kind: 'tree'; key: string; open: () => Promise<OpenedTree> }
  | { kind: 'forge'; key: string; forge: Forge<ForgeOptions>; repo: ForgeRepoName }
  | { kind: 'unavailable'; why: string };

type ForgeRepoTarget = Extract<Target, { kind: 'forge' }>;

async function clone(access: GitAccess, env: SourceEnvironment): Promise<OpenedRepo> {
  const url = access.cloneUrl;
  const options = { maxFileBytes: env.maxFileBytes, timeoutMs: env.cloneTimeoutMs, env: access.gitEnv };
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

const cloned = (access: GitAccess, env: SourceEnvironment): Located => tree(`git:${access.cloneUrl}`, () => clone(access, env));

/** How git reaches a forge's repository: through the run's connection to that forge, with its credentials. */
async function forgeClone(target: ForgeRepoTarget, env: SourceEnvironment): Promise<GitAccess> {
  return (await env.forges.connect(target.forge)).clone(target.repo);
}

/** How a message names the repositories of some forges: "<id>:owner/name". */
const forgeSyntax = (forges: readonly Forge<ForgeOptions>[]) => forges.map((f) => `${f.id}:owner/name`).join(' or ');

/** The host of a git URL (scheme://[user@]host[:port]/… or user@host:…), lower case, or null. */
export function hostOf(url: string): string | null {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@]*@)?([^/?#]+)/i.exec(url);
  if (scheme) return scheme[1]!.toLowerCase();
  const scp = /^[\w.+-]+@([\w.-]+):/.exec(url);
  return scp ? scp[1]!.toLowerCase() : null;
}

async function hostOfTarget(target: Target, env: SourceEnvironment): Promise<string | null> {
  if (target.kind === 'forge') return hostOf((await forgeClone(target, env)).cloneUrl);
  return target.kind === 'git' ? hostOf(target.url) : null;
}

/**
 * A repository named in a blueprint. Paths on this machine (and file:// URLs) are opened only for
 * a blueprint that is itself a file here: one read from a clone's history is the remote
 * repository's word, and may not point the audit at the auditor's disk.
 */
async function locateRepository(spec: string, dir: string | null, env: SourceEnvironment, audited: Target | null): Promise<Located> {
  let target: Target;
  try {
    target = parseTarget(spec, env.forges.forges);
  } catch (error) {
    return { kind: 'unavailable', why: error instanceof Error ? error.message : String(error) };
  }
  // A blueprint read from a clone is the remote repository's word: it may point at its own host
  // (a handbook beside it), never make the audit fetch from anywhere else with the user's credentials.
  if (dir === null && target.kind !== 'local') {
    const own = audited && (await hostOfTarget(audited, env));
    const theirs = own ? await hostOfTarget(target, env) : null;
    if (!own || own !== theirs)
      return {
        kind: 'unavailable',
        why: `${redactUrl(spec)} is on another host than the audited repository, and the blueprint naming it was read from a repository's history; name it in a blueprint of your own (--config) to read it`,
      };
  }
  if (target.kind === 'forge') return cloned(await forgeClone(target, env), env);
  const local = target.kind === 'local' || /^file:/i.test(target.url);
  if (local && dir === null)
    return {
      kind: 'unavailable',
      why: `${redactUrl(spec)} is a path on this machine, named by a blueprint read from a repository's history; such paths are not opened (give a git URL or ${forgeSyntax(env.forges.forges)})`,
    };
  if (target.kind === 'git') return cloned({ cloneUrl: target.url }, env);
  const path = resolve(dir!, spec);
  return tree(`path:${path}`, () => openLocalRepo(path, { maxFileBytes: env.maxFileBytes, cacheDir: env.cacheDir }));
}

const LOCAL_WIKI = "the wiki of a repository on this machine is not known; give the wiki's URL (wiki: https://host/owner/name.wiki.git)";

/** The wiki of a target: its forge's, or for a git URL, beside the repository (<name>.wiki.git) as most hosts keep one. */
async function wikiOf(target: Target, env: SourceEnvironment): Promise<GitAccess | string> {
  if (target.kind === 'git') return { cloneUrl: target.url.replace(/\/+$/, '').replace(/(\.git)?$/, '.wiki.git') };
  if (target.kind === 'forge') {
    const wiki = (await env.forges.connect(target.forge)).wiki?.(target.repo);
    return wiki ?? `${target.forge.title} keeps no wiki as git; give the wiki's URL (wiki: https://host/owner/name.wiki.git)`;
  }
  return LOCAL_WIKI;
}

/** Why a forge's issues (or discussions) cannot be read for a target: the forges that keep them, and how to name one. */
function notListed(kind: 'issues' | 'discussions', env: SourceEnvironment): string {
  const serving = env.forges.forges.filter((f) => f.recordKinds?.includes(kind));
  if (!serving.length) return `${kind} cannot be read from any forge blueprint knows`;
  const syntax = forgeSyntax(serving);
  return `${kind} are read from ${serving.map((f) => f.title).join(' or ')}: audit the repository as ${syntax}, or give ${kind}.repo: ${syntax}`;
}

/**
 * Where one source of a target's records is. `target` is the audited repository (the organisation's
 * own repository at organisation level). Rejects when the forge it is on cannot be connected.
 */
export async function locateSource(
  source: Exclude<RecordSourceSpec, { kind: 'self' }>,
  target: Target | null,
  dir: string | null,
  env: SourceEnvironment,
): Promise<Located> {
  if (source.kind === 'repo') return locateRepository(source.repo, dir, env, target);
  if (source.kind === 'wiki') {
    if (source.url !== null) return locateRepository(source.url, dir, env, target);
    const wiki = target ? await wikiOf(target, env) : LOCAL_WIKI;
    return typeof wiki === 'string' ? { kind: 'unavailable', why: wiki } : cloned(wiki, env);
  }
  let forge: Target | null = target;
  if (source.repo !== null) {
    try {
      forge = parseTarget(source.repo, env.forges.forges);
    } catch (error) {
      return { kind: 'unavailable', why: error instanceof Error ? error.message : String(error) };
    }
  }
  if (forge?.kind !== 'forge' || !forge.forge.recordKinds?.includes(source.kind))
    return { kind: 'unavailable', why: notListed(source.kind, env) };
  return {
    kind: 'forge',
    key: `${source.kind}:${forgeTarget(forge.forge, forge.repo)}`.toLowerCase(),
    forge: forge.forge,
    repo: forge.repo,
  };
}

/** A source's failure in one line, without secrets. */
export function sourceFailure(error: unknown, secrets: readonly string[]): string {
  const message =
    error instanceof BlueprintError && error.hint
      ? `${error.message} (${error.hint})`
      : error instanceof Error
        ? error.message
        : String(error);
  return redactSecrets(message.split('\n')[0]!, ...secrets);
}
