import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.ts';
import type { BaselineComparison, Regression, RepoReport, Report } from '../types.ts';
import { round } from '../util/time.ts';

/** Reads a report written by `blueprint audit --format json`, to compare a new audit with. */
export async function loadBaseline(file: string, what = 'baseline'): Promise<Report> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`cannot read ${what}: ${code === 'ENOENT' ? 'no such file' : String(code)}`, 'write one with `blueprint audit --format json --output <file>`', file);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${what} is not valid JSON: ${(error as Error).message}`, 'pass a report written by `blueprint audit --format json`', file);
  }
  const report = data as Partial<Report>;
  if (report?.schemaVersion !== 1 || !Array.isArray(report.repos)) {
    throw new ConfigError(`${what} is not a blueprint report (schemaVersion 1 with repos)`, 'pass a report written by `blueprint audit --format json`', file);
  }
  return report as Report;
}

function matchBaseline(baseline: Report, repo: RepoReport, targets: number): RepoReport | null {
  const audited = baseline.repos.filter((r) => r.status === 'ok');
  const byTarget = audited.find((r) => r.target === repo.target) ?? audited.find((r) => repo.path !== null && r.path === repo.path);
  if (byTarget) return byTarget;
  // One repository against one repository: the same project audited from another folder or clone.
  return targets === 1 && audited.length === 1 ? audited[0]! : null;
}

/**
 * Compares a repository's scores with the baseline's. Rule scores are put on the 0–100 scale
 * (×10) so one tolerance, in points, means the same for the overall score and for each rule.
 */
export function compareWithBaseline(baseline: Report, repo: RepoReport, targets: number, tolerance: number): BaselineComparison | null {
  const before = matchBaseline(baseline, repo, targets);
  if (!before) return null;
  const regressions: Regression[] = [];
  const delta = (base: number | null, current: number | null) => (base === null || current === null ? null : round(current - base, 1));
  const overall = delta(before.score, repo.score);
  if (overall !== null && -overall > tolerance) {
    regressions.push({ rule: null, baseline: before.score!, current: repo.score!, delta: overall });
  }
  const rules: BaselineComparison['rules'] = {};
  for (const rule of repo.rules) {
    const old = before.rules.find((r) => r.id === rule.id);
    const base = old?.score === undefined || old.score === null ? null : round(old.score * 10, 1);
    const current = rule.score === null ? null : round(rule.score * 10, 1);
    const d = delta(base, current);
    rules[rule.id] = { baseline: base, current, delta: d };
    if (d !== null && -d > tolerance) regressions.push({ rule: rule.id, baseline: base!, current: current!, delta: d });
  }
  return { score: before.score, delta: overall, tolerance, rules, regressions };
}
