import { exitCodeFor } from '../../exit-codes.ts';
import type { OutputFlags } from '../audit-flags.ts';
import { emit } from '../output.ts';
import type { CommandRun } from './command.ts';

/** `blueprint merge <reports...>`: combine JSON reports (shards of one audit) into one report. */
export const merge: CommandRun<string[], OutputFlags> = async (files, flags, io) => {
  const [{ mergeReports }, { resolve }] = await Promise.all([import('../../engine/merge.ts'), import('node:path')]);
  const report = await mergeReports(files.map((f) => resolve(io.cwd, f)));
  await emit(report, flags, io);
  return exitCodeFor(report);
};
