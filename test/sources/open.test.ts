/**
 * Opening a repository to audit HEAD: the folders, HEAD's commit and the ref HEAD names come from
 * one git, in every shape of repository; what that git cannot answer is asked as before.
 */
import { appendFileSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitIn } from '../../fixtures/builder.ts';
import { wellRun } from '../../fixtures/repos.ts';
import { audit } from '../../src/index.ts';
import { fixtures, NOW } from '../helpers.ts';
import { tracingGit } from '../tracing-git.ts';

const fx = fixtures();
const now = new Date(NOW);
const day = '2026-11-01T00:00:00Z';
const PATH = process.env.PATH;

/** Puts a git on PATH that logs each command's arguments. */
function traceGit(): () => string[] {
  const traced = tracingGit(fx.temp());
  process.env.PATH = `${traced.dir}:${PATH}`;
  return traced.calls;
}
afterEach(() => {
  process.env.PATH = PATH;
});

/** The commands that ask where HEAD points: opening's questions of old, and --short for the default branch. */
const headQuestions = (calls: string[]) => calls.filter((c) => / (symbolic-ref|rev-parse --verify) /.test(` ${c} `));

async function one(target: string, extra: Parameters<typeof audit>[0] = {}) {
  return (await audit({ targets: [target], now, ...extra })).repos[0]!;
}

describe('opening a repository to audit HEAD asks git once', () => {
  it.each([
    ['a work tree', () => fx.build(wellRun), ''],
    ['a sub-folder of a work tree', () => join(fx.build(wellRun), 'src'), ''],
    ['a bare repository', () => fx.build({ ...wellRun, bare: true }), ''],
    ['a work tree with a file named HEAD', () => fx.build({ ...wellRun, untracked: { HEAD: 'x\n', 'HEAD^{commit}': 'y\n' } }), ''],
  ])('%s', async (_name, target) => {
    const dir = target();
    const untraced = await one(dir);
    const calls = traceGit();
    const repo = await one(dir);
    expect(repo).toEqual(untraced);
    expect(repo).toMatchObject({ status: 'ok', defaultBranch: 'main' });
    expect(calls().filter((c) => / rev-parse --absolute-git-dir /.test(` ${c} `))).toHaveLength(1);
    expect(headQuestions(calls())).toEqual([]);
  });

  it('a detached HEAD is still noted', async () => {
    const calls = traceGit();
    const repo = await one(fx.build({ ...wellRun, head: 'detached' }));
    expect(repo.notes[0]).toMatch(/^Detached HEAD: auditing commit [0-9a-f]{12}\.$/);
    expect(headQuestions(calls())).toEqual([]);
  });

  it('a HEAD that names no commit while another branch has some: the same error as ever', async () => {
    const dir = fx.build(wellRun);
    gitIn(dir, ['symbolic-ref', 'HEAD', 'refs/heads/unborn']);
    const repo = await one(dir);
    expect(repo.status).toBe('error');
    expect(repo.error).toMatch(/HEAD does not point at a commit/);
  });

  it('a bare repository whose branch shares its name with a tag: the default branch is the branch, by its name', async () => {
    // git's --short names such a branch heads/release, which is no branch's name.
    const dir = fx.build({ bare: true, defaultBranch: 'release', commits: [{ date: day, files: { 'README.md': '#\n' }, tag: 'release' }] });
    expect((await one(dir)).defaultBranch).toBe('release');
  });

  it('--ref asks as before', async () => {
    const dir = fx.build(wellRun);
    const calls = traceGit();
    const repo = await one(dir, { ref: 'main' });
    expect(repo.status).toBe('ok');
    expect(headQuestions(calls())).toContainEqual(expect.stringMatching(/ rev-parse --verify --quiet --end-of-options main\^\{commit\}$/));
  });
});

describe("a repository's remotes", () => {
  const remoteQuestions = (calls: string[]) => calls.filter((c) => / config --get-regexp /.test(` ${c} `));

  it('are not asked of git when the config file names none and includes nothing', async () => {
    const calls = traceGit();
    const repo = await one(fx.build(wellRun));
    expect(repo.status).toBe('ok');
    expect(remoteQuestions(calls())).toEqual([]);
  });

  const ORIGIN = '[remote "origin"]\n\turl = https://example.com/acme/shop.git\n';
  // Each sets the remote up in `dir`, and gives the folder to audit when it is another.
  it.each<[string, (dir: string) => string | undefined]>([
    ['set in the config file', (dir) => void gitIn(dir, ['remote', 'add', 'origin', 'https://example.com/acme/shop.git'])],
    [
      'set in a file the config includes',
      (dir) => {
        writeFileSync(join(dir, 'remotes.cfg'), ORIGIN);
        gitIn(dir, ['config', 'include.path', join(dir, 'remotes.cfg')]);
        return undefined;
      },
    ],
    ['set in a section spelt in capitals', (dir) => void appendFileSync(join(dir, '.git', 'config'), ORIGIN.replace('remote', 'REMOTE'))],
    [
      'of a linked work tree, whose config is the main one',
      (dir) => {
        gitIn(dir, ['remote', 'add', 'origin', 'https://example.com/acme/shop.git']);
        const linked = join(fx.temp(), 'linked');
        gitIn(dir, ['worktree', 'add', '-q', '--detach', linked]);
        return linked;
      },
    ],
    [
      'in a config file that is a symbolic link, which blueprint does not follow',
      (dir) => {
        const elsewhere = join(fx.temp(), 'config');
        writeFileSync(elsewhere, `${readFileSync(join(dir, '.git', 'config'), 'utf8')}${ORIGIN}`);
        rmSync(join(dir, '.git', 'config'));
        symlinkSync(elsewhere, join(dir, '.git', 'config'));
        return undefined;
      },
    ],
  ])('are read by git %s: the repository is named after its origin', async (_name, setUp) => {
    const dir = fx.build(wellRun);
    const target = setUp(dir) ?? dir;
    const calls = traceGit();
    const repo = await one(target);
    expect(remoteQuestions(calls())).toHaveLength(1);
    expect(repo.name).toBe('acme/shop');
  });
});
