import { TOOL_NAME, VERSION } from '../package-info.ts';
import { PILLARS, type Pillar, type RepoReport, type Report, type RuleStatus } from '../types.ts';
import { dict } from '../util/dict.ts';
import { round } from '../util/time.ts';
import { keyPeople } from './key-people.ts';
import { nameFromTarget } from './repo-name.ts';

const mean = (values: readonly number[]): number | null =>
  values.length ? round(values.reduce((a, b) => a + b, 0) / values.length, 1) : null;

/** Audited repositories, lowest score first (ties by target), then those that could not be audited. */
export function worstFirst(repos: readonly RepoReport[]): RepoReport[] {
  return [...repos].sort((a, b) => {
    if (a.status !== b.status) return a.status === 'error' ? 1 : -1;
    return (a.score ?? -1) - (b.score ?? -1) || (a.target < b.target ? -1 : a.target > b.target ? 1 : 0);
  });
}

/** The whole report around per-repository results: used by `audit` and by `merge`. */
export function assembleReport(given: RepoReport[], now: Date): Report {
  // Repositories that could not be audited, and those of reports made before names, are named from the target.
  const repos = given.map((r) => {
    if (r.name) return r;
    const { target, ...rest } = r;
    return { target, name: nameFromTarget(target, r.path), ...rest };
  });
  const audited = repos.filter((r) => r.status === 'ok');
  const sources = new Set(repos.map((r) => r.blueprint.source));
  // Keyed by rule ids read from report files too: no prototype, so "__proto__" is only a key.
  const rules: Report['summary']['rules'] = dict();
  for (const repo of audited) {
    for (const rule of repo.rules) {
      const counts = (rules[rule.id] ??= { pass: 0, warn: 0, fail: 0, skip: 0, error: 0, total: 0 });
      counts[rule.status satisfies RuleStatus]++;
      counts.total++;
    }
  }
  const pillars = Object.fromEntries(
    PILLARS.map((p) => [p, mean(audited.map((r) => r.pillars[p].score).filter((s): s is number => s !== null))]),
  ) as Record<Pillar, number | null>;
  return {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: VERSION },
    generatedAt: now.toISOString(),
    blueprint: { source: sources.size === 1 ? [...sources][0]! : 'per-repository' },
    repos,
    summary: {
      repos: repos.length,
      audited: audited.length,
      errors: repos.length - audited.length,
      // Reports written before `complete` existed count as complete.
      incomplete: audited.filter((r) => r.complete === false).length,
      score: mean(audited.map((r) => r.score).filter((s): s is number => s !== null)),
      passed: audited.every((r) => r.gate.passed),
      pillars,
      ranking: worstFirst(repos).map((r) => ({
        target: r.target,
        name: r.name,
        status: r.status,
        score: r.score,
        pillars: Object.fromEntries(PILLARS.map((p) => [p, r.pillars[p].score])) as Record<Pillar, number | null>,
        error: r.error,
      })),
      rules,
      keyPeople: keyPeople(audited),
    },
  };
}
