import { describe, expect, it } from 'vitest';
import type { FixtureSpec } from '../../fixtures/builder.ts';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const now = new Date('2026-11-24T12:00:00Z');

async function lifetime(spec: FixtureSpec, config?: string) {
  if (config) spec = { ...spec, commits: [{ date: '2026-01-01T00:00:00Z', files: { 'blueprint.yml': config } }, ...spec.commits] };
  return runRule(findRule('branch-lifetime')!, spec, { now });
}

/** main, plus branches of known ages: 10 days, 1 day, merged, and an ignorable release branch. */
const branchy: FixtureSpec = {
  commits: [
    { date: '2026-09-01T12:00:00Z', files: { 'a.js': '1' } },
    { branch: 'feature/old', date: '2026-11-14T12:00:00Z', files: { 'old.js': '1' } },
    { branch: 'feature/old', date: '2026-11-20T12:00:00Z', files: { 'old.js': '2' } },
    { branch: 'feature/new', date: '2026-11-23T12:00:00Z', files: { 'new.js': '1' } },
    { branch: 'done', date: '2026-10-01T12:00:00Z', files: { 'done.js': '1' } },
    { date: '2026-10-02T12:00:00Z', merge: ['done'], message: 'merge done' },
    { branch: 'release/1.0', date: '2026-06-01T12:00:00Z', files: { 'r.js': '1' } },
  ],
  remoteRefs: { 'origin/main': 'main', 'origin/feature/old': 'feature/old', 'upstream/feature/new': 'feature/new' },
  originHead: 'main',
};

describe('branch-lifetime', () => {
  it('measures active branches: one name counted once, trunk and symbolic refs left out, oldest first', async () => {
    const rule = await lifetime(branchy, 'rules:\n  branch-lifetime:\n    options: { ignore: ["release/*"] }\n');
    expect(rule.metrics).toMatchObject({
      defaultBranch: 'main',
      activeBranches: 2,
      maxActiveAgeDays: 10,
      medianActiveAgeDays: 5.5,
      p90ActiveAgeDays: 10,
      staleBranches: 1,
      stale: ['feature/old'],
    });
    expect(rule.findings[0]).toMatchObject({
      severity: 'warning',
      message: "Branch 'feature/old' has lived 10 days without being merged (limit 2).",
    });
  });

  it('counts ignored branches when not ignored, and leaves a release line out of the stale ones', async () => {
    const rule = await lifetime(branchy);
    // release/1.0 is a maintenance line, not a stale feature branch
    expect(rule.metrics).toMatchObject({
      activeBranches: 2,
      staleBranches: 1,
      stale: ['feature/old'],
      maintenanceBranches: 1,
      longLived: [{ name: 'release/1.0', kind: 'maintenance', why: 'name' }],
    });
  });

  it('measures merged lifetimes in the window: merge date minus the oldest commit brought in', async () => {
    const rule = await lifetime({
      commits: [
        { date: '2026-03-01T00:00:00Z', files: { 'a.js': '1' } },
        { branch: 'ancient', date: '2026-04-01T00:00:00Z', files: { 'x.js': '1' } },
        { date: '2026-05-01T00:00:00Z', merge: ['ancient'] }, // outside the 90-day window
        { branch: 'f1', date: '2026-11-01T00:00:00Z', files: { 'f1.js': '1' } },
        { branch: 'f1', date: '2026-11-02T00:00:00Z', files: { 'f1.js': '2' } },
        { date: '2026-11-03T00:00:00Z', files: { 'a.js': '2' } },
        { date: '2026-11-04T00:00:00Z', merge: ['f1'] },
        { branch: 'f2', date: '2026-11-10T00:00:00Z', files: { 'f2.js': '1' } },
        { date: '2026-11-11T00:00:00Z', merge: ['f2'] },
      ],
    });
    expect(rule.metrics).toMatchObject({
      activeBranches: 0,
      merges: 2,
      mergedMedianLifetimeDays: 2,
      mergedP90LifetimeDays: 3,
      historyHasMerges: true,
    });
    expect(rule.score).toBe(10);
  });

  it('scores the merged median against maxDays', async () => {
    const rule = await lifetime(
      {
        commits: [
          { date: '2026-11-01T00:00:00Z', files: { 'a.js': '1' } },
          { branch: 'f', date: '2026-11-02T00:00:00Z', files: { 'f.js': '1' } },
          { date: '2026-11-04T00:00:00Z', merge: ['f'] },
        ],
      },
      'rules:\n  branch-lifetime:\n    options: { maxDays: 1 }\n',
    );
    expect(rule.metrics.mergedMedianLifetimeDays).toBe(2);
    expect(rule.score).toBe(7.5); // active share 1 × 5 + (1 / 2) × 5
    expect(rule.findings).toContainEqual(
      expect.objectContaining({ severity: 'warning', message: 'Merged branches lived 2 days (median) before reaching main; aim for 1.' }),
    );
  });

  it('says so when the history has no merges (squash or rebase merging)', async () => {
    const rule = await lifetime({
      commits: [
        { date: '2026-11-01T00:00:00Z', files: { 'a.js': '1' } },
        { date: '2026-11-02T00:00:00Z', files: { 'a.js': '2' } },
      ],
    });
    expect(rule.metrics).toMatchObject({ activeBranches: 0, merges: 0, mergedMedianLifetimeDays: null, historyHasMerges: false });
    expect(rule.findings).toContainEqual(
      expect.objectContaining({ severity: 'info', message: expect.stringMatching(/no merge commits \(squash or rebase merging\)/) }),
    );
    expect(rule).toMatchObject({ score: 10, status: 'pass' });
  });

  it('takes the default branch from origin/HEAD first, then main, master, trunk, develop; or from the options', async () => {
    const spec: FixtureSpec = {
      defaultBranch: 'develop',
      commits: [
        { date: '2026-09-01T00:00:00Z', files: { 'a.js': '1' } },
        { branch: 'trunk', date: '2026-11-01T00:00:00Z', files: { 't.js': '1' } },
      ],
    };
    // trunk comes before develop; develop has nothing trunk lacks
    expect((await lifetime(spec)).metrics).toMatchObject({ defaultBranch: 'trunk', activeBranches: 0 });
    expect((await lifetime({ ...spec, remoteRefs: { 'origin/develop': 'develop' }, originHead: 'develop' })).metrics).toMatchObject({
      defaultBranch: 'develop',
      activeBranches: 1,
    });
    const configured = await lifetime(spec, 'rules:\n  branch-lifetime:\n    options: { defaultBranch: develop }\n');
    expect(configured.metrics).toMatchObject({ defaultBranch: 'develop', activeBranches: 1, stale: ['trunk'] });
    const missing = await lifetime(spec, 'rules:\n  branch-lifetime:\n    options: { defaultBranch: nope }\n');
    expect(missing).toMatchObject({ status: 'skip', score: null, reason: "the default branch 'nope' does not exist" });
  });
});
