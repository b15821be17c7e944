import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.ts';
import type { MergeInput } from '../trend/merge.ts';
import type { TrendReport } from '../trend/types.ts';
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

export type Merged = { kind: 'audit'; report: Report } | { kind: 'trend'; report: TrendReport };

/** What a file looks like at a glance: an audit report, a trend, or neither (unreadable, not JSON, another shape); and its JSON. */
async function peek(path: string): Promise<{ kind: 'audit' | 'trend' | null; data?: unknown }> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return { kind: null };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { kind: null, data };
  if ('summary' in data || 'blueprint' in data) return { kind: 'audit' };
  return { kind: 'since' in data || 'every' in data || 'until' in data ? 'trend' : null, data };
}

/**
 * `blueprint merge`: the shards of one audit into one report, or the shards of one trend into one
 * trend. Which, the files say; a file that is neither is checked as the others' kind, and its
 * problem named. Audit reports and trends together are refused.
 */
export async function mergeFiles(inputs: readonly MergeInput[]): Promise<Merged> {
  const peeked = [];
  for (const input of inputs) peeked.push(await peek(input.path));
  const kinds = peeked.map((p) => p.kind);
  const trend = kinds.indexOf('trend');
  if (trend < 0) return { kind: 'audit', report: await mergeReports(inputs.map((input) => input.path)) };
  const audit = kinds.indexOf('audit');
  if (audit >= 0) {
    throw new ConfigError(
      `${inputs[audit]!.name} is an audit report and ${inputs[trend]!.name} a trend: merge combines the shards of one audit, or of one trend`,
      'pass only the JSON files of `blueprint audit --shard i/n`, or only those of `blueprint trend --shard i/n`',
    );
  }
  const { mergeTrendFiles } = await import('../trend/merge.ts');
  return {
    kind: 'trend',
    report: await mergeTrendFiles(
      inputs,
      peeked.map((p) => p.data),
    ),
  };
}
