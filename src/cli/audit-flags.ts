import type { AuditOptions } from '../engine/audit.ts';
import type { Format } from '../reporters/formats.ts';

/** The flags of every command that writes a report. */
export interface OutputFlags {
  format: Format[];
  output?: string;
  outputDir?: string;
  summary?: boolean;
  quiet?: boolean;
  color: boolean;
}

/**
 * Audit flags that are audit options under the same name and in the same unit (commander's
 * attribute names are chosen so: `--rule` sets `rules`, `--topic` sets `topics`, `--clone-timeout`
 * in seconds sets `cloneTimeoutMs`), so they pass through without renaming.
 */
export const PASSED_THROUGH = [
  'config',
  'now',
  'forgeAsOf',
  'ref',
  'rules',
  'failUnder',
  'baseline',
  'tolerance',
  'cache',
  'concurrency',
  'historyJobs',
  'github',
  'cloneTimeoutMs',
  'org',
  'include',
  'exclude',
  'topics',
  'includeArchived',
  'includeForks',
  'githubUrl',
] as const satisfies readonly (keyof AuditOptions)[];

type PassedThrough = (typeof PASSED_THROUGH)[number];

/** The flags of `audit`, `baseline` and `plan`. */
export interface AuditFlags extends Pick<AuditOptions, PassedThrough>, Partial<OutputFlags> {
  /** Targets to add, read from this file: not an option of the audit, which takes the list. */
  reposFile?: string;
  /** `i/n`, parsed when the audit starts. */
  shard?: string;
  quiet?: boolean;
  debug?: boolean;
}

/** The flags that are audit options, copied as they are (an absent flag leaves the option's default). */
export function passedThrough(flags: AuditFlags): Pick<AuditOptions, PassedThrough> {
  const options: Pick<AuditOptions, PassedThrough> = {};
  for (const key of PASSED_THROUGH) if (flags[key] !== undefined) Object.assign(options, { [key]: flags[key] });
  return options;
}
