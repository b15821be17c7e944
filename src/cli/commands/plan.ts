import { UsageError } from '../../errors.ts';
import { planExitCode } from '../../exit-codes.ts';
import type { Pillar, Report } from '../../types.ts';
import type { AuditFlags } from '../audit-flags.ts';
import { writeOutput } from '../output.ts';
import { performAudit } from '../perform-audit.ts';
import type { CommandRun } from './command.ts';

export interface PlanFlags extends AuditFlags {
  from?: string;
  pillar?: Pillar;
  output?: string;
}

/** `blueprint plan`: the operational blueprint (Markdown) from a fresh audit or a saved JSON report. */
export const plan: CommandRun<string[], PlanFlags> = async (targets, flags, io) => {
  const [{ renderPlan }, { resolve }] = await Promise.all([import('../../plan/render.ts'), import('node:path')]);
  let report: Report;
  if (flags.from) {
    if (targets.length || flags.org)
      throw new UsageError('--from reads a saved report; it takes no repositories', 'drop the repositories, or drop --from to audit them');
    const { mergeReports } = await import('../../engine/merge.ts');
    report = await mergeReports([resolve(io.cwd, flags.from)]);
  } else {
    report = await performAudit(targets, { ...flags, quiet: true }, io);
  }
  const text = renderPlan(report, { now: flags.now ?? new Date(), ...(flags.pillar && { pillar: flags.pillar }) });
  if (flags.output) {
    await writeOutput(io, flags.output, text, 'the plan');
    io.stderr.write(`Plan written to ${flags.output}\n`);
  } else {
    io.stdout.write(text);
  }
  return planExitCode(report);
};
