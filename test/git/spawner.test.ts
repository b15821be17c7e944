import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gitIn } from '../../fixtures/builder.ts';
import { wellRun } from '../../fixtures/repos.ts';
import { BlobReader } from '../../src/git/blob-reader.ts';
import { type GitOptions, runGit } from '../../src/git/run.ts';
import { gitSpawnerPid, startGitSpawner } from '../../src/git/spawner.ts';
import { cli, fixtures, NOW } from '../helpers.ts';
import { tracingGit } from '../tracing-git.ts';

const fx = fixtures();
const root = join(import.meta.dirname, '../..');

/** A `git` first on PATH that notes who started it, and sleeps first when asked to. */
function parentTracingGit(): { dir: string; log: string } {
  return tracingGit(fx.temp(), { before: 'if [ -n "$SLOW_GIT" ]; then sleep 10; fi', record: '"$PPID"' });
}

function direct<T>(run: () => Promise<T>): Promise<T> {
  process.env.BLUEPRINT_GIT_SPAWNER = 'direct';
  return run().finally(() => {
    delete process.env.BLUEPRINT_GIT_SPAWNER;
  });
}

afterEach(() => {
  delete process.env.BLUEPRINT_GIT_SPAWNER;
});

describe('git started by the spawner', () => {
  let repo: string;
  let traced: { dir: string; log: string };
  let options: GitOptions;
  beforeAll(async () => {
    repo = fx.build(wellRun);
    traced = parentTracingGit();
    options = { env: { PATH: `${traced.dir}:${process.env.PATH}` } };
    expect(await startGitSpawner()).toBe(true);
  });

  it('is git started by the spawner, and gives exactly what git started here gives', async () => {
    writeFileSync(traced.log, '');
    const input = `${'x'.repeat(1000)}\n`.repeat(3000);
    const calls: [string[], GitOptions][] = [
      [['log', '-p', '--format=%H %an %s'], options],
      [['hash-object', '--stdin'], { ...options, input }],
      [['rev-parse', '--verify', 'no-such-branch'], options],
      [['cat-file', '-p', 'HEAD:no-such-file'], options],
      [['ls-tree', '-r', '-z', 'HEAD'], options],
    ];
    const spawned = [];
    for (const [args, opts] of calls) spawned.push(await runGit(repo, args, opts));
    const parents = new Set(readFileSync(traced.log, 'utf8').trim().split('\n'));
    expect([...parents]).toEqual([String(gitSpawnerPid())]);

    const here = [];
    for (const [args, opts] of calls) here.push(await direct(() => runGit(repo, args, opts)));
    expect(spawned).toEqual(here);
    expect(spawned[0]!.stdout.length).toBeGreaterThan(10_000);
    expect(spawned[1]!.stdout).toMatch(/^[0-9a-f]{40}\n$/);
    expect(spawned[2]!.code).toBe(128);
    expect(spawned[3]!.stderr).toMatch(/no-such-file/);
    expect(readFileSync(traced.log, 'utf8').trim().split('\n')).toContain(String(process.pid));
  });

  it('runs many at once, and a long-lived git reads what it is sent as it is sent', async () => {
    const heads = await Promise.all(Array.from({ length: 40 }, () => runGit(repo, ['rev-parse', 'HEAD'], options)));
    expect(new Set(heads.map((r) => r.stdout)).size).toBe(1);
    const tree = (await runGit(repo, ['ls-tree', '-r', 'HEAD'], options)).stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[2]!);
    const reader = new BlobReader(repo, options);
    const first = await reader.read(tree[0]!);
    const all = await Promise.all(tree.map((oid) => reader.read(oid)));
    reader.close();
    expect(all[0]).toEqual(first);
    for (const [i, read] of all.entries()) {
      expect('bytes' in read && read.bytes).toEqual(Buffer.from(gitIn(repo, ['cat-file', 'blob', tree[i]!])));
    }
  });

  it("stops git at its timeout, even while git's own child holds its output open, and at its output cap", async () => {
    const started = Date.now();
    const slow = await runGit(repo, ['rev-parse', 'HEAD'], { env: { ...options.env, SLOW_GIT: '1' }, timeoutMs: 300 });
    expect(slow.stderr).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(20_000);
    const capped = await runGit(repo, ['log', '-p'], { ...options, maxOutputBytes: 1000 });
    expect(capped).toMatchObject({ code: 0, truncated: true });
    expect(capped.stdout.length).toBe(1000);
  });

  it('an audit through the spawner reports exactly what one starting git itself does', async () => {
    const audit = async () => {
      const r = await cli(['audit', repo, '--now', NOW, '--format', 'json']);
      return { code: r.code, report: { ...JSON.parse(r.stdout), generatedAt: null } };
    };
    const spawned = await audit();
    expect(spawned.report.repos[0].score).toBeGreaterThan(0);
    expect(await direct(audit)).toEqual(spawned);
  });

  it('clones and fetches too, with the network settings, exactly as git started here does', async () => {
    const served = fx.build({ ...wellRun, bare: true });
    gitIn(served, ['config', 'uploadpack.allowFilter', 'true']);
    const network: GitOptions = { ...options, network: true };
    const cloneInto = async (dir: string) => {
      const cloned = await runGit(fx.temp(), ['clone', '--quiet', '--filter=blob:none', '--no-checkout', `file://${served}`, dir], network);
      const fetched = await runGit(dir, ['fetch', '--quiet', 'origin'], network);
      const refs = await runGit(dir, ['for-each-ref', '--format=%(refname) %(objectname)'], options);
      return { cloned, fetched, refs };
    };
    writeFileSync(traced.log, '');
    const spawned = await cloneInto(join(fx.temp(), 'spawned'));
    expect(new Set(readFileSync(traced.log, 'utf8').trim().split('\n'))).toEqual(new Set([String(gitSpawnerPid())]));
    const here = await direct(() => cloneInto(join(fx.temp(), 'here')));
    expect(spawned).toEqual(here);
    expect(spawned.cloned.code).toBe(0);
    expect(spawned.refs.stdout).toMatch(/^refs\/heads\/main [0-9a-f]{40}$/m);
  });

  it('says git is missing when it is', async () => {
    await expect(runGit(repo, ['status'], { env: { PATH: fx.temp() } })).rejects.toThrow(/git is not installed or not on PATH/);
  });
});

