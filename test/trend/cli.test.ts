import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTrendJson, trend } from '../../src/index.ts';
import { buildFixture } from '../../fixtures/builder.ts';
import { cli, fixtures } from '../helpers.ts';
import { freePort } from '../servers/git-daemon.ts';
import { TIMELINE } from './timeline-fixture.ts';

const fx = fixtures();
const NOW = '2026-11-24T12:00:00Z';

describe('blueprint trend', () => {
  it('prints what trend() returns, in the format asked for', async () => {
    const dir = fx.build(TIMELINE);
    const args = ['--since', '2026-01-15', '--every', 'quarter', '--until', '2026-10-15', '--now', NOW, '--rule', 'ci-pipeline,bus-factor'];
    const r = await cli(['trend', '.', ...args, '--format', 'json', '--quiet'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const library = await trend({
      cwd: dir,
      targets: ['.'],
      since: '2026-01-15',
      every: 'quarter',
      until: '2026-10-15',
      now: new Date(NOW),
      rules: ['ci-pipeline', 'bus-factor'],
    });
    expect(r.stdout).toBe(renderTrendJson(library));
    const text = await cli(['trend', ...args], { cwd: dir });
    expect(text.stdout).toContain('ci-pipeline 7 → 10 (+3): .github/workflows/ci.yml changed in');
    expect(text.stderr).toContain('.: point 4 of 4, 2026-10-15');
  }, 60_000);

  it('writes every format into --output-dir', async () => {
    const dir = fx.build(TIMELINE);
    const out = fx.temp();
    const r = await cli(
      [
        'trend',
        dir,
        '--since',
        '6m',
        '--every',
        'quarter',
        '--until',
        '2026-10-15',
        '-f',
        'text,json,csv,markdown,html',
        '--output-dir',
        out,
        '-q',
      ],
      { cwd: out },
    );
    expect(r.code).toBe(0);
    for (const name of ['trend.txt', 'trend.json', 'trend.csv', 'trend.md', 'trend.html'])
      expect(existsSync(join(out, name)), name).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'trend.json'), 'utf8')).repos[0].points.map((p: { date: string }) => p.date)).toEqual([
      '2026-04-15T00:00:00.000Z',
      '2026-07-15T00:00:00.000Z',
      '2026-10-15T00:00:00.000Z',
    ]);
  }, 60_000);

  it('says what is wrong with --since, --every and --until, with exit code 2', async () => {
    const dir = fx.build(TIMELINE);
    const cases: Array<[string[], RegExp]> = [
      [['--every', 'month'], /required option '--since/],
      [['--since', '1y'], /required option '--every/],
      [
        ['--since', 'last spring', '--every', 'month'],
        /error: --since 'last spring' is neither a date nor a duration\nhint: pass an ISO date/,
      ],
      [['--since', '1y', '--every', 'fortnight'], /error: --every 'fortnight' is not a step\nhint: pass a duration such as 30d/],
      [['--since', '2026-05-01', '--every', 'month', '--until', '2026-01-01'], /error: --since 2026-05-01T00:00:00.000Z is after --until/],
      [['--since', '1y', '--every', 'month', '-f', 'sarif'], /Allowed choices are text, json, csv, markdown, html/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['trend', '.', ...args], { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a remote target that cannot be cloned is an error row (exit 3), with what to do', async () => {
    // A loopback port nothing listens on: the clone fails without leaving the machine.
    const url = `git://127.0.0.1:${await freePort()}/team/api.git`;
    const r = await cli(['trend', url, '--since', '1y', '--every', 'quarter', '-q', '-f', 'json'], { env: { XDG_CACHE_HOME: fx.temp() } });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).repos[0]).toMatchObject({
      target: url,
      status: 'error',
      error: expect.stringMatching(/^cannot clone .*: the host could not be reached/),
    });
  });

  it('a point before the first commit has no commit and says so', async () => {
    const dir = fx.build(TIMELINE);
    const r = await cli(
      [
        'trend',
        '.',
        '--since',
        '2025-09-01',
        '--every',
        'month',
        '--until',
        '2025-11-01T10:00:00Z',
        '-q',
        '-f',
        'json',
        '--rule',
        'ci-pipeline',
      ],
      { cwd: dir },
    );
    const points = JSON.parse(r.stdout).repos[0].points;
    expect(points[0]).toMatchObject({ commit: null, overall: null, notes: ['no commit on main at or before 2025-09-01T10:00:00.000Z'] });
    expect(points.at(-1).commit).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('blueprint trend --shard', () => {
  it('traces one deterministic slice of the targets; the slices together are every target, once', async () => {
    const base = fx.temp();
    const names = ['api', 'web', 'ops', 'lib'];
    for (const name of names) buildFixture(TIMELINE, join(base, name));
    const args = [
      ...names,
      '--since',
      '2026-07-15',
      '--every',
      'quarter',
      '--until',
      '2026-10-15',
      '--now',
      NOW,
      '--rule',
      'ci-pipeline',
      '-f',
      'json',
      '-q',
    ];
    const shards = await Promise.all(['1/2', '2/2'].map((shard) => cli(['trend', ...args, '--shard', shard], { cwd: base })));
    const traced = shards.map((r) => {
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as { shard: { index: number; count: number }; repos: Array<{ target: string }> };
    });
    expect(traced.map((t) => t.shard)).toMatchObject([
      { index: 1, count: 2, total: 4 },
      { index: 2, count: 2, total: 4 },
    ]);
    expect(traced.flatMap((t) => t.repos.map((r) => r.target)).sort()).toEqual([...names].sort());
    const whole = JSON.parse((await cli(['trend', ...args], { cwd: base })).stdout);
    expect(whole.shard).toBeUndefined();
    // A shard's repositories are traced exactly as in the whole trend.
    for (const t of traced)
      for (const repo of t.repos) expect(repo).toEqual(whole.repos.find((r: { target: string }) => r.target === repo.target));
  }, 120_000);

  it('a malformed --shard is a usage error (exit 2) with what to write', async () => {
    const r = await cli(['trend', '--since', '1y', '--every', 'quarter', '--shard', '3/2'], { cwd: fx.temp() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("invalid shard '3/2'");
    expect(r.stderr).toContain('i/n');
  });
});
