import { describe, expect, it } from 'vitest';
import type { FixtureCommit, FixtureSpec } from '../../fixtures/builder.ts';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const now = new Date('2026-11-24T12:00:00Z');

async function lifetime(spec: FixtureSpec, config?: string) {
  if (config) spec = { ...spec, commits: [{ date: '2026-01-01T00:00:00Z', files: { 'blueprint.yml': config } }, ...spec.commits] };
  return runRule(findRule('branch-lifetime')!, spec, { now });
}

const names = (rows: unknown, kind: string) =>
  (rows as Array<{ name: string; kind: string }>).filter((r) => r.kind === kind).map((r) => r.name);
const branch = (name: string, date: string, extra: Partial<FixtureCommit> = {}): FixtureCommit => ({
  branch: name,
  date,
  files: { [`${name}.txt`]: date },
  ...extra,
});

describe('branch-lifetime: long-lived lines are not feature branches', () => {
  it('maintenance lines by name (versions, X-Y-stable, release-N, vN, support/*, maint) are left out; version-like feature names are not', async () => {
    const rule = await lifetime({
      commits: [
        { date: '2026-01-01T12:00:00Z', files: { 'a.js': '1' } },
        branch('4.x', '2026-03-01T12:00:00Z'),
        branch('3-2-stable', '2026-02-01T12:00:00Z'),
        branch('release-2.8', '2026-04-01T12:00:00Z'),
        branch('v2', '2026-05-01T12:00:00Z'),
        branch('support/1.x', '2026-05-02T12:00:00Z'),
        branch('maint', '2026-05-03T12:00:00Z'),
        branch('okhttp_3.12.x', '2026-05-04T12:00:00Z'),
        branch('clojure-1.12-dev', '2026-05-05T12:00:00Z'),
        branch('release-branch-diagram', '2026-06-01T12:00:00Z'),
        branch('3310', '2026-06-02T12:00:00Z'),
        branch('v1.9.0-dep-updates', '2026-06-03T12:00:00Z'),
        branch('feature/x', '2026-11-23T12:00:00Z'),
        { date: '2026-11-20T12:00:00Z', files: { 'a.js': '2' } },
      ],
    });
    expect(rule.metrics).toMatchObject({
      maintenanceBranches: 8,
      integrationBranches: 0,
      activeBranches: 4,
      staleBranches: 3,
      stale: ['release-branch-diagram', '3310', 'v1.9.0-dep-updates'],
    });
    expect(names(rule.metrics.longLived, 'maintenance')).toEqual([
      '3-2-stable',
      '4.x',
      'clojure-1.12-dev',
      'maint',
      'okhttp_3.12.x',
      'release-2.8',
      'support/1.x',
      'v2',
    ]);
    expect(rule.findings.map((f) => f.message)).not.toContainEqual(expect.stringContaining("'4.x'"));
  });

  it('a branch that carries a release tag the trunk lacks is a maintenance line; work merged into it is merged, work based on it is measured from its own commits', async () => {
    const rule = await lifetime({
      commits: [
        { date: '2026-01-01T12:00:00Z', files: { 'a.js': '1' } },
        branch('legacy-line', '2026-02-01T12:00:00Z', { tag: 'v1.4.2' }),
        branch('legacy-line', '2026-03-01T12:00:00Z', { files: { 'l.txt': '2' } }),
        branch('fix/merged-backport', '2026-04-01T12:00:00Z', { from: 'legacy-line' }),
        { branch: 'legacy-line', date: '2026-04-02T12:00:00Z', merge: ['fix/merged-backport'] },
        branch('fix/backport-crash', '2026-11-23T12:00:00Z', { from: 'legacy-line' }),
        branch('experiment', '2026-06-01T12:00:00Z', { tag: 'backup-june' }),
      ],
    });
    expect(rule.metrics.longLived).toEqual([{ name: 'legacy-line', kind: 'maintenance', why: 'release tag v1.4.2' }]);
    expect(rule.metrics).toMatchObject({ activeBranches: 2, maxActiveAgeDays: 176, stale: ['experiment'] });
  });

  it('integration lines: by name (next, staging) and by history (a branch whose own first-parent line is merges of other branches)', async () => {
    const rule = await lifetime({
      commits: [
        { date: '2026-01-01T12:00:00Z', files: { 'a.js': '1' } },
        branch('next', '2026-08-01T12:00:00Z'),
        branch('staging', '2026-08-02T12:00:00Z'),
        ...['a', 'b', 'c', 'd', 'e'].flatMap((t, i): FixtureCommit[] => [
          branch(`topic-${t}`, `2026-09-0${i + 1}T10:00:00Z`),
          { branch: 'collect', date: `2026-09-0${i + 1}T12:00:00Z`, merge: [`topic-${t}`] },
        ]),
        // a feature branch that merged a sibling twice is still a feature branch (and so is the sibling)
        branch('feature/big', '2026-09-10T10:00:00Z'),
        branch('feature/part', '2026-09-10T11:00:00Z', { from: 'feature/big' }),
        { branch: 'feature/big', date: '2026-09-10T12:00:00Z', merge: ['feature/part'] },
        branch('feature/part', '2026-09-10T13:00:00Z', { files: { 'part.txt': '2' } }),
        { branch: 'feature/big', date: '2026-09-10T14:00:00Z', merge: ['feature/part'] },
        // a topic that graduates to the trunk later still counts as merged into collect
        { date: '2026-09-08T12:00:00Z', merge: ['topic-a'] },
        // a feature branch that keeps itself up to date with the trunk is still a feature branch
        branch('feature/sync', '2026-09-10T12:00:00Z'),
        ...[1, 2, 3, 4, 5].flatMap((n): FixtureCommit[] => [
          { date: `2026-09-1${n}T10:00:00Z`, files: { 'a.js': `${n + 1}` } },
          { branch: 'feature/sync', date: `2026-09-1${n}T12:00:00Z`, merge: ['main'] },
        ]),
      ],
    });
    expect(names(rule.metrics.longLived, 'integration')).toEqual(['collect', 'next', 'staging']);
    expect(rule.metrics.longLived).toContainEqual({
      name: 'collect',
      kind: 'integration',
      why: 'merges on 5 of its 5 first-parent commits',
    });
    expect(rule.metrics).toMatchObject({
      integrationBranches: 3,
      activeBranches: 3,
      stale: ['feature/big', 'feature/part', 'feature/sync'],
    });
  });

  it('publishing (gh-pages), deploy (a workflow deploys on push to it) and unrelated (orphan) branches', async () => {
    const workflow =
      'on:\n  push:\n    branches:\n      - analytics\njobs:\n  ship:\n    name: Build and deploy\n    runs-on: ubuntu-latest\n    steps:\n      - run: flyctl deploy\n';
    const rule = await lifetime({
      commits: [
        { date: '2026-01-01T12:00:00Z', files: { 'a.js': '1', '.github/workflows/cd.yml': workflow } },
        branch('gh-pages', '2026-02-01T12:00:00Z'),
        branch('todo', '2026-03-01T12:00:00Z', { orphan: true }),
        branch('analytics', '2026-04-01T12:00:00Z'),
        branch('feature/y', '2026-05-01T12:00:00Z'),
      ],
    });
    expect(rule.metrics.longLived).toEqual([
      { name: 'analytics', kind: 'deploy', why: 'deployed on push by .github/workflows/cd.yml' },
      { name: 'gh-pages', kind: 'deploy', why: 'name' },
      { name: 'todo', kind: 'unrelated', why: 'history unrelated to the trunk' },
    ]);
    expect(rule.metrics).toMatchObject({ deployBranches: 2, unrelatedBranches: 1, activeBranches: 1, stale: ['feature/y'] });
  });

  it('one branch seen through two remotes (refs/remotes/pr/1243 and origin/pr/1243) is counted once', async () => {
    const rule = await lifetime({
      commits: [{ date: '2026-01-01T12:00:00Z', files: { 'a.js': '1' } }, branch('pr/1243', '2026-06-01T12:00:00Z')],
      remoteRefs: { 'origin/main': 'main', 'origin/pr/1243': 'pr/1243', 'pr/1243': 'pr/1243' },
      originHead: 'main',
    });
    expect(rule.metrics).toMatchObject({ activeBranches: 1, stale: ['pr/1243'] });
  });

  it('the options name more lines and take names back as feature branches', async () => {
    const rule = await lifetime(
      {
        commits: [
          { date: '2026-01-01T12:00:00Z', files: { 'a.js': '1' } },
          branch('keep-forever', '2026-03-01T12:00:00Z'),
          branch('next', '2026-04-01T12:00:00Z'),
          branch('qa-env', '2026-04-02T12:00:00Z'),
        ],
      },
      'rules:\n  branch-lifetime:\n    options: { maintenanceBranches: ["keep-*"], integrationBranches: ["qa-*"], featureBranches: [next] }\n',
    );
    expect(rule.metrics.longLived).toEqual([
      { name: 'keep-forever', kind: 'maintenance', why: 'option maintenanceBranches' },
      { name: 'qa-env', kind: 'integration', why: 'option integrationBranches' },
    ]);
    expect(rule.metrics).toMatchObject({ activeBranches: 1, stale: ['next'] });
  });
});

