import { describe, expect, it } from 'vitest';
import type { FixtureCommit, FixtureSpec } from '../../fixtures/builder.ts';
import { ACCESS_REVIEW, EXPERIMENT, FEEDBACK_TEMPLATE, HYPOTHESIS, POC, PRODUCT_BRIEF } from '../../fixtures/repos.ts';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const now = new Date('2026-11-24T12:00:00Z');
const day = '2026-11-20T00:00:00Z';

async function rule(id: string, files: Record<string, string>, spec: Partial<FixtureSpec> = {}, commits: FixtureCommit[] = []) {
  return runRule(findRule(id)!, { ...spec, commits: [{ date: day, files }, ...commits] }, { now });
}

describe('experiments', () => {
  it('three write-ups in the quarter, the newest fresh, each with learnings: 10', async () => {
    const r = await rule('experiments', {
      'docs/experiments/2026-09-10-a.md': EXPERIMENT,
      'docs/adr/2026-10-08-b.md': EXPERIMENT,
      'docs/spikes/2026-11-05-c.md': EXPERIMENT,
    });
    expect(r.metrics).toMatchObject({
      records: 3,
      latest: 'docs/spikes/2026-11-05-c.md',
      daysSinceLast: 19.5,
      recordsLast90Days: 3,
      withLearning: 3,
      spikeBranches: 0,
    });
    expect(r).toMatchObject({ score: 10, status: 'pass', findings: [] });
  });

  it('an old write-up without learnings: cadence, freshness and learning findings', async () => {
    const r = await rule('experiments', { 'docs/experiments/2026-03-01-grpc.md': '# gRPC spike\nWe tried it.\n' });
    expect(r.findings.map((f) => f.message)).toEqual([
      '0 experiment write-ups in the last 90 days; aim for 3 (about one sprint a month).',
      'The newest write-up is 268 days old; the last 45 days saw none.',
      'The write-up has no section on what was learned (Learnings, Outcome, Decision…).',
    ]);
    expect(r.score).toBe(0);
  });

  it('spike branches without write-ups score 2; nothing at all is skipped', async () => {
    const branches = await rule('experiments', { 'a.js': '1' }, {}, [{ date: day, branch: 'spike/wasm', files: { 'wasm.js': '1' } }]);
    expect(branches).toMatchObject({ score: 2, metrics: { spikeBranches: 1 } });
    const none = await rule('experiments', { 'a.js': '1' });
    expect(none).toMatchObject({ status: 'skip', score: null });
    expect(none.reason).toMatch(/docs\/experiments\/YYYY-MM-DD-<topic>\.md/);
  });
});

describe('feedback-loop', () => {
  it('a feedback template scores 10 without GitHub; a bug template alone 4', async () => {
    const good = await rule('feedback-loop', {
      '.github/ISSUE_TEMPLATE/feedback.yml': FEEDBACK_TEMPLATE,
      '.github/ISSUE_TEMPLATE/config.yml': 'blank_issues_enabled: false\n',
    });
    expect(good).toMatchObject({ score: 10, metrics: { templates: 1, feedbackTemplates: 1 } });
    const bugs = await rule('feedback-loop', { '.github/ISSUE_TEMPLATE/bug.md': '---\nname: Bug report\n---\nSteps to reproduce\n' });
    expect(bugs).toMatchObject({ score: 4, metrics: { templates: 1, feedbackTemplates: 0 } });
    expect(bugs.findings[0]!.message).toMatch(/none is for customer feedback/);
    expect(await rule('feedback-loop', { 'a.js': '1' })).toMatchObject({ status: 'skip' });
  });
});

describe('access-review', () => {
  it('a review within 90 days scores 10 locally; an old one 1 with a finding', async () => {
    const fresh = await rule('access-review', { 'docs/access-reviews/2026-10-05.md': ACCESS_REVIEW });
    expect(fresh).toMatchObject({ score: 10, metrics: { reviews: 1, daysSinceLast: 50.5 } });
    const old = await rule('access-review', { 'docs/security/access-reviews/2026-01-10.md': ACCESS_REVIEW });
    expect(old.score).toBe(1);
    expect(old.findings[0]!.message).toBe('The last access review was 318 days ago; review every 90 days.');
    expect(await rule('access-review', { 'a.js': '1' })).toMatchObject({ status: 'skip', score: null });
  });
});

