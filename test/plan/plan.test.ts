import { TIMELINE } from '../trend/timeline-fixture.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bare, wellRun } from '../../fixtures/repos.ts';
import { cli, fixtures, NOW } from '../helpers.ts';
import { fixtureReport } from '../reporters/fixture-report.ts';

const fx = fixtures();
const golden = (name: string) => join(import.meta.dirname, '__snapshots__', name);

describe('blueprint plan', () => {
  let saved: string;
  beforeAll(async () => {
    saved = join(fx.temp(), 'report.json');
    writeFileSync(saved, JSON.stringify(await fixtureReport(fx)));
  });

  it("one repository: the audit's Fix first first, three practices with current state, desired state and first steps (golden)", async () => {
    const dir = fx.build(bare);
    const r = await cli(['plan', dir, '--now', NOW]);
    expect(r.code).toBe(0);
    const text = r.stdout.replaceAll(dir, 'legacy-tool').replaceAll(basename(dir), 'legacy-tool');
    await expect(text).toMatchFileSnapshot(golden('bare.md'));
    const headings = text.split('\n').filter((l) => l.startsWith('#'));
    expect(headings.slice(0, 5)).toEqual([
      '# Operational blueprint: legacy-tool',
      '## Where we stand',
      '## How we moved over the last four quarters',
      '## Start here: the practices that add the most points',
      '### automated-tests: 0.0/10',
    ]);
    // The audit's Fix first names the same three, in the same order, for the same reason.
    const audit = (await cli(['audit', dir, '--now', NOW])).stdout;
    const fixFirst = [...audit.slice(audit.indexOf('Fix first')).matchAll(/^ {4}\d\. (\S+)/gm)].map((m) => m[1]);
    const started = text
      .slice(text.indexOf('## Start here'), text.indexOf('## Then'))
      .split('\n')
      .filter((l) => l.startsWith('### '))
      .map((l) => l.slice(4).split(':')[0]);
    expect(started).toEqual(fixFirst);
    expect(started).toEqual(['automated-tests', 'ci-pipeline', 'iac']);
    expect(text).toContain("The three practices the audit's **Fix first** names, in its order (ranked by the points");
    expect(text).toContain('**Why first.** SPEED, high risk: up to +16.7 points on the overall score at 10/10.');
    // Pillars where nothing was evidenced come after those with a score.
    expect(text).toMatch(/\| SPEED \| 16\.7 \|[^\n]*\n\| STRETCH \| — \(nothing evidenced\)/);
    expect(text).toContain('**Next review: 2027-02-23**');
  });

  it('from a saved report of several repositories: per-repository facts and the key-person matrix (golden)', async () => {
    const r = await cli(['plan', '--from', saved, '--now', NOW]);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(golden('organisation.md'));
    expect(r.stdout).toMatch(/^# Operational blueprint: 3 repositories\n/);
    expect(r.stdout).toContain('| billing | Ada Lovelace (2026-11-10) | — (key-person risk) | — | missing |');
    expect(r.stdout).toMatch(/^## Key people across the organisation\n\nPeople whom two or more repositories each depend on/m);
    // Recomputed from the repositories of the saved report, as `merge` does.
    expect(r.stdout).toMatch(
      /^1\. \*\*Ada Lovelace\*\* \(ada@example\.com\): Only active expert of 1 system in 1 repository; the one person the active truck factor counts in 2 repositories\. Systems: payments\\\|api: billing\. Active truck factor of 1: legacy=tool, payments\\\|api\.$/m,
    );
    // The failed repository is left out; only those below the standard get a line of facts.
    expect(r.stdout).not.toContain('/no/such/repo');
    expect(r.stdout).toContain('- 1 of 3 repositories meet the standard; the others:');
    expect(r.stdout).toMatch(/ {2}- \*\*payments\\\|api\*\*: Score 2\.0\/10: below the standard\./);
  });

  it('--pillar starts elsewhere; the review key sets the next date and its owner', async () => {
    const dir = fx.build({
      commits: [
        ...wellRun.commits,
        { date: '2026-11-23T12:00:00Z', files: { 'blueprint.yml': 'review:\n  next: 2027-01-15\n  owner: "@ada"\n' } },
      ],
    });
    const r = await cli(['plan', dir, '--now', NOW, '--pillar', 'shield']);
    expect(r.stdout).toMatch(/## Start here: SHIELD: how we protect ourselves\n\nEvery audited practice of this pillar meets its standard/);
    expect(r.stdout).toContain('**Next review: 2027-01-15**, run by @ada.');
    const overdue = await cli(['plan', dir, '--now', '2027-03-01T00:00:00Z']);
    expect(overdue.stdout).toContain('**Next review: 2027-05-31**, run by @ada (the one planned for 2027-01-15 is overdue).');
  });

  it('writes to --output; bad input is a clear usage or config error', async () => {
    const out = join(fx.temp(), 'blueprint.md');
    const r = await cli(['plan', '--from', saved, '--now', NOW, '-o', out]);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(out, 'utf8')).toMatch(/^# Operational blueprint/);
    const both = await cli(['plan', '.', '--from', saved]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--from reads a saved report; it takes no repositories/);
    const pillar = await cli(['plan', '--from', saved, '--pillar', 'velocity']);
    expect(pillar.code).toBe(2);
    expect(pillar.stderr).toMatch(/'velocity' is not a pillar: use speed, stretch, shield, sales/);
    const missing = await cli(['plan', '--from', join(fx.temp(), 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
  it('shows how each pillar moved over the last four quarters, from the history alone, and leaves it out with --no-trend', async () => {
    const dir = fx.build(TIMELINE);
    const r = await cli(['plan', dir, '--now', NOW]);
    expect(r.code).not.toBe(2);
    const section = r.stdout.slice(r.stdout.indexOf('## How we moved over the last four quarters'), r.stdout.indexOf('## Start here'));
    expect(section).toMatch(/^\| \| 2025-11-24 \| 2026-02-24 \| 2026-05-24 \| 2026-08-24 \| 2026-11-24 \| over the year \|$/m);
    // The same numbers trend gives for those dates.
    const trend = JSON.parse((await cli(['trend', dir, '--since', '1y', '--every', 'quarter', '--now', NOW, '-f', 'json'])).stdout) as {
      repos: Array<{ points: Array<{ overall: number | null; pillars: Record<string, number | null> }> }>;
    };
    const overall = trend.repos[0]!.points.map((p) => (p.overall === null ? '—' : p.overall.toFixed(1)));
    expect(section).toContain(`| Overall (of 100) | ${overall.join(' | ')} |`);
    const speed = trend.repos[0]!.points.map((p) => (p.pillars.speed === null ? '—' : p.pillars.speed!.toFixed(1)));
    expect(section).toContain(`| SPEED | ${speed.join(' | ')} |`);
    expect(new Set(speed).size).toBeGreaterThan(1);
    expect(section).toMatch(/\d+ rule scores? moved between quarters by a point or more/);
    const without = await cli(['plan', dir, '--now', NOW, '--no-trend']);
    expect(without.stdout).not.toContain('## How we moved');
  }, 120_000);
});
