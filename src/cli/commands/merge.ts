import { OutputError, UsageError } from '../../errors.ts';
import { exitCodeFor } from '../../exit-codes.ts';
import { TREND_FORMATS, type TrendFormat } from '../../trend/formats.ts';
import type { TrendReport } from '../../trend/types.ts';
import type { OutputFlags } from '../audit-flags.ts';
import type { CliIO } from '../io.ts';
import { emit } from '../output.ts';
import type { CommandRun } from './command.ts';

/** `blueprint merge <reports...>`: combine JSON reports (the shards of one audit, or of one trend) into one. */
export const merge: CommandRun<string[], OutputFlags> = async (files, flags, io) => {
  const [{ mergeFiles }, { resolve }] = await Promise.all([import('../../engine/merge.ts'), import('node:path')]);
  const merged = await mergeFiles(files.map((name) => ({ path: resolve(io.cwd, name), name })));
  if (merged.kind === 'audit') {
    await emit(merged.report, flags, io);
    return exitCodeFor(merged.report);
  }
  const others = flags.format.filter((f) => !(TREND_FORMATS as readonly string[]).includes(f));
  if (others.length) {
    throw new UsageError(
      `a trend has no ${others.join(' or ')} format (SARIF and JUnit describe one audit, not a series)`,
      `pass --format with ${TREND_FORMATS.join(', ')}`,
    );
  }
  const { writeTrend, trendExitCode } = await import('./trend.ts');
  await writeTrend(merged.report, { ...flags, format: flags.format as TrendFormat[] }, io);
  if (flags.summary) await appendTrendSummary(merged.report, flags, io);
  return trendExitCode(merged.report);
};

/** --summary: the trend's Markdown appended to the GitHub job summary, as an audit's is. */
async function appendTrendSummary(report: TrendReport, flags: OutputFlags, io: CliIO): Promise<void> {
  const [{ appendFile }, { renderTrend }] = await Promise.all([import('node:fs/promises'), import('../../trend/render/index.ts')]);
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (!summaryFile) {
    if (!flags.quiet) io.stderr.write('warning: --summary: GITHUB_STEP_SUMMARY is not set, so there is no job summary to write to\n');
    return;
  }
  await appendFile(summaryFile, renderTrend('markdown', report)).catch((error: NodeJS.ErrnoException) => {
    throw new OutputError(
      summaryFile,
      `cannot append the summary (GITHUB_STEP_SUMMARY): ${error.code ?? error.message}`,
      'check the path in GITHUB_STEP_SUMMARY',
    );
  });
}
