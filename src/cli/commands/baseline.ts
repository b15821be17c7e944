import { baselineExitCode } from '../../exit-codes.ts';
import type { AuditFlags, OutputFlags } from '../audit-flags.ts';
import { checkOutputs, emit } from '../output.ts';
import { performAudit } from '../perform-audit.ts';
import type { CommandRun } from './command.ts';

/** `blueprint baseline [targets...]`: record the audit as JSON for later `--baseline` comparisons. */
export const baseline: CommandRun<string[], AuditFlags & Omit<OutputFlags, 'format'> & { output: string }> = async (targets, flags, io) => {
  await checkOutputs({ ...flags, format: ['json'] }, io);
  const report = await performAudit(targets, { ...flags, tolerance: 0 }, io);
  await emit(report, { ...flags, format: ['json'] }, io);
  if (!flags.quiet) io.stderr.write(`Baseline recorded: compare later audits with --baseline ${flags.output}\n`);
  return baselineExitCode(report);
};
