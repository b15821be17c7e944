import { createHash } from 'node:crypto';
import type { Finding, RepoReport, Report, RuleResult } from '../types.ts';
import { own } from '../util/dict.ts';
import { neutralise } from '../util/sanitize.ts';
import { worstFirst } from '../engine/summary.ts';
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
 * Where results go when neither the finding, the rule's evidence nor the report names a file
 * (reports written before `anchor`, or an empty tree): the old place, at the top of the repository.
 */
export const FALLBACK_LOCATION = 'README.md';

/** GitHub's limits on one SARIF upload (docs.github.com, "SARIF results exceed limit"). */
export const SARIF_LIMITS = { runs: 20, resultsPerRun: 25_000, shownPerRun: 5_000, gzipBytes: 10 * 1024 * 1024 } as const;

/**
 * Where a finding without a path shows up, always a file that exists at the audited commit, so
 * code scanning can place every alert: the file the rule read its evidence from (a style guide,
 * CODEOWNERS), else the repository's README as it is spelt there (`Readme.md`), else its first file.
 */
function defaultLocation(repo: RepoReport, rule: RuleResult): string {
  const m = rule.metrics;
  const candidates = [m.path, m.codeowners, Array.isArray(m.files) ? m.files[0] : null, repo.anchor];
  const named = candidates.find((c): c is string => typeof c === 'string' && c.length > 0);
  return named ?? FALLBACK_LOCATION;
}

/**
 * A repository path as the relative URI SARIF wants: each segment percent-encoded, so a file
 * named with spaces, "#", "%" or control characters still points at that very file.
 */
function uriOf(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * For findings without a code: rule, path and message with its numbers masked, so ages and counts
 * changing do not churn alerts.
 */
export function fingerprint(target: string, ruleId: string, path: string, message: string): string {
  return createHash('sha256')
    .update(`${target}\0${ruleId}\0${path}\0${message.replace(/\d+(\.\d+)?/g, '#')}`)
    .digest('hex');
}

/** For findings with a code: rule, code and path only, so rewording a message or renaming the target changes no alert. */
export function codeFingerprint(ruleId: string, code: string, path: string): string {
  return createHash('sha256').update(`blueprint/v2\0${ruleId}\0${code}\0${path}`).digest('hex');
}

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };
const MESSAGES_SHOWN = 3;

/**
 * Findings of one kind become one result: same code and same path (ten stale branches are one
 * alert, not ten). Findings without a code stay one result each, as before codes existed.
 */
function kinds(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  findings.forEach((f, i) => {
    const key = f.code ? `code\0${f.code}\0${f.path ?? ''}` : `one\0${i}`;
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  });
  return [...groups.values()].map((g) => [...g].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]));
}

/** One message for a kind of finding: the first few, then how many more. */
function kindMessage(group: readonly Finding[]): string {
  if (group.length === 1) return group[0]!.message;
  const shown = group.slice(0, MESSAGES_SHOWN).map((f) => f.message.trim().replace(/([^.!?])$/, '$1.'));
  const more = group.length - shown.length;
  return `${group.length} findings of this kind. ${shown.join(' ')}${more ? ` And ${more} more (the JSON report lists them all).` : ''}`;
}

function resultsOf(repo: RepoReport, ruleIndex: Map<string, number>) {
  const results: Array<{ level: Level; [key: string]: unknown }> = [];
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
    for (const group of kinds(findings)) {
      const finding = group[0]!;
      const path = finding.path ?? defaultLocation(repo, rule);
      const message = kindMessage(group);
      const line = group.every((f) => f.line === finding.line) ? finding.line : null;
      // A failing rule's warnings are still what makes it fail: report them at the rule's level or above.
      const level: Level = rule.status === 'warn' && finding.severity === 'error' ? 'warning' : LEVEL[finding.severity];
      results.push({
        ruleId: rule.id,
        ruleIndex: ruleIndex.get(rule.id),
        level,
        // Messages are shown as text by code scanning and editors: control and bidi characters as escapes.
        message: { text: neutralise(message) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: uriOf(path), uriBaseId: SRCROOT },
              // A finding about a whole file is shown at its top.
              region: { startLine: line ?? 1 },
            },
          },
        ],
        partialFingerprints: finding.code
          ? { 'blueprintFinding/v2': codeFingerprint(rule.id, finding.code, path) }
          : { 'blueprintFinding/v1': fingerprint(repo.target, rule.id, path, finding.message) },
        properties: {
          pillar: rule.pillar,
          score: rule.score,
          status: rule.status,
          baselineDelta: own(repo.baseline?.rules, rule.id)?.delta ?? null,
          ...(finding.code && { code: finding.code, findings: group.length }),
        },
      });
    }
  }
  // Past what code scanning shows, the least severe go first (it would drop them itself, silently).
  if (results.length <= SARIF_LIMITS.shownPerRun) return { results, dropped: 0 };
  const rank: Record<Level, number> = { error: 0, warning: 1, note: 2 };
  const kept = results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank[a.r.level] - rank[b.r.level] || a.i - b.i)
    .slice(0, SARIF_LIMITS.shownPerRun)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.r);
  return { results: kept, dropped: results.length - kept.length };
}

/**
 * The invocation of a run. An incomplete audit keeps `executionSuccessful: true`, because code
 * scanning treats false as an "unsuccessful execution": it rejects the upload's results and the
 * upload step fails, which would hide every finding the audit did make. The gap is told instead
 * where SARIF puts conditions of the tool's own run, one error-level notification per reason,
 * and in the run's properties (`complete`, `incomplete`).
 */
function invocation(repo: RepoReport, endTimeUtc: string, limits: string[]) {
  const reasons = isIncomplete(repo) ? (repo.incomplete?.length ? repo.incomplete : ['the audit could not see everything it needed']) : [];
  const notifications = [
    ...reasons.map((reason) => ({ level: 'error', message: { text: neutralise(`Incomplete audit: ${reason}`) } })),
    ...limits.map((text) => ({ level: 'warning', message: { text } })),
  ];
  return { executionSuccessful: true, endTimeUtc, ...(notifications.length && { toolExecutionNotifications: notifications }) };
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one run per audited repository, within GitHub's limits
 * on one upload (20 runs: an organisation's worst 20; 5,000 results shown per run: the most
 * severe). What is left out is said in a warning notification of the run.
 */
export function renderSarif(report: Report): string {
  const all = report.repos.filter((r) => r.status === 'ok');
  const audited = all.length > SARIF_LIMITS.runs ? worstFirst(all).slice(0, SARIF_LIMITS.runs) : all;
  const runs = audited.map((repo, index) => {
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
    const { results, dropped } = resultsOf(repo, ruleIndex);
    const limits = [
      ...(dropped
        ? [
            `${dropped} of the least severe results are left out: code scanning shows ${SARIF_LIMITS.shownPerRun} per run (the JSON report has them all).`,
          ]
        : []),
      ...(index === audited.length - 1 && all.length > audited.length
        ? [
            `${all.length - audited.length} more repositories are not in this file: GitHub accepts ${SARIF_LIMITS.runs} runs in one upload, and these are the ${SARIF_LIMITS.runs} lowest scores. Audit each repository in its own job to upload its results there.`,
          ]
        : []),
    ];
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
      invocations: [invocation(repo, report.generatedAt, limits)],
      results,
      properties: {
        target: neutralise(repo.target),
        ...(repo.name && { name: neutralise(repo.name) }),
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
