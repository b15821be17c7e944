import type { RepoReport, Report, RuleResult } from '../types.ts';
import { own } from '../util/dict.ts';
import { neutralise, neutraliseAll } from '../util/sanitize.ts';
import { incompleteReasons, isIncomplete, namesOf, ruleDelta } from './format.ts';

/**
 * XML text and attribute escaping. Control and bidi characters are shown as escapes first; what
 * XML 1.0 still does not allow after that (U+FFFE, U+FFFF) is dropped.
 */
export function xml(text: string): string {
  return neutralise(text)
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function details(rule: RuleResult): string {
  const lines = rule.findings.map((f) => `[${f.severity}] ${f.message}${f.path ? ` (${f.path}${f.line ? `:${f.line}` : ''})` : ''}`);
  return [...lines, `fix: ${rule.remediation}`].join('\n');
}

function testcase(repo: RepoReport, rule: RuleResult): string {
  const open = `    <testcase classname="${xml(`blueprint.${rule.pillar}`)}" name="${xml(rule.id)}" file="${xml(repo.target)}" time="0">`;
  // On the scale of the score beside it: out of 10 (the report keeps rule changes on 0–100).
  const delta = ruleDelta(own(repo.baseline?.rules, rule.id)?.delta);
  const score = `${rule.score === null ? '' : `score ${rule.score}/10`}${delta ? ` (${delta > 0 ? '+' : ''}${delta} since baseline)` : ''}`;
  switch (rule.status) {
    case 'fail':
      return `${open}\n      <failure message="${xml(`${score}: ${rule.findings[0]?.message ?? 'below the blueprint'}`)}" type="fail">${xml(details(rule))}</failure>\n    </testcase>`;
    case 'error':
      return `${open}\n      <error message="${xml(rule.reason ?? 'the rule failed')}" type="error"/>\n    </testcase>`;
    case 'skip':
      return `${open}\n      <skipped message="${xml(rule.reason ?? 'skipped')}"/>\n    </testcase>`;
    default: {
      // Passing and warning rules pass the build; a warning's findings go to the case's output.
      const out =
        rule.status === 'warn'
          ? `\n      <system-out>${xml(`warning, ${score}\n${details(rule)}`)}</system-out>`
          : delta
            ? `\n      <system-out>${xml(score)}</system-out>`
            : '';
      return out ? `${open}${out}\n    </testcase>` : `${open.slice(0, -1)}/>`;
    }
  }
}

/**
 * Whether the audit saw everything it needed: a case of its own, so an incomplete audit errors
 * the build in every JUnit viewer even when each rule that did run passed.
 */
function completeness(repo: RepoReport): string {
  const open = `    <testcase classname="blueprint" name="audit-complete" file="${xml(repo.target)}" time="0">`;
  if (!isIncomplete(repo)) return `${open.slice(0, -1)}/>`;
  const reasons = Array.isArray(repo.incomplete) ? repo.incomplete : [];
  return `${open}\n      <error message="${xml(`incomplete audit: ${incompleteReasons(repo)}`)}" type="incomplete">${xml(reasons.join('\n'))}</error>\n    </testcase>`;
}

/** JUnit XML: one test suite per target (named as people read it; `file` keeps the target), one test case per rule and one for the audit's completeness. */
export function renderJunit(input: Report): string {
  const report = neutraliseAll(input);
  const nameOf = namesOf(report);
  const suites = report.repos.map((repo) => {
    const count = (status: RuleResult['status']) => repo.rules.filter((r) => r.status === status).length;
    const partial = isIncomplete(repo) ? 1 : 0;
    const attrs = (tests: number, failures: number, errors: number, skipped: number) =>
      `name="${xml(nameOf(repo.target))}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="0" timestamp="${xml(report.generatedAt.replace(/\.\d+Z$/, ''))}"`;
    if (repo.status === 'error') {
      return `  <testsuite ${attrs(1, 0, 1, 0)}>\n    <testcase classname="blueprint" name="audit" file="${xml(repo.target)}" time="0">\n      <error message="${xml(repo.error ?? 'could not be audited')}" type="target"/>\n    </testcase>\n  </testsuite>`;
    }
    const baseline = repo.baseline
      ? `\n      <property name="baseline-score" value="${repo.baseline.score ?? ''}"/>\n      <property name="baseline-delta" value="${repo.baseline.delta ?? ''}"/>`
      : '';
    const properties = `    <properties>\n      <property name="score" value="${repo.score ?? ''}"/>\n      <property name="commit" value="${xml(repo.commit ?? '')}"/>\n      <property name="complete" value="${!partial}"/>${baseline}\n    </properties>`;
    const cases = [...repo.rules.map((rule) => testcase(repo, rule)), completeness(repo)].join('\n');
    return `  <testsuite ${attrs(repo.rules.length + 1, count('fail'), count('error') + partial, count('skip'))}>\n${properties}\n${cases}\n  </testsuite>`;
  });
  const total = (pick: (r: RepoReport) => number) => report.repos.reduce((sum, r) => sum + pick(r), 0);
  const tests = total((r) => (r.status === 'error' ? 1 : r.rules.length + 1));
  const failures = total((r) => r.rules.filter((x) => x.status === 'fail').length);
  const errors = total((r) => (r.status === 'error' ? 1 : r.rules.filter((x) => x.status === 'error').length + (isIncomplete(r) ? 1 : 0)));
  const skipped = total((r) => r.rules.filter((x) => x.status === 'skip').length);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="blueprint-audit" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
