import { exitCodeFor } from '../../exit-codes.ts';
import type { AuditFlags, OutputFlags } from '../audit-flags.ts';
import type { CommandRun } from './command.ts';
import { checkOutputs, emit } from '../output.ts';
import { performAudit } from '../perform-audit.ts';

export type AuditCommandFlags = AuditFlags & OutputFlags;

/** `blueprint audit [targets...]`: audit, print or write the report, exit with what the gates say. */
export const audit: CommandRun<string[], AuditCommandFlags> = async (targets, flags, io) => {
  await checkOutputs(flags, io);
  const report = await performAudit(targets, flags, io);
  await emit(report, flags, io);
  return exitCodeFor(report);
};
