import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.ts';
import type { BaselineComparison, Regression, RepoReport, Report } from '../types.ts';
import { dict } from '../util/dict.ts';
import { round } from '../util/time.ts';
import { checkReport } from './report-schema.ts';

const WRITE_ONE = 'pass a report written by `blueprint audit --format json` (docs/report.schema.json describes it)';

/**
 * Fills in what reports written before a field existed lack, so they still load: an audited
 * repository without `complete` comes from before incompleteness was recorded, and counts as
 * complete; one that could not be audited is not, as the audit now says of such a row.
 * Only objects are touched; anything else is left for the schema to reject.
 */
function upgrade(data: Record<string, unknown> & { repos: unknown[] }): void {
  let incomplete = 0;
  for (const repo of data.repos) {
    if (!isObject(repo)) continue;
    if (repo.complete === undefined) {
      repo.complete = repo.status !== 'error';
      repo.incomplete ??= repo.status === 'error' ? ['the repository could not be audited'] : [];
    }
    repo.incomplete ??= [];
    if (repo.status === 'ok' && repo.complete === false) incomplete++;
  }
  if (isObject(data.summary)) data.summary.incomplete ??= incomplete;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a report written by `blueprint audit --format json` (a baseline, a shard to merge, a
 * saved audit to plan from) and checks it against docs/report.schema.json: a file that does not
 * match is a ConfigError naming the first problem, never a crash further on.
 */
export async function loadBaseline(file: string, what = 'baseline'): Promise<Report> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `cannot read ${what}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(code)}`,
      'write one with `blueprint audit --format json --output <file>`',
      file,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${what} is not valid JSON: ${(error as Error).message}`, WRITE_ONE, file);
  }
  // A trend has repos too, so the schema alone would name some field of it: say what it is instead.
  if (isObject(data) && Array.isArray(data.repos) && 'since' in data && 'until' in data && 'every' in data) {
    throw new ConfigError(
      `${what} is a trend (written by \`blueprint trend\`), not an audit report`,
      `${WRITE_ONE}; a trend's newest point is the audit of its last date, so \`blueprint audit --format json --output <file>\` writes the report it holds`,
      file,
    );
  }
  if (!isObject(data) || data.schemaVersion !== 1 || !Array.isArray(data.repos)) {
    const version =
      isObject(data) && typeof data.schemaVersion === 'number' && data.schemaVersion !== 1
        ? ` (it has schemaVersion ${data.schemaVersion})`
        : '';
    throw new ConfigError(`${what} is not a blueprint report (schemaVersion 1 with repos)${version}`, WRITE_ONE, file);
  }
  upgrade(data as Record<string, unknown> & { repos: unknown[] });
  const problem = await checkReport(data);
  if (problem) {
    throw new ConfigError(
      `${what} is not a blueprint report: at ${problem.path}, ${problem.message}`,
      `${WRITE_ONE}; if it was edited by hand, fix that value or record the report again`,
      file,
    );
  }
  return data as unknown as Report;
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
  const rules: BaselineComparison['rules'] = dict();
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
