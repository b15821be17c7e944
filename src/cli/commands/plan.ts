import { UsageError } from '../../errors.ts';
import { planExitCode } from '../../exit-codes.ts';
import type { Pillar, Report } from '../../types.ts';
import type { AuditFlags } from '../audit-flags.ts';
import { checkOutputs, writeOutput } from '../output.ts';
import { performAudit } from '../perform-audit.ts';
import type { CommandRun } from './command.ts';

export interface PlanFlags extends AuditFlags {
  from?: string;
  /** false with --no-trend: leave out the movement over the last four quarters. */
  trend?: boolean;
  pillar?: Pillar;
  output?: string;
}

/** `blueprint plan`: the operational blueprint (Markdown) from a fresh audit or a saved JSON report. */
export const plan: CommandRun<string[], PlanFlags> = async (targets, flags, io) => {
  const [{ renderPlan }, { resolve }] = await Promise.all([import('../../plan/render.ts'), import('node:path')]);
  // The plan is one Markdown file: refused before the audit and the four quarters' history, not after.
  if (flags.output) await checkOutputs({ format: ['markdown'], output: flags.output }, io, 'the plan');
  let report: Report;
  if (flags.from) {
    if (targets.length || flags.org)
      throw new UsageError('--from reads a saved report; it takes no repositories', 'drop the repositories, or drop --from to audit them');
    const { mergeReports } = await import('../../engine/merge.ts');
    report = await mergeReports([resolve(io.cwd, flags.from)]);
  } else {
    report = await performAudit(targets, { ...flags, quiet: true }, io);
  }
  const now = flags.now ?? new Date();
  const movement = flags.from || flags.trend === false ? null : await quarters(targets, flags, io, now);
  const text = renderPlan(report, { now, movement, ...(flags.pillar && { pillar: flags.pillar }) });
  if (flags.output) {
    await writeOutput(io, flags.output, text, 'the plan');
    io.stderr.write(`Plan written to ${flags.output}\n`);
  } else {
    io.stdout.write(text);
  }
  return planExitCode(report);
};

/**
 * The local repositories as they stood at each of the last four quarters (five points, a year
 * apart at the ends), for the plan's movement section; null when none is a local folder. Points
 * are audited oldest first, so the history cache makes this about one more pass over history.
 */
async function quarters(targets: string[], flags: PlanFlags, io: Parameters<CommandRun<string[], PlanFlags>>[2], now: Date) {
  const [{ trend }, { parseTarget }, { defaultCacheDir }] = await Promise.all([
    import('../../trend/trend.ts'),
    import('../../sources/targets.ts'),
    import('../../history/cache.ts'),
  ]);
  const local = (targets.length ? targets : ['.']).filter((t) => parseTarget(t).kind === 'local');
  if (flags.org || !local.length) return null;
  const { BlueprintError } = await import('../../errors.ts');
  return trend({
    targets: local,
    cwd: io.cwd,
    since: '1y',
    every: 'quarter',
    until: now,
    now,
    cacheDir: defaultCacheDir(io.env),
    ...(flags.config !== undefined && { config: flags.config }),
    ...(flags.rules?.length && { rules: flags.rules }),
    ...(flags.cache === false && { cache: false }),
  }).catch((error: unknown) => {
    // The plan stands without its history: say why it is missing rather than fail the plan.
    if (!(error instanceof BlueprintError)) throw error;
    io.stderr.write(`warning: the plan leaves out the last four quarters: ${error.message}\n`);
    return null;
  });
}
