import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bare, wellRun } from '../../fixtures/repos.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const ANSI = /\u001b\[/;

describe('text output', () => {
  it('is grouped by pillar, fits 80 columns, has no colour when piped, and puts what to fix first', async () => {
    const r = await cli(['audit', fx.build(bare), '--now', NOW]);
    expect(r.stdout).not.toMatch(ANSI);
    for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    const order = ['SPEED', 'STRETCH', 'SHIELD', 'SALES', 'Fix first'].map((h) => r.stdout.indexOf(h));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Practices whose records may be kept elsewhere are skipped; of the seven rules that score,
    // only branch-lifetime (10) and bus-factor (2.5) earn points.
    expect(r.stdout).toMatch(/Overall 15\.3 \/ 100/);
    expect(r.stdout).toMatch(/FAIL {2}ci-pipeline {8} 0\.0\/10/);
    expect(r.stdout).toMatch(/ {8}fix: Pick one CI system/);
    expect(r.stdout).toMatch(/1\. automated-tests +0\.0\/10, high risk: up to \+16\.7 points/);
    expect(r.stdout).toMatch(/SKIP {2}process-reviews +—\/10\n {10}No process review records in this repository; they may be kept/);
  });

  it('keeps the header within 80 columns for a long path', async () => {
    const { mkdirSync, renameSync } = await import('node:fs');
    const parent = join(fx.temp(), 'a-rather-long-folder-name-for-the-organisation', 'and-a-long-team-name');
    mkdirSync(parent, { recursive: true });
    const dir = join(parent, 'service-with-a-long-name');
    renameSync(fx.build(bare), dir);
    const r = await cli(['audit', dir, '--now', NOW]);
    expect(r.stdout.split('\n').filter((l) => l.length > 80 && !l.includes(dir))).toEqual([]);
    // Named by its folder, so the header fits on one line.
    expect(r.stdout).toMatch(/\nservice-with-a-long-name {2}\(default branch main, at [0-9a-f]{12}\)\n/);
  });

  it('colours on a terminal, with FORCE_COLOR, and never with NO_COLOR or --no-color', async () => {
    const dir = fx.build(bare);
    expect((await cli(['audit', dir, '--now', NOW], { tty: true, env: {} })).stdout).toMatch(ANSI);
    expect((await cli(['audit', dir, '--now', NOW], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(ANSI);
    expect((await cli(['audit', dir, '--now', NOW], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    expect((await cli(['audit', dir, '--now', NOW, '--no-color'], { tty: true, env: { FORCE_COLOR: '3' } })).stdout).not.toMatch(ANSI);
    expect((await cli(['audit', dir, '--now', NOW], { env: { FORCE_COLOR: '0' }, tty: true })).stdout).not.toMatch(ANSI);
  });

  it('--quiet prints one line per repository and the gate', async () => {
    const dir = fx.build(bare);
    const r = await cli(['audit', dir, '--now', NOW, '--quiet', '--fail-under', '50']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${basename(dir)}  15.3 / 100  gate failed\n  score 15.3 is below fail-under 50\n`);
  });

  it('--output writes the report to a file', async () => {
    const out = join(fx.temp(), 'report.json');
    const r = await cli(['audit', fx.build(wellRun), '--now', NOW, '--format', 'json', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`Report written to ${out}\n`);
    expect(JSON.parse(readFileSync(out, 'utf8')).repos[0].score).toBe(100);
    const bad = await cli(['audit', fx.build(wellRun), '--output', '/no/such/dir/r.txt']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^error: \/no\/such\/dir\/r.txt: cannot write the report: the folder \/no does not exist \(ENOENT\)\nhint: create the folder first/,
    );
  });

  it('notes a shallow clone in the text report', async () => {
    const r = await cli(['audit', fx.build({ ...wellRun, shallow: true }), '--now', NOW]);
    expect(r.stdout).toMatch(/note: Shallow clone/);
  });
});

/**
 * A repository that commits links pointing out of it (a report file, a folder, a dangling one),
 * and the folder outside they point at, holding a canary that must never change.
 */
function hostileRepository() {
  const outside = fx.temp();
  const canary = join(outside, 'canary.txt');
  writeFileSync(canary, 'canary\n');
  const link = (target: string) => ({ content: target, mode: 'symlink' as const });
  const repo = fx.build({
    ...wellRun,
    commits: [
      ...wellRun.commits,
      {
        date: '2026-11-23T12:00:00Z',
        files: {
          'blueprint-reports/blueprint.sarif': link(canary),
          reports: link(outside),
          'report.json': link(canary),
          'blueprint-baseline.json': link(canary),
          'plan.md': link(canary),
          'dangling.json': link(join(outside, 'made-by-blueprint.json')),
        },
      },
    ],
  });
  const untouched = () => {
    expect(readFileSync(canary, 'utf8')).toBe('canary\n');
    expect(readdirSync(outside)).toEqual(['canary.txt']);
  };
  return { repo, outside, canary, untouched };
}

describe('writing through links', () => {
  it('--output-dir never writes through a link the repository committed, and writes no report when one is refused', async () => {
    const { repo, untouched } = hostileRepository();
    const r = await cli(['audit', '.', '--now', NOW, '--format', 'text,sarif', '--output-dir', 'blueprint-reports'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: blueprint-reports\/blueprint\.sarif: is a link \(to \/.*canary\.txt\); blueprint never writes through a link\nhint: remove the link, or write to another path\n$/,
    );
    expect(existsSync(join(repo, 'blueprint-reports', 'blueprint.txt'))).toBe(false);
    untouched();
  });

  it('--output-dir refuses a folder that is a link inside a repository, however it is named', async () => {
    const { repo, untouched } = hostileRepository();
    for (const dir of ['reports', 'reports/nested', join(repo, 'reports')]) {
      const r = await cli(['audit', '.', '--now', NOW, '--format', 'json', '--output-dir', dir], { cwd: repo });
      expect(r.code, dir).toBe(2);
      expect(r.stderr).toMatch(
        /^error: .*blueprint\.json: \/.*\/reports is a link \(to \/.*\) inside a git repository; blueprint does not write through links it did not create\nhint: remove the link, or name the folder it leads to/,
      );
    }
    untouched();
  });

  it('-o, baseline, plan and merge refuse a file or a folder that is a link, a dangling one included', async () => {
    const { repo, outside, untouched } = hostileRepository();
    const saved = join(fx.temp(), 'saved.json');
    expect((await cli(['audit', repo, '--now', NOW, '--format', 'json', '-o', saved])).code).toBe(0);
    const runs = [
      ['audit', '.', '--now', NOW, '--format', 'json', '-o', 'report.json'],
      ['audit', '.', '--now', NOW, '--format', 'json', '-o', 'dangling.json'],
      ['audit', '.', '--now', NOW, '--format', 'json', '-o', 'reports/report.json'],
      ['baseline', '.', '--now', NOW],
      ['plan', '.', '--now', NOW, '-o', 'plan.md'],
      ['plan', '--from', saved, '--now', NOW, '-o', 'reports/plan.md'],
      ['merge', saved, '--format', 'json', '-o', 'report.json'],
    ];
    for (const args of runs) {
      const r = await cli(args, { cwd: repo });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/is a link \(to \/.*\)/);
    }
    expect(existsSync(join(outside, 'made-by-blueprint.json'))).toBe(false);
    untouched();
  });

  it('refuses a link before auditing: nothing is audited for a report that cannot be written', async () => {
    const { repo, untouched } = hostileRepository();
    for (const args of [
      ['audit', '.', '--now', NOW, '--format', 'json', '-o', 'report.json'],
      ['audit', '.', '--now', NOW, '--format', 'json,sarif', '--output-dir', 'blueprint-reports'],
      ['baseline', '.', '--now', NOW],
      ['plan', '.', '--now', NOW, '-o', 'plan.md'],
    ]) {
      // An audit keeps the mined history in the cache: it stays unmade when nothing was audited.
      const cache = join(fx.temp(), 'cache');
      const r = await cli(args, { cwd: repo, env: { CI: 'true', XDG_CACHE_HOME: cache } });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/is a link \(to \/.*\)/);
      expect(existsSync(cache), args.join(' ')).toBe(false);
    }
    untouched();
  });

  it('replaces a regular file whole: a hard link to it keeps its text, and no temporary file is left', async () => {
    const dir = fx.temp();
    writeFileSync(join(dir, 'canary.txt'), 'canary\n');
    linkSync(join(dir, 'canary.txt'), join(dir, 'report.json'));
    const r = await cli(['audit', fx.build(wellRun), '--now', NOW, '--format', 'json', '-o', 'report.json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'canary.txt'), 'utf8')).toBe('canary\n');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).repos[0].score).toBe(100);
    expect(readdirSync(dir).sort()).toEqual(['canary.txt', 'report.json']);
  });

  it('follows a link the user made and named outside any repository', async () => {
    const base = fx.temp();
    mkdirSync(join(base, 'real'));
    symlinkSync(join(base, 'real'), join(base, 'mine'));
    const r = await cli(['audit', fx.build(wellRun), '--now', NOW, '--format', 'json,sarif', '--output-dir', 'mine/reports'], {
      cwd: base,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(base, 'real', 'reports')).sort()).toEqual(['blueprint.json', 'blueprint.sarif']);
  });
});

describe('rules and explain', () => {
  it('`blueprint rules` lists id, pillar, risk and description; --json too', async () => {
    const r = await cli(['rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^RULE +PILLAR +RISK +DESCRIPTION\n/);
    expect(r.stdout).toMatch(/\nci-pipeline +speed +high +A CI pipeline runs the tests/);
    const json = JSON.parse((await cli(['rules', '--json'])).stdout);
    expect(json.map((x: { id: string }) => x.id)).toEqual([
      'style-guide',
      'branch-lifetime',
      'feature-flags',
      'ci-pipeline',
      'automated-tests',
      'delivery',
      'experiments',
      'feedback-loop',
      'process-reviews',
      'bus-factor',
      'iac',
      'access-review',
      'disaster-recovery',
      'cost-alerts',
      'product-briefs',
      'hypotheses',
      'poc-sharing',
      'mvp-metrics',
    ]);
  });

  it("`blueprint explain` prints the rule's README and its options with defaults", async () => {
    const r = await cli(['explain', 'style-guide']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^style-guide \(speed, medium risk\)\n/);
    expect(r.stdout).toMatch(/## Why it matters/);
    expect(r.stdout).toMatch(/ {2}maxWords \(integer, default 600\): /);
    expect(r.stdout).toMatch(/ {2}paths \(string\[\], default \[\]\): /);
    const unknown = await cli(['explain', 'styleguide']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("error: unknown rule 'styleguide'\nhint: did you mean 'style-guide'? Run `blueprint rules` to list them\n");
  });
});
