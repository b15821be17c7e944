import { describe, expect, it } from 'vitest';
import type { FixtureCommit } from '../../fixtures/builder.ts';
import { DR_TEST, PROCESS_REVIEW, PRODUCT_BRIEF } from '../../fixtures/repos.ts';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const now = new Date('2026-11-24T12:00:00Z');

async function rule(id: string, commits: FixtureCommit[]) {
  return runRule(findRule(id)!, { commits }, { now });
}

describe('process-reviews', () => {
  it('a quarterly review with three owned problems, four a year, scores 10', async () => {
    const files = Object.fromEntries(
      ['2026-02-16', '2026-05-18', '2026-08-17', '2026-10-19'].map((d) => [`docs/process-reviews/${d}.md`, PROCESS_REVIEW]),
    );
    const r = await rule('process-reviews', [
      { date: '2026-10-20T00:00:00Z', files: { ...files, 'docs/process-reviews/README.md': '# how we run them' } },
    ]);
    expect(r.metrics).toMatchObject({
      reviews: 4,
      latest: 'docs/process-reviews/2026-10-19.md',
      daysSinceLast: 36.5,
      reviewsLastYear: 4,
      hasTopThree: true,
      topThreeOwned: true,
    });
    expect(r).toMatchObject({ score: 10, status: 'pass', findings: [] });
  });

  it('none is skipped with where to record them; whenAbsent: fail makes it a failure', async () => {
    const commits = [{ date: '2026-10-20T00:00:00Z', files: { 'a.js': 'a' } }];
    const r = await rule('process-reviews', commits);
    expect(r).toMatchObject({ score: null, status: 'skip', severity: 'warn', findings: [] });
    expect(r.reason).toMatch(
      /may be kept elsewhere.*docs\/process-reviews\/YYYY-MM-DD\.md \(`blueprint scaffold process-review` writes a starter\)/,
    );
    const strict = {
      commits: [
        { ...commits[0]!, files: { 'blueprint.yml': 'rules:\n  process-reviews: { severity: error, options: { whenAbsent: fail } }\n' } },
      ],
    };
    const failed = await runRule(findRule('process-reviews')!, strict, { now });
    expect(failed).toMatchObject({ score: 0, status: 'fail' });
    expect(failed.findings[0]!.message).toMatch(/^No process review records: add docs\/process-reviews\/YYYY-MM-DD\.md/);
  });

  it('dates from front matter, then git; stale reviews and unowned problems are findings', async () => {
    const unowned = '---\ndate: 2026-03-01\n---\n# Review\n## Problems\n- slow CI\n- flaky tests\n- unclear ownership\n';
    const r = await rule('process-reviews', [{ date: '2026-10-20T00:00:00Z', files: { 'docs/retros/q1.md': unowned } }]);
    expect(r.metrics).toMatchObject({ daysSinceLast: 268.5, hasTopThree: true, topThreeOwned: false });
    expect(r.findings.map((f) => f.message)).toEqual([
      'The last process review was 268 days ago; hold one every 92 days.',
      'Not every one of the top three problems has an owner (@name or "owner:").',
    ]);
    expect(r.score).toBe(2 + 0.5); // top three listed, one review in the year
    const fromGit = await rule('process-reviews', [
      { date: '2026-11-01T12:00:00Z', files: { 'docs/process-reviews/latest.md': PROCESS_REVIEW } },
    ]);
    expect(fromGit.metrics.daysSinceLast).toBe(23);
  });
});

describe('product-briefs', () => {
  it('a complete one-page brief scores 10', async () => {
    const r = await rule('product-briefs', [{ date: '2026-10-20T00:00:00Z', files: { 'docs/briefs/reorder.md': PRODUCT_BRIEF } }]);
    expect(r).toMatchObject({ score: 10, status: 'pass', metrics: { briefs: 1, completeBriefs: 1, overLengthBriefs: 0 } });
  });

  it('names the missing sections and long briefs; accepts "Label:" lines', async () => {
    const labels = 'Goals: faster checkout\nTarget users: mobile shoppers\nSuccess metrics: conversion +2%\nOwner: Ada\n';
    const partial = `# Search\n\n## Why\nPeople cannot find things.\n\n${'word '.repeat(700)}\n`;
    const r = await rule('product-briefs', [
      { date: '2026-10-20T00:00:00Z', files: { 'docs/product/checkout.md': labels, 'docs/product/search.md': partial } },
    ]);
    expect(r.metrics).toMatchObject({ briefs: 2, completeBriefs: 1, overLengthBriefs: 1 });
    expect(r.findings).toContainEqual(
      expect.objectContaining({ path: 'docs/product/search.md', message: 'The brief lacks: target-user, success-criteria, owner.' }),
    );
    expect(r.findings).toContainEqual(
      expect.objectContaining({ path: 'docs/product/search.md', message: expect.stringMatching(/^The brief has 70\d words/) }),
    );
    expect(r.score).toBe(10 * (0.7 * 0.5 + 0.3 * 0.5));
  });

  it('takes configured paths', async () => {
    const repo = {
      commits: [
        {
          date: '2026-10-20T00:00:00Z',
          files: {
            'rfcs/001-reorder.md': PRODUCT_BRIEF,
            'blueprint.yml': 'rules:\n  product-briefs:\n    options: { paths: ["rfcs/*.md"] }\n',
          },
        },
      ],
    };
    expect((await runRule(findRule('product-briefs')!, repo, { now })).metrics).toMatchObject({ briefs: 1, completeBriefs: 1 });
  });
});

describe('disaster-recovery', () => {
  it('two real tests in the year, the latest recent, all three phases timed: 10', async () => {
    const r = await rule('disaster-recovery', [
      {
        date: '2026-10-20T00:00:00Z',
        files: {
          'docs/dr/2026-03-10-restore.md': DR_TEST,
          'docs/dr/2026-09-15-failover.md': DR_TEST,
          'docs/runbooks/db.md': '# Restore the database\n',
        },
      },
    ]);
    expect(r.metrics).toMatchObject({
      tests: 2,
      latest: 'docs/dr/2026-09-15-failover.md',
      testsLastYear: 2,
      daysSinceLast: 70.5,
      phasesRecorded: ['detect', 'diagnose', 'recover'],
      runbooks: 1,
    });
    expect(r).toMatchObject({ score: 10, status: 'pass', findings: [] });
  });

  it('one old test without timings: findings for the cadence and each missing phase', async () => {
    const r = await rule('disaster-recovery', [
      {
        date: '2026-10-20T00:00:00Z',
        files: { 'docs/disaster-recovery/2026-01-05.md': '# Game day\nWe failed over. It went fine; recovered after 2 h.\n' },
      },
    ]);
    expect(r.metrics).toMatchObject({ testsLastYear: 1, phasesRecorded: ['recover'] });
    expect(r.findings.map((f) => f.message)).toEqual([
      '1 disaster-recovery test in the last 12 months; run at least 2.',
      'The latest DR test does not record the time to detect, diagnose.',
    ]);
    expect(r.score).toBe(2.5 + 0 + 1);
  });

  it('none: skipped, with the runbooks counted and where to record tests', async () => {
    const r = await rule('disaster-recovery', [{ date: '2026-10-20T00:00:00Z', files: { 'docs/runbooks/db.md': '# Restore\n' } }]);
    expect(r).toMatchObject({ score: null, status: 'skip', metrics: { tests: 0, runbooks: 1 } });
    expect(r.reason).toMatch(/docs\/dr\/YYYY-MM-DD\.md/);
  });
});
