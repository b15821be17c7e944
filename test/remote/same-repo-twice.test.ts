import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, gitIn } from '../../fixtures/builder.ts';
import { bare } from '../../fixtures/repos.ts';
import { cli, fixtures, NOW } from '../helpers.ts';
import { type GitDaemon, startGitDaemon } from '../servers/git-daemon.ts';

const fx = fixtures();
let daemon: GitDaemon;

beforeAll(async () => {
  const base = fx.temp();
  const dir = buildFixture({ ...bare, bare: true }, join(base, 'tool.git'));
  gitIn(dir, ['config', 'uploadpack.allowFilter', 'true']);
  gitIn(dir, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  daemon = await startGitDaemon(base);
});
afterAll(() => daemon?.stop());

describe('one repository named by several targets of a run', () => {
  it('is cloned once and fetched after, never by two gits into one folder at once', async () => {
    const url = daemon.url('tool.git');
    const r = await cli(['audit', '--now', NOW, '--format', 'json', url, url, url, '--concurrency', '3'], {
      env: { CI: 'true', XDG_CACHE_HOME: fx.temp() },
    });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { repos: Array<{ status: string; commit: string; path: string }> };
    expect(report.repos.map((repo) => repo.status)).toEqual(['ok', 'ok', 'ok']);
    expect(new Set(report.repos.map((repo) => repo.path)).size).toBe(1);
  });
});
