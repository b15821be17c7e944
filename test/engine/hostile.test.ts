import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_ENV, gitIn } from '../../fixtures/builder.ts';
import { GITHUB_WORKFLOW, STYLE_GUIDE, wellRun } from '../../fixtures/repos.ts';
import { audit } from '../../src/index.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const now = new Date(NOW);
const day = '2026-11-01T00:00:00Z';

async function one(target: string, extra: Parameters<typeof audit>[0] = {}) {
  const report = await audit({ targets: [target], now, ...extra });
  return report.repos[0]!;
}

describe('targets that cannot be audited: one clear line, exit 3', () => {
  it.each([
    ['a path that does not exist', () => '/definitely/not/here', /^error: .*: no such file or directory/],
    ['a file, not a folder', () => join(fx.build(wellRun), 'README.md'), /not a directory/],
    ['a folder that is not a git repository', () => fx.temp(), /not a git repository/],
    ['an empty repository', () => fx.build({ commits: [] }), /the repository has no commits yet/],
    [
      'the .git folder of a work tree',
      () => join(fx.build(wellRun), '.git'),
      /the \.git folder of a work tree.*pass the work tree's top folder/,
    ],
  ])('%s', async (_name, target, message) => {
    const dir = target();
    const r = await cli(['audit', dir, '--now', NOW]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/could not be audited/);
    const json = await cli(['audit', dir, '--now', NOW, '--format', 'json']);
    const repo = JSON.parse(json.stdout).repos[0];
    expect(repo.status).toBe('error');
    expect(`error: ${dir}: ${repo.error}`).toMatch(message);
    expect(json.stderr).toBe('');
  });

  it('an unknown --ref', async () => {
    const r = await cli(['audit', fx.build(wellRun), '--ref', 'v9.9.9', '--format', 'json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).repos[0].error).toMatch(/revision 'v9.9.9' not found/);
  });
});

describe('repositories of every shape', () => {
  it('a bare repository', async () => {
    const repo = await one(fx.build({ ...wellRun, bare: true }));
    expect(repo).toMatchObject({ status: 'ok', score: 100, defaultBranch: 'main' });
  });

  it('a detached HEAD is audited and noted', async () => {
    const repo = await one(fx.build({ ...wellRun, head: 'detached' }));
    expect(repo.status).toBe('ok');
    expect(repo.notes[0]).toMatch(/^Detached HEAD: auditing commit [0-9a-f]{12}\.$/);
  });

  it('a shallow clone is audited and noted, and history-based measures are not guessed', async () => {
    const repo = await one(fx.build({ ...wellRun, shallow: true }));
    expect(repo.status).toBe('ok');
    expect(repo.notes).toContainEqual(expect.stringMatching(/^Shallow clone/));
    // With one commit of history, every file would seem last changed by the tip: no such number.
    const style = repo.rules.find((r) => r.id === 'style-guide')!;
    expect(style.status).toBe('skip');
    expect(style.metrics.daysSinceRevision).toBeUndefined();
    expect(repo.complete).toBe(false);
  });

  it('--ref audits a tag, branch or commit instead of HEAD', async () => {
    const dir = fx.build({
      commits: [
        { date: day, files: { 'README.md': '#\n' }, tag: { name: 'v1.0.0', message: 'first' } },
        { date: day, files: { '.github/workflows/ci.yml': GITHUB_WORKFLOW } },
      ],
    });
    const head = await one(dir, { rules: ['ci-pipeline'] });
    const tag = await one(dir, { rules: ['ci-pipeline'], ref: 'v1.0.0' });
    expect(head.rules[0]!.score).toBe(10);
    expect(tag.rules[0]!.score).toBe(0);
    expect(tag.ref).toBe('v1.0.0');
    expect(tag.commit).not.toBe(head.commit);
  });

  it('sees tracked files at the revision, not untracked files in the work tree', async () => {
    const repo = await one(
      fx.build({ commits: [{ date: day, files: { 'a.txt': 'x' } }], untracked: { 'STYLEGUIDE.md': STYLE_GUIDE, 'main.tf': '' } }),
      { rules: ['style-guide', 'iac'] },
    );
    expect(repo.rules.map((r) => r.score)).toEqual([0, 0]);
  });

  it('audits a sub-folder as the repository that contains it', async () => {
    const dir = fx.build(wellRun);
    const repo = await one(join(dir, 'src'));
    expect(repo).toMatchObject({ status: 'ok', path: dir, score: 100 });
  });
});

describe('untrusted content', () => {
  it('follows a symlink inside the repository but never one that leaves it', async () => {
    const inside = await one(
      fx.build({
        commits: [{ date: day, files: { 'docs/guide.md': STYLE_GUIDE, 'STYLEGUIDE.md': { content: 'docs/guide.md', mode: 'symlink' } } }],
      }),
      { rules: ['style-guide'] },
    );
    expect(inside.rules[0]!.metrics.words).toBe(63);
    const outsideDir = fx.temp();
    writeFileSync(join(outsideDir, 'secret.md'), STYLE_GUIDE);
    for (const target of [join(outsideDir, 'secret.md'), '../../../../../../../../etc/passwd', '../secret.md']) {
      const repo = await one(fx.build({ commits: [{ date: day, files: { 'STYLEGUIDE.md': { content: target, mode: 'symlink' } } }] }), {
        rules: ['style-guide'],
      });
      expect(repo.rules[0]!.metrics.path, target).toBeNull();
    }
  });

  it('a symlink loop is not followed forever', async () => {
    const repo = await one(
      fx.build({
        commits: [
          {
            date: day,
            files: { 'STYLEGUIDE.md': { content: 'a.md', mode: 'symlink' }, 'a.md': { content: 'STYLEGUIDE.md', mode: 'symlink' } },
          },
        ],
      }),
      { rules: ['style-guide'] },
    );
    expect(repo.rules[0]).toMatchObject({ status: 'warn', metrics: { path: null } });
  });

  it('does not read files above the size cap, nor binary files', async () => {
    const big = await one(fx.build({ commits: [{ date: day, files: { 'STYLEGUIDE.md': STYLE_GUIDE } }] }), {
      rules: ['style-guide'],
      maxFileBytes: 100,
    });
    expect(big.rules[0]!.metrics.path).toBeNull();
    const defaultCap = await one(
      fx.build({ commits: [{ date: day, files: { '.gitlab-ci.yml': `test:\n  script: [make test]\n${'#'.repeat(1024 * 1024)}\n` } }] }),
      { rules: ['ci-pipeline'] },
    );
    expect(defaultCap.rules[0]!.metrics.providers).toEqual(['gitlab-ci']);
    expect(defaultCap.rules[0]!.findings).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        path: '.gitlab-ci.yml',
        message: expect.stringMatching(/Could not read gitlab-ci config \(binary, too large/),
      }),
    );
    const binary = await one(
      fx.build({ commits: [{ date: day, files: { '.gitlab-ci.yml': new Uint8Array([0x74, 0x65, 0x73, 0x74, 0, 0x3a]) } }] }),
      { rules: ['ci-pipeline'] },
    );
    expect(binary.rules[0]!.findings).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/Could not read gitlab-ci config/) }),
    );
  });

  it("never runs the repository's core.fsmonitor or hooks", async () => {
    const dir = fx.build(wellRun);
    const marker = join(fx.temp(), 'pwned');
    const trap = join(dir, '.git', 'trap.sh');
    writeFileSync(trap, `#!/bin/sh\ntouch ${marker}\n`);
    chmodSync(trap, 0o755);
    mkdirSync(join(dir, '.git', 'hooks'), { recursive: true });
    for (const hook of ['post-checkout', 'reference-transaction', 'post-index-change', 'pre-auto-gc']) {
      writeFileSync(join(dir, '.git', 'hooks', hook), `#!/bin/sh\ntouch ${marker}\n`);
      chmodSync(join(dir, '.git', 'hooks', hook), 0o755);
    }
    gitIn(dir, ['config', 'core.fsmonitor', trap]);
    gitIn(dir, ['config', 'core.pager', trap]);
    const r = await cli(['audit', dir, '--now', NOW]);
    expect(r.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
    // The trap is real: plain git runs it.
    execFileSync('git', ['-C', dir, 'status'], { env: FIXTURE_ENV });
    expect(existsSync(marker)).toBe(true);
  });
});
