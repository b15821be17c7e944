import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/index.ts';
import { render } from '../../src/reporters/index.ts';
import { auditedLine, ruleScore, whatDecides } from '../../src/reporters/format.ts';
import { fixtures } from '../helpers.ts';
import { fixtureReport } from './fixture-report.ts';

const fx = fixtures();
let report: Report;
beforeAll(async () => {
  report = await fixtureReport(fx);
});

/** payments|api with automated-tests failing at 6.95 beside ci-pipeline passing at 7.0. */
function closeCall(): Report {
  const r = structuredClone(report);
  const repo = r.repos.find((x) => x.target === 'payments|api')!;
  const tests = repo.rules.find((x) => x.id === 'automated-tests')!;
  Object.assign(tests, { score: 6.95, status: 'fail', findings: [] });
  const ci = repo.rules.find((x) => x.id === 'ci-pipeline')!;
  Object.assign(ci, { score: 7, status: 'pass', findings: [] });
  return r;
}

describe('a score says what decides its status', () => {
  it('a failing 6.95 is not shown as 7.0 beside a passing 7.0, in any format', () => {
    const r = closeCall();
    const text = render('text', r);
    expect(text).toMatch(/FAIL {2}automated-tests {4}6\.95\/10 \(below the pass mark 7\)/);
    expect(text).toMatch(/PASS {2}ci-pipeline {8} 7\.0\/10/);
    expect(render('markdown', r)).toContain('| ❌ | `automated-tests` | 6.95 (below the pass mark 7) |');
    expect(render('html', r)).toContain('6.95 FAIL <small>(below the pass mark 7)</small>');
  });

  it('one more decimal only where one would mislead, and an error finding named when the score passes', () => {
    expect([6.94, 6.95, 6.999, 6.9999, 7, 9.96].map(ruleScore)).toEqual(['6.9', '6.95', '6.999', '6.999', '7.0', '10.0']);
    expect(whatDecides({ score: 8, status: 'fail', findings: [{ severity: 'error', message: 'x', path: null, line: null }] })).toBe(
      'an error finding keeps it from passing',
    );
    expect(whatDecides({ score: 8, status: 'pass', findings: [] })).toBeNull();
    expect(whatDecides({ score: 3, status: 'fail', findings: [] })).toBeNull();
  });
});

describe('changes since the baseline are on the scale of the score beside them', () => {
  it('a rule out of 10 changes by points out of 10; the overall score out of 100 by points out of 100', () => {
    const text = render('text', report);
    expect(text).toMatch(/FAIL {2}iac {17}2\.0\/10 {2}-8\.0 since baseline/);
    expect(text).toContain('regressed: iac 10.0 → 2.0 / 10 (-8.0)');
    expect(text).toContain('regressed: overall score 100.0 → 84.2 / 100 (-15.8)');
    expect(text).not.toMatch(/\/10 {2}-[1-9]\d\.\d since baseline/);
    expect(render('markdown', report)).toContain('| ❌ | `iac` | shield | 2.0 | -8.0 |');
    expect(render('junit', report)).toContain('score 2/10 (-8 since baseline)');
  });
});

describe('the summary line, in words for every case', () => {
  const summary = (repos: number, audited: number, incomplete = 0) =>
    ({ repos, audited, errors: repos - audited, incomplete }) as Report['summary'];
  it.each([
    [summary(2, 0), 'None of 2 repositories could be audited'],
    [summary(1, 0), 'The repository could not be audited'],
    [summary(3, 3), '3 repositories audited'],
    [summary(1, 1, 1), '1 repository audited (incompletely)'],
    [summary(4, 3, 1), '3 of 4 repositories audited (1 incompletely); 1 could not be audited'],
    [summary(2, 2, 2), '2 repositories audited (all incompletely)'],
  ])('%o: %s', (s, line) => {
    expect(auditedLine(s)).toBe(line);
  });

  it('text and Markdown use it', () => {
    const failed = structuredClone(report);
    failed.repos = failed.repos.filter((r) => r.status === 'error');
    failed.repos.push({ ...structuredClone(failed.repos[0]!), target: '/no/other/repo' });
    Object.assign(failed.summary, { repos: 2, audited: 0, errors: 2, incomplete: 0, score: null, ranking: [] });
    expect(render('text', failed)).toMatch(/^Summary: None of 2 repositories could be audited$/m);
    expect(render('markdown', failed)).toMatch(/^## Blueprint audit: None of 2 repositories could be audited\n/);
  });
});