describe('hypotheses', () => {
  it('counts the think/know table and the assumptions not yet validated', async () => {
    const r = await rule('hypotheses', { 'docs/hypotheses/reorder.md': HYPOTHESIS });
    expect(r).toMatchObject({ score: 10, metrics: { records: 1, withBothColumns: 1, assumptions: 2, unvalidated: 1, template: null } });
    expect(r.findings).toEqual([
      {
        severity: 'info',
        message: '1 of 2 assumptions have nothing yet in the "what we know" column.',
        path: null,
        line: null,
        code: 'unvalidated-assumptions',
        data: { unvalidated: 1, assumptions: 2 },
      },
    ]);
  });

  it('two sections count; a record with one column does not; a lone template scores 3', async () => {
    const r = await rule('hypotheses', {
      'docs/assumptions/search.md': '# Search\n## What we believe\nPeople search by brand.\n## What we know\nNothing yet.\n',
      'docs/assumptions/promo.md': '# Promo\nWe think people like discounts.\n',
    });
    expect(r).toMatchObject({ score: 7, metrics: { records: 2, withBothColumns: 1 } });
    expect(r.findings[0]).toMatchObject({ path: 'docs/assumptions/promo.md' });
    const template = await rule('hypotheses', { 'docs/templates/hypothesis.md': HYPOTHESIS });
    expect(template).toMatchObject({ score: 3, metrics: { template: 'docs/templates/hypothesis.md' } });
  });
});

describe('skipped when the repository holds none of the records', () => {
  it.each([
    ['hypotheses', /docs\/hypotheses\/<feature>\.md \(`blueprint scaffold hypothesis`/],
    ['poc-sharing', /docs\/poc\/<topic>\.md \(`blueprint scaffold poc`/],
    ['mvp-metrics', /"Success metrics" section \(`blueprint scaffold product-brief`/],
  ])('%s', async (id, where) => {
    const r = await rule(id, { 'src/a.ts': '1\n', 'docs/README.md': '# docs\n' });
    expect(r).toMatchObject({ status: 'skip', score: null, findings: [] });
    expect(r.reason).toMatch(where);
  });
});

describe('poc-sharing', () => {
  it('three parts: complete; a long one with a missing part is named', async () => {
    const long = '# PoC: queues\n## Context\nx\n## Setup\nx\n## Results\nx\n## Costs\nx\n## Appendix\nx\n';
    const r = await rule('poc-sharing', { 'docs/poc/autocomplete.md': POC, 'docs/proofs-of-concept/queues.md': long });
    expect(r.metrics).toEqual({ writeUps: 2, complete: 1, overLong: 1 });
    expect(r.findings.map((f) => f.message)).toEqual([
      'The write-up has 5 sections; keep it to 3.',
      "The write-up does not say: what's next.",
    ]);
    expect(r.score).toBe(10 * 0.5 * 0.7 + 10 * 0.5 * 0.3);
  });
});

describe('mvp-metrics', () => {
  it('one measurable metric is focused; many, none and vague ones are named', async () => {
    const many = '# Brief\n## Success metrics\n- conversion +2%\n- retention 40%\n- NPS 50\n';
    const none = '# Brief\n## Goals\nShip it.\n';
    const vague = '# Brief\n## KPIs\n- user satisfaction\n';
    const r = await rule('mvp-metrics', {
      'docs/briefs/reorder.md': PRODUCT_BRIEF,
      'docs/briefs/many.md': many,
      'docs/briefs/none.md': none,
      'docs/mvp/vague.md': vague,
    });
    expect(r.metrics).toEqual({ briefs: 4, focused: 2, tooMany: 1, none: 1, vague: 1 });
    expect(r.findings.map((f) => `${f.path}: ${f.message}`)).toEqual([
      'docs/briefs/many.md: 3 success metrics; an MVP needs 2 at most, or it is a full product.',
      'docs/briefs/none.md: No success metrics; name one or two before building.',
      'docs/mvp/vague.md: "user satisfaction" is hard to measure; name a number you can read off a dashboard.',
    ]);
    expect(r.score).toBe(5);
  });
});
