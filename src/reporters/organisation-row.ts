/**
 * The organisation row in every format but JSON (which carries `organisation` as it is): the
 * practices evaluated once for the organisation, and for each team, shown before the
 * repositories as rows of their own, so each reporter renders them as it renders a repository.
 */
import type { OrganisationReport, RepoReport, Report, RuleResult } from '../types.ts';
import { pillarScores, aggregate } from '../engine/score.ts';

function row(target: string, org: OrganisationReport, rules: RuleResult[], notes: string[]): RepoReport {
  return {
    target,
    status: 'ok',
    error: null,
    path: null,
    ref: null,
    commit: null,
    defaultBranch: null,
    blueprint: org.blueprint,
    notes,
    complete: org.complete,
    incomplete: org.incomplete,
    score: aggregate(rules),
    pillars: pillarScores(rules),
    rules,
    baseline: null,
    gate: { failUnder: null, passed: true, failures: [] },
  };
}

export function withOrganisationRow(report: Report): Report {
  const org = report.organisation;
  if (!org) return report;
  const shared = `Evaluated once for the organisation ${org.name}, from ${org.blueprint.source}; every repository's report shows these results.`;
  const rows = [
    row(`organisation:${org.name}`, org, org.rules, [shared, ...org.notes]),
    ...org.teams.map((t) =>
      row(`team:${t.name}`, org, t.rules, [
        `Evaluated once for the team ${t.name} (${t.repositories.length ? t.repositories.join(', ') : 'no repository audited'}).`,
      ]),
    ),
  ];
  return { ...report, repos: [...rows, ...report.repos] };
}