describe('branch-lifetime: the trunk where work lands', () => {
  /** master is the default branch, but pull requests land on dev, and master merges dev now and then. */
  const devTrunk: FixtureSpec = {
    defaultBranch: 'master',
    commits: [
      { date: '2026-06-01T12:00:00Z', files: { 'a.js': '1' } },
      branch('dev', '2026-06-10T12:00:00Z'),
      branch('f1', '2026-07-01T12:00:00Z', { from: 'dev' }),
      { branch: 'dev', date: '2026-07-03T12:00:00Z', merge: ['f1'] },
      branch('f2', '2026-07-10T12:00:00Z', { from: 'dev' }),
      { branch: 'dev', date: '2026-07-12T12:00:00Z', merge: ['f2'] },
      { date: '2026-08-01T12:00:00Z', merge: ['dev'], message: 'Merge pull request #1 from acme/dev' },
      branch('f3', '2026-10-01T12:00:00Z', { from: 'dev' }),
      { branch: 'dev', date: '2026-10-03T12:00:00Z', merge: ['f3'] },
      branch('f4', '2026-10-10T12:00:00Z', { from: 'dev' }),
      { branch: 'dev', date: '2026-10-12T12:00:00Z', merge: ['f4'] },
      branch('fix-4123', '2026-10-20T12:00:00Z', { from: 'dev' }),
      { branch: 'dev', date: '2026-10-21T12:00:00Z', merge: ['fix-4123'] },
      branch('f5', '2026-11-01T12:00:00Z', { from: 'dev' }),
      { branch: 'dev', date: '2026-11-02T12:00:00Z', merge: ['f5'] },
      { date: '2026-11-05T12:00:00Z', files: { 'a.js': '2' } },
      branch('heatmaps', '2026-11-10T12:00:00Z', { from: 'dev' }),
    ],
    remoteRefs: { 'origin/master': 'master', 'origin/dev': 'dev', 'origin/fix-4123': 'fix-4123', 'origin/heatmaps': 'heatmaps' },
    originHead: 'master',
  };

  it('takes the integration line the default branch is fed from, when more work lands on it, and measures against it', async () => {
    const rule = await lifetime(devTrunk);
    expect(rule.metrics).toMatchObject({
      defaultBranch: 'master',
      trunk: 'dev',
      trunkFrom: 'merges',
      activeBranches: 1,
      stale: ['heatmaps'],
      merges: 4,
      mergedMedianLifetimeDays: 1.5,
    });
    expect(rule.findings).toContainEqual(
      expect.objectContaining({ severity: 'info', message: expect.stringMatching(/^Work lands on dev .* so dev is taken as the trunk/) }),
    );
  });

  it('defaultBranch in the options is the trunk, with no guessing', async () => {
    const rule = await lifetime(devTrunk, 'rules:\n  branch-lifetime:\n    options: { defaultBranch: master }\n');
    expect(rule.metrics).toMatchObject({ defaultBranch: 'master', trunk: 'master', trunkFrom: 'option' });
    expect(names(rule.metrics.longLived, 'integration')).toEqual(['dev']);
  });

  it('a squash-merging repository: old merge commits do not hide that work now lands without them', async () => {
    const rule = await lifetime({
      commits: [
        { date: '2026-01-01T12:00:00Z', files: { 'a.js': '1' } },
        branch('old', '2026-01-02T12:00:00Z'),
        { date: '2026-01-03T12:00:00Z', merge: ['old'] },
        { date: '2026-10-01T12:00:00Z', files: { 'a.js': '2' }, message: 'Fix a thing (#7)' },
        { date: '2026-10-02T12:00:00Z', files: { 'a.js': '3' }, message: 'Add a thing (#8)' },
        { date: '2026-10-03T12:00:00Z', files: { 'a.js': '4' }, message: 'Bump (#9)' },
      ],
    });
    expect(rule.metrics).toMatchObject({ merges: 0, landedWithoutMerge: 3, historyHasMerges: true, mergedMedianLifetimeDays: null });
    expect(rule.findings).toContainEqual(
      expect.objectContaining({
        severity: 'info',
        message: expect.stringMatching(/^3 commits landed on main in the last 90 days without merge commits \(squash or rebase merging\)/),
      }),
    );
  });
});

