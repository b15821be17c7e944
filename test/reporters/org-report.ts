import { compareWithBaseline } from '../../src/engine/baseline.ts';
import { aggregate, pillarScores, ruleStatus } from '../../src/engine/score.ts';
import { assembleReport } from '../../src/engine/summary.ts';
import type { Finding, RepoReport, Report } from '../../src/index.ts';

/** Stale branches each generated repository has, as branch-lifetime would report them once it gives every finding a code. */
export const STALE_BRANCHES = 120;

/**
 * An organisation of `count` repositories made from the fixture report's audited ones: scores
 * spread over the whole range, a flood of stale branches each, committed state files, a baseline
 * for every tenth repository and a few that could not be audited. Deterministic (no random).
 */
export function orgReport(fixture: Report, count: number): Report {
  const templates = fixture.repos.filter((r) => r.status === 'ok');
  const failed = fixture.repos.find((r) => r.status === 'error')!;
  const repos: RepoReport[] = [];
  for (let i = 0; i < count; i++) {
    const name = `acme/service-${String(i).padStart(3, '0')}`;
    if (i % 97 === 96) {
      repos.push({ ...structuredClone(failed), target: `github:${name}`, name, error: 'repository not found' });
      continue;
    }
    const repo = structuredClone(templates[i % templates.length]!);
    repo.target = `github:${name}`;
    repo.name = name;
    repo.path = null;
    repo.anchor = 'README.md';
    repo.baseline = null;
    repo.gate = { failUnder: 60, passed: true, failures: [] };
    repo.rules.forEach((rule, k) => {
      if (rule.score === null) return;
      rule.score = Math.round((((i * 7 + k * 13) % 101) / 10) * 100) / 100;
      if (rule.id === 'branch-lifetime') {
        const stale: Finding[] = Array.from({ length: STALE_BRANCHES }, (_, b) => ({
          severity: 'warning',
          code: 'stale-branch',
          data: { branch: `feature/JIRA-${1000 + b}-a-rather-long-branch-name-for-the-ticket`, days: 400 - b },
          message: `Branch 'feature/JIRA-${1000 + b}-a-rather-long-branch-name-for-the-ticket' has lived ${400 - b} days without being merged (limit 2).`,
          path: null,
          line: null,
        }));
        rule.findings = [...stale, ...rule.findings];
      }
      if (rule.id === 'iac')
        for (let f = 0; f < 15; f++)
          rule.findings.push({
            severity: 'error',
            code: 'state-file',
            message: `Terraform state is committed: envs/${f}/terraform.tfstate.`,
            path: `envs/${f}/terraform.tfstate`,
            line: null,
          });
      rule.status = ruleStatus(rule.score, rule.findings, rule.severity === 'off' ? 'warn' : rule.severity);
    });
    repo.score = aggregate(repo.rules);
    repo.pillars = pillarScores(repo.rules);
    if (repo.score !== null && repo.score < 60) repo.gate.failures.push(`score ${repo.score} is below fail-under 60`);
    repos.push(repo);
  }
  // Every tenth repository against a baseline in which it scored 10/10 on every rule.
  for (const [i, repo] of repos.entries()) {
    if (i % 10 !== 0 || repo.status !== 'ok') continue;
    const before = structuredClone(repo);
    for (const rule of before.rules) if (rule.score !== null) rule.score = 10;
    before.score = 100;
    repo.baseline = compareWithBaseline({ ...fixture, repos: [before] }, repo, 2, 0);
    for (const r of repo.baseline?.regressions ?? [])
      repo.gate.failures.push(`${r.rule ?? 'overall score'} regressed from ${r.baseline} to ${r.current} (${r.delta})`);
  }
  for (const repo of repos) if (repo.status === 'ok') repo.gate.passed = repo.gate.failures.length === 0 && repo.complete;
  return assembleReport(repos, new Date(fixture.generatedAt));
}
