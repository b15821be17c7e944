import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { wellRun } from '../../fixtures/repos.ts';
import { fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const root = join(import.meta.dirname, '../..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const npm = (args: string[], cwd: string, timeout = 240_000) =>
  spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });

/** Whether `npm install` can fetch the dependencies: CI has the npm registry; a machine offline does not. */
function registryProblem(): string | null {
  const ping = npm(['ping'], fx.temp(), 20_000);
  if (ping.status === 0) return null;
  return (ping.error?.message ?? ping.stderr.trim().split('\n').pop() ?? `exit ${ping.status}`) || 'no answer';
}

describe('the npm package (needs `npm run build`)', () => {
  let tarball = '';
  let files: string[] = [];

  beforeAll(() => {
    // A fresh clone: the sources without dist/, so that only prepack can put the build in the tarball.
    const clone = fx.temp();
    for (const part of ['package.json', 'tsconfig.json', 'README.md', 'blueprint.example.yml', 'bin', 'docs', 'rules', 'src', 'dist'])
      cpSync(join(root, part), join(clone, part), { recursive: true });
    symlinkSync(realpathSync(join(root, 'node_modules')), join(clone, 'node_modules'));
    const out = fx.temp();
    // The build `npm test` made, packed as is: prepack would compile the project again (most of
    // this file's CPU), and what prepack runs is checked below.
    const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', out], clone);
    expect(packed.status, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    tarball = join(out, info!.filename);
    files = info!.files.map((f) => f.path);
  }, 300_000);

  it('packs the build, made by prepack, and no tests, template rule or sources of the build', () => {
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.prepack).toBe('npm run build');
    expect(existsSync(tarball)).toBe(true);
    for (const file of [
      'bin/blueprint.js',
      'dist/src/cli/main.js',
      'dist/cli/main.js',
      'dist/src/index.d.ts',
      'dist/rules/iac/index.js',
      'rules/iac/README.md',
    ])
      expect(files).toContain(file);
    expect(files.filter((f) => /^(test|fixtures|src|scripts)\/|_template|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('installs from the tarball in an empty folder and runs: --version, and an audit', async (ctx) => {
    const empty = fx.temp();
    // The dependencies come from npm's cache where it has them (after `npm ci` it has them all),
    // from the registry otherwise: the same package.json decides what is installed either way.
    const installed = npm(['install', '--prefer-offline', tarball], empty);
    if (installed.status !== 0) {
      const problem = registryProblem();
      if (problem) ctx.skip(`the npm registry is unreachable (${problem}), so the dependencies cannot be installed`);
    }
    expect(installed.status, installed.stderr).toBe(0);
    expect(existsSync(join(empty, 'node_modules/typescript')), 'development dependencies are not installed').toBe(false);
    const bin = join(empty, 'node_modules/.bin/blueprint');
    const run = (args: string[]) =>
      spawnSync(bin, args, {
        cwd: empty,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: empty, CI: 'true', XDG_CACHE_HOME: empty },
      });
    expect(run(['--version'])).toMatchObject({ status: 0, stdout: `${version}\n`, stderr: '' });
    const audited = run(['audit', fx.build(wellRun), '--now', NOW, '--format', 'json']);
    expect(audited.status, audited.stderr).toBe(0);
    expect(JSON.parse(audited.stdout).repos[0].score).toBe(100);
    expect(run(['explain', 'iac']).stdout).toContain('## Why it matters');
  }, 300_000);
});
