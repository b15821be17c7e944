import { ConfigError } from '../errors.ts';
import type { Report } from '../types.ts';
import { loadBaseline } from './baseline.ts';
import { assembleReport } from './summary.ts';

/**
 * Combines reports (for example the shards of one organisation audit) into one. Every report
 * must come from the same reference time (`--now`), or ages would not compare.
 */
export async function mergeReports(files: readonly string[]): Promise<Report> {
  const reports = await Promise.all(files.map((file) => loadBaseline(file, 'report')));
  const times = new Set(reports.map((r) => r.generatedAt));
  if (times.size > 1) {
    throw new ConfigError(
      `the reports were made at different reference times (${[...times].join(', ')})`,
      'run every shard with the same --now',
    );
  }
  const byTarget = new Map<string, Report['repos'][number]>();
  for (const report of reports) for (const repo of report.repos) byTarget.set(repo.target, repo);
  return assembleReport([...byTarget.values()], new Date(reports[0]!.generatedAt));
}
