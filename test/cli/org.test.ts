import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bare, wellRun } from '../../fixtures/repos.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();

function reposFile(lines: string[]): string {
  const file = join(fx.temp(), 'repos.txt');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('many repositories at once', () => {
  const good = fx.build(wellRun);
  const poor = fx.build(bare);
  const middling = fx.build({ commits: [{ date: '2026-06-01T00:00:00Z', files: { 'main.tf': '', 'a.js': 'a' } }] });

  it('--repos-file, a summary worst first with failures last, per-rule counts, progress lines on stderr', async () => {
    const file = reposFile(['# our services', good, '', poor, '/no/such/repo', middling]);
    const r = await cli(['audit', '--repos-file', file, '--now', NOW, '--format', 'json']);
    expect(r.code).toBe(3);
    const { summary } = JSON.parse(r.stdout);
    expect(summary.ranking.map((x: { target: string }) => x.target)).toEqual([poor, middling, good, '/no/such/repo']);
    expect(summary.ranking[3]).toMatchObject({ status: 'error', score: null, error: expect.stringMatching(/no such file/) });
    expect(summary.ranking[2]).toMatchObject({ status: 'ok', score: 100, pillars: { speed: 100, stretch: 100, shield: 100, sales: 100 } });
    expect(summary.rules.iac).toEqual({ pass: 2, warn: 0, fail: 1, skip: 0, error: 0, total: 3 });
    expect(summary.pillars.speed).toBeGreaterThan(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/^\[\d\/4\] \S+ {2}(\d+(\.\d)?|error: .+)$/);
  });

  it('prints the summary in the text report, within 80 columns', async () => {
    const r = await cli(['audit', good, poor, '/no/such/repo', '--now', NOW, '--quiet']);
    expect(r.stderr).toBe(''); // --quiet: no progress lines
    const text = await cli(['audit', good, poor, '/no/such/repo', '--now', NOW]);
    expect(text.stdout).toMatch(/Summary: 2 of 3 repositories audited; 1 could not be audited$/m);
    const table = text.stdout.slice(text.stdout.indexOf('repository (worst first)'));
    expect(table.indexOf(poor.slice(-10))).toBeLessThan(table.indexOf(good.slice(-10)));
    expect(table).toMatch(/could not be audited: no such file or\s+directory/);
    expect(table).toMatch(/\n {2}ci-pipeline +1 +0 +1 +0 +0\n/);
    for (const line of text.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('--shard splits the targets into disjoint, deterministic slices; merge puts them back together', async () => {
    const targets = [good, poor, middling, '/no/such/repo'];
    const dir = fx.temp();
    const full = JSON.parse((await cli(['audit', ...targets, '--now', NOW, '--format', 'json'])).stdout);
    const shards: string[][] = [];
    for (const i of [1, 2, 3]) {
      const out = join(dir, `shard${i}.json`);
      await cli(['audit', ...targets, '--shard', `${i}/3`, '--now', NOW, '--format', 'json', '--output', out]);
      const again = JSON.parse((await cli(['audit', ...targets, '--shard', `${i}/3`, '--now', NOW, '--format', 'json'])).stdout);
      const mine = again.repos.map((x: { target: string }) => x.target);
      expect(JSON.parse((await import('node:fs')).readFileSync(out, 'utf8')).repos.map((x: { target: string }) => x.target)).toEqual(mine);
      shards.push(mine);
    }
    expect(shards.flat().sort()).toEqual([...targets].sort());
    const merged = await cli(['merge', ...[1, 2, 3].map((i) => join(dir, `shard${i}.json`)), '--format', 'json']);
    expect(merged.code).toBe(3);
    const report = JSON.parse(merged.stdout);
    expect(report.summary.ranking).toEqual(full.summary.ranking);
    expect(report.summary.rules).toEqual(full.summary.rules);
    expect(report.generatedAt).toBe(full.generatedAt);
  });

  it('merge refuses reports of different reference times; bad shards and lists are usage errors', async () => {
    const dir = fx.temp();
    await cli(['audit', good, '--now', NOW, '--format', 'json', '--output', join(dir, 'a.json')]);
    await cli(['audit', poor, '--now', '2026-01-01', '--format', 'json', '--output', join(dir, 'b.json')]);
    const mixed = await cli(['merge', join(dir, 'a.json'), join(dir, 'b.json')]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/^error: the reports were made at different reference times/);
    expect((await cli(['merge', join(dir, 'nope.json')])).stderr).toMatch(/cannot read report: no such file/);
    for (const shard of ['0/3', '4/3', 'x', '1/0']) {
      const r = await cli(['audit', good, '--shard', shard]);
      expect(r.code, shard).toBe(2);
      expect(r.stderr).toMatch(/invalid shard/);
    }
    expect((await cli(['audit', '--repos-file', reposFile(['# nothing'])])).stderr).toMatch(/the repository list is empty/);
    expect((await cli(['audit', '--repos-file', '/no/list.txt'])).code).toBe(2);
  });
});
