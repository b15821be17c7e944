import { createHash } from 'node:crypto';
import type { Finding, RepoReport, Report, RuleResult } from '../types.ts';
import { own } from '../util/dict.ts';
import { neutralise } from '../util/sanitize.ts';
import { isIncomplete } from './format.ts';

const INFORMATION_URI = 'https://github.com/blueprint-audit/blueprint-audit';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Finding['severity'], Level> = { error: 'error', warning: 'warning', info: 'note' };

/** A readable name that is not just the id again (SARIF keeps the two distinct). */
function ruleName(id: string): string {
  return `${id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}Practice`;
}

/**
 * Where a finding without a path shows up: the file the rule is about when the report names it,
 * else the README, so code scanning can place every alert.
 */
function defaultLocation(rule: RuleResult): string {
  const m = rule.metrics;
  const candidates = [m.path, m.codeowners, Array.isArray(m.files) ? m.files[0] : null];
  const named = candidates.find((c): c is string => typeof c === 'string' && c.length > 0);
  return named ?? 'README.md';
}

/**
 * A repository path as the relative URI SARIF wants: each segment percent-encoded, so a file
 * named with spaces, "#", "%" or control characters still points at that very file.
 */
function uriOf(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Stable across runs: rule, path and message with its numbers masked, so ages and counts changing do not churn alerts. */
export function fingerprint(target: string, ruleId: string, path: string, message: string): string {
  return createHash('sha256')
    .update(`${target}\0${ruleId}\0${path}\0${message.replace(/\d+(\.\d+)?/g, '#')}`)
    .digest('hex');
}

function resultsOf(repo: RepoReport, ruleIndex: Map<string, number>) {
  const results: unknown[] = [];
  for (const rule of repo.rules) {
    if (rule.status !== 'fail' && rule.status !== 'warn') continue;
    const findings: Finding[] = rule.findings.length
      ? rule.findings
      : [
          {
            severity: rule.status === 'fail' ? 'error' : 'warning',
            message: `Scored ${rule.score ?? 0}/10. ${rule.remediation}`,
            path: null,
            line: null,
          },
        ];
    for (const finding of findings) {
      const path = finding.path ?? defaultLocation(rule);
      // A failing rule's warnings are still what makes it fail: report them at the rule's level or above.
      const level: Level = rule.status === 'warn' && finding.severity === 'error' ? 'warning' : LEVEL[finding.severity];
      results.push({
        ruleId: rule.id,
        ruleIndex: ruleIndex.get(rule.id),
        level,
        // Messages are shown as text by code scanning and editors: control and bidi characters as escapes.
        message: { text: neutralise(finding.message) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: uriOf(path), uriBaseId: SRCROOT },
              // A finding about a whole file is shown at its top.
              region: { startLine: finding.line ?? 1 },
            },
          },
        ],
        partialFingerprints: { 'blueprintFinding/v1': fingerprint(repo.target, rule.id, path, finding.message) },
        properties: {
          pillar: rule.pillar,
          score: rule.score,
          status: rule.status,
          baselineDelta: own(repo.baseline?.rules, rule.id)?.delta ?? null,
        },
      });
    }
  }
  return results;
}

/**
 * The invocation of a run. An incomplete audit keeps `executionSuccessful: true`, because code
 * scanning treats false as an "unsuccessful execution": it rejects the upload's results and the
 * upload step fails, which would hide every finding the audit did make. The gap is told instead
 * where SARIF puts conditions of the tool's own run, one error-level notification per reason,
 * and in the run's properties (`complete`, `incomplete`).
 */
function invocation(repo: RepoReport, endTimeUtc: string) {
  if (!isIncomplete(repo)) return { executionSuccessful: true, endTimeUtc };
  const reasons = repo.incomplete?.length ? repo.incomplete : ['the audit could not see everything it needed'];
  return {
    executionSuccessful: true,
    endTimeUtc,
    toolExecutionNotifications: reasons.map((reason) => ({ level: 'error', message: { text: neutralise(`Incomplete audit: ${reason}`) } })),
  };
}

/** SARIF 2.1.0 for GitHub code scanning: one run per audited repository. */
export function renderSarif(report: Report): string {
  const audited = report.repos.filter((r) => r.status === 'ok');
  const runs = audited.map((repo) => {
    const rules = repo.rules.map((rule) => ({
      id: rule.id,
      name: ruleName(rule.id),
      shortDescription: { text: `${rule.id}: ${rule.pillar} practice` },
      fullDescription: { text: rule.remediation },
      help: {
        text: rule.remediation,
        markdown: `**${rule.id}** (${rule.pillar.toUpperCase()}, ${rule.risk} risk)\n\n${rule.remediation}\n\nRun \`blueprint explain ${rule.id}\` for how it is checked.`,
      },
      helpUri: `${INFORMATION_URI}/blob/main/rules/${rule.id}/README.md`,
      defaultConfiguration: { level: rule.severity === 'error' ? 'error' : rule.severity === 'warn' ? 'warning' : 'none' },
      properties: { tags: ['blueprint', rule.pillar], precision: 'high', risk: rule.risk },
    }));
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    return {
      tool: {
        driver: {
          name: report.tool.name,
          version: report.tool.version,
          semanticVersion: report.tool.version,
          informationUri: INFORMATION_URI,
          rules,
        },
      },
      automationDetails: { id: `blueprint-audit/${audited.length > 1 ? `${neutralise(repo.target)}/` : ''}` },
      originalUriBaseIds: { [SRCROOT]: { description: { text: 'The top folder of the audited repository.' } } },
      invocations: [invocation(repo, report.generatedAt)],
      results: resultsOf(repo, ruleIndex),
      properties: {
        target: neutralise(repo.target),
        score: repo.score,
        commit: repo.commit,
        complete: !isIncomplete(repo),
        incomplete: (repo.incomplete ?? []).map(neutralise),
        ...(repo.baseline && {
          baselineScore: repo.baseline.score,
          baselineDelta: repo.baseline.delta,
          regressions: repo.baseline.regressions.map((r) => r.rule ?? 'overall'),
        }),
      },
    };
  });
  return `${JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs }, null, 2)}\n`;
}