/** Runs a script against the build in a node process of its own, as a user's program would. */
function inNode(script: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the spawner, seen from a program using blueprint (needs `npm run build`)', () => {
  const run = `import { runGit } from ${JSON.stringify(join(root, 'dist/src/git/run.js'))};
    import { gitSpawnerPid, startGitSpawner } from ${JSON.stringify(join(root, 'dist/src/git/spawner.js'))};`;

  it('leaves nothing behind: the program ends by itself when its git processes have', () => {
    const repo = fx.build(wellRun);
    const result = inNode(`${run}
      await startGitSpawner();
      const reads = await Promise.all([runGit('${repo}', ['cat-file', '--batch-check'], { input: 'HEAD\\n' }), runGit('${repo}', ['log'])]);
      console.log(reads.map((r) => r.code).join(','), gitSpawnerPid() > 0);`);
    expect(result).toMatchObject({ status: 0, stdout: '0,0 true\n' });
  });

  it('leaves no socket folder behind when a signal ends the program', async () => {
    const tmp = fx.temp();
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `${run} await startGitSpawner(); console.log(readdirSync(${JSON.stringify(tmp)}).length); setInterval(() => undefined, 1000);`.replace(
          'import {',
          "import { readdirSync } from 'node:fs'; import {",
        ),
      ],
      {
        env: { ...process.env, TMPDIR: tmp },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    expect(line.toString()).toBe('1\n');
    child.kill('SIGTERM');
    await once(child, 'exit');
    for (let i = 0; i < 100 && readdirSync(tmp).length; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('fails what was running when the spawner dies, and starts git itself from then on', () => {
    const repo = fx.build(wellRun);
    const { dir } = parentTracingGit();
    const result = inNode(`${run}
      await startGitSpawner();
      const env = { PATH: '${dir}:' + process.env.PATH, SLOW_GIT: '1' };
      const slow = runGit('${repo}', ['rev-parse', 'HEAD'], { env }).then(() => 'finished', (e) => e.message);
      await new Promise((resolve) => setTimeout(resolve, 300));
      process.kill(gitSpawnerPid(), 'SIGKILL');
      console.log(await slow);
      const after = await runGit('${repo}', ['rev-parse', 'HEAD']);
      console.log(after.code, gitSpawnerPid());
      process.exit(0);`);
    expect(result.stdout).toBe('the git spawner has stopped\n0 undefined\n');
  });
});
