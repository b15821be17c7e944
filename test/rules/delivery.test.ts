import { describe, expect, it } from 'vitest';
import { gitIn, type FixtureCommit } from '../../fixtures/builder.ts';
import { DEFAULT_TAG_PATTERN, tierOf } from '../../rules/delivery/index.ts';
import { findRule } from '../../rules/index.ts';
import { audit } from '../../src/index.ts';
import { memoryView, runRule } from '../../src/testing/index.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const now = new Date('2026-11-24T12:00:00Z');

const history = (revertMessage: string): FixtureCommit[] => [
  { date: '2026-10-01T10:00:00Z', files: { 'a.js': '1' }, tag: 'v1.0.0' },
  { date: '2026-10-03T10:00:00Z', message: 'add search', files: { 'search.js': '1' } },
  { date: '2026-10-06T10:00:00Z', files: { 'b.js': '1' }, tag: { name: 'v1.1.0', message: 'search' } },
  { date: '2026-10-10T10:00:00Z', message: revertMessage, files: { 'search.js': null }, tag: 'v1.1.1' },
  { date: '2026-10-20T10:00:00Z', files: { 'c.js': '1' }, tag: 'v1.2.0' },
  { date: '2026-10-21T10:00:00Z', files: { 'c.js': '2' }, tag: 'v1.2.1-hotfix' },
  { date: '2026-11-02T10:00:00Z', files: { 'd.js': '1' }, tag: 'v1.3.0-rc.1' },
  { date: '2026-11-03T10:00:00Z', files: { 'e.js': '1' }, tag: 'docs-snapshot' },
];

async function delivery(commits: FixtureCommit[], blueprint?: string) {
  const files = blueprint ? [{ date: '2026-09-01T00:00:00Z', files: { 'blueprint.yml': blueprint } }] : [];
  return runRule(findRule('delivery')!, { commits: [...files, ...commits] }, { now });
}

