import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitIn } from '../../fixtures/builder.ts';
import { wellRun } from '../../fixtures/repos.ts';
import { audit } from '../../src/index.ts';
import { PRACTICES } from '../../src/scaffold/scaffold.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const golden = (name: string) => join(import.meta.dirname, '__snapshots__', 'scaffold', name);
const now = new Date(NOW);

describe('blueprint scaffold', () => {
  it.each(PRACTICES.filter((p) => p !== 'codeowners'))('%s (golden)', async (practice) => {
    const r = await cli(['scaffold', practice, fx.temp(), '--print', '--now', NOW, '--name', 'One-click Reorder!']);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(golden(`${practice}.txt`));
  });

  it('codeowners is drafted from the authorship data: two experts per system (golden)', async () => {
    const dir = fx.build({
      ...wellRun,
      commits: [...wellRun.commits, { date: '2026-11-23T12:00:00Z', author: 'linus', files: { 'tools/gen.go': 'package tools\n' } }],
    });
    const r = await cli(['scaffold', 'codeowners', dir, '--print', '--now', NOW]);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(golden('CODEOWNERS'));
    expect(r.stdout).toContain('/tools/                  linus@example.com  # one expert only: name a second owner');
  });

  it('codeowners proposes active people only: not those who have left, nor team or service accounts', async () => {
    const authors = {
      ada: { name: 'Ada Lovelace', email: 'ada@example.com' },
      grace: { name: 'Grace Hopper', email: 'grace@example.com' },
      jane: { name: 'Jane Doe', email: 'jane@example.com' },
      terraform: { name: 'terraform-team-prod', email: 'terraform-team-prod@corp.example' },
    };
    const at = (date: string) => `${date}T10:00:00Z`;
    const dir = fx.build({
      authors,
      commits: [
        { author: 'jane', date: at('2014-03-02'), files: { 'lib/a.ts': 'a\n', 'lib/b.ts': 'b\n' } },
        { author: 'jane', date: at('2014-03-03'), files: { 'legacy/x.ts': 'x\n' } },
        { author: 'grace', date: at('2026-06-01'), files: { 'lib/c.ts': 'c\n' } },
        { author: 'ada', date: at('2026-06-02'), files: { 'src/a.ts': 'a\n' } },
        { author: 'grace', date: at('2026-06-03'), files: { 'src/b.ts': 'b\n' } },
        { author: 'terraform', date: at('2026-06-04'), files: { 'infra/main.ts': 'm\n' } },
        { author: 'ada', date: at('2026-06-05'), files: { 'infra/main.ts': 'm\n2\n' } },
      ],
    });
    const r = await cli(['scaffold', 'codeowners', dir, '--print', '--now', NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(5, -1)).toEqual([
      '/infra/                  ada@example.com  # one expert only: name a second owner',
      '# /legacy/               no active expert: Jane Doe (last change 2014-03-03) has left; name two owners',
      '/lib/                    grace@example.com  # one expert only: name a second owner',
      '/src/                    ada@example.com grace@example.com',
    ]);
  });

  it('writes where the rule looks, from the top of the work tree, and never overwrites', async () => {
    const dir = fx.build({ commits: [{ date: '2026-11-01T00:00:00Z', files: { 'src/a.ts': '1\n' } }] });
    const first = await cli(['scaffold', 'dr-test', join(dir, 'src'), '--now', NOW, '--name', 'db restore']);
    expect(first).toMatchObject({ code: 0, stdout: '' });
    expect(first.stderr).toBe('Wrote docs/dr/2026-11-24-db-restore.md: fill it in and commit it.\n');
    const again = await cli(['scaffold', 'dr-test', dir, '--now', NOW, '--name', 'db restore']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error: docs\/dr\/2026-11-24-db-restore\.md: already exists; blueprint never overwrites a file\nhint: /);
    writeFileSync(join(dir, 'STYLEGUIDE.md'), 'ours\n');
    expect((await cli(['scaffold', 'style-guide', dir])).code).toBe(2);
    expect(readFileSync(join(dir, 'STYLEGUIDE.md'), 'utf8')).toBe('ours\n');
  });

  it('refuses paths and links that lead outside the repository', async () => {
    const dir = fx.build({ commits: [{ date: '2026-11-01T00:00:00Z', files: { 'a.ts': '1\n' } }] });
    const outside = fx.temp();
    const escaping = await cli(['scaffold', 'poc', dir, '--output', '../escape.md']);
    expect(escaping.code).toBe(2);
    expect(escaping.stderr).toMatch(/outside the repository/);
    symlinkSync(outside, join(dir, 'docs'));
    const link = await cli(['scaffold', 'poc', dir]);
    expect(link.code).toBe(2);
    expect(existsSync(join(outside, 'poc'))).toBe(false);
  });

  it('writes inside the repository even when its core.worktree names another folder', async () => {
    const dir = fx.build({ commits: [{ date: '2026-11-01T00:00:00Z', files: { 'src/a.ts': '1\n' } }] });
    const elsewhere = fx.temp();
    gitIn(dir, ['config', 'core.worktree', elsewhere]);
    for (const target of [dir, join(dir, 'src')]) {
      const r = await cli(['scaffold', 'poc', target, '--now', NOW, '--name', `from ${target === dir ? 'top' : 'src'}`]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(readdirSync(join(dir, 'docs', 'poc')).sort()).toEqual(['from-src.md', 'from-top.md']);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('follows no link on the way, not even one that stays inside the repository', async () => {
    const outside = fx.temp();
    const link = (target: string) => ({ content: target, mode: 'symlink' as const });
    const dir = fx.build({
      commits: [
        {
          date: '2026-11-01T00:00:00Z',
          files: { 'a.ts': '1\n', 'docs/poc': link(outside), 'documentation/README.md': 'x\n', records: link('documentation') },
        },
      ],
    });
    const deep = await cli(['scaffold', 'poc', dir, '--now', NOW]);
    expect(deep.code).toBe(2);
    expect(deep.stderr).toMatch(
      /^error: docs\/poc\/.*\.md: \/.*\/docs\/poc is a link \(to \/.*\) inside the repository; blueprint does not write through links\nhint: /,
    );
    const inside = await cli(['scaffold', 'poc', dir, '--now', NOW, '--output', 'records/poc.md']);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/records is a link \(to documentation\) inside the repository/);
    const file = await cli([
      'scaffold',
      'style-guide',
      fx.build({ commits: [{ date: '2026-11-01T00:00:00Z', files: { 'STYLEGUIDE.md': link(join(outside, 'made.md')) } }] }),
    ]);
    expect(file.code).toBe(2);
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(join(dir, 'documentation'))).toEqual(['README.md']);
  });

  it('an untouched starter does not pass for a filled-in record', async () => {
    const dir = fx.build({ commits: [{ date: '2026-11-01T00:00:00Z', files: { 'a.ts': '1\n' } }] });
    for (const practice of ['product-brief', 'process-review', 'dr-test', 'poc', 'experiment', 'hypothesis']) {
      expect((await cli(['scaffold', practice, dir, '--now', NOW])).code).toBe(0);
    }
    gitIn(dir, ['add', '-A']);
    gitIn(dir, ['commit', '-qm', 'starters']);
    const report = await audit({
      targets: [dir],
      now,
      rules: ['product-briefs', 'process-reviews', 'disaster-recovery', 'poc-sharing', 'experiments', 'hypotheses', 'mvp-metrics'],
    });
    const byId = Object.fromEntries(report.repos[0]!.rules.map((r) => [r.id, r]));
    expect(byId['product-briefs']!.metrics).toMatchObject({ briefs: 1, completeBriefs: 0 });
    expect(byId['mvp-metrics']!.metrics).toMatchObject({ none: 1 });
    expect(byId['process-reviews']!.metrics).toMatchObject({ reviews: 1, hasTopThree: false });
    expect(byId['disaster-recovery']!.metrics).toMatchObject({ tests: 1, phasesRecorded: [] });
    expect(byId['poc-sharing']!.metrics).toMatchObject({ writeUps: 1, complete: 0 });
    expect(byId['experiments']!.metrics).toMatchObject({ records: 1, withLearning: 0 });
    expect(byId['hypotheses']!.metrics).toMatchObject({ records: 1, assumptions: 0 });
    for (const rule of report.repos[0]!.rules) expect(rule.score ?? 0, rule.id).toBeLessThan(10);
  });

  it('an unknown practice, or none, is a usage error that lists them', async () => {
    const r = await cli(['scaffold', 'runbook']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /unknown practice 'runbook'.*\nhint: choose one of: style-guide, experiment, feedback-template, process-review, codeowners/,
    );
    expect((await cli(['scaffold'])).stderr).toMatch(/which practice\?/);
    expect((await cli(['scaffold', '--list'])).stdout).toMatch(/^style-guide {8}a one-page style guide/);
  });
});
