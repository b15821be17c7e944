import { describe, expect, it } from 'vitest';
import { gitIn, type FixtureCommit } from '../../fixtures/builder.ts';
import { audit } from '../../src/index.ts';
import { tierOf } from '../../rules/delivery/index.ts';
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
  const report = await audit({ targets: [fx.build({ commits: [...files, ...commits] })], now, rules: ['delivery'] });
  return report.repos[0]!.rules[0]!;
}

describe('delivery (DORA)', () => {
  it('measures the four keys from release tags, reverts and hotfixes', async () => {
    // The same commits give the same ids, so a first build tells the id the revert names.
    const probe = fx.build({ commits: history('placeholder') });
    const search = gitIn(probe, ['rev-list', '-n1', '--grep=add search', 'HEAD']).trim();
    const r = await delivery(history(`Revert "add search"\n\nThis reverts commit ${search}.`));
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
    expect(r.metrics.tiers).toEqual({ deploysPerWeek: 'low', leadTimeHours: 'high', changeFailureRate: 'elite' });
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
    const dir = fx.build({ commits: [{ date: '2026-11-10T10:00:00Z', files: { 'blueprint.yml': 'rules:\n  delivery:\n    options: { tagPattern: "(" }\n' }, tag: 'v1.0.0' }] });
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