describe('delivery (DORA)', () => {
  it('measures the four keys from release tags, reverts and hotfixes', async () => {
    // The same commits give the same ids, so a first build tells the id the revert names.
    const [search] = await memoryView({ commits: history('placeholder') }).searchCommits('add search', 1);
    const r = await delivery(history(`Revert "add search"\n\nThis reverts commit ${search!.sha}.`));
    expect(r.metrics).toMatchObject({
      source: 'tags',
      releases: 5, // the release candidate and the docs snapshot are not releases
      deploysInWindow: 5,
      deploysPerWeek: 0.39,
      leadTimeMedianHours: 0, // most commits are tagged as they land; "add search" waited 72 h
      changeFailureRate: 0.4, // v1.1.0 (reverted by v1.1.1) and v1.2.0 (hotfixed)
      changeFailures: ['v1.1.0', 'v1.2.0'],
      timeToRestoreHours: 60, // median of 96 h and 24 h
      restoreFrom: 'fix-releases',
      tiers: { deploysPerWeek: 'medium', leadTimeHours: 'elite', changeFailureRate: 'low', timeToRestoreHours: 'medium' },
      doraTier: 'medium',
      sample: { releases: 5, changes: 6, squashMerged: 0, failures: 2, restores: 2 },
      leadTimeFrom: 'author-dates',
      unrated: {},
    });
    expect(r.score).toBe(5.63); // (5 + 10 + 2.5 + 5) / 4
    expect(r.findings.map((f) => f.message)).toEqual([
      "Deploys per week: 0.39 is in DORA's medium tier.",
      "Change failure rate: 0.4 is in DORA's low tier.",
      "Median time to restore (hours): 60 is in DORA's medium tier.",
    ]);
  });

  it('the window and the patterns are options; lead time counts from the author date', async () => {
    const commits: FixtureCommit[] = [
      { date: '2026-11-10T10:00:00Z', files: { 'a.js': '1' } },
      { date: '2026-11-12T10:00:00Z', files: { 'b.js': '1' }, tag: 'release-7' },
    ];
    const r = await delivery(commits, 'rules:\n  delivery:\n    options: { tagPattern: "^release-\\\\d+$", windowDays: 30 }\n');
    // Three commits reach release-7: 72 days, 48 h and 0 h after they were written.
    expect(r.metrics).toMatchObject({ releases: 1, deploysPerWeek: 0.23, leadTimeMedianHours: 48, changeFailureRate: 0 });
    // One release and three changes are measured, not rated (minSample 5).
    expect(r.metrics.tiers).toEqual({ deploysPerWeek: 'low' });
    expect(r.metrics.unrated).toEqual({
      leadTimeHours: '3 changes measured; 5 needed',
      changeFailureRate: '1 releases in the window; 5 needed',
    });
  });

  it('no release at all is skipped; none in the window is an error', async () => {
    const none = await delivery([{ date: '2026-11-10T10:00:00Z', files: { 'a.js': '1' } }]);
    expect(none).toMatchObject({ status: 'skip', score: null });
    expect(none.reason).toMatch(/a tag on each production release \(v1\.4\.2\), or GitHub deployments/);
    const old = await delivery([{ date: '2025-01-10T10:00:00Z', files: { 'a.js': '1' }, tag: 'v0.1.0' }]);
    expect(old.findings[0]!.message).toBe('No deployment or release in the last 90 days.');
    expect(old.metrics).toMatchObject({ deploysPerWeek: 0, tiers: { deploysPerWeek: 'low' } });
  });

  it('a bad pattern is a config error naming the file, line and option', async () => {
    const dir = fx.build({
      commits: [
        {
          date: '2026-11-10T10:00:00Z',
          files: { 'blueprint.yml': 'rules:\n  delivery:\n    options: { tagPattern: "(" }\n' },
          tag: 'v1.0.0',
        },
      ],
    });
    const r = await cli(['audit', dir, '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/blueprint\.yml:3:\d+.*rules\.delivery\.options\.tagPattern: not a valid regular expression/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('tiers follow the documented bounds', () => {
    expect([7, 1, 0.25, 0.2].map((v) => tierOf('deploysPerWeek', v))).toEqual(['elite', 'high', 'medium', 'low']);
    expect([23, 100, 700, 800].map((v) => tierOf('leadTimeHours', v))).toEqual(['elite', 'high', 'medium', 'low']);
    expect([0.05, 0.1, 0.15, 0.2].map((v) => tierOf('changeFailureRate', v))).toEqual(['elite', 'high', 'medium', 'low']);
    expect([1, 24, 168, 169].map((v) => tierOf('timeToRestoreHours', v))).toEqual(['elite', 'high', 'medium', 'low']);
  });
});

describe('delivery: what a release is', () => {
  it('release tags of every common shape count; pre-releases, build variants and snapshot series do not', () => {
    const pattern = new RegExp(DEFAULT_TAG_PATTERN, 'i');
    const releases = [
      'v1.2.3',
      '1.2',
      '0.4.33',
      'v8.1.3.1',
      'kube-prometheus-stack-88.5.3',
      'alertmanager-0.1.0',
      'parent-5.4.0',
      'grep-pcre2-0.1.10',
      'clojure-1.12.5',
      'plugin-legacy@5.0.0',
      '@vitejs/plugin-vue@5.0.0',
      'api/v1.2.0',
      'release_2.0',
    ];
    const others = [
      'v1.2.0-rc.1',
      'v8.1.0.rc1',
      'v4.0.0.pre.beta1',
      'clojure-1.13.0-alpha1',
      'parent-5.0.0-alpha.14',
      'v3.1.0+stringlabels',
      'v0.3.0-retract',
      '1.5.x',
      'daily-2026.05.25',
      'daily-2026.05.25-1',
      'nightly-1.2.0',
      'nostarch-2020-05-25',
      'docs-snapshot',
      'list',
      'v1.0.0b',
    ];
    expect(releases.filter((t) => !pattern.test(t))).toEqual([]);
    expect(others.filter((t) => pattern.test(t))).toEqual([]);
  });

  it('finds releases tagged chart-1.2.3, parent-1.2.3 and with four-part versions', async () => {
    const r = await delivery([
      { date: '2026-10-01T10:00:00Z', files: { 'a.yaml': '1' }, tag: 'alertmanager-0.1.0' },
      { date: '2026-10-08T10:00:00Z', files: { 'b.yaml': '1' }, tag: 'kube-prometheus-stack-88.5.3' },
      { date: '2026-10-15T10:00:00Z', files: { 'c.kt': '1' }, tag: 'parent-5.4.0' },
      { date: '2026-10-22T10:00:00Z', files: { 'd.rb': '1' }, tag: 'v8.1.3.1' },
      { date: '2026-10-29T10:00:00Z', files: { 'e.rb': '1' }, tag: 'daily-2026.10.29' },
    ]);
    expect(r.metrics).toMatchObject({ source: 'tags', releases: 4, releaseTags: 4, deploysInWindow: 4 });
  });

  it('tags on one commit are one release (a Go-module alias tag beside the release tag)', async () => {
    const commits: FixtureCommit[] = [
      { date: '2026-10-01T10:00:00Z', files: { 'a.go': '1' }, tag: 'v3.13.0' },
      { date: '2026-10-20T10:00:00Z', files: { 'b.go': '1' }, tag: 'v3.14.0' },
    ];
    const dir = fx.build({ commits });
    gitIn(dir, ['tag', 'v0.313.0', 'v3.13.0']);
    gitIn(dir, ['tag', 'v0.314.0', 'v3.14.0']);
    const report = await audit({ targets: [dir], now, rules: ['delivery'] });
    expect(report.repos[0]!.rules[0]!.metrics).toMatchObject({ releases: 2, releaseTags: 4, deploysInWindow: 2, deploysPerWeek: 0.16 });
  });

  it("a release tagged on a release branch reaches the changes it ships, though HEAD's history lacks it", async () => {
    const r = await delivery([
      { date: '2026-10-01T10:00:00Z', files: { 'a.go': '1' }, tag: 'v1.0.0' },
      { date: '2026-10-05T10:00:00Z', files: { 'b.go': '1' } },
      // The fix was written on the 1st and released on the 3rd from the release branch.
      {
        branch: 'release-1.0',
        from: 'v1.0.0',
        date: '2026-11-01T10:00:00Z',
        committed: '2026-11-03T10:00:00Z',
        files: { 'fix.go': '1' },
        tag: 'v1.0.1',
      },
      { date: '2026-11-10T10:00:00Z', files: { 'c.go': '1' } },
    ]);
    // Two changes released: a.go at once (0 h) and the fix after 48 h.
    expect(r.metrics).toMatchObject({
      releases: 2,
      leadTimeMedianHours: 24,
      leadTimeFrom: 'author-dates',
      sample: { releases: 2, changes: 2 },
    });
  });
});

describe('delivery: how sure the measures are', () => {
  const squashed = (n: number, base: string): FixtureCommit[] =>
    Array.from({ length: n }, (_, i) => ({
      date: new Date(Date.parse(base) + i * 86_400_000).toISOString(),
      message: `Change ${i + 1} (#${i + 10})`,
      files: { [`f${i}.js`]: '1' },
      ...(i % 2 ? { tag: `v1.${i}.0` } : {}),
    }));

  it('squash-merged pull requests are authored when they land: lead time is not measured, and says why', async () => {
    const r = await delivery(squashed(10, '2026-10-01T10:00:00Z'));
    expect(r.metrics).toMatchObject({
      releases: 5,
      leadTimeMedianHours: null,
      leadTimeFrom: null,
      sample: { changes: 10, squashMerged: 10 },
    });
    expect(r.metrics.leadTimeNote).toMatch(/^10 of the 10 changes released in the window are squash-merged pull requests/);
    expect(r.metrics.tiers).not.toHaveProperty('leadTimeHours');
    expect(r.findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/^Lead time not measured: 10 of the 10 changes/));
  });

  it('a few squash merges among commits with their own author dates are left out of the lead time', async () => {
    const written: FixtureCommit[] = Array.from({ length: 6 }, (_, i) => ({
      date: `2026-10-0${i + 1}T10:00:00Z`,
      committed: '2026-10-09T10:00:00Z',
      files: { [`g${i}.js`]: '1' },
    }));
    const r = await delivery([...written, { date: '2026-10-09T10:00:00Z', message: 'Fix (#3)', files: { 'h.js': '1' }, tag: 'v2.0.0' }]);
    // Six changes written 8 … 3 days before the release (median 132 h); the squash merge is not one of them.
    expect(r.metrics).toMatchObject({ leadTimeFrom: 'author-dates', leadTimeMedianHours: 132, sample: { changes: 7, squashMerged: 1 } });
  });

  it('one release without a failure names no change failure tier and no DORA tier', async () => {
    const r = await delivery([
      { date: '2026-11-01T10:00:00Z', files: { 'a.js': '1' } },
      { date: '2026-11-02T10:00:00Z', files: { 'b.js': '1' }, tag: 'v1.0.0' },
    ]);
    expect(r.metrics).toMatchObject({
      releases: 1,
      changeFailureRate: 0,
      tiers: { deploysPerWeek: 'low' },
      unrated: { leadTimeHours: '2 changes measured; 5 needed', changeFailureRate: '1 releases in the window; 5 needed' },
      minSample: 5,
      doraTier: null,
      doraTierNote: 'too few releases to rate: 1 in 90 days, 5 needed',
    });
    expect(r.metrics.tiers).toEqual({ deploysPerWeek: 'low' });
    expect(r.score).toBe(2.5);
    expect(r.findings.map((f) => f.message)).toContain(
      'Only 1 release in the last 90 days: the change failure rate and the DORA tier are named from 5 (minSample).',
    );
  });

  it('does not apply to a documentation project, whose tags mark editions and helper crates', async () => {
    const pages = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`src/ch0${i}.md`, `# Chapter ${i}\n`]));
    const r = await delivery([{ date: '2026-11-01T10:00:00Z', files: { 'book.toml': '[book]\n', ...pages }, tag: 'trpl-v0.3.0' }]);
    expect(r).toMatchObject({ status: 'skip' });
    expect(r.reason).toMatch(/^does not apply to a docs project/);
  });
});
