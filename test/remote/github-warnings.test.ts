import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, gitIn } from '../../fixtures/builder.ts';
import { bare } from '../../fixtures/repos.ts';
import { cli, fixtures, NOW } from '../helpers.ts';
import { FakeGitHub, type FakeRepo } from '../servers/github.ts';

const fx = fixtures();
let github: FakeGitHub;

beforeAll(async () => {
  const base = fx.temp();
  const served = (owner: string, name: string): FakeRepo => {
    const dir = buildFixture({ ...bare, bare: true }, join(base, `${owner}--${name}.git`));
    gitIn(dir, ['config', 'uploadpack.allowFilter', 'true']);
    gitIn(dir, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
    return { owner, name, dir };
  };
  github = new FakeGitHub({
    owners: [
      { login: 'acme', type: 'Organization' },
      { login: 'lin', type: 'User' },
    ],
    repos: [served('acme', 'api'), served('acme', 'shop'), served('lin', 'tool'), served('lin', 'kit')],
  });
  await github.start();
});
afterAll(() => github?.stop());

const NO_TOKEN = 'No GitHub token (GITHUB_TOKEN or GH_TOKEN): only public repositories, within 60 API requests an hour.';

describe('without a GitHub token', () => {
  it('warns once per run, however many GitHub repositories it audits, and notes it in each of their reports', async () => {
    const r = await cli(
      ['audit', '--github-url', github.url, '--now', NOW, '--format', 'json', '--org', 'acme', 'github:lin/tool', '--github', 'lin/kit'],
      { env: { CI: 'true', XDG_CACHE_HOME: fx.temp() } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('\n').filter((line) => line.includes('No GitHub token'))).toEqual([`warning: ${NO_TOKEN}`]);
    const report = JSON.parse(r.stdout) as { repos: Array<{ target: string; notes: string[] }> };
    expect(report.repos.map((repo) => repo.target).sort()).toEqual(['github:acme/api', 'github:acme/shop', 'github:lin/tool', 'lin/kit']);
    for (const repo of report.repos) expect(repo.notes.filter((n) => n.startsWith('No GitHub token'))).toEqual([NO_TOKEN]);
  });

  it('says nothing of tokens when no target is on GitHub', async () => {
    const r = await cli(['audit', '--now', NOW, '--format', 'json', fx.build(bare)], { env: { CI: 'true', XDG_CACHE_HOME: fx.temp() } });
    expect(r.stderr).not.toContain('token');
  });
});
