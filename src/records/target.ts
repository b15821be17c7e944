import { type AuditTarget, readTarget } from '../engine/forges.ts';
import { FORGES, type ForgeOptions } from '../forge/registry.ts';
import type { Forge } from '../forge/types.ts';

/** What record sources need to know of a target: a folder, a git URL, or a forge's repository. */
export type RecordTarget = AuditTarget;

/**
 * A record source's `repo:` as written: a forge's `<id>:owner/name`, a git URL, or
 * a folder. No forge's shorthand applies: `owner/name` is a folder beside blueprint.yml here.
 */
export function parseRecordTarget(input: string, forges: readonly Forge<ForgeOptions>[] = FORGES): RecordTarget {
  return readTarget(input, {}, forges);
}