describe('branch-lifetime: findings stay short', () => {
  it('names the five oldest stale branches, then one finding for the rest, grouped by prefix', async () => {
    const commits: FixtureCommit[] = [{ date: '2026-01-01T12:00:00Z', files: { 'a.js': '1' } }];
    ['a', 'b', 'c', 'd', 'e', 'dependabot/x', 'dependabot/y', 'f'].forEach((name, i) => {
      commits.push(branch(name, `2026-0${i + 1}-15T12:00:00Z`));
    });
    const rule = await lifetime({ commits });
    const warnings = rule.findings.filter((f) => f.severity === 'warning').map((f) => f.message);
    expect(warnings).toEqual([
      "Branch 'a' has lived 313 days without being merged (limit 2).",
      "Branch 'b' has lived 282 days without being merged (limit 2).",
      "Branch 'c' has lived 254 days without being merged (limit 2).",
      "Branch 'd' has lived 223 days without being merged (limit 2).",
      "Branch 'e' has lived 193 days without being merged (limit 2).",
      'And 3 more stale branches (dependabot/* 2, 1 other), 101 to 162 days old.',
    ]);
    expect(rule.metrics).toMatchObject({
      staleBranches: 8,
      staleGroups: [
        { group: '(no prefix)', branches: 6 },
        { group: 'dependabot/*', branches: 2 },
      ],
    });
  });
});
