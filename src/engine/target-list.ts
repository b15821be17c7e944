import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError, UsageError } from '../errors.ts';
import { forgeTarget, type RepoFilter } from '../forge/types.ts';
import type { ForgeRun } from './forges.ts';

/** Targets from a file: one per line; blank lines and lines starting with # are skipped. */
export async function readReposFile(file: string, cwd: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `cannot read the repository list: ${code === 'ENOENT' ? 'no such file' : String(code)}`,
      'check the path given to --repos-file',
      file,
    );
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

export interface Shard {
  index: number;
  count: number;
}

/** Reads `i/n` (1 ≤ i ≤ n). */
export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`invalid shard '${value}'`, 'write it as i/n with 1 ≤ i ≤ n, e.g. --shard 2/8');
  }
  return { index, count };
}

/**
 * The targets of one shard. A target's shard depends on its name alone (a hash), so adding or
 * removing a repository never moves the others to another shard and every shard's cache stays warm.
 */
export function shardTargets(targets: readonly string[], shard: Shard): string[] {
  return targets.filter((target) => createHash('sha1').update(target).digest().readUInt32BE(0) % shard.count === shard.index - 1);
}

export interface TargetListOptions extends RepoFilter {
  /** Audit every repository of this organisation (or user), besides the targets. */
  org?: string | undefined;
  shard?: Shard | undefined;
}

/** The options of `audit()` (and `trend()`) that pick an organisation's repositories, as listTargets reads them. */
export function targetListOptions(options: {
  org?: string | undefined;
  include?: string[] | undefined;
  exclude?: string[] | undefined;
  topics?: string[] | undefined;
  includeArchived?: boolean | undefined;
  includeForks?: boolean | undefined;
  shard?: Shard | undefined;
}): TargetListOptions {
  return {
    org: options.org,
    include: options.include,
    exclude: options.exclude,
    topics: options.topics,
    archived: options.includeArchived,
    forks: options.includeForks,
    shard: options.shard,
  };
}

/**
 * The targets a run audits: those it was given, then the organisation's repositories (as
 * `<forge>:owner/name`, sorted by name), then only the shard's slice of them all.
 */
export async function listTargets(targets: readonly string[], options: TargetListOptions, forges: ForgeRun): Promise<string[]> {
  let all = [...targets];
  if (options.org && forges.organisations) {
    const forge = forges.organisations;
    const listed = await forges.connection(forge).listOrganisation(options.org, options);
    all = [...all, ...listed.map((repo) => forgeTarget(forge, repo))];
  }
  return options.shard ? shardTargets(all, options.shard) : all;
}
