import { describe, expect, it } from 'vitest';
import { bare, wellRun } from '../../fixtures/repos.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();

describe('exit codes', () => {
  it('0: the audit ran and met every gate', async () => {
    const repo = fx.build(wellRun);
    const r = await cli(['audit', repo, '--now', NOW, '--fail-under', '90']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Overall 100\.0 \/ 100/);
  });

  it('1: a repository scores below --fail-under', async () => {
    const repo = fx.build(bare);
    const r = await cli(['audit', repo, '--now', NOW, '--fail-under', '50']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Gate failed: score \d+(\.\d)? is below fail-under 50/);
  });

  it('1: fail-under from blueprint.yml', async () => {
    const repo = fx.build({ commits: [{ date: '2026-06-01T10:00:00Z', files: { 'blueprint.yml': 'fail-under: 80\n' } }] });
    const r = await cli(['audit', repo, '--now', NOW]);
    expect(r.code).toBe(1);
  });

  it('2: an unknown --format', async () => {
    const r = await cli(['audit', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/argument 'xml' is invalid. Allowed choices are text, json/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('2: an invalid --now, --fail-under or --tolerance', async () => {
    for (const args of [
      ['--now', 'yesterday'],
      ['--fail-under', '120'],
      ['--tolerance', '-1'],
      ['--fail-under', 'abc'],
    ]) {
      const r = await cli(['audit', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/error: option/);
    }
  });

  it('2: an unknown --rule suggests the closest id', async () => {
    const r = await cli(['audit', '--rule', 'ci-pipelines']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: unknown rule 'ci-pipelines'\nhint: did you mean 'ci-pipeline'? Run `blueprint rules` to list them\n");
  });

  it('2: an unknown command or option', async () => {
    expect((await cli(['audit', '--frobnicate'])).code).toBe(2);
    expect((await cli(['explain'])).code).toBe(2);
  });

  it('3: a path that does not exist, and the other targets still reported', async () => {
    const repo = fx.build(wellRun);
    const r = await cli(['audit', '/no/such/repo', repo, '--now', NOW, '--format', 'json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.repos[0]).toMatchObject({
      target: '/no/such/repo',
      status: 'error',
      error: expect.stringMatching(/no such file or directory/),
    });
    expect(report.repos[1]).toMatchObject({ status: 'ok', score: 100 });
    expect(report.summary).toMatchObject({ repos: 2, audited: 1, errors: 1 });
  });

  it('3 wins over 1 when a target fails and a gate fails', async () => {
    const repo = fx.build(bare);
    const r = await cli(['audit', repo, '/no/such/repo', '--now', NOW, '--fail-under', '99']);
    expect(r.code).toBe(3);
  });

  it('--help shows examples and exits 0; --version prints the version', async () => {
    const help = await cli(['audit', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
    expect(help.stdout).toMatch(/--baseline <report.json>/);
    const version = await cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
