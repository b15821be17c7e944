import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Shard, shardTargets } from '../engine/target-list.ts';
import type { TrendShard } from './types.ts';

/**
 * One shard's slice of the whole trend's targets, and what its JSON records so that
 * `blueprint merge` can put the shards back together as one run: each repository's place among
 * all the targets (a single run keeps the order it was given, then the organisation's by name),
 * how many there are, and the blueprint every point was audited against.
 */
export async function sliceForShard(
  all: readonly string[],
  shard: Shard,
  options: { config?: string | undefined; rules?: readonly string[] | undefined; cwd: string },
): Promise<{ targets: string[]; record: TrendShard }> {
  const targets = shardTargets(all, shard);
  // shardTargets keeps the order, so each target is found after the one before (a target given twice is two places).
  let next = 0;
  const positions = targets.map((target) => {
    const at = all.indexOf(target, next);
    next = at + 1;
    return at;
  });
  return {
    targets,
    record: {
      index: shard.index,
      count: shard.count,
      total: all.length,
      positions,
      blueprint: {
        config: options.config ?? null,
        digest: options.config ? await digestOf(resolve(options.cwd, options.config)) : null,
        rules: options.rules?.length ? [...new Set(options.rules)].sort() : null,
      },
    },
  };
}

/** The file's sha256, or null when it cannot be read (each point's audit then says why). */
async function digestOf(file: string): Promise<string | null> {
  try {
    return `sha256:${createHash('sha256')
      .update(await readFile(file))
      .digest('hex')}`;
  } catch {
    return null;
  }
}
