import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitIn, type FixtureSpec } from '../../fixtures/builder.ts';
import { wellRun } from '../../fixtures/repos.ts';
import { cli, fixtures, NOW, buildServedRepo } from '../helpers.ts';
import { freePort, startGitDaemon, type GitDaemon } from '../servers/git-daemon.ts';

const fx = fixtures();
let base: string;
let daemon: GitDaemon;

/** A bare repository served by the daemon, allowing the blobless (filtered) clones we make. */
function serve(name: string, spec: FixtureSpec): string {
  return buildServedRepo(spec, join(base, name));
}

beforeAll(async () => {
  base = fx.temp();
  serve('shop.git', wellRun);
  daemon = await startGitDaemon(base);
});
afterAll(() => daemon?.stop());

async function auditJson(args: string[], cacheHome: string) {
  const r = await cli(['audit', ...args, '--now', NOW, '--format', 'json'], { env: { CI: 'true', XDG_CACHE_HOME: cacheHome } });
  return { ...r, report: r.stdout ? JSON.parse(r.stdout) : null };
}

describe('git URL targets', () => {
  it('audits a git:// URL from a blobless clone in the cache, as it would the local repository', async () => {
    const cacheHome = fx.temp();
    const remote = await auditJson([daemon.url('shop.git')], cacheHome);
    const local = await auditJson([join(base, 'shop.git')], fx.temp());
    expect(remote.code).toBe(0);
    const repo = remote.report.repos[0];
    expect(repo).toMatchObject({ status: 'ok', target: daemon.url('shop.git'), defaultBranch: 'main', score: local.report.repos[0].score });
    expect(repo.path.startsWith(join(cacheHome, 'blueprint', 'repos'))).toBe(true);
    expect(repo.notes).toContainEqual(expect.stringMatching(/^Partial \(blobless\) clone/));
    expect(gitIn(repo.path, ['config', 'remote.origin.partialclonefilter']).trim()).toBe('blob:none');
    const styleGuide = repo.rules.find((r: { id: string }) => r.id === 'style-guide');
    expect(styleGuide.metrics).toMatchObject({ path: 'STYLEGUIDE.md', words: 63 }); // contents fetched on demand
    expect(repo.rules.find((r: { id: string }) => r.id === 'bus-factor').metrics.truckFactor).toBe(2);
  });

  it('fetches on the next run and sees new commits', async () => {
    const source = serve('growing.git', { commits: [{ date: '2026-06-01T00:00:00Z', files: { 'a.js': 'a' } }] });
    const cacheHome = fx.temp();
    const first = await auditJson([daemon.url('growing.git')], cacheHome);
    const work = fx.temp();
    gitIn(work, ['clone', '-q', source, '.']);
    gitIn(work, ['-c', 'user.name=Grace', '-c', 'user.email=grace@example.com', 'commit', '-q', '--allow-empty', '-m', 'more']);
    gitIn(work, ['push', '-q', 'origin', 'main']);
    const second = await auditJson([daemon.url('growing.git')], cacheHome);
    expect(second.report.repos[0].commit).not.toBe(first.report.repos[0].commit);
    expect(second.report.repos[0].path).toBe(first.report.repos[0].path);
  });

  it('audits file:// URLs, and with --no-cache leaves no clone behind', async () => {
    const cacheHome = fx.temp();
    const r = await auditJson([`file://${join(base, 'shop.git')}`, '--no-cache'], cacheHome);
    expect(r.report.repos[0].status).toBe('ok');
    expect(existsSync(join(cacheHome, 'blueprint', 'repos'))).toBe(false);
  });

  it('a repository that cannot be cloned is an error row; the others are audited; exit 3', async () => {
    const cacheHome = fx.temp();
    const closed = await freePort();
    const r = await auditJson([daemon.url('nope.git'), `git://127.0.0.1:${closed}/x.git`, daemon.url('shop.git')], cacheHome);
    expect(r.code).toBe(3);
    const [missing, refused, ok] = r.report.repos;
    expect(missing).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/^cannot clone git:\/\/127\.0\.0\.1:\d+\/nope\.git: .* \(check the URL/),
    });
    expect(refused).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/cannot clone .*\((check the network|run `git clone`)/),
    });
    expect(ok.status).toBe('ok');
    expect(readdirSync(join(cacheHome, 'blueprint', 'repos'))).toHaveLength(1); // failed clones leave nothing
  });

  it('never prints a password or token from a URL', async () => {
    const closed = await freePort();
    const r = await auditJson([`http://alice:s3cr3t-t0ken@127.0.0.1:${closed}/x.git`], fx.temp());
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).not.toContain('s3cr3t-t0ken');
    expect(r.report.repos[0].error).toMatch(/http:\/\/alice:\*\*\*@127\.0\.0\.1/);
    const { cloneDir } = await import('../../src/sources/remote.ts');
    expect(cloneDir('/c', 'https://bob:t0k3n@git.example.com/team/api.git')).toMatch(/^\/c\/repos\/team-api-[0-9a-f]{16}\.git$/);
  });
});
