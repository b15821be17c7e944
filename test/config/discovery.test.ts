import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_ENV } from '../../fixtures/builder.ts';
import { GITHUB_WORKFLOW } from '../../fixtures/repos.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const base = { '.github/workflows/ci.yml': GITHUB_WORKFLOW };

async function auditJson(repo: string, extra: string[] = []) {
  const r = await cli(['audit', repo, '--now', NOW, '--format', 'json', ...extra]);
  return { ...r, report: r.stdout ? JSON.parse(r.stdout) : null };
}

const rule = (report: any, id: string) => report.repos[0].rules.find((r: any) => r.id === id);

describe('finding the blueprint in the audited repository', () => {
  it('uses the built-in recommended blueprint when the repository has none', async () => {
    const repo = fx.build({ commits: [{ date: '2026-06-01T00:00:00Z', files: base }] });
    const { report } = await auditJson(repo);
    expect(report.blueprint.source).toBe('builtin:recommended');
    expect(rule(report, 'style-guide').severity).toBe('warn');
    expect(rule(report, 'iac').severity).toBe('error');
  });

  it.each([
    ['blueprint.yml', 'rules:\n  iac: off\n'],
    ['blueprint.yaml', 'rules:\n  iac: off\n'],
    ['.blueprintrc', 'rules:\n  iac: off\n'],
    ['.blueprintrc.yml', 'rules:\n  iac: off\n'],
    ['.blueprintrc.json', '{ "rules": { "iac": "off" } }\n'],
    ['.github/blueprint.yml', 'rules:\n  iac: off\n'],
    ['package.json', '{ "name": "x", "blueprint": { "rules": { "iac": "off" } } }\n'],
  ])('reads %s', async (file, content) => {
    const repo = fx.build({ commits: [{ date: '2026-06-01T00:00:00Z', files: { ...base, [file]: content } }] });
    const { report, code } = await auditJson(repo);
    expect(code).toBe(0);
    expect(report.repos[0].blueprint.source).toBe(join(repo, file));
    expect(rule(report, 'iac')).toMatchObject({ status: 'skip', score: null, reason: `turned off in ${join(repo, file)}` });
  });

  it('ignores a package.json without a blueprint key', async () => {
    const repo = fx.build({ commits: [{ date: '2026-06-01T00:00:00Z', files: { 'package.json': '{"name":"x"}' } }] });
    expect((await auditJson(repo)).report.blueprint.source).toBe('builtin:recommended');
  });

  it('prefers blueprint.yml to package.json, and --config to both', async () => {
    const repo = fx.build({
      commits: [
        {
          date: '2026-06-01T00:00:00Z',
          files: {
            'blueprint.yml': 'rules:\n  iac: warn\n',
            'package.json': '{"blueprint":{"rules":{"iac":"off"}}}',
            'other.yml': 'rules:\n  ci-pipeline: off\n',
          },
        },
      ],
    });
    expect(rule((await auditJson(repo)).report, 'iac').severity).toBe('warn');
    const explicit = (await auditJson(repo, ['--config', join(repo, 'other.yml')])).report;
    expect(rule(explicit, 'ci-pipeline').status).toBe('skip');
    expect(rule(explicit, 'iac').severity).toBe('error');
  });

  it('honours uncommitted edits of blueprint.yml in a work tree', async () => {
    const repo = fx.build({
      commits: [{ date: '2026-06-01T00:00:00Z', files: base }],
      untracked: { 'blueprint.yml': 'rules:\n  style-guide: off\n' },
    });
    expect(rule((await auditJson(repo)).report, 'style-guide').status).toBe('skip');
  });

  it('reads the blueprint from the audited revision in a bare repository', async () => {
    const repo = fx.build({
      bare: true,
      commits: [{ date: '2026-06-01T00:00:00Z', files: { ...base, 'blueprint.yml': 'rules:\n  iac: off\n' } }],
    });
    const { report, code } = await auditJson(repo);
    expect(code).toBe(0);
    expect(report.repos[0].blueprint.source).toMatch(/^blueprint\.yml \(at [0-9a-f]{12}\)$/);
    expect(rule(report, 'iac').status).toBe('skip');
  });

  it('reads the blueprint from the audited revision in a clone without checkout', async () => {
    const source = fx.build({
      commits: [{ date: '2026-06-01T00:00:00Z', files: { ...base, 'src/a.js': 'a', 'blueprint.yml': 'rules:\n  iac: off\n' } }],
    });
    const clone = join(fx.temp(), 'clone');
    execFileSync('git', ['clone', '-q', '--no-checkout', `file://${source}`, clone], { env: FIXTURE_ENV });
    const { report, code } = await auditJson(clone);
    expect(code).toBe(0);
    expect(report.repos[0].blueprint.source).toMatch(/^blueprint\.yml \(at [0-9a-f]{12}\)$/);
    expect(rule(report, 'iac').status).toBe('skip');
    expect(rule(report, 'bus-factor').metrics.truckFactor).toBe(1);
  });

  it('extends: none runs only the rules listed, as errors unless said otherwise', async () => {
    const repo = fx.build({
      commits: [
        { date: '2026-06-01T00:00:00Z', files: { ...base, 'blueprint.yml': 'extends: none\nrules:\n  ci-pipeline: { weight: 2 }\n' } },
      ],
    });
    const { report } = await auditJson(repo);
    expect(rule(report, 'ci-pipeline')).toMatchObject({ severity: 'error', weight: 2 });
    expect(rule(report, 'iac').status).toBe('skip');
    expect(rule(report, 'style-guide').status).toBe('skip');
  });

  it('a broken blueprint.yml in the only target is a configuration error (exit 2)', async () => {
    const repo = fx.build({ commits: [{ date: '2026-06-01T00:00:00Z', files: { 'blueprint.yml': 'rules:\n  nope: off\n' } }] });
    const r = await cli(['audit', repo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${join(repo, 'blueprint.yml')}:2:3: unknown rule 'nope'\nhint: run \`blueprint rules\` to list them\n`);
  });

  it('with several targets, a broken blueprint.yml loses only that repository (exit 3)', async () => {
    const broken = fx.build({ commits: [{ date: '2026-06-01T00:00:00Z', files: { 'blueprint.yml': 'rules: [\n' } }] });
    const good = fx.build({ commits: [{ date: '2026-06-01T00:00:00Z', files: base }] });
    const { report, code } = await auditJson(broken, [good]);
    expect(code).toBe(3);
    expect(report.repos[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/blueprint\.yml:\d+:\d+: invalid YAML/) });
    expect(report.repos[1].status).toBe('ok');
  });

  it('refuses a blueprint.yml that links outside the repository', async () => {
    const outside = fx.temp();
    const repo = fx.build({ commits: [{ date: '2026-06-01T00:00:00Z', files: base }] });
    symlinkSync(join(outside, 'evil.yml'), join(repo, 'blueprint.yml'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(outside, 'evil.yml'), 'rules:\n  iac: off\n');
    const r = await cli(['audit', repo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the config file is a link to a file outside the repository/);
  });
});
