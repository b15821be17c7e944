import type { Report } from './types.ts';

/**
 * Every exit code blueprint ends with, and the rules that pick one: the only place they are
 * defined. Usage, configuration and output errors share 2 on purpose: each means "nothing was
 * audited, or nothing written", and the README, action.yml and the Action (which publishes no
 * outputs on 2) promise that one code.
 */
export const EXIT = {
  /** The audit ran and met every gate (or the command has no gate). */
  ok: 0,
  /** The audit ran and a gate failed (`--fail-under`, a baseline regression). */
  gateFailed: 1,
  /** Bad command-line usage: nothing was audited. */
  usage: 2,
  /** A blueprint file, baseline or list of repositories that cannot be used: nothing was audited. */
  config: 2,
  /** A file blueprint was asked to write cannot or may not be written: no report was written. */
  output: 2,
  /** A bug in blueprint (reported with where to file it). */
  internal: 2,
  /** A target could not be audited, or only in part; the others were. */
  targetFailed: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** `blueprint audit` and `merge`: 3 when a target failed or is incomplete (3 wins over 1), else the gate. */
export function exitCodeFor(report: Report): 0 | 1 | 3 {
  if (report.summary.errors > 0 || report.summary.incomplete > 0) return EXIT.targetFailed;
  return report.summary.passed ? EXIT.ok : EXIT.gateFailed;
}

/** `blueprint baseline`: recording is not gating, so only a target that could not be audited fails it. */
export function baselineExitCode(report: Report): 0 | 3 {
  return exitCodeFor(report) === EXIT.targetFailed ? EXIT.targetFailed : EXIT.ok;
}

/** `blueprint plan`: a plan with nothing audited fails; a gate or a partial audit does not. */
export function planExitCode(report: Report): 0 | 3 {
  return report.summary.audited === 0 && report.summary.repos > 0 ? EXIT.targetFailed : EXIT.ok;
}
